"""`opsmanual records report`: the log an inspector asks to see, the gaps, and what may now be removed.

The report is built once as plain data (`RecordsReport`) and written in the format asked
for (report_formats.py: text, CSV, JSON; report_html.py; report_pdf.py).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Connection

from opsmanual.model import Checklist, Manual
from opsmanual.records.runs import Run, first_day, load_runs
from opsmanual.schedule import Period, occurrence
from opsmanual.values import Duration, parse_duration

DEFAULT_DAYS = 30
DEFAULT_VERIFY = parse_duration("7 days")


@dataclass(slots=True)
class Reading:
    day: str
    time: str | None
    checklist: str
    row: str  # the row's key
    what: str
    item: str | None  # what a log line was about: "Beef stew", "Bidfood"
    value: float | None
    answer: str | None
    unit: str | None
    min: float | None
    max: float | None
    expected: str | None
    in_range: bool | None
    initials: str | None
    action: str | None
    run: int
    verified_by: str | None
    corrected: str | None = None  # who corrected it, and why

    @property
    def label(self) -> str:
        return f"{self.what} — {self.item}" if self.item else self.what


@dataclass(frozen=True)
class RunLine:
    id: int
    day: str
    checklist: str
    title: str
    revision: int
    source: str
    lead: str | None
    signed_by: list[str]
    verified_by: str | None
    verified_on: str | None
    flags: int


@dataclass(frozen=True)
class Gap:
    kind: str  # missing, undone, not-verified, late-verification, flag
    day: str
    checklist: str
    message: str
    run: int | None = None


@dataclass
class Series:
    """One reading over time, for a chart: its limits and its points."""

    checklist: str
    row: str
    what: str
    unit: str | None
    min: float | None
    max: float | None
    points: list[tuple[str, float, bool]] = field(default_factory=list)  # (day and time, value, in range)


@dataclass
class Calendar:
    """One checklist's days: done, done with flags, missing (due and not done), or not due."""

    checklist: str
    title: str
    days: dict[str, str] = field(default_factory=dict)


@dataclass
class RecordsReport:
    manual: str
    since: date
    until: date
    generated: str
    runs: list[RunLine]
    readings: list[Reading]
    gaps: list[Gap]
    calendars: list[Calendar]
    eligible: list[RunLine]  # older than records.keep: may be removed, never by opsmanual itself
    keep: str | None
    paper: str = "letter"
    language: str = "en"

    @property
    def out_of_range(self) -> int:
        return sum(r.in_range is False for r in self.readings)


def _verified(run: Run) -> tuple[str | None, str | None]:
    verification = run.verification or {}
    return verification.get("name"), verification.get("date")


def _line(run: Run) -> RunLine:
    name, on = _verified(run)
    signed = [s["name"] for s in run.signoffs if s.get("name")]
    return RunLine(
        run.id,
        run.day.isoformat(),
        run.checklist,
        run.title,
        run.revision,
        run.source,
        run.lead,
        signed,
        name,
        on,
        len(run.flags),
    )


def _corrected(correction: dict[str, Any] | None) -> str | None:
    if not correction:
        return None
    return f"{correction.get('by')} on {str(correction.get('at', ''))[:10]}: {correction.get('why')}"


def _readings(run: Run) -> list[Reading]:
    name, _ = _verified(run)
    day = run.day.isoformat()
    return [
        Reading(
            r.get("day") or day,
            r.get("time"),
            run.checklist,
            r["key"],
            r.get("what") or r["text"],
            r.get("item"),
            r.get("value"),
            r.get("answer"),
            r.get("unit"),
            r.get("min"),
            r.get("max"),
            r.get("expected"),
            r.get("in_range"),
            r.get("initials"),
            r.get("action"),
            run.id,
            name,
            _corrected(r.get("corrected")),
        )
        for r in run.readings
    ]


def _periods(checklist: Checklist, manual: Manual, since: date, until: date) -> list[tuple[date, date]]:
    """The spans (first day, last day) in which the checklist was due once each."""
    shift = manual.shifts_by_id.get(checklist.shift or "")
    spans: dict[tuple[date, date], None] = {}
    day = since
    while day <= until:
        found = occurrence(checklist.schedule, shift, day)
        if found is not None:
            if found.period is Period.DAY:
                spans[(day, day)] = None
            elif found.period is Period.WEEK:
                monday = day - timedelta(days=day.weekday())
                spans[(monday, monday + timedelta(days=6))] = None
            elif found.period is Period.MONTH:
                first = day.replace(day=1)
                spans[(first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1))] = None
            else:
                spans[(day.replace(month=1, day=1), day.replace(month=12, day=31))] = None
        day += timedelta(days=1)
    return list(spans)


def _within(verify: dict[str, Any] | None, default: Duration) -> Duration:
    """How soon a run must be verified: as its form said, else the manual's records.verify_after."""
    try:
        return parse_duration(verify["within"]) if verify and verify.get("within") else default
    except ValueError:  # a form from a manual in another language, or made up
        return default


def _gaps(
    manual: Manual, runs: list[Run], since: date, until: date, only: str | None, today: date, started: date | None
) -> tuple[list[Gap], list[Calendar]]:
    gaps: list[Gap] = []
    calendars = []
    for checklist in manual.checklists:
        if only is not None and checklist.id != only:
            continue
        mine = [r for r in runs if r.checklist == checklist.id]
        done: dict[str, str] = {}
        for run in mine:
            done[run.day.isoformat()] = "flagged" if run.flags else done.get(run.day.isoformat(), "done")
        calendar = Calendar(checklist.id, checklist.title)
        days = sorted(done)
        for low, high in _periods(checklist, manual, since, until):
            if started is None or low < started:  # a period that began before the records did is not judged
                continue
            first, last = low.isoformat(), high.isoformat()
            at = bisect_left(days, first)
            if low == high:
                calendar.days.setdefault(first, done.get(first, "missing"))
            if not (at < len(days) and days[at] <= last) and high < today:  # today is not over yet
                span = first if low == high else f"{first} to {last}"
                gaps.append(
                    Gap("missing", first, checklist.id, f"'{checklist.title}' was due on {span} and has no run")
                )
        for day, state in done.items():
            calendar.days.setdefault(day, state)
        calendars.append(calendar)
    after_default = manual.verify_after or DEFAULT_VERIFY
    for run in runs:
        undone = [r["text"] for r in run.rows if r.get("done") is False and not r.get("column")]
        undone += [
            r["what"]
            for r in run.rows
            if r["kind"] == "reading" and r.get("value") is None and r.get("answer") is None and not r.get("column")
        ]
        if undone:
            shown = ", ".join(f"'{t}'" for t in undone[:5]) + (
                f" and {len(undone) - 5} more" if len(undone) > 5 else ""
            )
            gaps.append(
                Gap("undone", run.day.isoformat(), run.checklist, f"{len(undone)} rows left undone: {shown}", run.id)
            )
        within = _within(run.verify, after_default)
        due = within.after(run.day)
        name, on = _verified(run)
        if not name and today > due:
            gaps.append(
                Gap(
                    "not-verified",
                    run.day.isoformat(),
                    run.checklist,
                    f"not verified; due by {due.isoformat()}",
                    run.id,
                )
            )
        elif name and on and on > due.isoformat():
            gaps.append(
                Gap(
                    "late-verification",
                    run.day.isoformat(),
                    run.checklist,
                    f"verified by {name} on {on}, after {due.isoformat()}",
                    run.id,
                )
            )
        for found in run.flags:
            gaps.append(Gap("flag", run.day.isoformat(), run.checklist, found["message"], run.id))
    return sorted(gaps, key=lambda g: (g.day, g.checklist, g.kind)), calendars


def series(readings: list[Reading]) -> list[Series]:
    """Each reading with a number over time, for its chart (with two points or more)."""
    found: dict[tuple[str, str], Series] = {}
    for r in readings:
        if r.value is None:
            continue
        series = found.setdefault((r.checklist, r.row), Series(r.checklist, r.row, r.what, r.unit, r.min, r.max))
        series.points.append((f"{r.day} {r.time or ''}".strip(), r.value, r.in_range is not False))
    for series in found.values():
        series.points.sort(key=lambda point: point[0])
    return [s for s in found.values() if len(s.points) > 1]


def _kept_until(keep: Duration, today: date) -> date | None:
    """The last day whose records need no longer be kept (its keeping ran out before today), if any."""
    low, high = date(1900, 1, 1).toordinal(), today.toordinal()
    if keep.after(date.fromordinal(low)) >= today:
        return None
    while low < high:  # keep.after only grows with the day: the last day it is still before today
        middle = (low + high + 1) // 2
        low, high = (middle, high) if keep.after(date.fromordinal(middle)) < today else (low, middle - 1)
    return date.fromordinal(low)


@dataclass(frozen=True)
class PeriodRuns:
    """The runs of a report's days, read before the manual is needed."""

    since: date
    until: date
    only: str | None
    runs: list[Run]
    started: date | None  # the day of the first run ever recorded


def read_period(connection: Connection, since: date | None, until: date, only: str | None) -> PeriodRuns:
    since = since or until - timedelta(days=DEFAULT_DAYS - 1)
    return PeriodRuns(since, until, only, load_runs(connection, since, until, only), first_day(connection))


def build_report(connection: Connection, manual: Manual, period: PeriodRuns, today: date) -> RecordsReport:
    since, until, only, runs = period.since, period.until, period.only, period.runs
    first, last = since.isoformat(), until.isoformat()
    readings = [r for run in runs for r in _readings(run) if first <= r.day <= last]  # a week sheet's days, too
    gaps, calendars = _gaps(manual, runs, since, until, only, today, period.started)
    eligible: list[RunLine] = []
    if manual.keep_records is not None:
        cutoff = _kept_until(manual.keep_records, today)
        if cutoff is not None:
            eligible = [_line(r) for r in load_runs(connection, None, cutoff, only)]
    generated = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    keep_text = manual.keep_records.text if manual.keep_records else None
    return RecordsReport(
        manual.name,
        since,
        until,
        generated,
        [_line(r) for r in runs],
        readings,
        gaps,
        calendars,
        eligible,
        keep_text,
        manual.paper,
        manual.language,
    )
