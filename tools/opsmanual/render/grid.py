"""A checklist as a grid: a column per day (a diary week, `layout: week`) or per repetition (an `every` below a day).

The items are rows, as on any sheet; each cell is the item's box for that day or time: a tick,
a value, a yes/no choice or a note. A week sheet ends with a note per day ("what went wrong,
and what you did") and each column with the initials of whoever did it. Field names:
`<row>.<column>.done`, `.value` or `.text`, and `<column>.note` and `<column>.initials`, where
a column is a weekday (`monday`) or a time (`at-1400`).
"""

from __future__ import annotations

from typing import Any

from reportlab import platypus  # type: ignore[import-untyped]
from reportlab.platypus.flowables import SetTopFlowables  # type: ignore[import-untyped]

from opsmanual import forms
from opsmanual.i18n import weekday_display, weekdays
from opsmanual.model import Checklist, Manual
from opsmanual.render import rows
from opsmanual.render.pdf.draw import ALERT, BODY, GREY, SMALL, Block, Ops
from opsmanual.render.pdf.fonts import BOLD, REGULAR
from opsmanual.render.pdf.text import clip, fit
from opsmanual.render.sheet import Sheet, band, signoff, verification
from opsmanual.schedule import repetitions

Column = tuple[str, str]  # (its id in field names, its heading)
MARK_W = 12.0


def grid_columns(manual: Manual, checklist: Checklist) -> list[Column]:
    """The grid's columns, or [] when the checklist is laid out as rows."""
    schedule = checklist.schedule
    if checklist.layout == "week":
        days = schedule.weekdays if schedule is not None and schedule.weekdays else tuple(range(7))
        names, shown = weekdays("en"), weekday_display(manual.language)
        return [(names[d], shown[d]) for d in days]
    if schedule is not None and schedule.within_a_day:
        times = repetitions(schedule.every.seconds, manual.shifts_by_id.get(checklist.shift or ""))
        return [(f"at-{t.replace(':', '')}", t) for t in times]
    return []


class _Grid:
    def __init__(self, sheet: Sheet, columns: list[Column]) -> None:
        self.sheet, self.columns = sheet, columns
        self.text_w = max(sheet.width * (0.30 if len(columns) > 5 else 0.38), 150.0)
        self.cell_w = (sheet.width - self.text_w) / max(len(columns), 1)
        self.rules = tuple(self.text_w + n * self.cell_w for n in range(len(columns)))

    def block(self, ops: Ops, height: float, keep: bool = False) -> Block:
        return Block(self.sheet.width, self.sheet.frame_height, ops, height, ruled=True, columns=self.rules, keep=keep)

    def header(self) -> Block:
        ops, words = Ops(), self.sheet.words
        ops.text(MARK_W, 13, words["item"].upper(), BOLD, 7.5, color=GREY)
        for n, (_, heading) in enumerate(self.columns):
            centre = self.text_w + (n + 0.5) * self.cell_w
            ops.text(centre, 13, heading, BOLD, fit(heading, BOLD, 8.5, self.cell_w - 4, 5), color=GREY, kind="centre")
        ops.line(0, 19, self.sheet.width, size=1.0)
        return Block(self.sheet.width, self.sheet.frame_height, ops, 20.0, keep=True)

    def row(self, row: rows.Row) -> Block:
        ops, words, reading = Ops(), self.sheet.words, row.reading
        x, top = MARK_W + row.depth * 10, 5.0 + BODY
        width = self.text_w - x - 6
        if row.critical:
            ops.text(1.0, top, rows.CRITICAL_MARK, BOLD, BODY + 1)
        text = rows.if_clause(row.text, words["if"]) if row.kind == "decision" else row.text
        top = ops.para(x, top, text, width, BOLD if row.kind in ("decision", "note") or row.critical else REGULAR)
        if reading is not None and reading.answer is None and reading.allowed:
            shown = (
                f"{words['aim']}: {reading.aim} · {words['limit']}: {reading.allowed}"
                if reading.aim
                else reading.allowed
            )
            top = ops.para(x, top, shown, width, size=SMALL, color=GREY)
        if reading is not None and reading.answer is not None:
            top = ops.para(x, top, f"{words['expected']}: {words['answer_' + reading.answer]}", width, size=SMALL)
        if row.warning:
            top = ops.para(x, top + 1, row.warning, width, size=SMALL, label="⚠", color=ALERT)
        if reading is not None and reading.action:
            label = words["out_of_range_action"]
            if reading.answer is not None:
                label = words["if_other_answer"].format(answer=words["answer_" + reading.answer].lower())
            top = ops.para(x, top + 1, reading.action, width, size=SMALL, label=label)
        height = max(top - BODY + 6.0, 24.0)
        if row.kind == "note":
            height = max(height, 12.0 * row.lines + 8)
        if row.kind != "decision":
            for n, (column, heading) in enumerate(self.columns):
                self.cell(ops, row, n, column, heading, height)
        return self.block(ops, height)

    def cell(self, ops: Ops, row: rows.Row, n: int, column: str, heading: str, height: float) -> None:
        left, w, reading = self.text_w + n * self.cell_w, self.cell_w, row.reading
        tip = f"{row.text} ({heading})"
        if row.kind == "note":
            ops.field(left + 2, 3, forms.grid_cell(row.key, column, "text"), w - 4, height - 6, tip, kind="area")
        elif reading is not None and reading.answer is not None:
            for k, answer in enumerate(("yes", "no")):
                label = self.sheet.words[f"answer_{answer}"]
                at = left + w / 2 - 20 + k * 22
                name = forms.grid_cell(row.key, column, "value")
                ops.field(at, 6, name, 10, 10, f"{tip}: {label}", kind="radio", value=answer)
                ops.text(at + 12, 15, label[:1], size=7)
        elif reading is not None:
            ops.field(left + 3, 3, forms.grid_cell(row.key, column, "value"), w - 6, min(18.0, height - 6), tip)
        else:
            size = min(13.0, w - 8)
            ops.field(left + (w - size) / 2, 5, forms.grid_cell(row.key, column, "done"), size, size, tip, kind="check")

    def closing_rows(self, week: bool) -> list[Block]:
        words, found = self.sheet.words, []
        if week:
            ops = Ops()
            ops.para(MARK_W, 5 + BODY, words["what_went_wrong"], self.text_w - MARK_W - 6, BOLD)
            for n, (column, heading) in enumerate(self.columns):
                left = self.text_w + n * self.cell_w
                tip = f"{words['what_went_wrong']} ({heading})"
                ops.field(left + 2, 3, forms.column_note(column), self.cell_w - 4, 66, tip, kind="area")
            found.append(self.block(ops, 72.0))
        ops = Ops()
        ops.text(MARK_W, 5 + BODY, words["initials"], BOLD)
        for n, (column, heading) in enumerate(self.columns):
            left = self.text_w + n * self.cell_w
            tip = f"{words['initials']} ({heading})"
            ops.field(left + 3, 3, forms.column_initials(column), self.cell_w - 6, 18, tip)
        found.append(self.block(ops, 24.0))
        return found


def grid_story(sheet: Sheet, columns: list[Column], sections: tuple[rows.SectionRows, ...], notes: Block) -> list[Any]:
    grid, checklist = _Grid(sheet, columns), sheet.checklist
    header = grid.header()
    story: list[Any] = [notes] if checklist.notes or sheet.sources else []
    story += [platypus.CondPageBreak(120), SetTopFlowables([header], show=True)]
    for section in sections:
        continued = band(sheet, clip(f"{section.title} ({sheet.words['continued']})", BOLD, 11, sheet.width))
        story += [SetTopFlowables([header]), band(sheet, section.title), SetTopFlowables([header, continued])]
        for row, after in zip(section.rows, (*section.rows[1:], None), strict=True):
            block = grid.row(row)
            block.keepWithNext = after is not None and after.depth > row.depth
            story.append(block)
    story += [SetTopFlowables([header]), *grid.closing_rows(checklist.layout == "week"), SetTopFlowables([])]
    if checklist.signoff:
        story += [platypus.Spacer(1, 6), signoff(sheet)]
    story += [platypus.Spacer(1, 6), verification(sheet)]
    return story
