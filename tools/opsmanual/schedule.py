"""How often things are done: which days a checklist or procedure is due, and the times within a shift.

A checklist with a shift and no `every` is due at every occurrence of its shift. With
`every`, it is due on the days `on` names (weekdays in weekly cycles, days of the month
in monthly ones); a cycle of several days, weeks or months without `on` is due on the
first day of each cycle, counted from `from`; a weekly, monthly or yearly task with
neither is due once in that week, month or year, on whichever day suits. An `every`
below a day repeats during the shift, from its start to its end.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from opsmanual.model import Manual, Schedule, Shift


class Period(StrEnum):
    """What "due" means: on this day, or once in this week, month or year."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class Occurrence:
    period: Period
    times: tuple[str, ...] = ()  # HH:MM of each repetition within the shift, for an `every` below a day


def _whole(amount: float) -> int:
    return max(1, round(amount))


def _months_between(start: date, day: date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def repetitions(every_seconds: float, shift: Shift | None) -> tuple[str, ...]:
    """The times of an `every` below a day, from the shift's start to its end (both included when they fall on it)."""
    if shift is None or shift.starts is None or shift.ends is None or every_seconds <= 0:
        return ()
    start = datetime.strptime(shift.starts, "%H:%M")
    end = datetime.strptime(shift.ends, "%H:%M")
    if end <= start:
        end += timedelta(days=1)  # overnight
    times: list[str] = []
    at, step = start, timedelta(seconds=every_seconds)
    while at <= end and len(times) < 96:
        times.append(at.strftime("%H:%M"))
        at += step
    return tuple(times)


def occurrence(schedule: Schedule | None, shift: Shift | None, day: date) -> Occurrence | None:
    """When something with this schedule (and shift) is due on `day`; None when it is not."""
    if schedule is None:
        return Occurrence(Period.DAY) if shift is not None else None
    every = schedule.every
    if schedule.within_a_day:
        return Occurrence(Period.DAY, repetitions(every.seconds, shift))
    n, start = _whole(every.amount), schedule.start
    if every.unit == "day":
        if n == 1:
            return Occurrence(Period.DAY)
        return Occurrence(Period.DAY) if start is not None and (day - start).days % n == 0 else None
    if every.unit == "week":
        in_cycle = start is None or ((day - start).days // 7) % n == 0
        if schedule.weekdays:
            if start is not None:  # weeks counted from the week `from` falls in
                monday = start - timedelta(days=start.weekday())
                in_cycle = ((day - monday).days // 7) % n == 0
            return Occurrence(Period.DAY) if in_cycle and day.weekday() in schedule.weekdays else None
        if start is not None:
            return Occurrence(Period.DAY) if (day - start).days % (7 * n) == 0 else None
        return Occurrence(Period.WEEK)
    if every.unit == "month":
        in_cycle = start is None or _months_between(start, day) % n == 0
        if schedule.days:
            return Occurrence(Period.DAY) if in_cycle and day.day in schedule.days else None
        if start is not None:
            on_day = min(start.day, calendar.monthrange(day.year, day.month)[1])
            return Occurrence(Period.DAY) if in_cycle and day.day == on_day else None
        return Occurrence(Period.MONTH)
    if every.unit == "year":
        return Occurrence(Period.YEAR) if n == 1 or start is None else None
    return None


def is_due(schedule: Schedule | None, shift: Shift | None, day: date) -> bool:
    """Due on `day` itself (a weekly task with no day set is not: it is due somewhere in its week)."""
    found = occurrence(schedule, shift, day)
    return found is not None and found.period is Period.DAY


def describe(schedule: Schedule | None, shift: Shift | None, language: str) -> str:
    """How often, in words: "Every Monday", "Every 2 h during Dinner", "Every Opening shift", "As needed"."""
    from opsmanual.i18n import labels, weekday_display

    text = labels(language)
    if schedule is None:
        return text["freq_every_shift"].format(shift=shift.name) if shift is not None else text["freq_as_needed"]
    every = schedule.every
    if schedule.within_a_day:
        if shift is not None:
            return text["freq_within"].format(every=every.text, shift=shift.name)
        return text["freq_within_any"].format(every=every.text)
    n = _whole(every.amount)
    names = weekday_display(language)

    def listed(items: list[str]) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {text['and']} " + items[-1]

    if every.unit == "week" and schedule.weekdays:
        days = listed([names[d] for d in schedule.weekdays])
        said = text["freq_weekdays"].format(days=days) if n == 1 else text["freq_weeks_on"].format(n=n, days=days)
    elif every.unit == "month" and schedule.days:
        days = listed([str(d) for d in schedule.days])
        said = text["freq_month_on"].format(days=days) if n == 1 else text["freq_months_on"].format(n=n, days=days)
    else:
        unit = every.unit
        said = text[f"freq_{unit}"] if n == 1 else text[f"freq_{unit}s"].format(n=n)
    if schedule.start is not None:
        said += " " + text["freq_from"].format(date=schedule.start.isoformat())
    return said


@dataclass(frozen=True)
class Due:
    """One thing due on a day: a checklist or a procedure, in which shift, when, and how often."""

    kind: str  # "checklist" or "procedure"
    id: str
    title: str
    period: Period
    how_often: str
    shift: Shift | None = None
    due: str | None = None  # a checklist's `due` time
    times: tuple[str, ...] = ()  # the repetitions within the shift


def agenda(manual: Manual, day: date) -> list[Due]:
    """What is due on `day`: checklists, and procedures that say how often; in shift order, then by period."""
    found: list[Due] = []
    for checklist in manual.checklists:
        shift = manual.shifts_by_id.get(checklist.shift or "")
        when = occurrence(checklist.schedule, shift, day)
        if when is not None:
            said = describe(checklist.schedule, shift, manual.language)
            found.append(
                Due("checklist", checklist.id, checklist.title, when.period, said, shift, checklist.due, when.times)
            )
    for procedure in manual.procedures:
        if not procedure.is_effective or procedure.schedule is None:
            continue
        shifts: list[Shift | None] = [manual.shifts_by_id[s] for s in procedure.shifts if s in manual.shifts_by_id]
        for shift in shifts or [None]:
            when = occurrence(procedure.schedule, shift, day)
            if when is not None:
                said = describe(procedure.schedule, shift, manual.language)
                found.append(
                    Due("procedure", procedure.id, procedure.title, when.period, said, shift, None, when.times)
                )
    order = {s.id: n for n, s in enumerate(manual.shifts)}
    periods = list(Period)
    return sorted(
        found,
        key=lambda d: (periods.index(d.period), order.get(d.shift.id, len(order)) if d.shift else len(order), d.kind),
    )
