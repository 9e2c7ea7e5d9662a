"""Text from YAML made safe for a page: lines escaped, Markdown rendered and sanitized, links relative."""

from __future__ import annotations

import html
import posixpath
import re
from functools import cache
from typing import Any

from opsmanual.markdown_lint import SAFE_SCHEMES, link_is_safe

# What rendered Markdown fields may contain; everything else is removed (nh3, the second layer).
ALLOWED_TAGS = frozenset(
    (
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "del",
        "details",
        "div",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        "mark",
        "input",
        "label",
        "button",
        "svg",
        "path",
        "nav",
        "time",
        "dl",
        "dt",
        "dd",
        "caption",
        "colgroup",
        "col",
    )
)
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "input": {"type", "checked", "disabled"},
    "svg": {"viewbox", "xmlns", "width", "height", "aria-hidden"},
    "path": {"d"},
    "time": {"datetime"},
    "button": {"type"},
}
_MARKDOWN_SPECIALS = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]()#+-.!|~"}
    | {"<": "&lt;", ">": "&gt;", "&": "&amp;", "{": "&#123;", "}": "&#125;", "\n": " ", "\r": " "}
)


def text(value: str) -> str:
    """A line of plain text for HTML: shown literally."""
    return html.escape(value, quote=True)


def markdown_inline(value: str) -> str:
    """A line of plain text inside Markdown (a heading): no emphasis, HTML, attributes or templates."""
    return value.translate(_MARKDOWN_SPECIALS)


@cache
def _renderer() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.validateLink = link_is_safe  # type: ignore[method-assign]
    return md


def sanitize(fragment: str) -> str:
    import nh3

    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def markdown(value: str) -> str:
    """A Markdown field as HTML: raw HTML shown as text, unsafe links dropped, then sanitized again."""
    plain = _plain_paragraph(value)
    if plain is not None:
        return plain
    rendered: str = _renderer().render(value)
    return sanitize(rendered).strip()


# Most fields are a sentence or two with no Markdown in them; they need no parser. A line qualifies when
# it has none of the characters that start Markdown or HTML, does not open a block (list, heading, quote),
# and has no space at either end; the result is what the parser and sanitizer would give (a test holds it).
_MARKUP_CHARACTERS = re.compile(r"[*_`\\[\]<>&\\~#=|]")
_BLOCK_START = re.compile(r"[-+]|\d{1,9}[.)](\s|$)")


def _plain_paragraph(value: str) -> str | None:
    lines = value.strip("\n").split("\n")
    for line in lines:
        if not line or line != line.strip() or _BLOCK_START.match(line) or "\r" in line or "\t" in line:
            return None
    if _MARKUP_CHARACTERS.search(value):
        return None
    return "<p>" + "\n".join(lines) + "</p>"


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


def href(from_page: str, to: str, directory_urls: bool) -> str:
    """A relative link from one page to another page or file, as MkDocs would write it."""
    source = page_url(from_page, directory_urls)
    base = source if source.endswith("/") or not source else posixpath.dirname(source)
    target = page_url(to, directory_urls)
    relative = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or not target:
        relative = "./" if relative == "." else relative + "/"
    return html.escape(relative, quote=True)
