"""The fonts every PDF prints with: DejaVu Sans, shipped with the package, so accents and symbols print as written."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase.pdfmetrics import registerFont  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

FONTS = Path(__file__).resolve().parent.parent.parent / "fonts"
REGULAR, BOLD = "OpsManualSans", "OpsManualSans-Bold"


@cache
def register_fonts() -> None:
    registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
