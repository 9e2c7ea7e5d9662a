"""The records report as a PDF an owner hands an inspector: the manual, the period, page X of Y, generated on.

The page comes from the PDF toolkit (render/pdf); the tables are ReportLab's, with their
header on every page; the charts and calendars are ReportLab graphics, vector on paper.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab import platypus  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String  # type: ignore[import-untyped]
from reportlab.lib.colors import HexColor  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

from opsmanual.records.charts import HEIGHT, LEFT, STATES, WIDTH, chart, month_grid
from opsmanual.records.report import RecordsReport, Series, series
from opsmanual.records.report_formats import limits_text, value_text
from opsmanual.render.pdf.fonts import BOLD, REGULAR, register_fonts
from opsmanual.render.pdf.page import Footer, FormDocument, Masthead, frame_size

TEXT = ParagraphStyle("text", fontName=REGULAR, fontSize=9, leading=11.5)
HEAD = ParagraphStyle("head", fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4, keepWithNext=1)
CELL = ParagraphStyle("cell", fontName=REGULAR, fontSize=7.5, leading=9)


def _drawing(reading: Series, width: float) -> Drawing:
    shape, scale = chart(reading), width / WIDTH
    drawing = Drawing(width, HEIGHT * scale + 14)

    def y(top: float) -> float:  # SVG's y grows down, ReportLab's up
        return (HEIGHT - top) * scale

    drawing.add(String(0, HEIGHT * scale + 4, shape.title, fontName=BOLD, fontSize=9))
    if shape.band is not None:
        top, bottom = shape.band
        drawing.add(
            Rect(
                LEFT * scale,
                y(bottom),
                (WIDTH - LEFT - 12) * scale,
                (bottom - top) * scale,
                fillColor=HexColor("#e8f5e9"),
                strokeColor=None,
            )
        )
    for top, label in shape.ticks:
        drawing.add(Line(LEFT * scale, y(top), (WIDTH - 12) * scale, y(top), strokeColor=HexColor("#dddddd")))
        drawing.add(String(LEFT * scale - 3, y(top) - 3, label, fontName=REGULAR, fontSize=7, textAnchor="end"))
    drawing.add(
        PolyLine(
            [c for x, t, _ in shape.points for c in (x * scale, y(t))], strokeColor=HexColor("#546e7a"), strokeWidth=0.8
        )
    )
    for x, top, ok in shape.points:
        if ok:
            drawing.add(Circle(x * scale, y(top), 1.6, fillColor=HexColor("#37474f"), strokeColor=None))
        else:
            drawing.add(Circle(x * scale, y(top), 3.4, fillColor=HexColor("#c62828"), strokeColor=None))
            drawing.add(Line(x * scale - 2, y(top) - 2, x * scale + 2, y(top) + 2, strokeColor=HexColor("#ffffff")))
            drawing.add(Line(x * scale - 2, y(top) + 2, x * scale + 2, y(top) - 2, strokeColor=HexColor("#ffffff")))
    drawing.add(String(LEFT * scale, 2, shape.first, fontName=REGULAR, fontSize=7))
    drawing.add(String((WIDTH - 12) * scale, 2, shape.last, fontName=REGULAR, fontSize=7, textAnchor="end"))
    return drawing


CELL_SIZE = 15.0
WEEKDAYS = ("M", "T", "W", "T", "F", "S", "S")


def _month(name: str, weeks: list[list[tuple[int, str]]]) -> Drawing:
    """One month of a checklist's calendar: a box a day, with its mark."""
    size, rows = CELL_SIZE, len(weeks) + 1
    drawing = Drawing(7 * size + 4, rows * size + 12)
    drawing.add(String(0, rows * size + 3, name, fontName=BOLD, fontSize=7.5))
    for d, letter in enumerate(WEEKDAYS):
        drawing.add(
            String(
                d * size + size / 2,
                (rows - 1) * size + 4,
                letter,
                fontName=REGULAR,
                fontSize=6.5,
                textAnchor="middle",
                fillColor=HexColor("#666666"),
            )
        )
    for n, week in enumerate(weeks):
        for d, (day, state) in enumerate(week):
            if not day:
                continue
            x, y = d * size, (rows - 2 - n) * size
            drawing.add(Rect(x, y, size - 1, size - 1, fillColor=HexColor("#ffffff"), strokeColor=HexColor("#cccccc")))
            drawing.add(String(x + 1.5, y + size - 6.5, str(day), fontName=REGULAR, fontSize=5))
            if state in STATES:
                mark, colour = STATES[state]
                drawing.add(
                    String(
                        x + size / 2 + 2,
                        y + 1.5,
                        mark,
                        fontName=BOLD,
                        fontSize=8,
                        fillColor=HexColor(colour),
                        textAnchor="middle",
                    )
                )
    return drawing


def _grid(cells: list[Any], across: int, width: float) -> Any:
    lines = [cells[n : n + across] for n in range(0, len(cells), across)]
    lines[-1] += [""] * (across - len(lines[-1]))
    grid = platypus.Table(lines, colWidths=[width / across] * across, hAlign="LEFT")
    grid.setStyle(platypus.TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return grid


def _calendars(report: RecordsReport, width: float) -> list[Any]:
    """Each checklist's months under its name: side by side for one month, a checklist to a line for more."""
    across = max(1, int(width // (7 * CELL_SIZE + 16)))
    name = ParagraphStyle("calendar", parent=TEXT, fontName=BOLD, fontSize=8, leading=10)
    blocks = []
    for calendar in report.calendars:
        if calendar.days:
            months = [_month(month, weeks) for month, weeks in month_grid(calendar.days, report.since, report.until)]
            blocks.append((platypus.Paragraph(escape(calendar.title), name), months))
    if all(len(months) == 1 for _, months in blocks):
        cells = [platypus.Table([[title], [months[0]]], hAlign="LEFT") for title, months in blocks]
        return [_grid(cells, across, width)] if cells else []
    return [platypus.KeepTogether([title, _grid(months, across, width)]) for title, months in blocks]


def _widths(width: float, fixed: list[float | None]) -> list[float]:
    """Column widths: the fixed ones as given, the others sharing what is left of the page's width."""
    free = (width - sum(w for w in fixed if w is not None)) / sum(w is None for w in fixed)
    return [free if w is None else w for w in fixed]


CHUNK = 40  # rows a table holds: a long log is many short tables, each laid out once (ReportLab re-lays a split one)


def _table(head: list[str], rows: list[list[str]], widths: list[float]) -> list[Any]:
    """Tables of the rows, each with the header; a cell is wrapped only when its text would not fit."""
    fits = [w - 6 for w in widths]
    header = [platypus.Paragraph(f"<b>{escape(h)}</b>", CELL) for h in head]
    style = platypus.TableStyle(
        [
            ("FONT", (0, 1), (-1, -1), REGULAR, CELL.fontSize, CELL.leading),
            ("GRID", (0, 0), (-1, -1), 0.4, HexColor("#bbbbbb")),
            ("BACKGROUND", (0, 0), (-1, 0), HexColor("#eeeeee")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )

    def cell(text: str, fit: float) -> Any:
        return text if stringWidth(text, REGULAR, CELL.fontSize) <= fit else platypus.Paragraph(escape(text), CELL)

    tables = []
    for start in range(0, max(len(rows), 1), CHUNK):
        data = [header] + [[cell(c, f) for c, f in zip(row, fits, strict=True)] for row in rows[start : start + CHUNK]]
        table = platypus.Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(style)
        tables.append(table)
    return tables


def as_pdf(report: RecordsReport) -> bytes:
    register_fonts()
    width, _ = frame_size(report.paper, landscape=False)
    period = f"{report.since.isoformat()} to {report.until.isoformat()}"
    story: list[Any] = [
        platypus.Paragraph(
            escape(
                f"{len(report.runs)} runs, {len(report.readings)} readings ({report.out_of_range} out of range), "
                f"{len(report.gaps)} gaps and flags."
            ),
            TEXT,
        ),
        platypus.Paragraph("Gaps and flags", HEAD),
    ]
    story += [
        platypus.Paragraph(f"<b>{g.day}</b>  {escape(g.kind)}: {escape(g.message)}", TEXT) for g in report.gaps
    ] or [platypus.Paragraph("None.", TEXT)]
    story.append(platypus.Paragraph("Readings over time (the allowed range shaded; out of range: red, crossed)", HEAD))
    story += [item for s in series(report.readings) for item in (_drawing(s, width), platypus.Spacer(1, 6))]
    story.append(platypus.Paragraph("Checklists by day (✓ done, ! done with flags, ✗ missing)", HEAD))
    story += _calendars(report, width)
    story.append(platypus.Paragraph("Runs", HEAD))
    runs = [
        [
            r.day,
            r.title,
            str(r.id),
            str(r.revision),
            ", ".join(r.signed_by) or "not signed",
            r.verified_by or "not verified",
        ]
        for r in report.runs
    ]
    story.extend(
        _table(
            ["Day", "Checklist", "Run", "Rev.", "Signed by", "Verified by"],
            runs,
            _widths(width, [54, None, 30, 30, None, 100]),
        )
    )
    story.append(platypus.Paragraph("Readings", HEAD))
    readings = [
        [
            r.day,
            r.time or "",
            r.label,
            value_text(r),
            limits_text(r),
            "OUT" if r.in_range is False else "",
            r.initials or "",
            (r.action or "") + (f" (corrected by {r.corrected})" if r.corrected else ""),
        ]
        for r in report.readings
    ]
    story.extend(
        _table(
            ["Day", "Time", "Reading", "Value", "Limits", "", "Init.", "Action taken"],
            readings,
            _widths(width, [54, 30, None, 52, 70, 28, 30, None]),
        )
    )
    if report.eligible:
        story.append(platypus.Paragraph(f"Older than {escape(report.keep or '')}", HEAD))
        story.append(
            platypus.Paragraph(
                f"{len(report.eligible)} runs are older than the manual keeps records for; they may be removed, "
                "and opsmanual never removes them itself.",
                TEXT,
            )
        )
    out = io.BytesIO()
    head = Masthead(report.manual, "Records report", [period])
    foot = Footer(
        [f"Records of {report.manual}   ·   {period}", f"Generated on {report.generated}"], "Page {page} of {pages}"
    )
    FormDocument(out, report.paper, head, foot, "Records report").render(story)
    return out.getvalue()
