"""The Today page: the checklists due in each shift (and those used as needed), each with its state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from opsmanual.model import Checklist, Manual, Person
from opsmanual.records.runs import Run
from opsmanual.schedule import Due, Period, agenda
from opsmanual.web import live
from opsmanual.web.guard import at, may_fill


@dataclass(frozen=True)
class Entry:
    """A checklist on the Today page."""

    due: Due
    checklist: Checklist
    state: str  # not-started, in-progress, done, late, verified
    done: int
    total: int
    mine: bool


def state_of(run: Run | None, sheet: live.Sheet, due: Due, now: datetime) -> str:
    if run is not None and run.verification:
        return "verified"
    if run is not None and live.closed(run, sheet):
        return "done"
    deadline = _deadline(due, now.date())
    if deadline is not None and now > deadline:
        return "late"
    return "in-progress" if run is not None and run.rows else "not-started"


def _deadline(due: Due, day: date) -> datetime | None:
    shift = due.shift
    if due.due:
        moment = at(day, due.due)
        if shift and shift.starts and shift.overnight and moment < at(day, shift.starts):
            moment += timedelta(days=1)  # due after midnight, in a shift that began the evening before
        return moment
    if shift and shift.ends:
        moment = at(day, shift.ends)
        return moment + timedelta(days=1) if shift.overnight else moment
    return None


def counts(run: Run | None, sheet: live.Sheet) -> tuple[int, int]:
    keys = [k for k, r in sheet.rows.items() if r["kind"] != "decision"]
    if run is None:
        return 0, len(keys)
    written = {r["key"] for r in run.rows if _written(r)}
    return len([k for k in keys if k in written]), len(keys)


def _written(row: dict[str, Any]) -> bool:
    return (
        bool(row.get("done"))
        or any(row.get(k) is not None for k in ("value", "answer", "note"))
        or bool(row.get("cells"))
    )


def due_today(manual: Manual, day: date) -> list[Due]:
    """The checklists to run on `day`: those due (by shift and frequency), then those used as needed."""
    found = [d for d in agenda(manual, day) if d.kind == "checklist"]
    needed = [c for c in manual.checklists if c.schedule is None and c.shift is None]
    return found + [Due("checklist", c.id, c.title, Period.DAY, AS_NEEDED, None, c.due) for c in needed]


AS_NEEDED = "as needed"


def today_entries(
    manual: Manual, engine: Engine, sheets: live.Sheets, found: list[Due], person: Person, now: datetime
) -> list[Entry]:
    by_id = {c.id: c for c in manual.checklists}
    chosen = [sheets.sheet(by_id[due.id], now.date()) for due in found]
    entries = []
    for due, sheet, run in zip(found, chosen, live.load_runs_of(engine, chosen), strict=True):
        checklist = sheet.checklist
        done, total = counts(run, sheet)
        mine = may_fill(person, checklist)
        entries.append(Entry(due, checklist, state_of(run, sheet, due, now), done, total, mine))
    return entries


def group(entry: Entry, now: datetime, words: Mapping[str, str]) -> str:
    period = entry.due.period.value
    if entry.due.how_often == AS_NEEDED:
        return words["freq_as_needed"]
    if period != "day":
        return words[f"app_this_{period}"]
    shift = entry.due.shift
    if shift is None:
        return words["app_any_time"]
    if shift.starts and shift.ends:
        start, end = at(now.date(), shift.starts), at(now.date(), shift.ends)
        if end <= start:
            end += timedelta(days=1)
        if start <= now < end:
            return f"{words['app_now']}: {shift.name}"
    return shift.name
