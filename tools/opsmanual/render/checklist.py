"""A checklist as a PDF: pinned up and filled in by hand, or completed on a tablet and saved.

Rows come from `render.rows`, so the paper matches the site; the page, the blocks and
the form fields come from the PDF toolkit (`render.pdf`). A checklist with a column
per day (`layout: week`) or per repetition (an `every` below a day) is laid out as a
grid by `render.grid`; every other one as rows: a box to tick, the item, the time and
the initials, with readings, yes/no checks, notes and log tables as the rows need.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reportlab import platypus  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus.flowables import SetTopFlowables  # type: ignore[import-untyped]

from opsmanual import forms
from opsmanual.markdown import plain_paragraphs
from opsmanual.model import Checklist, Manual
from opsmanual.outputs import mark, write_file
from opsmanual.render import rows
from opsmanual.render.languages import Languages, printed
from opsmanual.render.pdf.draw import ALERT, BODY, GREY, RULE, SMALL, Block, Ops, TableBlock
from opsmanual.render.pdf.fonts import BOLD, REGULAR, register_fonts
from opsmanual.render.pdf.page import PAPER, FormDocument, frame_size
from opsmanual.render.pdf.text import clip, fit, wrap
from opsmanual.render.sheet import Sheet, band, footer, masthead, signoff, verification

MARK_W, BOX_W, TIME_W, INITIALS_W, INDENT = 12.0, 28.0, 46.0, 58.0, 18.0
SECOND = 7.5  # a bilingual sheet's second language, under the first: small, so the sheet keeps its pages


def _row(sheet: Sheet, row: rows.Row) -> Any:
    """One row: a step, task or decision; a reading (range or yes/no); a note's box; a log's table."""
    if row.kind == "log" and row.log is not None:
        return _log(sheet, row)
    ops, words, reading = Ops(), sheet.words, row.reading
    box_x = MARK_W + row.depth * INDENT
    x, top = box_x + BOX_W, 5.0 + BODY
    width = sheet.width - box_x - BOX_W - TIME_W - INITIALS_W - 8
    if row.critical:
        ops.text(1.0, top, rows.CRITICAL_MARK, BOLD, BODY + 1)
    if row.kind == "decision":
        top = ops.para(x, top, rows.if_clause(row.text, words["if"]), width, BOLD)
    elif row.kind == "note":
        top = _note(ops, sheet, row, x, top)
    else:
        size = 15.0 if row.depth == 0 else 12.0
        if reading is None:
            ops.field(box_x + 2, top - BODY + 0.5, forms.done(row.key), size, size, row.text, kind="check")
        if reading is None or row.text != reading.what:
            top = ops.para(x, top, row.text, width, BOLD if row.critical else REGULAR)
            top = _second(ops, row, x, top, width)
        if row.due is not None:
            top = _due(ops, sheet, row, x, top, width)
        if reading is not None:
            top = _reading(ops, sheet, row, x, top - BODY + (0.0 if row.text == reading.what else 2.0), width)
            if row.text == reading.what:
                top = _second(ops, row, x, top, width)
            ops.field(
                sheet.width - INITIALS_W - TIME_W + 5, 3.0, forms.time(row.key), TIME_W - 10, 19, words["time_read"]
            )
        if row.depth == 0 or reading is not None:
            ops.field(sheet.width - INITIALS_W + 6, 3.0, forms.initials(row.key), INITIALS_W - 12, 19, row.text)
    if row.time and reading is None:
        time = row.time if stringWidth(row.time, REGULAR, SMALL) <= TIME_W - 4 else ""
        ops.text(sheet.width - INITIALS_W - TIME_W / 2, 5.0 + BODY, time, size=SMALL, color=GREY, kind="centre")
    if row.warning:
        top = ops.para(x, top + 1, row.warning, width, size=SMALL, label="⚠", color=ALERT)
    if reading is not None:
        top = _action(ops, sheet, row, x, top, width)
    padding = 6.0 if row.second is None else 1.0  # a bilingual row: its second line takes the room it needs
    return sheet.block(ops, max(top - BODY + padding, 25.0 if row.depth == 0 else 20.0), row=True)


def _second(ops: Ops, row: rows.Row, x: float, top: float, width: float) -> float:
    """On a bilingual sheet, the row's text in the second language, smaller, under the first."""
    if row.second is None:
        return top
    return ops.para(x, top - 1.5, row.second, width, size=SECOND, color=GREY)


def _reading(ops: Ops, sheet: Sheet, row: rows.Row, x: float, top: float, width: float) -> float:
    """The strip "what [value box] unit  Allowed: 0–5 °C" (or Yes/No boxes) from `top` down; the next baseline.

    `what` wraps in the room the boxes and the range leave, so the strip stays one band; a unit or a
    range too long for the line wraps under it.
    """
    reading, words = row.reading, sheet.words
    assert reading is not None
    if reading.answer is not None:
        return _yes_no(ops, sheet, row, x, top, width)
    if reading.aim:
        allowed = f"{words['aim'].capitalize()}: {reading.aim}   ·   {words['limit'].capitalize()}: {reading.allowed}"
    else:
        allowed = f"{words['allowed_range']}: {reading.allowed}" if reading.allowed else ""
    unit, before = reading.unit or "", reading.unit in rows.PREFIX_UNITS
    unit_w = min(stringWidth(unit, BOLD, BODY), width / 4) + (4 if unit else 0)
    allowed_w = min(stringWidth(allowed, BOLD, 9), width / 3)
    font = BOLD if row.critical and row.text == reading.what else REGULAR
    lines = wrap(reading.what, font, BODY, max(width - 88 - unit_w - allowed_w, width / 3))
    for n, line in enumerate(lines):
        ops.text(x, top + 13.5 + n * BODY * 1.25, line, font)
    at = x + max(stringWidth(line, font, BODY) for line in lines) + 8
    unit_lines = wrap(unit, BOLD, BODY, unit_w) if unit else []
    if before:
        for n, line in enumerate(unit_lines):
            ops.text(at, top + 13.5 + n * BODY * 1.25, line, BOLD)
        at += unit_w
    ops.field(at, top, forms.value(row.key), 64, 20, reading.what)
    at += 68
    if not before:
        for n, line in enumerate(unit_lines):
            ops.text(at, top + 13.5 + n * BODY * 1.25, line, BOLD)
        at += unit_w
    allowed_lines = wrap(allowed, BOLD, 9, max(x + width - at - 6, 40)) if allowed else []
    for n, line in enumerate(allowed_lines):
        ops.text(at + 6, top + 13.5 + n * 9 * 1.25, line, BOLD, 9)
    tallest = max(len(lines), len(unit_lines), len(allowed_lines))
    return top + max(20, 3.5 + tallest * BODY * 1.25) + BODY + 4


def _yes_no(ops: Ops, sheet: Sheet, row: rows.Row, x: float, top: float, width: float) -> float:
    """ "what  [ ] Yes  [ ] No   Expected: yes": two boxes of one field, whose value is the answer ticked."""
    reading, words = row.reading, sheet.words
    assert reading is not None and reading.answer is not None
    font = BOLD if row.critical and row.text == reading.what else REGULAR
    lines = wrap(reading.what, font, BODY, max(width - 200, width / 3))
    for n, line in enumerate(lines):
        ops.text(x, top + 13.5 + n * BODY * 1.25, line, font)
    at = x + max(stringWidth(line, font, BODY) for line in lines) + 10
    for answer in ("yes", "no"):
        label = words[f"answer_{answer}"]
        ops.field(at, top + 3, forms.value(row.key), 13, 13, f"{reading.what}: {label}", kind="radio", value=answer)
        ops.text(at + 17, top + 13.5, label, BOLD)
        at += 24 + stringWidth(label, BOLD, BODY) + 6
    expected = f"{words['expected']}: {words['answer_' + reading.answer]}"
    ops.text(at + 4, top + 13.5, clip(expected, BOLD, 9, max(x + width - at - 4, 30)), BOLD, 9)
    return top + max(20, 3.5 + len(lines) * BODY * 1.25) + BODY + 4


def _action(ops: Ops, sheet: Sheet, row: rows.Row, x: float, top: float, width: float) -> float:
    """What to do when out of range, and a line to write what was done."""
    reading, words = row.reading, sheet.words
    assert reading is not None
    if reading.action:
        label = words["out_of_range_action"]
        if reading.answer is not None:
            label = words["if_other_answer"].format(answer=words["answer_" + reading.answer].lower())
        top = ops.para(x, top + 1, reading.action, width, size=SMALL, label=label)
    label = words["action_taken"] + ":"
    label_w = stringWidth(label, BOLD, SMALL) + 6
    ops.text(x, top + 4, label, BOLD, SMALL, color=GREY)
    ops.line(x + label_w, top + 6, width - label_w, size=0.5, color=RULE)
    ops.field(
        x + label_w,
        top - 8,
        forms.action(row.key),
        width - label_w,
        15,
        f"{reading.what}: {words['action_taken']}",
        kind="blank",
    )
    return top + 15


def _due(ops: Ops, sheet: Sheet, row: rows.Row, x: float, top: float, width: float) -> float:
    """ "Due by ____ (within 2 h after: Off the heat)": a blank for the time it is due."""
    due, words = row.due, sheet.words
    assert due is not None
    label = words["due_by"]
    ops.text(x, top + 2, label, BOLD, SMALL)
    at = x + stringWidth(label, BOLD, SMALL) + 6
    ops.line(at, top + 4, 50, size=0.6)
    ops.field(at, top - 10, forms.due(row.key), 50, 15, f"{row.text}: {label}", kind="blank")
    note = words["due_within"].format(within=due.within, step=due.after)
    ops.text(at + 56, top + 2, clip(note, REGULAR, SMALL, max(x + width - at - 56, 30)), size=SMALL, color=GREY)
    return top + 14


def _note(ops: Ops, sheet: Sheet, row: rows.Row, x: float, top: float) -> float:
    """A labelled box of `lines` lines for free text, one field of several lines."""
    width = sheet.width - x - INITIALS_W - 8
    top = _second(ops, row, x, ops.para(x, top, row.text, width, BOLD), width)
    height = 14.0 * row.lines + 4
    ops.field(x, top - 8, forms.text(row.key), width, height, row.text, kind="area")
    for n in range(1, row.lines):  # writing lines inside the box, drawn over its white
        ops.line(x + 4, top - 6 + n * 14.0, width - 8, size=0.3, color=RULE)
    ops.field(sheet.width - INITIALS_W + 6, 3.0, forms.initials(row.key), INITIALS_W - 12, 19, row.text)
    return top + height


_WEIGHTS = {"text": 2.2, "time": 1.0, "number": 1.2, "yesno": 1.0, "initials": 0.9}


def _log(sheet: Sheet, row: rows.Row) -> list[Any]:
    """A title, then a table of blank rows; a long one goes on over pages, its header on each."""
    log, words = row.log, sheet.words
    assert log is not None
    title = Ops()
    title.text(MARK_W, 5 + BODY, clip(log.title, BOLD, 11, sheet.width - MARK_W), BOLD, 11)
    number_w = 22.0
    room = sheet.width - number_w
    total = sum(_WEIGHTS[c.kind] for c in log.columns)
    widths = [room * _WEIGHTS[c.kind] / total for c in log.columns]
    starts = [number_w + sum(widths[:n]) for n in range(len(widths))]
    header = Ops()
    head_h = 12.0
    for column, left, w in zip(log.columns, starts, widths, strict=True):
        lines = [column.label]
        if column.kind == "number":
            detail = rows.range_text(column.min, column.max, column.unit, sheet.manual.temperature)
            if detail:
                lines.append(detail)
        for n, line in enumerate(lines):
            size = fit(line, BOLD if n == 0 else REGULAR, 8, w - 6, 5)
            header.text(
                left + 3,
                10 + n * 9,
                clip(line, BOLD if n == 0 else REGULAR, size, w - 6),
                BOLD if n == 0 else REGULAR,
                size,
                color=GREY,
            )
        head_h = max(head_h, 14 + 9 * (len(lines) - 1))
    header.text(number_w / 2, 10, "#", BOLD, 8, color=GREY, kind="centre")
    header.line(0, head_h, sheet.width, size=1.0)
    cells: list[tuple[Ops, float]] = []
    for number in range(1, log.rows + 1):
        ops = Ops()
        ops.text(number_w / 2, 15, str(number), size=8, color=GREY, kind="centre")
        for c, (column, left, w) in enumerate(zip(log.columns, starts, widths, strict=True), 1):
            name = forms.log_cell(row.key, number, column.label, c)
            tip = f"{log.title} {number}: {column.label}"
            if column.kind == "yesno":
                for k, answer in enumerate(("yes", "no")):
                    letter = words[f"answer_{answer}"][:1]
                    ops.field(
                        left + 4 + k * 26,
                        5,
                        name,
                        11,
                        11,
                        f"{tip}: {words['answer_' + answer]}",
                        kind="radio",
                        value=answer,
                    )
                    ops.text(left + 17 + k * 26, 14, letter, size=8)
            else:
                ops.field(left + 2, 3, name, w - 4, 16, tip)
            ops.line(left, 0, 0, size=0.4, color=RULE, h=-22)
        ops.line(0, 22, sheet.width, size=0.4, color=RULE)
        cells.append((ops, 22.0))
    return [TableBlock(sheet.width, header, head_h + 2, cells, title, 22.0), platypus.Spacer(1, 6)]


def _notes(sheet: Sheet) -> Block:
    """The checklist's notes under the title, and the procedures (code, revision) it draws on."""
    ops, top, width = Ops(), 8.0 + BODY, sheet.width - 16
    for paragraph in plain_paragraphs(sheet.checklist.notes or ""):
        top = ops.para(8, top, paragraph, width) + 2
    for paragraph in plain_paragraphs(sheet.second_notes or ""):
        top = ops.para(8, top, paragraph, width, size=SECOND, color=GREY) + 2
    if sheet.sources:
        top = ops.para(8, top, f"{sheet.words['procedures']}: {sheet.sources}", width, size=7.5, color=GREY)
    ops.line(0, 2, 0, size=0.5, color=RULE, h=top - 12)
    return sheet.block(ops, top - 4)


def _columns(sheet: Sheet) -> Block:
    """The column headers, repeated at the top of every page the rows run onto."""
    ops, words, w = Ops(), sheet.words, sheet.width
    done = words["done"].upper()
    ops.text(MARK_W + 9.5, 13, done, BOLD, fit(done, BOLD, 7.5, BOX_W - 2, 4), color=GREY, kind="centre")
    ops.text(MARK_W + BOX_W, 13, words["item"].upper(), BOLD, 7.5, color=GREY)
    legend = f"{rows.CRITICAL_MARK} {words['critical_legend']}"
    ops.text(w - INITIALS_W - TIME_W - 6, 13, legend, size=7.5, color=GREY, kind="right")
    heads = ((words["time"], w - INITIALS_W - TIME_W / 2, TIME_W), (words["initials"], w - INITIALS_W / 2, INITIALS_W))
    for label, centre, room in heads:
        size = fit(label.upper(), BOLD, 7.5, room - 4, 4)
        ops.text(centre, 13, label.upper(), BOLD, size, color=GREY, kind="centre")
    ops.line(0, 19, w, size=1.0)
    return sheet.block(ops, 20.0, keep=True)


def _continued(sheet: Sheet, title: str) -> Block:
    return band(sheet, f"{title} ({sheet.words['continued']})")


def _story(sheet: Sheet, sections: tuple[rows.SectionRows, ...]) -> list[Any]:
    checklist = sheet.checklist
    ticked = any(row.kind != "log" for section in sections for row in section.rows)
    columns = _columns(sheet) if ticked else platypus.Spacer(1, 0)  # a sheet of log tables has no Done column
    story: list[Any] = [_notes(sheet)] if checklist.notes or sheet.sources else []
    story += [platypus.CondPageBreak(120), SetTopFlowables([columns], show=True)]
    for section in sections:
        story += [SetTopFlowables([columns]), band(sheet, section.title)]
        story.append(SetTopFlowables([columns, _continued(sheet, section.title)]))
        for row, after in zip(section.rows, (*section.rows[1:], None), strict=True):
            made = _row(sheet, row)
            if isinstance(made, list):
                story += made
                continue
            made.keepWithNext = after is not None and after.depth > row.depth  # a step and its first sub-step
            story.append(made)
    story.append(SetTopFlowables([]))
    if checklist.signoff:
        story += [platypus.Spacer(1, 6), signoff(sheet)]
    story += [platypus.Spacer(1, 6), verification(sheet)]
    return story


def render_checklist_pdf(
    manual: Manual,
    checklist: Checklist,
    *,
    paper: str | None = None,
    printed_on: datetime.date | None = None,
    language: str | None = None,
    bilingual: bool = False,
    languages: Languages | None = None,
) -> bytes:
    """The checklist as a fillable PDF on letter or A4 paper (the argument, else the checklist's, else the manual's).

    Without `printed_on` the header has a blank for the date; with it, the date is printed in the header and footer.
    In `language` (one of the manual's translations) its words are that translation's; `bilingual` (or the
    checklist's `bilingual: true`) prints each text in a second language under the first. The form's fields and
    description are the same in every language. `languages` keeps the translated manual from one sheet to the next.
    """
    from opsmanual.render.grid import grid_columns, grid_story

    size = paper or checklist.paper or manual.paper
    if size not in PAPER:
        raise ValueError(f"paper must be 'letter' or 'a4', not {size!r}")
    register_fonts()
    source, chosen = (manual, checklist), printed(manual, checklist, language, bilingual, languages)
    manual, checklist, words = chosen.manual, chosen.checklist, chosen.words
    procedures = rows.source_procedures(manual, checklist)
    sources = ", ".join(f"{p.code or p.title} ({words['revision'].lower()} {p.revision})" for p in procedures)
    grid = grid_columns(manual, checklist)
    landscape = len(grid) > 4
    width, height = frame_size(size, landscape)
    sections = chosen.sections
    form = forms.describe(*source, chosen.described, grid, printed_on)
    columns = (width - INITIALS_W - TIME_W, width - INITIALS_W)
    sheet = Sheet(manual, checklist, words, width, height, sources, columns, form["fingerprint"], chosen.second_notes)
    story = grid_story(sheet, grid, sections, _notes(sheet)) if grid else _story(sheet, sections)
    out = io.BytesIO()
    head, foot = masthead(sheet, printed_on, checklist.layout == "week"), footer(sheet, printed_on)
    attachment = {forms.ATTACHMENT: forms.canonical(form)}
    FormDocument(out, size, head, foot, words["checklist"], landscape, attachment).render(story)
    return out.getvalue()


def write_checklist_pdfs(
    manual: Manual,
    folder: Path,
    *,
    only: Iterable[str] | None = None,
    paper: str | None = None,
    printed_on: datetime.date | None = None,
    language: str | None = None,
    bilingual: bool = False,
) -> list[Path]:
    """Each checklist's PDF (or only those named) in `folder`, each written aside and renamed into place.

    `folder` is one opsmanual may write (`outputs.output_folder`); it is marked as opsmanual's.
    """
    wanted = set(only) if only is not None else None
    languages = Languages(manual)
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    mark(folder, "pdfs")
    for checklist in manual.checklists:
        if wanted is None or checklist.id in wanted:
            target = folder / f"{checklist.id}.pdf"
            made = render_checklist_pdf(
                manual,
                checklist,
                paper=paper,
                printed_on=printed_on,
                language=language,
                bilingual=bilingual,
                languages=languages,
            )
            write_file(target, made)
            written.append(target)
    return written
