"""A checklist as a PDF: pinned up and filled in by hand, or completed on a tablet and saved.

Rows come from `checklist_rows`, so the paper matches the site. Each part of a page
is laid out once as a list of drawing operations: a row is one block that never
splits; the header and footer are drawn on every page; "Page X of Y" refers to a
form whose total is written when the document is saved, so pages are laid out once.
"""

from __future__ import annotations

import datetime
import io
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from reportlab import platypus  # type: ignore[import-untyped]
from reportlab.graphics import renderPDF  # type: ignore[import-untyped]
from reportlab.graphics.barcode.qr import QrCodeWidget  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing  # type: ignore[import-untyped]
from reportlab.lib.colors import Color, HexColor, white  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, LETTER  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfdoc  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus.flowables import SetTopFlowables  # type: ignore[import-untyped]

from opsmanual import checklist_rows as rows
from opsmanual.labels import labels
from opsmanual.model import Checklist, Manual

PAPER = {"letter": LETTER, "a4": A4}
FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "OpsManualSans", "OpsManualSans-Bold"
INK, GREY, RULE, SHADE, ALERT = (HexColor(c) for c in ("#1a1a1a", "#5c5c5c", "#b8b8b8", "#e9e9e9", "#8a1c00"))
CRITICAL_MARK = "◆"
MARGIN, HEADER_H, FOOTER_H, QR = 36.0, 68.0, 42.0, 34.0
MARK_W, BOX_W, TIME_W, INITIALS_W, INDENT = 12.0, 28.0, 46.0, 58.0, 18.0
BODY, SMALL = 10.0, 8.5


@cache
def register_fonts() -> None:
    """DejaVu Sans, shipped with the package, so Spanish, Vietnamese and the symbols print as written."""
    registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def wrap(text: str, font: str, size: float, width: float, first: float = 0.0) -> list[str]:
    """Greedy line breaking; `first` is the width a label already takes on the first line."""
    lines: list[str] = []
    current: list[str] = []
    used, space = first, stringWidth(" ", font, size)
    for word in text.split():
        w = stringWidth(word, font, size)
        if used + (space if current else 0.0) + w > width and (current or used > 0):
            lines.append(" ".join(current))
            current, used = [], 0.0
        while w > width:  # longer than a whole line: cut it
            cut = len(word) - 1
            while cut > 1 and stringWidth(word[:cut], font, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            w = stringWidth(word, font, size)
        used += (space if current else 0.0) + w
        current.append(word)
    if current or not lines:
        lines.append(" ".join(current))
    return lines


@dataclass(frozen=True)
class _Op:
    """One drawing operation, placed from the top-left of its block (`top` grows downwards).

    Kinds: text, right, centre (aligned text); line, fill; check, field (a form field in a box), blank (no box).
    """

    kind: str
    x: float
    top: float
    text: str = ""  # or a field's name
    font: str = REGULAR
    size: float = BODY  # or a line's width
    color: Color = INK
    w: float = 0.0
    h: float = 0.0
    tip: str = ""  # a field's tooltip


class _Ops(list[_Op]):
    def text(self, x: float, top: float, text: str, font: str = REGULAR, size: float = BODY, **kw: Any) -> None:
        self.append(_Op(kw.get("kind", "text"), x, top, text, font, size, kw.get("color", INK)))

    def para(self, x: float, top: float, text: str, width: float, font: str = REGULAR, **kw: Any) -> float:
        """Wrapped text from baseline `top`, led by an optional bold label; returns the next baseline."""
        label, color, size, used = kw.get("label"), kw.get("color", INK), kw.get("size", BODY), 0.0
        if label:
            self.text(x, top, label, BOLD, size, color=color)
            used = stringWidth(label + " ", BOLD, size)
        for n, line in enumerate(wrap(text, font, size, width, used)):
            self.text(x + (used if n == 0 else 0.0), top, line, font, size, color=color)
            top += size * 1.25
        return top


def _paint(canv: Any, ops: list[_Op], top: float, fields: _Fields) -> None:
    """Draw `ops` on `canv` with their block's top edge at `top`."""
    font: tuple[str, float] | None = None
    fill: Color | None = None
    for op in ops:
        y = top - op.top
        if op.kind in ("text", "right", "centre"):
            if font != (op.font, op.size):  # a block's lines mostly share a font: set it once
                font = (op.font, op.size)
                canv.setFont(*font)
            if fill is not op.color:
                fill = op.color
                canv.setFillColor(fill)
            draw = {"text": canv.drawString, "right": canv.drawRightString, "centre": canv.drawCentredString}
            draw[op.kind](op.x, y, op.text)
        elif op.kind == "line":
            canv.setStrokeColor(op.color)
            canv.setLineWidth(op.size)
            canv.line(op.x, y, op.x + op.w, y - op.h)
        elif op.kind == "fill":
            canv.setFillColor(fill := op.color)
            canv.rect(op.x, y - op.h, op.w, op.h, stroke=0, fill=1)
        else:
            if op.kind != "blank":  # the box is on the page: it prints however a viewer draws the field
                canv.setStrokeColor(INK)
                canv.setFillColor(fill := white)
                canv.setLineWidth(1.2 if op.kind == "check" else (1.0 if op.text.endswith(".value") else 0.6))
                canv.rect(op.x, y - op.h, op.w, op.h, stroke=1, fill=1)
            fields.add(op, *canv.absolutePosition(op.x, y - op.h))


class _Widget(pdfdoc.PDFObject):  # type: ignore[misc]
    """A field and its widget in one dictionary, written directly: ReportLab's AcroForm API builds six
    appearances and a dozen nested objects for every box, which made the fields most of the render time."""

    def __init__(self, entries: str, refs: Mapping[str, Any]) -> None:
        self.entries, self.refs = entries, refs

    def format(self, document: Any) -> bytes:
        refs = {key: value.format(document).decode("latin-1") for key, value in self.refs.items()}
        return f"<< {self.entries.format(**refs)} >>".encode("latin-1")


class _Fields:
    """The AcroForm fields of one document. Their boxes are drawn on the page, so a field's appearance holds only
    what is filled in: the tick, or the text a viewer (or pypdf) writes when a value is set."""

    def __init__(self, canv: Any) -> None:
        self.canv, self.form = canv, canv.acroForm
        self.form.makeFont("Helvetica")  # the font values are typed in: the form's /DA and /DR
        self.ticks: dict[float, list[Any]] = {}

    def _ticks(self, size: float) -> list[Any]:
        """A checkbox's 'Off' (nothing) and 'Yes' (a tick) appearances, shared by the boxes of its size."""
        if size not in self.ticks:
            box = pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("XObject"), "Subtype": pdfdoc.PDFName("Form")})
            box["BBox"] = pdfdoc.PDFArray([0, 0, size, size])
            s = [f"{size * f:.2f}" for f in (0.12, 0.22, 0.52, 0.42, 0.27, 0.8, 0.78)]
            tick = f"0.1 G {s[0]} w 1 J 1 j {s[1]} {s[2]} m {s[3]} {s[4]} l {s[5]} {s[6]} l S"
            streams = (pdfdoc.PDFStream(box, code) for code in ("", tick))
            self.ticks[size] = [self.canv._doc.Reference(stream) for stream in streams]
        return self.ticks[size]

    def add(self, op: _Op, x: float, y: float) -> None:
        doc = self.canv._doc
        refs = {"page": doc.thisPageRef(), "name": pdfdoc.PDFString(op.text), "tip": pdfdoc.PDFString(op.tip)}
        rect = f"[{x:.2f} {y:.2f} {x + op.w:.2f} {y + op.h:.2f}]"
        entries = f"/Type /Annot /Subtype /Widget /F 4 /P {{page}} /T {{name}} /TU {{tip}} /Rect {rect} "
        if op.kind == "check":
            refs["off"], refs["on"] = self._ticks(op.w)
            entries += "/FT /Btn /V /Off /AS /Off /MK << /CA (4) >> /AP << /N << /Yes {on} /Off {off} >> >>"
        else:
            entries += f"/FT /Tx /V () /DA (/Helv {min(11, op.h * 0.6):.0f} Tf 0 g)"
        widget = _Widget(entries, refs)
        self.canv._addAnnotation(widget)
        self.form.fields.append(doc.Reference(widget))


@dataclass(frozen=True)
class _Sheet:
    """What every part of one PDF needs: the words, the widths, the dates, the address."""

    manual: Manual
    checklist: Checklist
    words: Mapping[str, str]
    width: float  # of the frame
    frame_height: float
    printed_on: datetime.date | None
    revised: datetime.date | None
    page_url: str | None
    sources: str  # the procedures drawn on, with code and revision


class _Block(platypus.Flowable):  # type: ignore[misc]
    """A laid-out part of the page: a row, a section title, the column headers, the notes, the sign-off.

    A block never splits, unless it is taller than a whole page (a huge warning): then it is cut between lines.
    """

    def __init__(self, sheet: _Sheet, ops: _Ops, height: float, *, row: bool = False, keep: bool = False) -> None:
        super().__init__()
        self.sheet, self.ops, self.height, self.row, self.keepWithNext = sheet, ops, height, row, keep

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.sheet.width, self.height

    def split(self, aw: float, ah: float) -> list[_Block]:
        cut = max((op.top + 4 for op in self.ops if op.kind == "text" and op.top + 4 <= ah), default=0.0)
        if self.height <= self.sheet.frame_height or cut < 40:
            return []
        first, rest = _Ops(op for op in self.ops if op.top <= cut), _Ops()
        rest += (replace(op, top=op.top - cut) for op in self.ops if op.top > cut)
        return [_Block(self.sheet, first, cut, row=self.row), _Block(self.sheet, rest, self.height - cut, row=self.row)]

    def draw(self) -> None:
        canv, h, w = self.canv, self.height, self.sheet.width
        if self.row:
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(0, 0, w, 0)
            for x in (w - INITIALS_W - TIME_W, w - INITIALS_W):
                canv.line(x, 0, x, h)
        _paint(canv, self.ops, h, canv._doctemplate.fields)


def _row(sheet: _Sheet, row: rows.Row) -> _Block:
    """A step, task or decision: checkbox, text, time, initials; a reading: value box, unit, range, action."""
    ops, words, reading = _Ops(), sheet.words, row.reading
    box_x = MARK_W + row.depth * INDENT
    x, top = box_x + BOX_W, 5.0 + BODY
    width = sheet.width - box_x - BOX_W - TIME_W - INITIALS_W - 8
    if row.critical:
        ops.text(1.0, top, CRITICAL_MARK, BOLD, BODY + 1)
    if row.kind == "decision":
        top = ops.para(x, top, rows.if_clause(row.text, words["if"]), width, BOLD)
    else:
        size = 15.0 if row.depth == 0 else 12.0
        if reading is None:
            ops.append(_Op("check", box_x + 2, top - BODY + 0.5, f"{row.field}.done", w=size, h=size, tip=row.text))
        if reading is None or row.text != reading.what:
            top = ops.para(x, top, row.text, width, BOLD if row.critical else REGULAR)
        if reading is not None:
            top = _reading(ops, sheet, row, x, top - BODY + (0.0 if row.text == reading.what else 2.0), width)
        if row.depth == 0 or reading is not None:
            initials = f"{row.field}.initials"
            ops.append(_Op("field", sheet.width - INITIALS_W + 6, 3.0, initials, w=INITIALS_W - 12, h=19, tip=row.text))
    if row.time:
        ops.text(sheet.width - INITIALS_W - TIME_W / 2, 5.0 + BODY, row.time, size=SMALL, color=GREY, kind="centre")
    if row.warning:
        top = ops.para(x, top + 1, row.warning, width, size=SMALL, label="⚠", color=ALERT)
    if reading is not None and reading.action:
        top = ops.para(x, top + 1, reading.action, width, size=SMALL, label=words["out_of_range_action"])
    return _Block(sheet, ops, max(top - BODY + 6.0, 25.0 if row.depth == 0 else 20.0), row=True)


def _reading(ops: _Ops, sheet: _Sheet, row: rows.Row, x: float, top: float, width: float) -> float:
    """The strip "what [value box] unit  Allowed range: 0–5 °C" from `top` down; returns the next baseline.

    `what` wraps in the room the box and the range leave, so the strip stays one band.
    """
    reading = row.reading
    assert reading is not None
    allowed = f"{sheet.words['allowed_range']}: {reading.allowed}" if reading.allowed else ""
    unit, before = reading.unit or "", reading.unit in rows.PREFIX_UNITS
    unit_w = stringWidth(unit, BOLD, BODY) + (4 if unit else 0)
    font = BOLD if row.critical and row.text == reading.what else REGULAR
    lines = wrap(reading.what, font, BODY, max(width - 88 - unit_w - stringWidth(allowed, BOLD, 9), width / 3))
    for n, line in enumerate(lines):
        ops.text(x, top + 13.5 + n * BODY * 1.25, line, font)
    at = x + max(stringWidth(line, font, BODY) for line in lines) + 8
    if before:
        ops.text(at, top + 13.5, unit, BOLD)
        at += unit_w
    ops.append(_Op("field", at, top, f"{row.field}.value", w=64, h=20, tip=reading.what))
    at += 68
    if not before:
        ops.text(at, top + 13.5, unit, BOLD)
        at += unit_w
    ops.text(at + 6, top + 13.5, allowed, BOLD, 9)
    return top + max(20, 3.5 + len(lines) * BODY * 1.25) + BODY + 4


def _band(sheet: _Sheet, title: str) -> _Block:
    """A section's title on a shaded band; it stays on the page of the section's first row."""
    ops = _Ops([_Op("fill", 0, 6, w=sheet.width, h=19, color=SHADE)])
    ops.text(6, 19.5, title, BOLD, 11)
    return _Block(sheet, ops, 25.0, keep=True)


def _columns(sheet: _Sheet) -> _Block:
    """The column headers, repeated at the top of every page the rows run onto."""
    ops, words, w = _Ops(), sheet.words, sheet.width
    done = words["done"].upper()
    fit = min(7.5, 7.5 * (BOX_W - 2) / stringWidth(done, BOLD, 7.5))
    ops.text(MARK_W + 9.5, 13, done, BOLD, fit, color=GREY, kind="centre")
    ops.text(MARK_W + BOX_W, 13, words["item"].upper(), BOLD, 7.5, color=GREY)
    legend = f"{CRITICAL_MARK} {words['critical_legend']}"
    ops.text(w - INITIALS_W - TIME_W - 6, 13, legend, size=7.5, color=GREY, kind="right")
    ops.text(w - INITIALS_W - TIME_W / 2, 13, words["time"].upper(), BOLD, 7.5, color=GREY, kind="centre")
    ops.text(w - INITIALS_W / 2, 13, words["initials"].upper(), BOLD, 7.5, color=GREY, kind="centre")
    ops.append(_Op("line", 0, 19, size=1.0, w=w))
    return _Block(sheet, ops, 20.0, keep=True)


def _notes(sheet: _Sheet) -> _Block:
    """The checklist's notes under the title, and the procedures (code, revision) it draws on."""
    ops, top, width = _Ops(), 8.0 + BODY, sheet.width - 16
    for paragraph in rows.plain_paragraphs(sheet.checklist.notes or ""):
        top = ops.para(8, top, paragraph, width) + 2
    if sheet.sources:
        top = ops.para(8, top, f"{sheet.words['procedures']}: {sheet.sources}", width, size=7.5, color=GREY)
    ops.append(_Op("line", 0, 2, size=0.5, color=RULE, h=top - 12))
    return _Block(sheet, ops, top - 4)


def _signoff(sheet: _Sheet) -> _Block:
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
            ops.append(_Op("line", left, base, size=0.8, w=end - left - 14))
            ops.text(left, base + 9, words[key], size=7, color=GREY)
            if suffix:  # a signature is made by hand
                name, tip = f"{sheet.checklist.id}.signoff.{n}.{suffix}", f"{label}: {words[key]}"
                ops.append(_Op("blank", left, base - 19, name, w=end - left - 14, h=18, tip=tip))
    return _Block(sheet, ops, base + 14)


class _Canvas(Canvas):  # type: ignore[misc]
    """Writes the page total into the form every footer refers to, once all pages exist."""

    suffix = ""  # what follows the total: "Page {page} of {pages}" has nothing after it

    def save(self) -> None:
        self.beginForm("page-total")
        self.setFont(BOLD, 9)
        self.setFillColor(INK)
        self.drawString(0, 0, f"{self.getPageNumber() - 1}{self.suffix}")
        self.endForm()
        super().save()


class _Document(platypus.BaseDocTemplate):  # type: ignore[misc]
    """One page template; the header and the footer of every page drawn on the canvas."""

    fields: _Fields  # made with the canvas, when the document begins

    def __init__(self, out: io.BytesIO, sheet: _Sheet, page: tuple[float, float]) -> None:
        self.sheet = sheet
        super().__init__(out, pagesize=page, title=sheet.checklist.title, author=sheet.manual.name, invariant=True)
        self.leftMargin = self.rightMargin = MARGIN
        self.topMargin, self.bottomMargin = MARGIN + HEADER_H, MARGIN + FOOTER_H
        self._calc()
        frame = platypus.Frame(MARGIN, self.bottomMargin, sheet.width, sheet.frame_height, 0, 0, 0, 0, id="rows")
        self.addPageTemplates([platypus.PageTemplate(id="sheet", frames=[frame])])

    def beforeDocument(self) -> None:
        self.fields = _Fields(self.canv)
        self.canv.suffix = self.sheet.words["page_of"].split("{pages}", 1)[1]
        self.canv.setSubject(self.sheet.words["checklist"])
        self.canv.setCreator("opsmanual")

    def beforePage(self) -> None:
        self.canv.saveState()
        _paint(self.canv, self.header(), self.pagesize[1] - MARGIN, self.fields)
        self.footer(self.canv)
        self.canv.restoreState()

    def header(self) -> _Ops:
        """Business, title, shift and due time; the date and the lead's name (fields on page 1)."""
        sheet, words, ops = self.sheet, self.sheet.words, _Ops()
        checklist, right = sheet.checklist, self.pagesize[0] - MARGIN
        ops.text(MARGIN, 8, sheet.manual.name, BOLD, 9, color=GREY)
        size, title_w = 16.0, right - MARGIN - 230
        while size > 11 and stringWidth(checklist.title, BOLD, size) > title_w:
            size -= 0.5
        title = wrap(checklist.title, BOLD, size, title_w)
        for n, line in enumerate(title[:2]):  # the footer carries the whole title
            ops.text(MARGIN, 27 + n * (size + 2), line + ("…" if n == 1 and len(title) > 2 else ""), BOLD, size)
        meta, shift = [], next((s for s in sheet.manual.shifts if s.id == checklist.shift), None)
        if shift:
            meta.append(f"{words['shift']}: {shift.name}" + (f" {shift.starts}–{shift.ends}" if shift.ends else ""))
        if checklist.due:
            meta.append(f"{words['due']}: {checklist.due}")
        if checklist.roles:
            names = {r.id: r.name for r in sheet.manual.roles}
            meta.append(f"{words['roles']}: {', '.join(names.get(r, r) for r in checklist.roles)}")
        while len(meta) > 1 and stringWidth("   ·   ".join(meta), REGULAR, 9.5) > right - MARGIN - 160:
            meta.pop()  # the roles first: the line must not run under the lead's name
        ops.text(MARGIN, HEADER_H - 12, "   ·   ".join(meta), size=9.5)
        printed = sheet.printed_on.isoformat() if sheet.printed_on else None
        for n, (key, label, value) in enumerate((("date", words["date"], printed), ("lead", words["lead_name"], None))):
            top = 20 + n * 26
            ops.text(right - 150, top, label, BOLD, 9, kind="right")
            if value:
                ops.text(right - 142, top, value, size=11)
                continue
            ops.append(_Op("line", right - 142, top + 3, size=0.8, w=142))
            if self.page == 1:
                ops.append(_Op("blank", right - 142, top - 15, f"{checklist.id}.{key}", w=142, h=17, tip=label))
        ops.append(_Op("line", MARGIN, HEADER_H - 4, size=1.5, w=right - MARGIN))
        return ops

    def footer(self, canv: Any) -> None:
        """Title, revision date, "uncontrolled", the address and its QR code, the printed date, page X of Y."""
        sheet, words, right, x = self.sheet, self.sheet.words, self.pagesize[0] - MARGIN, MARGIN
        ops = _Ops([_Op("line", MARGIN, -12, size=0.6, color=RULE, w=right - MARGIN)])
        if sheet.page_url:
            if not canv.hasForm("qr"):  # drawn once, shown on every page
                canv.beginForm("qr", 0, 0, QR, QR)
                drawing = Drawing(QR, QR)
                drawing.add(QrCodeWidget(sheet.page_url, barWidth=QR, barHeight=QR, barBorder=0, barLevel="M"))
                renderPDF.draw(drawing, canv, 0, 0)
                canv.endForm()
            canv.saveState()
            canv.translate(x, MARGIN)
            canv.doForm("qr")
            canv.restoreState()
            x += QR + 8
        lines = [sheet.checklist.title]
        if sheet.revised:
            lines[0] += f"   ·   {words['procedures_as_of']} {sheet.revised.isoformat()}"
        lines.append(words["uncontrolled"] + (f"   ·   {sheet.page_url}" if sheet.page_url else ""))
        if sheet.printed_on:
            lines.append(f"{words['printed']} {sheet.printed_on.isoformat()}")
        for n, line in enumerate(lines):
            ops.text(x, n * 10, line, BOLD if n == 0 else REGULAR, 7.5, color=GREY)
        before = words["page_of"].split("{pages}", 1)[0].format(page=self.page)
        at = right - stringWidth(before + "00", BOLD, 9)
        ops.text(at, 0, before, BOLD, 9)
        _paint(canv, ops, MARGIN + 26, self.fields)
        canv.saveState()
        canv.translate(at + stringWidth(before, BOLD, 9), MARGIN + 26)
        canv.doForm("page-total")
        canv.restoreState()


def _sheet(manual: Manual, checklist: Checklist, page: tuple[float, float], printed_on: datetime.date | None) -> _Sheet:
    words = labels(manual.language)
    procedures = rows.source_procedures(manual, checklist)
    sources = ", ".join(f"{p.code or p.title} ({words['revision'].lower()} {p.revision})" for p in procedures)
    url = f"{manual.url.rstrip('/')}/checklists/{checklist.id}/" if manual.url else None
    width, height = page[0] - 2 * MARGIN, page[1] - 2 * MARGIN - HEADER_H - FOOTER_H
    revised = rows.newest_revision_date(manual, checklist)
    return _Sheet(manual, checklist, words, width, height, printed_on, revised, url, sources)


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
    sheet = _sheet(manual, checklist, PAPER[size], printed_on)
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
    _Document(out, sheet, PAPER[size]).build(story, canvasmaker=_Canvas)
    return out.getvalue()
