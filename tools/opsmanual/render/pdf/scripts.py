"""Which font prints which letters, told without loading a font, so that `check` can say what is missing.

DejaVu Sans (shipped with the package) prints Latin, Greek, Cyrillic, Armenian, Georgian,
Hebrew and Arabic; its exact characters are in `dejavu`. For other scripts the PDFs take a
font from the machine: the files named here, looked for in Debian's font folders (or the
folders in OPSMANUAL_FONT_DIRS, separated by ':'; set it empty to use no fallback font).
Only TrueType outlines will do: ReportLab refuses the CFF outlines of fonts-noto-cjk, and
Droid Sans Fallback has Korean only as parts that a shaping engine would assemble.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from opsmanual.render.pdf.dejavu import RANGES

FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
NOTO, WQY = "fonts-noto-core", "fonts-wqy-zenhei"
CJK = ("wqy-zenhei.ttc", "DroidSansFallbackFull.ttf")  # Droid Sans Fallback lacks the Korean syllables


@dataclass(frozen=True)
class Script:
    """A script (or a family of symbols) DejaVu Sans lacks, the fonts that print it, best first, and their package."""

    name: str
    ranges: tuple[tuple[int, int], ...]
    files: tuple[str, ...]  # regular weights; a bold text tries "-Bold" for "-Regular" first
    package: str


def _noto(name: str, *ranges: tuple[int, int], family: str = "", more: Sequence[str] = ()) -> Script:
    stem = family or name.replace(" ", "").replace("'", "")
    return Script(name, ranges, (f"NotoSans{stem}-Regular.ttf", f"NotoSerif{stem}-Regular.ttf", *more), NOTO)


SCRIPTS = (
    _noto("Hebrew", (0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    _noto(
        "Arabic",
        (0x0600, 0x06FF),
        (0x0750, 0x077F),
        (0x08A0, 0x08FF),
        (0xFB50, 0xFDFF),
        (0xFE70, 0xFEFF),
        more=("NotoNaskhArabic-Regular.ttf",),
    ),
    _noto("Syriac", (0x0700, 0x074F)),
    _noto("Thaana", (0x0780, 0x07BF)),
    _noto("N'Ko", (0x07C0, 0x07FF), family="NKo"),
    _noto("Devanagari", (0x0900, 0x097F), (0xA8E0, 0xA8FF)),
    _noto("Bengali", (0x0980, 0x09FF)),
    _noto("Gurmukhi", (0x0A00, 0x0A7F)),
    _noto("Gujarati", (0x0A80, 0x0AFF)),
    _noto("Oriya", (0x0B00, 0x0B7F)),
    _noto("Tamil", (0x0B80, 0x0BFF)),
    _noto("Telugu", (0x0C00, 0x0C7F)),
    _noto("Kannada", (0x0C80, 0x0CFF)),
    _noto("Malayalam", (0x0D00, 0x0D7F)),
    _noto("Sinhala", (0x0D80, 0x0DFF)),
    _noto("Thai", (0x0E00, 0x0E7F)),
    _noto("Lao", (0x0E80, 0x0EFF)),
    _noto("Tibetan", (0x0F00, 0x0FFF)),
    _noto("Myanmar", (0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)),
    _noto("Georgian", (0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2F)),
    _noto("Armenian", (0x0530, 0x058F), (0xFB13, 0xFB17)),
    _noto("Ethiopic", (0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F)),
    _noto("Cherokee", (0x13A0, 0x13FF), (0xAB70, 0xABBF)),
    _noto("Canadian Aboriginal syllabics", (0x1400, 0x167F), (0x18B0, 0x18FF), family="CanadianAboriginal"),
    _noto("Khmer", (0x1780, 0x17FF), (0x19E0, 0x19FF)),
    _noto("Mongolian", (0x1800, 0x18AF)),
    _noto("Balinese", (0x1B00, 0x1B7F)),
    _noto("Sundanese", (0x1B80, 0x1BBF)),
    _noto("Ol Chiki", (0x1C50, 0x1C7F)),
    _noto("Tifinagh", (0x2D30, 0x2D7F)),
    _noto("Yi", (0xA000, 0xA4CF)),
    _noto("Vai", (0xA500, 0xA63F)),
    _noto("Javanese", (0xA980, 0xA9DF)),
    _noto("Adlam", (0x1E900, 0x1E95F)),
    Script("Japanese kana", ((0x3040, 0x30FF), (0x31F0, 0x31FF)), CJK, WQY),
    Script("Korean Hangul", ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)), CJK[:1], WQY),
    Script(
        "Chinese characters (kanji, hanja)",
        ((0x2E80, 0x2FDF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF)),
        CJK,
        WQY,
    ),
    Script(
        "Chinese, Japanese and Korean punctuation",
        ((0x3000, 0x303F), (0x3100, 0x312F), (0x3190, 0x31EF), (0x3200, 0x33FF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF)),
        CJK,
        WQY,
    ),
    Script(
        "symbols",
        ((0x2100, 0x2BFF), (0x1D400, 0x1D7FF), (0x1F000, 0x1F2FF)),
        ("NotoSansSymbols2-Regular.ttf", "NotoSansSymbols-Regular.ttf", "NotoSansMath-Regular.ttf"),
        NOTO,
    ),
)
_BY_START = sorted((lo, hi, script) for script in SCRIPTS for lo, hi in script.ranges)
_STARTS = [lo for lo, _, _ in _BY_START]
_DEJAVU_STARTS = [lo for lo, _ in RANGES]


def script_of(code: int) -> Script | None:
    """The script of a character DejaVu lacks, as far as this table knows."""
    at = bisect.bisect_right(_STARTS, code) - 1
    if at >= 0 and code <= _BY_START[at][1]:
        return _BY_START[at][2]
    return None


def dejavu_prints(code: int) -> bool:
    at = bisect.bisect_right(_DEJAVU_STARTS, code) - 1
    return at >= 0 and code <= RANGES[at][1]


@cache
def not_dejavu() -> re.Pattern[str]:
    """Any character DejaVu Sans (regular or bold) lacks, other than line breaks and tabs."""
    ranges = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in RANGES)
    return re.compile(f"[^{ranges}\\t\\n\\r]")


def font_dirs() -> tuple[str, ...]:
    """Where fallback fonts are looked for: OPSMANUAL_FONT_DIRS (':'-separated) or Debian's folders."""
    given = os.environ.get("OPSMANUAL_FONT_DIRS")
    if given is None:
        return FONT_DIRS
    return tuple(d for d in given.split(os.pathsep) if d)


def find_font(name: str) -> Path | None:
    """The font file called `name` in the font folders, or None."""
    return _fonts_in(font_dirs()).get(name)


@cache
def _fonts_in(dirs: tuple[str, ...]) -> dict[str, Path]:
    """Every TrueType file (or collection) under `dirs` by file name; the first found wins, in the folders' order."""
    found: dict[str, Path] = {}
    for top in dirs:
        for folder, subfolders, names in os.walk(top):
            subfolders.sort()
            for name in sorted(names):
                if name.endswith((".ttf", ".ttc")):  # a collection: its first font
                    found.setdefault(name, Path(folder) / name)
    return found


def fonts_for(script: Script, bold: bool = False) -> list[Path]:
    """The files found on this machine that print `script`, best first (bold weights first for bold text)."""
    names = list(script.files)
    if bold:
        names = [n.replace("-Regular.", "-Bold.") for n in names if "-Regular." in n] + names
    return [path for name in names if (path := find_font(name)) is not None]
