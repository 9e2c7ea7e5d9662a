"""The MkDocs configuration a manual builds with when it brings none of its own, and its language switcher."""

from __future__ import annotations

import re
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


_ALTERNATE = re.compile(r'<a href="[^"]*"(\s+hreflang="([a-z]{2,3}(?:-[A-Za-z]+)?)")')


def same_page_in_each_language(output: str, url: str, in_translation: bool) -> str:
    """The switcher's links lead to this same page in each language, relative, so that they work from a folder
    and under any path; the manual's own language is the site's root. (The head's alternate links stay on the
    sites' roots.) A `target` keeps the theme's script from taking the click over: it would guess the page from
    the sites' sitemaps, which name the published address, and land on the other language's home instead."""
    up = "../" * url.count("/") + ("../" if in_translation else "")
    first = _ALTERNATE.search(output)
    if first is None:
        return output
    source = first.group(2)  # the first alternate is the manual's own language

    def link(found: re.Match[str]) -> str:
        code = found.group(2)
        where = up + ("" if code == source else f"{code}/") + url
        return f'<a target="_self" href="{where or "./"}"{found.group(1)}'

    return _ALTERNATE.sub(link, output)


def mkdocs_yaml(config: dict[str, Any]) -> str:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
