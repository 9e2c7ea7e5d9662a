"""Text from YAML made safe for a page: lines escaped, headings inert, links relative."""

from __future__ import annotations

import functools
import html
import posixpath

_MARKDOWN_SPECIALS = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]()#+-.!|~"}
    | {"<": "&lt;", ">": "&gt;", "&": "&amp;", "{": "&#123;", "}": "&#125;", "\n": " ", "\r": " "}
)


@functools.lru_cache(maxsize=1 << 16)  # the same titles and names, on page after page of a large manual
def text(value: str) -> str:
    """A line of plain text for HTML: shown literally."""
    return html.escape(value, quote=True)


def markdown_inline(value: str) -> str:
    """A line of plain text inside Markdown (a heading): no emphasis, HTML, attributes or templates."""
    return value.translate(_MARKDOWN_SPECIALS)


def page_url(path: str, directory_urls: bool) -> str:
    """The URL path of the page whose Markdown file is `path` (relative to the site's root)."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


@functools.lru_cache(maxsize=1 << 16)  # the index pages of a large manual link the same pages on every rebuild
def href(from_page: str, to: str, directory_urls: bool) -> str:
    """A relative link from one page to another page or file, as MkDocs would write it."""
    source = page_url(from_page, directory_urls)
    base = source if source.endswith("/") or not source else posixpath.dirname(source)
    target = page_url(to, directory_urls)
    relative = _relative(target, base)
    if target.endswith("/") or not target:
        relative = "./" if relative == "." else relative + "/"
    return html.escape(relative, quote=True)


def _relative(target: str, base: str) -> str:
    """posixpath.relpath for the site's own paths (relative, no "..") without touching the file system: a
    large manual's index pages make thousands of links."""
    to, start = [p for p in target.split("/") if p], [p for p in base.split("/") if p]
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


SCRIPT = "assets/opsmanual.js"  # the site's one script of its own: Start here ticks, pictures full size


def marked(value: object, html_: str, block: bool = False) -> str:
    """`html_`, the HTML of `value`; a text a translated page shows in its source's language (model.Untranslated)
    is marked, and says which language it is in, for the reader's eye and for screen readers."""
    language = getattr(value, "language", None)
    if language is None or not isinstance(value, str):
        return html_
    tag = "div" if block else "span"
    return f'<{tag} class="om-untranslated" lang="{text(language)}">{html_}</{tag}>'
