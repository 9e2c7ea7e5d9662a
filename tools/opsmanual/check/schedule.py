"""Rules on how often: `every`, `on` and `from` that fit together, shifts that can hold a repetition, week sheets.

`on` narrows `every`: weekday names fit a cycle of weeks, days of the month a cycle of
months. A cycle of several days, weeks or months counts from `from`, which it then
needs, and which nothing else takes. An `every` below a day repeats during a shift, so
it needs one with `starts` and `ends`. A week sheet holds what can be ticked per day.
"""

from __future__ import annotations

from opsmanual.check.index import Index
from opsmanual.check.walk import Document, checklist_items, ids_at
from opsmanual.i18n import weekday_names
from opsmanual.values import Duration, parse_duration


def _every(doc: Document) -> Duration | None:
    value = doc.data.get("every")
    if not isinstance(value, str):
        return None
    try:
        return parse_duration(value)
    except ValueError:
        return None  # the schema has said it


def _below_a_day(every: Duration) -> bool:
    return every.unit in ("second", "minute", "hour") or (every.unit == "day" and every.amount < 1)


def schedule_fits(doc: Document, index: Index) -> None:
    data, out = doc.data, doc.out
    every = _every(doc)
    on = data.get("on")
    if "on" in data and "every" not in data:
        out.error(
            data.key_positions["on"],
            "on-without-every",
            "'on' narrows 'every', and there is no 'every'",
            "add 'every: 1 week' (for weekdays) or 'every: 1 month' (for days of the month), or remove 'on'",
            ("on",),
        )
    if every is None:
        if "from" in data:
            out.error(
                data.key_positions["from"],
                "from-without-cycle",
                "'from' starts a cycle of several weeks or months, and there is no 'every'",
                "add 'every', like 'every: 4 weeks', or remove 'from'",
                ("from",),
            )
        return
    whole = every.amount == int(every.amount)
    if not _below_a_day(every) and not whole:
        out.error(
            data.value_positions["every"],
            "every-not-whole",
            f"'every' is {every.text}; a cycle of a day or longer is a whole number of {every.unit}s",
            f"write a whole number, like '1 {every.unit}' or '2 {every.unit}s', or use hours",
            ("every",),
        )
    cycle = whole and every.amount > 1 and every.unit in ("day", "week", "month")
    if cycle and "from" not in data:
        out.error(
            data.value_positions["every"],
            "cycle-without-from",
            f"'every: {every.text}' is a cycle, and a cycle counts from a first day",
            "add 'from: YYYY-MM-DD', the first day of a cycle (like a Monday for weeks), beside 'every'",
            ("every",),
        )
    if not cycle and "from" in data:
        out.error(
            data.key_positions["from"],
            "from-without-cycle",
            f"'from' is only for a cycle of several days, weeks or months, not 'every: {every.text}'",
            "remove 'from', or make 'every' a cycle, like 'every: 4 weeks'",
            ("from",),
        )
    if isinstance(on, list):
        _on_fits(doc, every)
    if _below_a_day(every):
        _shift_holds_repetitions(doc, index, every)


def _on_fits(doc: Document, every: Duration) -> None:
    names = weekday_names()
    on = doc.data["on"]
    for number, (value, position) in enumerate(zip(on, on.item_positions, strict=True)):
        weekday = isinstance(value, str) and value in names
        day = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 28  # else the schema says
        if weekday and every.unit != "week":
            fits = "weekday names go with 'every: 1 week' (or a number of weeks)"
        elif day and every.unit != "month":
            fits = "days of the month go with 'every: 1 month' (or a number of months)"
        else:
            continue
        doc.out.error(
            position,
            "on-does-not-fit",
            f"'on: {value}' does not fit 'every: {every.text}'",
            fits,
            ("on", number),
        )


def _shift_holds_repetitions(doc: Document, index: Index, every: Duration) -> None:
    data, shifts = doc.data, index.shift_times
    named = [(s, p, path) for s, p, path in ids_at(data, "shifts")]
    if isinstance(data.get("shift"), str):
        named.append((data["shift"], data.value_positions["shift"], ("shift",)))
    if not named:
        key = "shifts" if "steps" in data else "shift"
        doc.out.error(
            data.value_positions["every"],
            "every-needs-shift",
            f"'every: {every.text}' repeats during a shift, and none is named",
            f"add '{key}' with a shift that has 'starts' and 'ends' (in sops/manual.yaml)",
            ("every",),
        )
        return
    for shift, position, path in named:
        if shift in shifts and not shifts[shift]:
            doc.out.error(
                position,
                "shift-without-times",
                f"'every: {every.text}' repeats from the shift's start to its end, and '{shift}' has no "
                "'starts' and 'ends'",
                f"give the shift '{shift}' 'starts' and 'ends' in sops/manual.yaml",
                path,
            )


def week_sheet_holds_daily_items(doc: Document, index: Index) -> None:
    data = doc.data
    if data.get("layout") != "week":
        return
    every = _every(doc)
    if every is not None and _below_a_day(every):
        doc.out.error(
            data.value_positions["layout"],
            "week-layout",
            f"a week sheet has a column per day, and 'every: {every.text}' repeats within a day",
            "remove 'layout: week', or make the checklist daily or weekly",
            ("layout",),
        )
    for item, position, path in checklist_items(data):
        if "log" in item:
            doc.out.error(
                position,
                "week-layout",
                "a week sheet holds items to tick each day; a log table does not fit in a day's column",
                "move the log to a checklist of its own, or remove 'layout: week'",
                path,
            )
