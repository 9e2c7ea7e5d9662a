"""A checklist as plain rows: what every renderer of a checklist (the PDF, the site's twin page) prints.

The rows are computed once from the checked model, so the paper form and the page
in the site can never disagree about which steps a checklist holds, in what order,
or under which form-field names.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from opsmanual.markdown import plain_text
from opsmanual.model import Checklist, Log, Manual, Procedure, Record, Step

RowKind = Literal["action", "decision", "task", "reading", "note", "log"]
PREFIX_UNITS = frozenset(("$", "US$", "£", "€", "¥"))  # written before the number: $200
CRITICAL_MARK = "◆"  # the same mark, with its legend, on paper and on the site


@dataclass(frozen=True)
class Reading:
    """A value to write down, with the range it must fall in and what to do when it does not.

    Temperatures are in the unit the manual prints (`temperature`), converted from the one written;
    a yes/no check has an `answer` (the expected one) and no range.
    """

    what: str
    unit: str | None
    min: float | None
    max: float | None
    allowed: str  # the range as printed: "0–5 °C", "≤ −18 °C (≤ 0 °F)", "≥ 82 °C"
    action: str | None  # the corrective action, plain text
    aim: str = ""  # the target inside the limits, as printed: "≤ 5 °C"
    answer: str | None = None  # "yes" or "no": the expected answer of a yes/no check


@dataclass(frozen=True)
class DueBy:
    """A step due within a time after an earlier one: the sheet prints a "due by" blank."""

    after: str  # the earlier step's short text
    within: str  # "2 h"


@dataclass(frozen=True)
class Row:
    """One line of a checklist: a step to tick, a decision, a task, a reading, a note or a log table.

    `key` is a stable, unique stem for the form's fields, made from ids and words, never from positions
    where an id exists: `check-cooler-and-freezer.read-cooler`, `task.restock-napkins`, `note.any-problems`;
    `depth` is 0 for items and top-level steps, one more for each level of sub-steps or branch.
    """

    kind: RowKind
    text: str
    key: str
    depth: int = 0
    critical: bool = False
    warning: str | None = None
    time: str | None = None
    reading: Reading | None = None
    procedure: str | None = None  # the id of the procedure the row comes from
    step: str | None = None  # the step's id in that procedure, when it has one
    due: DueBy | None = None
    lines: int = 0  # a note's box, in lines
    log: Log | None = None
    second: str | None = None  # on a bilingual sheet: the text in the second language, printed under it

    @property
    def field(self) -> str:
        return self.key


@dataclass(frozen=True)
class SectionRows:
    title: str
    rows: tuple[Row, ...]


def field_slug(text: str, longest: int = 40) -> str:
    """Words as a field name: "Any problems? What did you do?" -> "any-problems-what-did-you-do"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() else " " for c in plain.lower()).split()
    slug: list[str] = []
    used = 0
    for word in words:
        if used + len(word) > longest and slug:
            break
        slug.append(word)
        used += len(word) + 1
    return "-".join(slug)


# Numbers and ranges


def _number(value: float) -> str:
    text = f"{value:g}" if value != int(value) or abs(value) >= 1e15 else str(int(value))
    return text.replace("-", "−")  # a true minus sign: a hyphen reads as a dash on paper


def _amount(value: float, unit: str | None) -> str:
    if not unit:
        return _number(value)
    if unit in PREFIX_UNITS:
        sign, digits = ("−", _number(-value)) if value < 0 else ("", _number(value))
        return f"{sign}{unit}{digits}"
    return f"{_number(value)} {unit}"


def format_range(low: float | None, high: float | None, unit: str | None) -> str:
    """The allowed range as printed: "0–5 °C", "−$5 – $5", "≤ −18 °C", "≥ 82 °C", "$200" (min = max)."""
    if low is not None and high is not None:
        if low == high:
            return _amount(low, unit)
        if unit in PREFIX_UNITS or low < 0 or high < 0:
            return f"{_amount(low, unit)} – {_amount(high, unit)}"
        return f"{_number(low)}–{_amount(high, unit)}"
    if high is not None:
        return f"≤ {_amount(high, unit)}"
    if low is not None:
        return f"≥ {_amount(low, unit)}"
    return ""


_CELSIUS, _FAHRENHEIT = ("°C", "ºC", "℃"), ("°F", "ºF", "℉")


def _converted(value: float | None, to: str) -> float | None:
    if value is None:
        return None
    if to == "°F":
        return float(round(value * 9 / 5 + 32))
    return round((value - 32) * 5 / 9, 1)


def temperatures(
    low: float | None, high: float | None, unit: str | None, printed: str | None
) -> Iterator[tuple[float | None, float | None, str | None]]:
    """The range in the unit the manual prints (`temperature: C|F|both`), then, for `both`, in the other."""
    celsius, fahrenheit = unit in _CELSIUS, unit in _FAHRENHEIT
    if not (celsius or fahrenheit) or printed is None:
        yield low, high, unit
        return
    other = "°F" if celsius else "°C"
    if printed == "both" or (printed == "C") == celsius:
        yield low, high, "°C" if celsius else "°F"
        if printed == "both":
            yield _converted(low, other), _converted(high, other), other
        return
    yield _converted(low, other), _converted(high, other), other


def range_text(low: float | None, high: float | None, unit: str | None, printed: str | None) -> str:
    """A range as printed in the manual's temperature unit, the other in brackets for `both`: "0–5 °C (32–41 °F)"."""
    shown = [format_range(lo, hi, u) for lo, hi, u in temperatures(low, high, unit, printed)]
    return shown[0] + (f" ({shown[1]})" if len(shown) > 1 and shown[0] else "")


def reading_of(record: Record, printed: str | None = None) -> Reading:
    """A record as printed; `printed` is the manual's `temperature` (C, F, both or None: as written)."""
    action = plain_text(record.if_out_of_range) if record.if_out_of_range else None
    if record.answer is not None:
        return Reading(record.what, None, None, None, "", action, answer=record.answer)
    low, high, unit = next(temperatures(record.min, record.max, record.unit, printed))
    aim = ""
    if record.target is not None:
        aim = range_text(record.target.min, record.target.max, record.unit, printed)
    return Reading(record.what, unit, low, high, range_text(record.min, record.max, record.unit, printed), action, aim)


def if_clause(condition: str, word: str) -> str:
    """A decision as printed: "Either reading was out of range" -> "If either reading was out of range:".

    The condition's first letter is lowered when it reads as the start of a sentence
    ("Either", not "GFCI" or "I"); a proper name at the very start would be lowered too.
    """
    first = condition.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        condition = condition[0].lower() + condition[1:]
    return f"{word} {condition.rstrip(':')}:"


# Rows


def _step_text(step: Step) -> str:
    if step.check:
        return step.check
    return plain_text(step.do or "")


def _texts_by_id(steps: tuple[Step, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for step in steps:
        if step.id:
            found[step.id] = step.condition or _step_text(step)
        found.update(_texts_by_id(step.steps + step.then))
    return found


class _Sheet:
    """What turning a checklist into rows needs to know besides the item at hand."""

    def __init__(self, manual: Manual) -> None:
        self.manual, self.printed = manual, manual.temperature

    def step_rows(self, step: Step, key: str, depth: int, procedure: Procedure) -> Iterator[Row]:
        warning = plain_text(step.warning) if step.warning else None
        if step.is_decision:
            yield Row(
                "decision",
                step.condition or "",
                key,
                depth,
                step.critical,
                warning,
                procedure=procedure.id,
                step=step.id,
            )
            children = step.then
        else:
            reading = reading_of(step.record, self.printed) if step.record else None
            due = None
            if step.due is not None:
                due = DueBy(_texts_by_id(procedure.steps).get(step.due.after, step.due.after), step.due.within.text)
            yield Row(
                "reading" if reading else "action",
                _step_text(step),
                key,
                depth,
                step.critical,
                warning,
                step.time.text if step.time else None,
                reading,
                procedure.id,
                step.id,
                due,
            )
            children = step.steps
        for index, child in enumerate(children, 1):
            # Step ids are unique in their procedure at every level: an id alone names a sub-step.
            child_key = f"{procedure.id}.{child.id}" if child.id else f"{key}.{index}"
            yield from self.step_rows(child, child_key, depth + 1, procedure)

    def item_rows(self, checklist: Checklist, section: int, item: int) -> Iterator[Row]:
        entry = checklist.sections[section - 1].items[item - 1]
        where = f"s{section}-i{item}"  # only when the words give no name (no letters a field name can use)
        if entry.task is not None:
            yield Row("task", entry.task, f"task.{field_slug(entry.task) or where}")
        elif entry.record is not None:
            reading = reading_of(entry.record, self.printed)
            yield Row("reading", entry.record.what, f"record.{field_slug(entry.record.what) or where}", reading=reading)
        elif entry.note is not None:
            yield Row("note", entry.note, f"note.{field_slug(entry.note) or where}", lines=entry.lines)
        elif entry.log is not None:
            yield Row("log", entry.log.title, f"log.{field_slug(entry.log.title) or where}", log=entry.log)
        elif entry.sop is not None:
            procedure = self.manual.procedures_by_id[entry.sop]
            wanted = set(entry.steps)
            for index, step in enumerate(procedure.steps, 1):
                if not wanted or step.id in wanted:
                    yield from self.step_rows(step, f"{procedure.id}.{step.id or index}", 0, procedure)


def checklist_rows(manual: Manual, checklist: Checklist) -> tuple[SectionRows, ...]:
    """The checklist's sections with their rows, in order; every row's `key` unique within the checklist."""
    sheet, seen = _Sheet(manual), dict[str, int]()
    sections = []
    for number, section in enumerate(checklist.sections, 1):
        rows = []
        for item in range(1, len(section.items) + 1):
            for row in sheet.item_rows(checklist, number, item):
                count = seen[row.key] = seen.get(row.key, 0) + 1
                if count > 1:  # the same step or words twice on one sheet; "_" never occurs in an id
                    row = replace(row, key=f"{row.key}_{count}")
                rows.append(row)
        sections.append(SectionRows(section.title, tuple(rows)))
    return tuple(sections)


def source_procedures(manual: Manual, checklist: Checklist) -> tuple[Procedure, ...]:
    """The procedures the checklist draws steps from, in the order they first appear."""
    ids = dict.fromkeys(item.sop for section in checklist.sections for item in section.items if item.sop)
    return tuple(manual.procedures_by_id[i] for i in ids if i in manual.procedures_by_id)


def newest_revision_date(manual: Manual, checklist: Checklist) -> date | None:
    """The newest `effective` date among the procedures the checklist draws from; None when none has one."""
    dates = [p.effective for p in source_procedures(manual, checklist) if p.effective is not None]
    return max(dates, default=None)
