"""The printable checklist, read back: rows, readings, labels, fields, paper and pages as the shift lead gets them."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import REPO, run_cli
from opsmanual.check import check_manual
from opsmanual.forms import log_cell
from opsmanual.markdown import plain_text
from opsmanual.model import Checklist, Manual
from opsmanual.render.checklist import render_checklist_pdf
from opsmanual.render.rows import (
    Row,
    checklist_rows,
    field_slug,
    format_range,
    if_clause,
    newest_revision_date,
)

TODAY = date(2026, 11, 24)
LETTER, A4 = (612.0, 792.0), (595.28, 841.89)

PROCEDURE = """\
title: Check the fridge
purpose: Keep food cold.
code: KIT-009
revision: 3
effective: 2026-05-01
roles: [cook]
owner: cook
standard: [Below 5 °C]
steps:
  - id: read
    do: Read the **probe** in the [water glass](https://example.com/glass).
    critical: true
    time: 1 min
    record: {what: Fridge temperature, unit: °C, min: 0, max: 5, if_out_of_range: Move the food and call the manager.}
  - id: close
    do: Close the door.
    check: Door closed
    warning: A door left open warms the *whole* fridge.
  - id: log
    do: Sign the log.
    steps:
      - if: The reading was out of range
        then:
          - do: Write what you did.
"""


def write_manual(root: Path, checklist: str, *, language: str = "en", url: bool = True) -> Manual:
    """A one-procedure manual with the given checklist (checklists/sheet.yaml), checked."""
    (root / "sops" / "kitchen").mkdir(parents=True)
    (root / "checklists").mkdir()
    (root / "sops" / "manual.yaml").write_text(
        f"name: Café Test\nlanguage: {language}\n"
        + ("url: https://manual.example/\n" if url else "")
        + "roles: [{id: cook, name: Cook}]\nareas: [{id: kitchen, name: Kitchen}]\n"
        + 'shifts: [{id: opening, name: Opening, starts: "06:30", ends: "11:00"}]\n',
        encoding="utf-8",
    )
    (root / "sops" / "kitchen" / "check-fridge.yaml").write_text(PROCEDURE, encoding="utf-8")
    (root / "checklists" / "sheet.yaml").write_text(checklist, encoding="utf-8")
    result = check_manual(root, TODAY)
    assert result.manual is not None, [str(d) for d in result.diagnostics]
    return result.manual


def sheet(manual: Manual, checklist_id: str = "sheet") -> Checklist:
    return next(c for c in manual.checklists if c.id == checklist_id)


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text, with runs of whitespace made one space and accents composed."""
    reader = PdfReader(io.BytesIO(pdf))
    return [unicodedata.normalize("NFC", " ".join(page.extract_text().split())) for page in reader.pages]


def field_pages(pdf: bytes) -> dict[str, int]:
    """Each form field's name and the page (from 0) its widget is on."""
    found = {}
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        for annotation in page.get("/Annots") or ():
            widget = annotation.get_object()
            name = widget["/T"] if "/T" in widget else widget["/Parent"].get_object()["/T"]  # a radio box's field
            found[str(name)] = number
    return found


def printed(row: Row) -> str:
    """The words a row starts with on paper."""
    if row.kind == "decision":
        return if_clause(row.text, "If")
    return row.text


def in_order(text: str, parts: list[str]) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing or out of order after position {at}"
        at = found + len(part)


@pytest.fixture(scope="module")
def example() -> Manual:
    manual = check_manual(REPO, TODAY).manual
    assert manual is not None
    return manual


@pytest.fixture(scope="module")
def example_pdfs(example: Manual) -> dict[str, bytes]:
    return {c.id: render_checklist_pdf(example, c) for c in example.checklists}


# The rows, shared with the site


def test_plain_text_drops_markup_keeps_link_text_and_shows_html_as_text() -> None:
    assert plain_text("Read the **probe** in the\n[water glass](https://x.example).") == (
        "Read the probe in the water glass."
    )
    assert plain_text("Keep `<b>` tags\nas <b>text</b>") == "Keep <b> tags as <b>text</b>"
    assert plain_text("- one\n- two\n\n1. three") == "• one • two 1. three"
    assert plain_text("Plain line\nbroken  in two") == "Plain line broken in two"


@pytest.mark.parametrize(
    ("low", "high", "unit", "expected"),
    [
        (0, 5, "°C", "0–5 °C"),
        (None, -18, "°C", "≤ −18 °C"),
        (82, None, "°C", "≥ 82 °C"),
        (None, 16, "%", "≤ 16 %"),
        (-5, 5, "$", "−$5 – $5"),
        (200, 200, "$", "$200"),
        (0.5, 1.25, None, "0.5–1.25"),
    ],
)
def test_allowed_range(low: float | None, high: float | None, unit: str | None, expected: str) -> None:
    assert format_range(low, high, unit) == expected


def test_rows_expand_procedures_with_stable_field_names(example: Manual) -> None:
    rows = [r for s in checklist_rows(example, sheet(example, "opening")) for r in s.rows]
    by_field = {r.key: r for r in rows}
    cooler = by_field["check-cooler-and-freezer.read-cooler"]
    assert (cooler.kind, cooler.text, cooler.critical, cooler.time) == (
        "reading",
        "Walk-in cooler reading logged",
        True,
        "1 min",
    )
    assert cooler.reading is not None and cooler.reading.allowed == "0–5 °C (32–41 °F)"  # temperature: both
    assert cooler.reading.aim == "1–4 °C (34–39 °F)"
    assert cooler.reading.action is not None and cooler.reading.action.startswith("Close the door, wait 30 minutes")
    task = "task.check-today-s-catering-runs-on-the-board"
    assert by_field[task].kind == "task"
    rinse = by_field["record.dishwasher-final-rinse-temperature"]
    assert rinse.reading is not None and rinse.reading.allowed == "≥ 82 °C (≥ 180 °F)"
    decision = by_field["check-cooler-and-freezer.sign-log.1"]
    assert (decision.kind, decision.depth) == ("decision", 1)
    assert by_field["check-cooler-and-freezer.sign-log.1.2"].depth == 2
    assert by_field["open-the-cafe.wash-hands"].text == "Wash your hands before you touch food or equipment."
    assert len(by_field) == len(rows)


def test_selected_steps_follow_the_procedure_order_and_repeats_get_unique_names(tmp_path: Path) -> None:
    manual = write_manual(
        tmp_path,
        "title: Twice\nsections:\n  - title: A\n    items:\n"
        "      - {sop: check-fridge, steps: [close, read]}\n      - {sop: check-fridge, steps: [close]}\n",
    )
    rows = checklist_rows(manual, sheet(manual))[0].rows
    assert [r.key for r in rows] == [
        "check-fridge.read",
        "check-fridge.close",
        "check-fridge.close_2",
    ]
    assert rows[0].text == "Read the probe in the water glass."
    assert rows[1].warning == "A door left open warms the whole fridge."
    assert newest_revision_date(manual, sheet(manual)) == date(2026, 5, 1)


# The PDF, read back


def _as_rows(example: Manual) -> list[Checklist]:
    """The example's checklists laid out as rows (not as a grid of days or times)."""
    return [c for c in example.checklists if c.layout != "week" and not (c.schedule and c.schedule.within_a_day)]


def test_every_row_prints_in_order_with_its_reading_and_warning(
    example: Manual, example_pdfs: dict[str, bytes]
) -> None:
    for checklist in _as_rows(example):
        text = " ".join(pages_text(example_pdfs[checklist.id]))
        parts = []
        for section in checklist_rows(example, checklist):
            parts.append(section.title)
            for row in section.rows:
                parts.append(printed(row))
                reading = row.reading
                if reading is not None and reading.answer is not None:
                    parts.append(f"Expected: {reading.answer.capitalize()}")
                elif reading is not None and reading.aim:
                    parts.append(f"Aim: {reading.aim} · Limit: {reading.allowed}")
                elif reading is not None:
                    parts.append(f"Allowed range: {reading.allowed}")
                if row.warning:
                    parts.append(row.warning)
                if reading is not None and reading.action:
                    parts += ["If" if reading.answer else "If out of range:", reading.action]
                if reading is not None:
                    parts.append("Action taken:")
        in_order(text, parts)
        ticked = any(r.kind != "log" for s in checklist_rows(example, checklist) for r in s.rows)
        critical = sum(r.critical for s in checklist_rows(example, checklist) for r in s.rows)
        assert text.count("◆") >= ticked + critical  # the legend on the column headers, and each critical row


def test_ranges_and_corrective_actions_print(example_pdfs: dict[str, bytes]) -> None:
    opening, closing = " ".join(pages_text(example_pdfs["opening"])), " ".join(pages_text(example_pdfs["closing"]))
    for expected in (
        "Aim: 1–4 °C (34–39 °F) · Limit: 0–5 °C (32–41 °F)",  # the target, and the other unit in brackets
        "Allowed range: ≤ −18 °C (≤ 0 °F)",
        "Allowed range: ≥ 82 °C (≥ 180 °F)",
        "$200",
    ):
        assert expected in opening
    assert "Allowed range: −$5 – $5" in closing and "Allowed range: 200–400 ppm" in closing
    assert "If out of range: Below 200 ppm add concentrate, above 400 ppm add water" in closing


def test_every_page_carries_header_and_footer(example_pdfs: dict[str, bytes]) -> None:
    pages = pages_text(example_pdfs["opening"])
    for number, text in enumerate(pages, 1):
        for expected in (
            "Hazel Street Café & Bistro",
            "Opening — kitchen and front of house",
            "Shift: Opening 06:30–11:00",
            "Due: 07:25",
            "Date",
            "Shift lead",
            "CHK-OPEN · Revision 2",
            "Procedures as of 2026-09-01",
            "Uncontrolled when printed",
            "Keep this record for 12 months.",
            "https://manual.hazelstreetcafe.example/checklists/opening/",
            f"Page {number} of {len(pages)}",
        ):
            assert expected in text, (number, expected)
        if "Sign-off" not in text[:400]:  # a page of rows, not of the sign-off alone
            assert "DONE ITEM" in text and "INITIALS" in text, number
        assert "Printed" not in text
    assert "Start at 06:30. Tick each box as you go" in pages[0]
    assert "Procedures: OPS-001 (revision 2), KIT-002 (revision 2)" in pages[0]
    assert "Opening shift lead Name Signature Time" in pages[-1]
    assert "Verification Verified by (Manager) within 1 day of the sheet Name Signature Date" in pages[-1]


def test_printed_date_fills_the_header_and_footer(example: Manual) -> None:
    pdf = render_checklist_pdf(example, sheet(example, "opening"), printed_on=date(2026, 11, 25))
    for text in pages_text(pdf):
        assert "Date 2026-11-25" in text and "Printed 2026-11-25" in text
    assert "run.date" not in field_pages(pdf) and "run.lead" in field_pages(pdf)


def test_paper_from_argument_checklist_or_manual(example: Manual) -> None:
    def size(pdf: bytes) -> tuple[float, float]:
        box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        return round(float(box.width), 2), round(float(box.height), 2)

    assert size(render_checklist_pdf(example, sheet(example, "opening"))) == LETTER  # the manual's paper
    assert size(render_checklist_pdf(example, sheet(example, "catering-delivery"))) == A4  # the checklist's
    assert size(render_checklist_pdf(example, sheet(example, "catering-delivery"), paper="letter")) == LETTER
    assert size(render_checklist_pdf(example, sheet(example, "opening"), paper="a4")) == A4
    with pytest.raises(ValueError, match="paper must be"):
        render_checklist_pdf(example, sheet(example, "opening"), paper="legal")


def test_rendering_is_reproducible(example: Manual, example_pdfs: dict[str, bytes]) -> None:
    # the same manual gives the same bytes, so a rebuild changes no PDF that did not change
    assert render_checklist_pdf(example, sheet(example, "closing")) == example_pdfs["closing"]


def expected_fields(manual: Manual, checklist: Checklist) -> set[str]:
    """The form's field names, as the README's "The checklist form" documents them for a sheet of rows."""
    expected = {"run.date", "run.lead", "verify.name", "verify.date"}
    for row in (r for s in checklist_rows(manual, checklist) for r in s.rows):
        if row.kind in ("action", "task"):
            expected.add(f"{row.key}.done")
        if row.reading is not None:
            expected |= {f"{row.key}.value", f"{row.key}.time", f"{row.key}.action"}
        if row.due is not None:
            expected.add(f"{row.key}.due")
        if row.kind == "note":
            expected |= {f"{row.key}.text", f"{row.key}.initials"}
        if row.log is not None:
            for n in range(1, row.log.rows + 1):
                expected |= {log_cell(row.key, n, c.label, i) for i, c in enumerate(row.log.columns, 1)}
        if row.kind not in ("decision", "note", "log") and (row.depth == 0 or row.reading is not None):
            expected.add(f"{row.key}.initials")
    for n in range(1, len(checklist.signoff) + 1):
        expected |= {f"signoff.{n}.name", f"signoff.{n}.time"}
    return expected


def test_form_fields_have_their_stable_names(example: Manual, example_pdfs: dict[str, bytes]) -> None:
    for checklist in _as_rows(example):
        reader = PdfReader(io.BytesIO(example_pdfs[checklist.id]))
        fields = reader.get_fields() or {}
        assert set(fields) == expected_fields(example, checklist), checklist.id
        for name, field in fields.items():
            button = name.endswith(".done") or field.get("/Ff", 0) & 32768  # a tick box, or a yes/no choice
            assert field.get("/FT") == ("/Btn" if button else "/Tx"), name
    names = set(PdfReader(io.BytesIO(example_pdfs["opening"])).get_fields() or {})
    assert {"check-cooler-and-freezer.read-cooler.value", "task.check-today-s-catering-runs-on-the-board.done"} <= names
    logs = set(PdfReader(io.BytesIO(example_pdfs["cooling-and-deliveries"])).get_fields() or {})
    assert {"log.cooling-chart.1.food", "log.cooling-chart.8.temp-at-6-h", "log.goods-in-sheet.10.accepted"} <= logs


def test_fields_can_be_filled_and_saved(example_pdfs: dict[str, bytes]) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(example_pdfs["opening"])))
    values = {
        "open-the-cafe.arrive.done": "/Yes",
        "open-the-cafe.arrive.initials": "MO",
        "check-cooler-and-freezer.read-cooler.value": "3.5",
        "check-cooler-and-freezer.read-cooler.time": "07:05",
    }
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    fields = PdfReader(io.BytesIO(out.getvalue())).get_fields() or {}
    assert {name: fields[name].get("/V") for name in values} == values
    assert fields["open-the-cafe.wash-hands.initials"].get("/V") == ""  # one value, one field


def test_a_yes_no_check_is_one_field_whose_value_is_the_answer(example: Manual) -> None:
    pdf = render_checklist_pdf(example, sheet(example, "kitchen-diary"))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    name = "record.any-food-thrown-away.tuesday.value"
    for page in writer.pages:
        writer.update_page_form_field_values(page, {name: "/no"}, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    fields = PdfReader(io.BytesIO(out.getvalue())).get_fields() or {}
    assert fields[name].get("/V") == "/no" and set(fields[name].get("/_States_", [])) == {"/yes", "/no"}


def test_a_week_sheet_has_a_column_per_day_and_a_note_per_day(example: Manual) -> None:
    pdf = render_checklist_pdf(example, sheet(example, "kitchen-diary"))
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height), "a week fits the page turned sideways"
    text = pages_text(pdf)[0]
    in_order(text, ["Week of", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
    in_order(text, ["Walk-in cooler at close", "0–5 °C (32–41 °F)", "What went wrong, and what you did", "Initials"])
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    fields = set(reader.get_fields() or {})
    for day in days:
        assert {
            f"task.opening-checklist-done-and-signed.{day}.done",
            f"record.walk-in-cooler-at-close.{day}.value",
            f"note.deliveries-refused-and-why.{day}.text",
            f"{day}.note",
            f"{day}.initials",
        } <= fields


def test_a_check_every_two_hours_has_a_column_per_time_of_its_shift(example: Manual) -> None:
    pdf = render_checklist_pdf(example, sheet(example, "hot-holding"))
    text = pages_text(pdf)[0]
    in_order(text, ["11:00", "13:00", "15:00", "Soup probed", "aim: ≥ 63 °C (≥ 145 °F) · limit: ≥ 57 °C (≥ 135 °F)"])
    fields = set(PdfReader(io.BytesIO(pdf)).get_fields() or {})
    assert {f"check-hot-holding.probe-soup.at-{t}.value" for t in ("1100", "1300", "1500")} <= fields
    assert {"at-1100.initials", "at-1500.initials"} <= fields


def test_due_by_blanks_notes_and_the_retention_line_print(example: Manual, example_pdfs: dict[str, bytes]) -> None:
    cooling = render_checklist_pdf(example, _one_item(example, "cool-cooked-food"))
    text = " ".join(pages_text(cooling))
    in_order(text, ["Below 21 °C within 2 hours", "Due by", "Due within 2 h after: Off the heat, time and temperature"])
    fields = set(PdfReader(io.BytesIO(cooling)).get_fields() or {})
    assert {"cool-cooked-food.below-21.due", "cool-cooked-food.below-5.due"} <= fields
    closing = " ".join(pages_text(example_pdfs["closing"]))
    assert "Anything broken, running short or to tell the opening shift?" in closing
    assert "Keep this record for 12 months." in closing


def _one_item(manual: Manual, procedure: str) -> Checklist:
    from opsmanual.model import ChecklistItem, Section

    return Checklist("one", "checklists/one.yaml", "One", (Section("All", (ChecklistItem(sop=procedure),)),))


def test_page_counts(example_pdfs: dict[str, bytes], tmp_path: Path) -> None:
    # The example sheets as laid out: opening and catering on two pages, the longer closing on three.
    assert {k: len(pages_text(v)) for k, v in example_pdfs.items()} == {
        "opening": 3,
        "closing": 3,
        "catering-delivery": 2,
        "cooling-and-deliveries": 2,
        "deep-clean": 1,
        "four-weekly-review": 2,
        "hot-holding": 1,
        "kitchen-diary": 2,
    }
    label = "The manager on duty the next morning, after checking the cash-up sheet and the temperature log"
    short = f"title: Short\nsections:\n  - title: A\n    items:\n      - task: Lights on\nsignoff:\n  - {label}\n"
    manual = write_manual(tmp_path, short, url=False)
    pages = pages_text(render_checklist_pdf(manual, sheet(manual)))
    assert len(pages) == 1 and "Page 1 of 1" in pages[0]
    assert "Procedures as of" not in pages[0] and "Lights on" in pages[0]
    assert "https://" not in pages[0] and "Uncontrolled when printed" in pages[0]  # no address, no QR code
    assert label in pages[0]  # a long sign-off label wraps, whole


@pytest.mark.e2e
def test_spanish_and_vietnamese_print_intact(tmp_path: Path) -> None:
    checklist = """\
title: Apertura — cocina
shift: opening
due: "07:25"
notes: Empiece a las 06:30; señale cada casilla con cuidado.
sections:
  - title: Cámara y almacén
    items:
      - sop: check-fridge
        steps: [read]
      - task: Kiểm tra nhiệt độ tủ lạnh
      - task: Revise el congelador (¿está a −18 °C?) y anote la señal
signoff: [Encargado de cocina]
"""
    manual = write_manual(tmp_path, checklist, language="es")
    pages = pages_text(render_checklist_pdf(manual, sheet(manual)))
    text = " ".join(pages)
    for expected in (
        "Apertura — cocina",
        "Turno: Opening 06:30–11:00",
        "Hora límite: 07:25",
        "Empiece a las 06:30; señale cada casilla con cuidado.",
        "Cámara y almacén",
        "Kiểm tra nhiệt độ tủ lạnh",
        "Revise el congelador (¿está a −18 °C?) y anote la señal",
        "Rango permitido: 0–5 °C",
        "Si está fuera de rango: Move the food and call the manager.",
        "crítico: nunca se omite",
        "HECHO",
        "INICIALES",
        "Copia no controlada al imprimirse",
        "Procedimientos al 2026-05-01",
        "Firmas Encargado de cocina Nombre Firma Hora",
        "Página 1 de 1",
    ):
        assert expected in text, expected


@pytest.mark.e2e
def test_300_items_paginate_without_splitting_a_row(tmp_path: Path) -> None:
    lines = ["title: Big", "shift: opening", "sections:"]
    tasks = []
    for n in range(300):
        if n % 25 == 0:
            lines += [f"  - title: Station {n // 25 + 1}", "    items:"]
        if n % 25 == 0 or n % 3 == 0:
            # unique text, some of it long enough to wrap onto two or three lines
            task = f"Task {n:03d}, wipe and restock the station" + " and check every label" * (n % 7)
            tasks.append((n, task))
            lines.append(f"      - task: {task}")
        elif n % 3 == 1:
            lines.append("      - sop: check-fridge")
        else:
            lines += [
                "      - record:",
                f"          what: Reach-in {n:03d} temperature",
                "          unit: °C",
                "          max: 5",
                "          if_out_of_range: Move the food to the walk-in and tell the shift lead.",
            ]
    manual = write_manual(tmp_path, "\n".join(lines) + "\n")
    pdf = render_checklist_pdf(manual, sheet(manual))
    pages, fields = pages_text(pdf), field_pages(pdf)
    assert len(pages) > 20
    for number, text in enumerate(pages, 1):
        assert "DONE ITEM" in text and "TIME INITIALS" in text, f"no column headers on page {number}"
        assert f"Page {number} of {len(pages)}" in text
    for _, task in tasks:  # each row whole on one page, with its checkbox and initials box
        on = [number for number, text in enumerate(pages) if task + " " in text + " "]
        assert len(on) == 1, (task, on)
        key = f"task.{field_slug(task)}"
        assert fields[f"{key}.done"] == fields[f"{key}.initials"] == on[0]
    for row in (r for s in checklist_rows(manual, sheet(manual)) for r in s.rows if r.reading is not None):
        assert fields[f"{row.key}.value"] == fields[f"{row.key}.initials"] == fields[f"{row.key}.action"]
    for number in range(1, 13):  # a section's title never sits alone at a page's foot
        first = next(task for n, task in tasks if n == (number - 1) * 25)
        assert any(f"Station {number} {first}" in text for text in pages), number
    in_order(" ".join(pages), [task for _, task in tasks])


def test_a_row_taller_than_a_page_is_cut_between_lines_not_lost(tmp_path: Path) -> None:
    words = " ".join(f"word{n}" for n in range(1500))
    manual = write_manual(tmp_path, f"title: Long\nsections:\n  - title: A\n    items:\n      - task: {words}\n")
    pages = pages_text(render_checklist_pdf(manual, sheet(manual)))
    assert len(pages) >= 2
    found = re.findall(r"word\d+", " ".join(pages))
    assert found == [f"word{n}" for n in range(1500)]


@pytest.mark.e2e
def test_example_pdfs_render_to_png(example_pdfs: dict[str, bytes], tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        if os.environ.get("OPSMANUAL_REQUIRE_BROWSER") == "1":
            pytest.fail("pdftoppm is required here (.ci/run installs poppler-utils)")
        pytest.skip("pdftoppm is not installed (poppler-utils); it renders the PDFs as images")
    for name, pdf in example_pdfs.items():
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        images = sorted(tmp_path.glob(f"{name}-*.png"))
        assert len(images) == len(pages_text(pdf))
        assert all(image.stat().st_size > 5_000 for image in images)


# The command, as a shift lead runs it


def _pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


@pytest.mark.e2e
def test_the_command_writes_the_chosen_checklists(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli("checklist", REPO, "--only", "opening", "-o", out, "--paper", "a4", "--date", "2026-11-25")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(out / "opening.pdf")
    assert sorted(p.name for p in out.iterdir()) == [".opsmanual", "opening.pdf"]  # the folder is marked as ours
    reader = PdfReader(str(out / "opening.pdf"))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "2026-11-25" in _pdf_pages(out / "opening.pdf")[0]


@pytest.mark.e2e
def test_the_command_refuses_an_unknown_checklist(tmp_path: Path) -> None:
    proc = run_cli("checklist", REPO, "--only", "openin", "-o", tmp_path)
    assert proc.returncode == 2
    assert "did you mean 'opening'?" in proc.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.e2e
def test_a_manual_with_an_error_leaves_the_pdfs_as_they_were(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(REPO / "sops", root / "sops")
    shutil.copytree(REPO / "checklists", root / "checklists")
    out = tmp_path / "out"
    assert run_cli("checklist", root, "-o", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert ".opsmanual" in before and {"opening.pdf", "closing.pdf", "kitchen-diary.pdf"} <= set(before)
    opening = root / "checklists" / "opening.yaml"
    opening.write_text(
        opening.read_text(encoding="utf-8").replace("- sop: open-the-cafe", "- sop: open-the-caf", 1), encoding="utf-8"
    )
    proc = run_cli("checklist", root, "-o", out)
    assert proc.returncode == 1
    assert "error[unknown-procedure]" in proc.stderr and "did you mean 'open-the-cafe'" in proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.e2e
def test_the_site_build_puts_each_pdf_beside_its_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run_cli("build", REPO, "--site-dir", site, "--today", "2026-11-24").returncode == 0
    for name in ("opening", "closing", "catering-delivery", "kitchen-diary", "hot-holding"):
        assert (site / "checklists" / f"{name}.pdf").read_bytes().startswith(b"%PDF")
        page = (site / "checklists" / name / "index.html").read_text(encoding="utf-8")
        assert f'href="../{name}.pdf"' in page
