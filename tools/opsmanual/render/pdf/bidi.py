"""Right-to-left text as a PDF must hold it: Arabic letters joined, every line in visual order.

A PDF draws a string's glyphs left to right, and one glyph per character: so Arabic letters are
replaced by their joined forms (arabic-reshaper's presentation forms, which DejaVu Sans has), then
the line is put in the order it is seen with the Unicode bidirectional algorithm (python-bidi's,
which also mirrors brackets). Both are loaded only when a line has right-to-left letters.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Letters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their presentation forms),
# and the marks that make text right to left (RLM, RLE, RLO, RLI).
RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFC), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF))
RTL_MARKS = "\u200f\u202b\u202e\u2067"
RTL = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in RTL_RANGES) + RTL_MARKS + "]")
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def shaped(text: str) -> str:
    """`text` with Arabic letters in their joined forms (harakat, the vowel marks, left out), still in logical order."""
    return _reshaper().reshape(text) if ARABIC.search(text) else text


def visual(text: str) -> str:
    """One line of `text` shaped and in visual order, as drawn from left to right."""
    text = shaped(text)
    return str(_display()(text)) if RTL.search(text) else text


@cache
def _reshaper() -> Any:
    import arabic_reshaper  # type: ignore[import-untyped]

    return arabic_reshaper.ArabicReshaper()


@cache
def _display() -> Any:
    # The Python implementation: python-bidi's Rust one does not mirror brackets, so "(...)" would print ")...(".
    from bidi.algorithm import get_display  # type: ignore[import-untyped]

    return get_display
