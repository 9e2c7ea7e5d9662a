"""The MkDocs configuration a manual builds with when it brings none of its own."""

from __future__ import annotations

from typing import Any

import yaml

FEATURES = [
    "navigation.sections",  # areas as sections of the navigation
    "navigation.indexes",  # each area's index page is its section
    "navigation.prune",  # a page carries only its own part of the navigation
    "navigation.top",
    "navigation.footer",
    "search.suggest",
    "search.highlight",
    "toc.follow",
]


def mkdocs_config(
    name: str,
    language: str,
    *,
    docs_dir: str,
    site_dir: str = "site",
    plugin: bool = True,
    nav: list[Any] | None = None,
    extra_css: list[str] | None = None,
    extra_javascript: list[str] | None = None,
) -> dict[str, Any]:
    """Material, configured for a manual: search in the manual's language, tags, print-friendly pages."""
    config: dict[str, Any] = {
        "site_name": name,
        "docs_dir": docs_dir,
        "site_dir": site_dir,
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": language,
            "features": FEATURES,
            "font": False,  # the reader's own system fonts: nothing fetched from another origin, works offline
            "palette": {"scheme": "default", "primary": "teal", "accent": "deep orange"},
        },
        "plugins": (["opsmanual"] if plugin else []) + ["search", "tags"],
        "extra": {"generator": False},  # no "Made with Material for MkDocs", which stays English in every language
        "markdown_extensions": [{"toc": {"permalink": True}}],
    }
    if nav is not None:
        config["nav"] = nav
    if extra_css:
        config["extra_css"] = extra_css
    if extra_javascript:
        config["extra_javascript"] = extra_javascript
    return config


def brand(theme: Any, logo: str | None, color: str | None) -> None:
    """manual.yaml's logo and colour on the theme (a palette given as one mapping or as a list of them)."""
    if logo:
        theme["logo"] = logo
    if color:
        palette = theme.get("palette") or {"scheme": "default"}
        for scheme in palette if isinstance(palette, list) else [palette]:
            scheme["primary"] = color
        theme["palette"] = palette


def alternates(manual: Any) -> list[dict[str, str]]:
    """Material's language switcher: the manual's own language at the root, each translation under /<code>/."""
    from opsmanual.i18n import language_name

    source = manual.source_language or manual.language
    root = "../" if manual.source_language else "./"  # a translation's site sits in a folder of the manual's

    def link(code: str) -> str:
        return "./" if code == manual.language else root if code == source else f"{root}{code}/"

    return [{"name": language_name(code), "link": link(code), "lang": code} for code in [source, *manual.translations]]


def mkdocs_yaml(config: dict[str, Any]) -> str:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
