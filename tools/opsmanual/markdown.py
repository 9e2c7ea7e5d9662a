"""Markdown fields, in one place: the link policy, what `check` warns about, safe HTML and plain text.

One set-up of markdown-it serves every use: the site renders with it, the printed
forms take their plain text from it, and `check` inspects the same parse to warn
about what the site will show as text (raw HTML) or drop (unsafe links).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

SAFE_SCHEMES = frozenset(("http", "https", "mailto"))
MARKDOWN_KEYS = frozenset(
    ("purpose", "escalation", "authority", "do", "why", "tip", "warning", "if_out_of_range", "notes")
)
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def link_is_safe(url: str) -> bool:
    """http, https, mailto and relative links are safe; any other scheme is dropped."""
    match = _SCHEME.match(_INVISIBLE.sub("", url))
    return match is None or match.group(1).lower() in SAFE_SCHEMES


@cache
def _parser(inspect: bool = False) -> Any:
    """The one markdown-it set-up. `inspect` sees raw HTML and every link, to tell which the site drops."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": inspect, "typographer": False}).enable("table")  # GitHub-style tables
    md.validateLink = (lambda url: True) if inspect else link_is_safe  # type: ignore[method-assign]
    return md


# What `check` warns about


def markdown_problems(text: str) -> Iterator[tuple[str, str]]:
    """(kind, detail) for each raw HTML fragment ('html') and unsafe link ('link') in `text`."""
    if "<" not in text and "](" not in text and "]:" not in text:
        return
    for token in _parser(inspect=True).parse(text):
        yield from _token_problems(token)


def _token_problems(token: Any) -> Iterator[tuple[str, str]]:
    if token.type in ("html_block", "html_inline"):
        yield "html", token.content.strip()
    elif token.type in ("link_open", "image"):
        url = str(token.attrGet("href") or token.attrGet("src") or "")
        if not link_is_safe(url):
            yield "link", url
    for child in token.children or ():
        yield from _token_problems(child)


# Safe HTML for the site

_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")

# A wide table scrolls inside this box on a phone, never the page; the keyboard can reach it to scroll it.
SCROLLER = '<div class="om-table" tabindex="0">'

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
    "div": {"data-search-exclude", "tabindex"},  # our blocks: left out of search; a table's scroller
    "span": {"aria-hidden"},
    "figcaption": {"aria-hidden"},  # a mark drawn for the eye, with its words beside it for a screen reader
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


def sanitize(fragment: str) -> str:
    """The second layer: whatever HTML reached a page, only the allowed tags, attributes and links remain."""
    import nh3

    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def to_html(value: str) -> str:
    """A Markdown field as HTML: raw HTML shown as text, unsafe links dropped, then sanitized again."""
    plain = _plain_paragraph(value)
    if plain is not None:
        return plain
    rendered: str = _parser().render(value)
    if "<h" in rendered:  # a heading inside a field sits under the page's own: # is h4, ## h5, the rest h6
        rendered = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 3, 6)}>", rendered)
    if "<table>" in rendered:  # a wide table scrolls inside its own box on a phone, never the page
        rendered = rendered.replace("<table>", f"{SCROLLER}<table>").replace("</table>", "</table></div>")
    return sanitize(rendered).strip()


# Most fields are a sentence or two with no Markdown in them, or only a word or two in **bold**; they need no
# parser. A line qualifies when it has none of the characters that start Markdown or HTML (but for a **bold**
# span that starts and ends with a letter or digit), does not open a block (list, heading, quote), and has no
# space at either end; the result is what the parser and sanitizer would give (a property test holds it).
_MARKUP_CHARACTERS = re.compile(r"[*_`\\[\]<>&\\~#=|]")
_BLOCK_START = re.compile(r"[-+]|\d{1,9}[.)](\s|$)")
_STRONG = re.compile(r"(?<!\*)\*\*([^\W_](?:[^*\n]*[^\W_])?)\*\*(?!\*)")


def _plain_paragraph(value: str) -> str | None:
    lines = value.strip("\n").split("\n")
    for line in lines:
        if not line or line != line.strip() or _BLOCK_START.match(line) or "\r" in line or "\t" in line:
            return None
    bare = value
    if "**" in value:
        bare, value = _STRONG.sub(r"\1", value), _STRONG.sub(r"<strong>\1</strong>", value)
    if _MARKUP_CHARACTERS.search(bare):
        return None
    return "<p>" + "\n".join(value.strip("\n").split("\n")) + "</p>"


# Plain text for paper

# Anything that could be Markdown syntax sends the text through the parser; most lines have none.
_MAYBE_MARKDOWN = re.compile(r"[*_`\[\]<>\\&!#~|]|^[ \t]*(?:[-+=>]|\d)", re.MULTILINE)


@functools.lru_cache(maxsize=4096)  # a step's text is printed on its page, its checklists and their PDFs
def plain_paragraphs(markdown: str) -> tuple[str, ...]:
    """The text of each paragraph, heading, list item or code block, each on one line; links reduced to their text."""
    if not _MAYBE_MARKDOWN.search(markdown):
        return tuple(" ".join(block.split()) for block in re.split(r"\n[ \t]*\n", markdown) if block.strip())
    blocks: list[str] = []
    bullet = ""
    cells: list[str] | None = None  # inside a table row: its cells, printed on one line
    for token in _parser().parse(markdown):
        if token.type == "list_item_open":
            bullet = "• " if token.markup in "-+*" else f"{token.info}{token.markup} "
        elif token.type == "tr_open":
            cells = []
        elif token.type == "tr_close" and cells is not None:
            blocks.append(" · ".join(cell or "–" for cell in cells))
            cells = None
        elif token.type == "inline":
            text = " ".join(_inline_text(token.children or ()).split())
            if cells is not None:
                cells.append(text)
            elif text:
                blocks.append(bullet + text)
            bullet = ""
        elif token.type in ("fence", "code_block"):
            text = " ".join(token.content.split())
            if text:
                blocks.append(text)
    return tuple(blocks)


def _inline_text(children: Any) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child.children or ()))
    return "".join(parts)


def plain_text(markdown: str) -> str:
    """Markdown as one line of plain text: no markup, no HTML, links as their text, line breaks as spaces."""
    return " ".join(plain_paragraphs(markdown))
