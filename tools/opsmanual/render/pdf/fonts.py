"""The fonts every PDF prints with: DejaVu Sans, shipped with the package, so accents and symbols print as written;
for the letters it lacks (Thai, Chinese, ...), fonts found on the machine; right-to-left text in visual order.

ReportLab measures a string (`stringWidth`) and writes it (`splitString`, `getSubsetInternalName`)
through its font. `FallbackFont` is DejaVu Sans doing both run by run: the string is split by
which font has each character, each run measured and written with its own font. So every
caller (the blocks of render/pdf, platypus paragraphs, chart labels) prints every script
without knowing of it, and a string DejaVu prints alone takes the same path as before.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib.rl_accel import instanceStringWidthTTF  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import registerFont  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

from opsmanual.render.pdf.bidi import RTL_MARKS, RTL_RANGES, shaped, visual
from opsmanual.render.pdf.scripts import fonts_for, script_of

FONTS = Path(__file__).resolve().parent.parent.parent / "fonts"
REGULAR, BOLD = "OpsManualSans", "OpsManualSans-Bold"
SUBSETS = 1 << 16  # the subsets of the n-th fallback font (from 1) are numbered from n * SUBSETS
Run = tuple[Any, str]  # a TTFont and the text it prints


class FallbackFont(TTFont):  # type: ignore[misc]
    """A TrueType font that prints the characters it lacks with fallback fonts, and right-to-left text in order."""

    def __init__(self, name: str, path: Path, bold: bool, first: Path | None = None) -> None:
        super().__init__(name, str(path), shapable=False)
        self.bold = bold
        self.first = first  # a fallback tried before the machine's (DejaVu regular, for the bold)
        self.fallbacks: list[Any] = []  # the fallback fonts used so far; a subset number says which
        self._font_of: dict[int, Any] = {}  # a character's font (None: no font has it)
        # What it prints by itself, left to right: a string of these only takes ReportLab's own path, as before.
        rtl = {c for lo, hi in RTL_RANGES for c in range(lo, hi + 1)} | set(map(ord, RTL_MARKS))
        self._own = frozenset(map(chr, self.face.charToGlyph.keys() - rtl))
        self._plain: dict[str, bool] = {}
        self._runs = lru_cache(maxsize=4096)(self._split)

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> Any:
        if text.isascii() or self._is_plain(text):
            return instanceStringWidthTTF(self, text, size, encoding)
        return sum(instanceStringWidthTTF(font, run, size, encoding) for font, run in self._runs(text, False))

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> Any:
        if text.isascii() or self._is_plain(text):
            return TTFont.splitString(self, text, doc, encoding)
        split: list[tuple[int, bytes]] = []
        for font, run in self._runs(text, True):
            if font is self:
                split += TTFont.splitString(self, run, doc, encoding)
            else:
                base = (self.fallbacks.index(font) + 1) * SUBSETS
                split += [(base + subset, data) for subset, data in font.splitString(run, doc, encoding)]
        return split

    def _is_plain(self, text: str) -> bool:
        """Whether this font prints `text` alone, left to right (remembered: a form repeats its words)."""
        plain = self._plain.get(text)
        if plain is None:
            if len(self._plain) > 100_000:
                self._plain.clear()
            plain = self._plain[text] = self._own.issuperset(text)
        return plain

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        if subset < SUBSETS:
            return str(TTFont.getSubsetInternalName(self, subset, doc))
        fallback = self.fallbacks[subset // SUBSETS - 1]
        return str(fallback.getSubsetInternalName(subset % SUBSETS, doc))

    def _split(self, text: str, in_order: bool) -> tuple[Run, ...]:
        """`text` shaped (and, to be written, in visual order) as runs of one font each."""
        text = visual(text) if in_order else shaped(text)
        runs: list[Run] = []
        for character in text:
            font = self.font_of(character)
            if font is None and 0xFB50 <= ord(character) <= 0xFEFF:  # a shaped form no font has: the plain letter
                character = unicodedata.normalize("NFKC", character)
                font = self.font_of(character[0])
            if runs and (font is None or (font is not runs[-1][0] and _joins(character, runs[-1][0]))):
                font = runs[-1][0]  # a mark stays with its letter; a character no font has, with its neighbour
            font = font or self
            if runs and runs[-1][0] is font:
                runs[-1] = (font, runs[-1][1] + character)
            else:
                runs.append((font, character))
        return tuple(runs)

    def font_of(self, character: str) -> Any | None:
        """The font that prints `character`: this one, else the first fallback that has it; None when none has."""
        code = ord(character)
        if code in self.face.charToGlyph:
            return self
        if code not in self._font_of:
            self._font_of[code] = next((f for f in self._candidates(code) if code in f.face.charToGlyph), None)
        return self._font_of[code]

    def _candidates(self, code: int) -> Iterator[Any]:
        script = script_of(code)
        paths = ([self.first] if self.first else []) + (fonts_for(script, self.bold) if script else [])
        for path in paths:
            font = load_font(path)
            if font not in self.fallbacks:
                self.fallbacks.append(font)
            yield font


def _joins(character: str, font: Any) -> bool:
    """A combining mark that `font` (its letter's) has: kept in its letter's run."""
    return unicodedata.category(character)[0] == "M" and ord(character) in font.face.charToGlyph


@cache
def load_font(path: Path) -> Any:
    """A fallback font, read once per process; its name in the PDF is its file's."""
    return TTFont(f"OpsManualFallback-{path.stem}", str(path), shapable=False)


def cmap_ranges(codes: Any) -> list[tuple[int, int]]:
    """Character codes as sorted ranges of consecutive codes."""
    ranges: list[tuple[int, int]] = []
    for code in sorted(set(codes)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


@cache
def register_fonts() -> None:
    registerFont(FallbackFont(REGULAR, FONTS / "DejaVuSans.ttf", bold=False))
    registerFont(FallbackFont(BOLD, FONTS / "DejaVuSans-Bold.ttf", bold=True, first=FONTS / "DejaVuSans.ttf"))


def dejavu_module() -> str:
    """The source of `dejavu`: what the shipped DejaVu Sans fonts print (regenerate it when they change)."""
    fonts = [TTFont(name, str(FONTS / name)) for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")]
    codes = [c for font in fonts for c in font.face.charToGlyph]
    pairs = [f"{lo:04x}-{hi:04x}" for lo, hi in cmap_ranges(c for c in codes if c > 31)]
    lines = [" ".join(pairs[n : n + 8]) for n in range(0, len(pairs), 8)]
    body = "\n".join(f'    "{line} "' for line in lines)
    return (
        '"""The characters DejaVu Sans prints (regular or bold, as shipped in opsmanual/fonts), as ranges.\n\n'
        "Generated by opsmanual.render.pdf.fonts.dejavu_module() from the fonts' character maps, so that `check`\n"
        'knows what needs another font without loading one. tests/test_fonts.py says when it is stale.\n"""\n\n'
        f"_TEXT = (\n{body}\n)\n"
        'RANGES = tuple((int(lo, 16), int(hi, 16)) for lo, hi in (pair.split("-") for pair in _TEXT.split()))\n'
    )
