"""Find what the site will not show of a Markdown field: raw HTML and unsafe links."""

from __future__ import annotations

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


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link, to tell which are dropped
    return md


def link_is_safe(url: str) -> bool:
    """http, https, mailto and relative links are safe; any other scheme is dropped."""
    match = _SCHEME.match(_INVISIBLE.sub("", url))
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def markdown_problems(text: str) -> Iterator[tuple[str, str]]:
    """(kind, detail) for each raw HTML fragment ('html') and unsafe link ('link') in `text`."""
    if "<" not in text and "](" not in text and "]:" not in text:
        return
    for token in _parser().parse(text):
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
