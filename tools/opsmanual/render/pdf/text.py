"""Text that never leaves its box: greedy line breaking in linear time, long words cut, titles shrunk.

Chinese and Japanese are written without spaces: a line may break after any of their characters
(not before closing punctuation or a small kana, nor after an opening bracket). A cut never parts
a letter from its marks.
"""

from __future__ import annotations

import re
import unicodedata

from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002ffff"
_NO_BREAK_BEFORE = "、。，．・：；？！ー」』）〉》〕］｝ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ\u3099\u309a"
_NO_BREAK_AFTER = "「『（〈《〔［｛"
HAS_CJK = re.compile(f"[{_CJK}]")
_PIECE = re.compile(f"[{_NO_BREAK_AFTER}]*[{_CJK}][{_NO_BREAK_BEFORE}]*|[^{_CJK}]+")


def _cut(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than a line, in pieces that each fit (one character at least)."""
    pieces: list[str] = []
    start, used = 0, 0.0
    for index, character in enumerate(word):
        w = stringWidth(character, font, size)
        if used + w > width and index > start and not _is_mark(character):
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += w
    pieces.append(word[start:])
    return pieces


def _is_mark(character: str) -> bool:
    return unicodedata.category(character)[0] == "M"


def wrap(text: str, font: str, size: float, width: float, first: float = 0.0) -> list[str]:
    """The lines of `text` in `width`; `first` is the width a label already takes on the first line."""
    if not text.isascii() and HAS_CJK.search(text):
        return _wrap_pieces(text, font, size, width, first)
    lines: list[str] = []
    current: list[str] = []
    used, space = first, stringWidth(" ", font, size)
    for word in text.split():
        w = stringWidth(word, font, size)
        if used + (space if current else 0.0) + w > width and (current or used > 0):
            lines.append(" ".join(current))
            current, used = [], 0.0
        if w > width:  # longer than a whole line: cut it
            *whole, word = _cut(word, font, size, width)
            lines += whole
            w = stringWidth(word, font, size)
        used += (space if current else 0.0) + w
        current.append(word)
    if current or not lines:
        lines.append(" ".join(current))
    return lines


def _wrap_pieces(text: str, font: str, size: float, width: float, first: float) -> list[str]:
    """`wrap` for text with Chinese or Japanese: their characters are pieces of words that a line may end after."""
    lines: list[str] = []
    current, used, space = "", first, stringWidth(" ", font, size)
    for word in text.split():
        for n, piece in enumerate(_PIECE.findall(word)):
            gap = space if current and n == 0 else 0.0
            w = stringWidth(piece, font, size)
            if used + gap + w > width and (current or used > 0):
                lines.append(current)
                current, used, gap = "", 0.0, 0.0
            if w > width:  # longer than a whole line: cut it
                *whole, piece = _cut(piece, font, size, width)
                lines += whole
                w = stringWidth(piece, font, size)
            current += (" " if gap else "") + piece
            used += gap + w
    if current or not lines:
        lines.append(current)
    return lines


def fit(text: str, font: str, size: float, width: float, smallest: float) -> float:
    """The largest size from `size` down to `smallest` (in half points) at which `text` fits on one line."""
    natural = stringWidth(text, font, size)
    if natural <= width:
        return size
    return max(smallest, int(size * width / natural * 2) / 2)


def clip(text: str, font: str, size: float, width: float) -> str:
    """`text` on one line of `width`, ending in "…" when it had to be shortened."""
    if stringWidth(text, font, size) <= width:
        return text
    room = width - stringWidth("…", font, size)
    kept: list[str] = []
    used = 0.0
    for character in text:
        used += stringWidth(character, font, size)
        if used > room:
            if _is_mark(character):  # a letter goes with all its marks, or not at all
                while kept and _is_mark(kept[-1]):
                    kept.pop()
                kept = kept[:-1]
            break
        kept.append(character)
    return "".join(kept).rstrip() + "…"
