"""A checklist as plain rows: what every renderer of a checklist (the PDF, the site's twin page) prints.

The rows are computed once from the checked model, so the paper form and the page
in the site can never disagree about which steps a checklist holds, in what order,
or under which form-field names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from opsmanual.markdown import plain_text
from opsmanual.model import Checklist, Manual, Procedure, Record, Step

RowKind = Literal["action", "decision", "task", "reading"]
PREFIX_UNITS = frozenset(("$", "US$", "£", "€", "¥"))  # written before the number: $200
CRITICAL_MARK = "◆"  # the same mark, with its legend, on paper and on the site


@dataclass(frozen=True)
class Reading:
    """A value to write down, with the range it must fall in and what to do when it does not."""

    what: str
    unit: str | None
    min: float | None
    max: float | None
    allowed: str  # the range as printed: "0–5 °C", "≤ −18 °C", "≥ 82 °C"
    action: str | None  # the corrective action, plain text


@dataclass(frozen=True)
class Row:
    """One line of a checklist: a step to tick, a decision, a free task or a reading.

    `field` is a stable, unique stem for form fields (`opening.check-cooler-and-freezer.read-cooler`);
    `depth` is 0 for items and top-level steps, one more for each level of sub-steps or branch.
    """

    kind: RowKind
    text: str
    field: str
    depth: int = 0
    critical: bool = False
    warning: str | None = None
    time: str | None = None
    reading: Reading | None = None
    procedure: str | None = None  # the id of the procedure the row comes from


@dataclass(frozen=True)
class SectionRows:
    title: str
    rows: tuple[Row, ...]


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


def reading_of(record: Record) -> Reading:
    action = plain_text(record.if_out_of_range) if record.if_out_of_range else None
    return Reading(
        record.what, record.unit, record.min, record.max, format_range(record.min, record.max, record.unit), action
    )


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


def _step_rows(step: Step, stem: str, depth: int, procedure: str) -> Iterator[Row]:
    warning = plain_text(step.warning) if step.warning else None
    if step.is_decision:
        yield Row("decision", step.condition or "", stem, depth, step.critical, warning, procedure=procedure)
        children = step.then
    else:
        reading = reading_of(step.record) if step.record else None
        yield Row(
            "reading" if reading else "action",
            _step_text(step),
            stem,
            depth,
            step.critical,
            warning,
            step.time.text if step.time else None,
            reading,
            procedure,
        )
        children = step.steps
    for index, child in enumerate(children, 1):
        # Step ids are unique in their procedure at every level: an id alone names a sub-step.
        child_stem = f"{stem.split('.', 1)[0]}.{procedure}.{child.id}" if child.id else f"{stem}.{index}"
        yield from _step_rows(child, child_stem, depth + 1, procedure)


def _item_rows(manual: Manual, checklist: Checklist, section: int, item: int) -> Iterator[Row]:
    entry = checklist.sections[section - 1].items[item - 1]
    stem = f"{checklist.id}.s{section}.i{item}"
    if entry.task is not None:
        yield Row("task", entry.task, stem)
    elif entry.record is not None:
        yield Row("reading", entry.record.what, stem, reading=reading_of(entry.record))
    elif entry.sop is not None:
        procedure = manual.procedures_by_id[entry.sop]
        wanted = set(entry.steps)
        for index, step in enumerate(procedure.steps, 1):
            if not wanted or step.id in wanted:
                yield from _step_rows(step, f"{checklist.id}.{procedure.id}.{step.id or index}", 0, procedure.id)


def checklist_rows(manual: Manual, checklist: Checklist) -> tuple[SectionRows, ...]:
    """The checklist's sections with their rows, in order; every row's `field` unique within the checklist."""
    seen: dict[str, int] = {}
    sections = []
    for number, section in enumerate(checklist.sections, 1):
        rows = []
        for item in range(1, len(section.items) + 1):
            for row in _item_rows(manual, checklist, number, item):
                count = seen[row.field] = seen.get(row.field, 0) + 1
                if count > 1:  # the same step twice on one sheet; "_" never occurs in an id
                    row = replace(row, field=f"{row.field}_{count}")
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
