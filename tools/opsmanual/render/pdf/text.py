"""Text that never leaves its box: greedy line breaking in linear time, long words cut, titles shrunk."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]


def _cut(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than a line, in pieces that each fit (one character at least)."""
    pieces: list[str] = []
    start, used = 0, 0.0
    for index, character in enumerate(word):
        w = stringWidth(character, font, size)
        if used + w > width and index > start:
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += w
    pieces.append(word[start:])
    return pieces


def wrap(text: str, font: str, size: float, width: float, first: float = 0.0) -> list[str]:
    """The lines of `text` in `width`; `first` is the width a label already takes on the first line."""
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
    kept, used = [], 0.0
    for character in text:
        used += stringWidth(character, font, size)
        if used > room:
            break
        kept.append(character)
    return "".join(kept).rstrip() + "…"
