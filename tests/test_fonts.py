"""Letters DejaVu Sans lacks print with the machine's fonts, right-to-left text in order; check says what is missing.

The fallback fonts are Debian's fonts-noto-core (Thai, ...) and fonts-wqy-zenhei (Chinese, Japanese,
Korean). Tests that print with them skip when they are not installed, unless OPSMANUAL_REQUIRE_FONTS=1
(as .ci/run sets it), where they fail.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from opsmanual.check import check_manual
from opsmanual.diagnostics import Diagnostic
from opsmanual.model import Manual
from opsmanual.render.checklist import render_checklist_pdf
from opsmanual.render.pdf import dejavu, scripts
from opsmanual.render.pdf.bidi import visual
from opsmanual.render.pdf.fonts import BOLD, FONTS, REGULAR, dejavu_module, register_fonts
from opsmanual.render.pdf.text import clip, wrap

TODAY = date(2026, 11, 24)
THAI = "ตรวจอุณหภูมิตู้เย็นทุกเช้า"
JAPANESE = "冷蔵庫の温度を確認して、記録してください。"
KOREAN = "냉장고 온도를 확인하세요"
ARABIC = "افحص درجة حرارة الثلاجة"
HEBREW = "נקה את המקרר"
THAI_FONT = "NotoSansThai-Regular.ttf"


def fallback_fonts_found() -> None:
    """Skip (or fail, when they are required) unless Debian's Noto and WenQuanYi fonts are on this machine."""
    wanted = [n for n in (THAI_FONT, "wqy-zenhei.ttc") if scripts.find_font(n) is None]
    if wanted:
        if os.environ.get("OPSMANUAL_REQUIRE_FONTS") == "1":
            pytest.fail(f"{', '.join(wanted)} required here (OPSMANUAL_REQUIRE_FONTS=1): .ci/run installs them")
        pytest.skip(f"{', '.join(wanted)} not found: apt-get install fonts-noto-core fonts-wqy-zenhei")


def write_manual(root: Path, *tasks: str) -> Manual:
    """A manual whose one checklist (checklists/sheet.yaml) has these tasks, checked."""
    (root / "sops" / "kitchen").mkdir(parents=True)
    (root / "checklists").mkdir()
    (root / "sops" / "manual.yaml").write_text(
        "name: Café Test\nroles: [{id: cook, name: Cook}]\nareas: [{id: kitchen, name: Kitchen}]\n", encoding="utf-8"
    )
    (root / "sops" / "kitchen" / "wash.yaml").write_text(
        "title: Wash\npurpose: Clean hands.\nroles: [cook]\nsteps:\n  - do: Wash your hands.\n", encoding="utf-8"
    )
    items = "".join(f"      - task: {json.dumps(task, ensure_ascii=False)}\n" for task in tasks)
    (root / "checklists" / "sheet.yaml").write_text(
        f"title: Opening\nsections:\n  - title: Kitchen\n    items:\n{items}", encoding="utf-8"
    )
    result = check_manual(root, TODAY)
    assert result.manual is not None, [str(d) for d in result.diagnostics]
    return result.manual


def font_missing(root: Path) -> list[Diagnostic]:
    return [d for d in check_manual(root, TODAY).diagnostics if d.code == "font-missing"]


def embedded_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts a PDF's pages use, without their subset tags."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def page_text(pdf: bytes) -> str:
    """The text of every page, in reading order as pypdf gives it, compatibility forms unfolded."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFKC", text)


# The table check uses, against the fonts shipped


def test_the_dejavu_table_is_what_the_shipped_fonts_print() -> None:
    written = (Path(dejavu.__file__)).read_text(encoding="utf-8")
    assert written == dejavu_module(), (
        "tools/opsmanual/render/pdf/dejavu.py is stale; write it again with: .venv/bin/python -c "
        "\"from opsmanual.render.pdf.fonts import dejavu_module; print(dejavu_module(), end='')\" > "
        "tools/opsmanual/render/pdf/dejavu.py"
    )
    assert (FONTS / "DejaVuSans.ttf").exists()
    assert all(scripts.dejavu_prints(ord(c)) for c in "Café °C – Ωμέγα Привет שלום مرحبا")
    assert not any(scripts.dejavu_prints(ord(c)) for c in THAI + JAPANESE)


# check: font-missing


def test_check_warns_when_no_font_prints_a_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    monkeypatch.setenv("OPSMANUAL_FONT_DIRS", str(empty))
    root = tmp_path / "manual"
    write_manual(root, THAI, JAPANESE, HEBREW, ARABIC, "Grüße, Ωμέγα, Привет")
    (warning,) = font_missing(root)
    assert (warning.file, warning.line, warning.severity) == ("checklists/sheet.yaml", 0, "warning")
    assert warning.message == (
        "the printed forms would show empty boxes for Thai (such as 'ต'); Chinese characters (kanji, hanja) "
        "(such as '冷'); Japanese kana (such as 'の'); Chinese, Japanese and Korean punctuation (such as '、'): "
        "no font found on this machine has them"
    )
    assert warning.hint == (
        "install Debian's fonts-noto-core, fonts-wqy-zenhei (apt-get install fonts-noto-core fonts-wqy-zenhei), "
        "or set OPSMANUAL_FONT_DIRS to the folders that hold NotoSansThai-Regular.ttf, wqy-zenhei.ttc"
    )


def test_check_is_quiet_about_what_dejavu_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPSMANUAL_FONT_DIRS", "")
    write_manual(tmp_path, HEBREW, ARABIC, "Grüße, Ωμέγα, Привет, Հայերեն, ქართული: 5 °C → ✓")
    assert font_missing(tmp_path) == []


def test_check_names_a_character_no_known_font_has(tmp_path: Path) -> None:
    write_manual(tmp_path, "Clean the grill 🔥")
    (warning,) = font_missing(tmp_path)
    assert warning.message.startswith("the printed forms would show empty boxes for the character fire (such as '🔥')")
    assert warning.hint == "write these characters another way: no font that opsmanual knows of prints them"


def test_check_is_quiet_when_the_fonts_are_installed(tmp_path: Path) -> None:
    fallback_fonts_found()
    write_manual(tmp_path, THAI, JAPANESE, KOREAN, ARABIC, HEBREW)
    assert font_missing(tmp_path) == []


# The PDF


@pytest.fixture(scope="module")
def every_script(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    fallback_fonts_found()
    manual = write_manual(tmp_path_factory.mktemp("scripts"), THAI, JAPANESE, KOREAN, ARABIC, HEBREW)
    return render_checklist_pdf(manual, manual.checklists[0])


def test_the_fallback_fonts_are_embedded(every_script: bytes) -> None:
    fonts = embedded_fonts(every_script)
    assert {"DejaVuSans", "DejaVuSans-Bold", "NotoSansThai-Regular", "WenQuanYiZenHei-0"} <= fonts, fonts


def test_every_letter_has_a_font() -> None:
    fallback_fonts_found()
    register_fonts()
    from reportlab.pdfbase.pdfmetrics import getFont

    for name in (REGULAR, BOLD):
        font = getFont(name)
        lacking = [c for c in THAI + JAPANESE + KOREAN + ARABIC + HEBREW if font.font_of(c) is None]
        assert lacking == [], name


def test_every_script_prints_in_reading_order(every_script: bytes) -> None:
    text = page_text(every_script)
    for task in (THAI, JAPANESE, KOREAN, HEBREW, ARABIC):
        assert task in text  # pypdf reads right-to-left text back to logical order: it was drawn in visual order


def test_right_to_left_lines_are_in_visual_order() -> None:
    assert visual(HEBREW) == HEBREW[::-1]
    wash, hands, seconds = "שטוף", "ידיים", "שניות"
    # brackets mirrored, numbers left to right, a Latin start stays on the left
    assert visual(f"{wash} {hands} (30 {seconds})") == f"({seconds[::-1]} 30) {hands[::-1]} {wash[::-1]}"
    assert visual(f"Wash: {wash} {hands}") == f"Wash: {hands[::-1]} {wash[::-1]}"
    shown = visual(ARABIC)
    assert unicodedata.normalize("NFKC", shown[::-1]) == ARABIC  # joined forms (lam-alef as one), right to left
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in shown if c != " ")


def test_widths_are_measured_with_the_font_that_prints(every_script: bytes) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import TTFont

    dejavu, thai = TTFont("plain", str(FONTS / "DejaVuSans.ttf")), TTFont("thai", str(scripts.find_font(THAI_FONT)))
    assert stringWidth("Café 5 °C", REGULAR, 10) == dejavu.stringWidth("Café 5 °C", 10)  # as before
    assert stringWidth(f"{THAI} 5 °C", REGULAR, 10) == thai.stringWidth(THAI, 10) + dejavu.stringWidth(" 5 °C", 10)
    cjk = TTFont("cjk", str(scripts.find_font("wqy-zenhei.ttc")))
    assert stringWidth(JAPANESE, BOLD, 10) == cjk.stringWidth(JAPANESE, 10)  # no bold: the regular weight


def test_chinese_and_japanese_break_between_characters_and_never_overflow(every_script: bytes) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = f"{JAPANESE} Then write 5 °C. {JAPANESE}"
    lines = wrap(text, REGULAR, 10, 95)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(stringWidth(line, REGULAR, 10) <= 95 for line in lines)
    assert len(lines[0]) >= 8  # the line is filled, not ended at the first space
    assert not any(line.startswith(("、", "。")) for line in lines)
    for width in range(30, 90, 3):  # a clipped Thai line keeps each letter with all its marks
        kept = clip(THAI, REGULAR, 10, width).removesuffix("…")
        assert THAI.startswith(kept) and unicodedata.category(THAI[len(kept)])[0] != "M"


@pytest.mark.e2e
def test_every_script_renders_to_an_image(every_script: bytes, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (poppler-utils)")
    (tmp_path / "sheet.pdf").write_bytes(every_script)
    proc = subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(tmp_path / "sheet.pdf"), str(tmp_path / "sheet")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0 and "rror" not in proc.stderr, proc.stderr
    assert sorted(p.name for p in tmp_path.glob("sheet-*.png"))
