"""Find anything executable in built HTML: scripts that are not the theme's, event handlers, dangerous URLs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from opsmanual.mkdocs.search import OFFLINE_SCRIPT
from opsmanual.render.site.markup import SCRIPT

DANGEROUS_URL = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
FORBIDDEN_TAGS = {"iframe", "object", "embed", "meta", "style", "base", "frame", "frameset"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset"}


class _Scanner(HTMLParser):
    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.problems: list[str] = []
        self.in_body = False
        self.script_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{self.where}: <{tag} {name}=...>")
            if name in URL_ATTRIBUTES and value and DANGEROUS_URL.match(value):
                self.problems.append(f"{self.where}: <{tag} {name}={value[:40]}>")
        if self.in_body and tag in FORBIDDEN_TAGS:
            self.problems.append(f"{self.where}: <{tag}> in the body")
        if tag == "script":
            source = dict(attrs).get("src") or ""
            kind = dict(attrs).get("type") or ""
            if source and not _ours(source):
                self.problems.append(f"{self.where}: script from {source}")
            self.script_depth += 1 if not source and kind != "application/json" else 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script_depth:
            self.script_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.script_depth and "alert(" in data:
            self.problems.append(f"{self.where}: inline script runs {data.strip()[:60]}")


def _ours(source: str) -> bool:
    """The theme's scripts, and opsmanual's own: a Start here page's ticks, and search from a folder."""
    return "assets/javascripts/" in source or any(source.endswith(own) for own in (SCRIPT, OFFLINE_SCRIPT))


def scan_site(site: Path) -> list[str]:
    """Every executable thing in the site's HTML that did not come from the theme."""
    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        scanner = _Scanner(str(page.relative_to(site)))
        scanner.feed(page.read_text(encoding="utf-8"))
        problems += scanner.problems
    return problems
