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
from opsmanual.i18n.messages import N_, _, ngettext
from opsmanual.values import Duration, parse_duration

_UNITS = {"day": N_("days"), "week": N_("weeks"), "month": N_("months"), "year": N_("years")}


def _amount(n: int, unit: str) -> str:
    """'1 day', '2 weeks': a duration as written in `every`, in the user's language (every manual reads them all)."""
    amounts = {
        "day": ngettext("{n} day", "{n} days", n),
        "week": ngettext("{n} week", "{n} weeks", n),
        "month": ngettext("{n} month", "{n} months", n),
        "year": ngettext("{n} year", "{n} years", n),
    }
    return amounts[unit].format(n=n)


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
            _("'on' narrows 'every', and there is no 'every'"),
            _("add {week} (for weekdays) or {month} (for days of the month), or remove 'on'").format(
                week=f"'every: {_amount(1, 'week')}'", month=f"'every: {_amount(1, 'month')}'"
            ),
            ("on",),
        )
    if every is None:
        if "from" in data:
            out.error(
                data.key_positions["from"],
                "from-without-cycle",
                _("'from' starts a cycle of several weeks or months, and there is no 'every'"),
                _("add 'every', like {example}, or remove 'from'").format(example=f"'every: {_amount(4, 'week')}'"),
                ("from",),
            )
        return
    whole = every.amount == int(every.amount)
    if not _below_a_day(every) and not whole:
        out.error(
            data.value_positions["every"],
            "every-not-whole",
            _("'every' is {every}; a cycle of a day or longer is a whole number of {units}").format(
                every=every.text, units=_(_UNITS[every.unit])
            ),
            _("write a whole number, like {one} or {two}, or use hours").format(
                one=f"'{_amount(1, every.unit)}'", two=f"'{_amount(2, every.unit)}'"
            ),
            ("every",),
        )
    cycle = whole and every.amount > 1 and every.unit in ("day", "week", "month")
    if cycle and "from" not in data:
        out.error(
            data.value_positions["every"],
            "cycle-without-from",
            _("{every} is a cycle, and a cycle counts from a first day").format(every=f"'every: {every.text}'"),
            _("add 'from: YYYY-MM-DD', the first day of a cycle (like a Monday for weeks), beside 'every'"),
            ("every",),
        )
    if not cycle and "from" in data:
        out.error(
            data.key_positions["from"],
            "from-without-cycle",
            _("'from' is only for a cycle of several days, weeks or months, not {every}").format(
                every=f"'every: {every.text}'"
            ),
            _("remove 'from', or make 'every' a cycle, like {example}").format(
                example=f"'every: {_amount(4, 'week')}'"
            ),
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
            fits = _("weekday names go with {every} (or a number of weeks)").format(
                every=f"'every: {_amount(1, 'week')}'"
            )
        elif day and every.unit != "month":
            fits = _("days of the month go with {every} (or a number of months)").format(
                every=f"'every: {_amount(1, 'month')}'"
            )
        else:
            continue
        doc.out.error(
            position,
            "on-does-not-fit",
            _("{on} does not fit {every}").format(on=f"'on: {value}'", every=f"'every: {every.text}'"),
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
            _("{every} repeats during a shift, and none is named").format(every=f"'every: {every.text}'"),
            _("add '{key}' with a shift that has 'starts' and 'ends' (in sops/manual.yaml)").format(key=key),
            ("every",),
        )
        return
    for shift, position, path in named:
        if shift in shifts and not shifts[shift]:
            doc.out.error(
                position,
                "shift-without-times",
                _("{every} repeats from the shift's start to its end, and '{shift}' has no 'starts' and 'ends'").format(
                    every=f"'every: {every.text}'", shift=shift
                ),
                _("give the shift '{shift}' 'starts' and 'ends' in sops/manual.yaml").format(shift=shift),
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
            _("a week sheet has a column per day, and {every} repeats within a day").format(
                every=f"'every: {every.text}'"
            ),
            _("remove 'layout: week', or make the checklist daily or weekly"),
            ("layout",),
        )
    for item, position, path in checklist_items(data):
        if "log" in item:
            doc.out.error(
                position,
                "week-layout",
                _("a week sheet holds items to tick each day; a log table does not fit in a day's column"),
                _("move the log to a checklist of its own, or remove 'layout: week'"),
                path,
            )
