"""A checklist as a PDF: pinned up and filled in by hand, or completed on a tablet and saved.

Rows come from `render.rows`, so the paper matches the site; the page, the blocks
and the form fields come from the PDF toolkit (`render.pdf`).
"""

from __future__ import annotations

import datetime
import io
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab import platypus  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus.flowables import SetTopFlowables  # type: ignore[import-untyped]

from opsmanual.i18n import labels
from opsmanual.markdown import plain_paragraphs
from opsmanual.model import Checklist, Manual
from opsmanual.outputs import mark, write_file
from opsmanual.render import rows
from opsmanual.render.pdf.draw import ALERT, BODY, GREY, RULE, SHADE, SMALL, Block, Op, Ops
from opsmanual.render.pdf.fonts import BOLD, REGULAR, register_fonts
from opsmanual.render.pdf.page import PAPER, Blank, Footer, FormDocument, Masthead, frame_size
from opsmanual.render.pdf.text import fit, wrap

MARK_W, BOX_W, TIME_W, INITIALS_W, INDENT = 12.0, 28.0, 46.0, 58.0, 18.0


@dataclass(frozen=True)
class _Sheet:
    """What every part of one checklist needs: the words, the widths."""

    manual: Manual
    checklist: Checklist
    words: Mapping[str, str]
    width: float  # of the frame
    frame_height: float
    sources: str  # the procedures drawn on, with code and revision

    def block(self, ops: Ops, height: float, *, row: bool = False, keep: bool = False) -> Block:
        columns = (self.width - INITIALS_W - TIME_W, self.width - INITIALS_W) if row else ()
        return Block(self.width, self.frame_height, ops, height, ruled=row, columns=columns, keep=keep)


def _row(sheet: _Sheet, row: rows.Row) -> Block:
    """A step, task or decision: checkbox, text, time, initials; a reading: value box, unit, range, action."""
    ops, words, reading = Ops(), sheet.words, row.reading
    box_x = MARK_W + row.depth * INDENT
    x, top = box_x + BOX_W, 5.0 + BODY
    width = sheet.width - box_x - BOX_W - TIME_W - INITIALS_W - 8
    if row.critical:
        ops.text(1.0, top, rows.CRITICAL_MARK, BOLD, BODY + 1)
    if row.kind == "decision":
        top = ops.para(x, top, rows.if_clause(row.text, words["if"]), width, BOLD)
    else:
        size = 15.0 if row.depth == 0 else 12.0
        if reading is None:
            ops.field(box_x + 2, top - BODY + 0.5, f"{row.field}.done", size, size, row.text, kind="check")
        if reading is None or row.text != reading.what:
            top = ops.para(x, top, row.text, width, BOLD if row.critical else REGULAR)
        if reading is not None:
            top = _reading(ops, sheet, row, x, top - BODY + (0.0 if row.text == reading.what else 2.0), width)
        if row.depth == 0 or reading is not None:
            ops.field(sheet.width - INITIALS_W + 6, 3.0, f"{row.field}.initials", INITIALS_W - 12, 19, row.text)
    if row.time:
        time = row.time if stringWidth(row.time, REGULAR, SMALL) <= TIME_W - 4 else ""
        ops.text(sheet.width - INITIALS_W - TIME_W / 2, 5.0 + BODY, time, size=SMALL, color=GREY, kind="centre")
    if row.warning:
        top = ops.para(x, top + 1, row.warning, width, size=SMALL, label="⚠", color=ALERT)
    if reading is not None and reading.action:
        top = ops.para(x, top + 1, reading.action, width, size=SMALL, label=words["out_of_range_action"])
    return sheet.block(ops, max(top - BODY + 6.0, 25.0 if row.depth == 0 else 20.0), row=True)


def _reading(ops: Ops, sheet: _Sheet, row: rows.Row, x: float, top: float, width: float) -> float:
    """The strip "what [value box] unit  Allowed range: 0–5 °C" from `top` down; returns the next baseline.

    `what` wraps in the room the box and the range leave, so the strip stays one band; a unit or a range
    too long for the line wraps under it.
    """
    reading = row.reading
    assert reading is not None
    allowed = f"{sheet.words['allowed_range']}: {reading.allowed}" if reading.allowed else ""
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
    ops.field(at, top, f"{row.field}.value", 64, 20, reading.what)
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


def _band(sheet: _Sheet, title: str) -> Block:
    """A section's title on a shaded band; it stays on the page of the section's first row."""
    ops = Ops([Op("fill", 0, 6, w=sheet.width, h=19, color=SHADE)])
    size = fit(title, BOLD, 11, sheet.width - 12, 7)
    lines = wrap(title, BOLD, size, sheet.width - 12)
    if len(lines) > 1:  # still too long at the smallest size: a taller band
        ops[0] = Op("fill", 0, 6, w=sheet.width, h=19 + (len(lines) - 1) * size * 1.25, color=SHADE)
    for n, line in enumerate(lines):
        ops.text(6, 19.5 + n * size * 1.25, line, BOLD, size)
    return sheet.block(ops, 25.0 + (len(lines) - 1) * size * 1.25, keep=True)


def _columns(sheet: _Sheet) -> Block:
    """The column headers, repeated at the top of every page the rows run onto."""
    ops, words, w = Ops(), sheet.words, sheet.width
    done = words["done"].upper()
    ops.text(MARK_W + 9.5, 13, done, BOLD, fit(done, BOLD, 7.5, BOX_W - 2, 4), color=GREY, kind="centre")
    ops.text(MARK_W + BOX_W, 13, words["item"].upper(), BOLD, 7.5, color=GREY)
    legend = f"{rows.CRITICAL_MARK} {words['critical_legend']}"
    ops.text(w - INITIALS_W - TIME_W - 6, 13, legend, size=7.5, color=GREY, kind="right")
    for label, centre, room in (
        (words["time"], w - INITIALS_W - TIME_W / 2, TIME_W),
        (words["initials"], w - INITIALS_W / 2, INITIALS_W),
    ):
        ops.text(centre, 13, label.upper(), BOLD, fit(label.upper(), BOLD, 7.5, room - 4, 4), color=GREY, kind="centre")
    ops.line(0, 19, w, size=1.0)
    return sheet.block(ops, 20.0, keep=True)


def _notes(sheet: _Sheet) -> Block:
    """The checklist's notes under the title, and the procedures (code, revision) it draws on."""
    ops, top, width = Ops(), 8.0 + BODY, sheet.width - 16
    for paragraph in plain_paragraphs(sheet.checklist.notes or ""):
        top = ops.para(8, top, paragraph, width) + 2
    if sheet.sources:
        top = ops.para(8, top, f"{sheet.words['procedures']}: {sheet.sources}", width, size=7.5, color=GREY)
    ops.line(0, 2, 0, size=0.5, color=RULE, h=top - 12)
    return sheet.block(ops, top - 4)


def _signoff(sheet: _Sheet) -> Block:
    """A name, signature and time line for each sign-off label; name and time can be typed on a tablet."""
    ops, words, w = _band(sheet, sheet.words["signoff"]).ops, sheet.words, sheet.width
    sign_x, time_x = 150.0 + (w - 230) / 2, w - 80
    columns = [(150.0, "name", "name"), (sign_x, "signature", ""), (time_x, "time_of_day", "time"), (w + 14, "", "")]
    base = 17.0  # the writing line of the label before
    for n, label in enumerate(sheet.checklist.signoff, 1):
        lines = wrap(label, BOLD, BODY, 136)  # a long label takes more lines, never less of itself
        base += max(34.0, 12.0 * len(lines) + 16)
        for i, line in enumerate(lines):
            ops.text(6, base - 2 - 12 * (len(lines) - 1 - i), line, BOLD)
        for (left, key, suffix), (end, _, _) in itertools.pairwise(columns):
            ops.line(left, base, end - left - 14)
            ops.text(left, base + 9, words[key], size=7, color=GREY)
            if suffix:  # a signature is made by hand
                name, tip = f"{sheet.checklist.id}.signoff.{n}.{suffix}", f"{label}: {words[key]}"
                ops.field(left, base - 19, name, end - left - 14, 18, tip, kind="blank")
    return sheet.block(ops, base + 14)


def _masthead(
    manual: Manual, checklist: Checklist, words: Mapping[str, str], printed_on: datetime.date | None
) -> Masthead:
    """Business, title, shift and due time, roles; the date and the lead's name (fields on page 1)."""
    meta, shift = [], next((s for s in manual.shifts if s.id == checklist.shift), None)
    if shift:
        meta.append(f"{words['shift']}: {shift.name}" + (f" {shift.starts}–{shift.ends}" if shift.ends else ""))
    if checklist.due:
        meta.append(f"{words['due']}: {checklist.due}")
    if checklist.roles:
        names = {r.id: r.name for r in manual.roles}
        meta.append(f"{words['roles']}: {', '.join(names.get(r, r) for r in checklist.roles)}")
    printed = printed_on.isoformat() if printed_on else None
    blanks = (Blank(f"{checklist.id}.date", words["date"], printed), Blank(f"{checklist.id}.lead", words["lead_name"]))
    return Masthead(manual.name, checklist.title, meta, blanks)


def _footer(manual: Manual, checklist: Checklist, words: Mapping[str, str], printed_on: datetime.date | None) -> Footer:
    """Title, revision date, "uncontrolled", the address and its QR code, the printed date, page X of Y."""
    url = f"{manual.url.rstrip('/')}/checklists/{checklist.id}/" if manual.url else None
    revised = rows.newest_revision_date(manual, checklist)
    lines = [checklist.title + (f"   ·   {words['procedures_as_of']} {revised.isoformat()}" if revised else "")]
    lines.append(words["uncontrolled"] + (f"   ·   {url}" if url else ""))
    if printed_on:
        lines.append(f"{words['printed']} {printed_on.isoformat()}")
    return Footer(lines, words["page_of"], url)


def render_checklist_pdf(
    manual: Manual, checklist: Checklist, *, paper: str | None = None, printed_on: datetime.date | None = None
) -> bytes:
    """The checklist as a fillable PDF on letter or A4 paper (the argument, else the checklist's, else the manual's).

    Without `printed_on` the header has a blank for the date; with it, the date is printed in the header and footer.
    """
    size = paper or checklist.paper or manual.paper
    if size not in PAPER:
        raise ValueError(f"paper must be 'letter' or 'a4', not {size!r}")
    register_fonts()
    words = labels(manual.language)
    procedures = rows.source_procedures(manual, checklist)
    sources = ", ".join(f"{p.code or p.title} ({words['revision'].lower()} {p.revision})" for p in procedures)
    sheet = _Sheet(manual, checklist, words, *frame_size(size), sources)
    story: list[Any] = [_notes(sheet)] if checklist.notes or sheet.sources else []
    story += [platypus.CondPageBreak(120), SetTopFlowables([_columns(sheet)], show=True)]
    for section in rows.checklist_rows(manual, checklist):
        story.append(_band(sheet, section.title))
        for row, after in zip(section.rows, (*section.rows[1:], None), strict=True):
            block = _row(sheet, row)
            block.keepWithNext = after is not None and after.depth > row.depth  # a step and its first sub-step
            story.append(block)
    story.append(SetTopFlowables([]))
    if checklist.signoff:
        story += [platypus.Spacer(1, 6), _signoff(sheet)]
    out = io.BytesIO()
    masthead, footer = _masthead(manual, checklist, words, printed_on), _footer(manual, checklist, words, printed_on)
    FormDocument(out, size, masthead, footer, words["checklist"]).render(story)
    return out.getvalue()


def write_checklist_pdfs(
    manual: Manual,
    folder: Path,
    *,
    only: Iterable[str] | None = None,
    paper: str | None = None,
    printed_on: datetime.date | None = None,
) -> list[Path]:
    """Each checklist's PDF (or only those named) in `folder`, each written aside and renamed into place.

    `folder` is one opsmanual may write (`outputs.output_folder`); it is marked as opsmanual's.
    """
    wanted = set(only) if only is not None else None
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    mark(folder, "pdfs")
    for checklist in manual.checklists:
        if wanted is None or checklist.id in wanted:
            target = folder / f"{checklist.id}.pdf"
            write_file(target, render_checklist_pdf(manual, checklist, paper=paper, printed_on=printed_on))
            written.append(target)
    return written
