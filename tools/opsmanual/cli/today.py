"""opsmanual today: what is due on a day, by shift, from the checklists' and procedures' frequencies."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from opsmanual.cli.common import add_format, add_root, checked, day
from opsmanual.i18n.messages import _, language


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "today",
        help=_("what is due today (or on --date), by shift"),
        description=_(
            "List the checklists and procedures due on a day, by shift: a checklist with a shift is due "
            "at every occurrence of that shift; 'every' and 'on' narrow it; something weekly, monthly or yearly "
            "with no day set is listed under 'this week', 'this month' or 'this year'."
        ),
    )
    add_root(parser)
    parser.add_argument("--date", type=day, metavar="YYYY-MM-DD", help=_("the day (default: today)"))
    add_format(parser, help=_("text for people (default), json for programs"))
    parser.set_defaults(run=run, today=None)


def run(args: argparse.Namespace) -> int:
    from opsmanual.schedule import agenda

    result = checked(args)
    if result is None or result.manual is None:
        return 1
    manual, when = result.manual, args.date or date.today()
    due = agenda(manual, when)
    if args.format == "json":
        document = {
            "date": when.isoformat(),
            "due": [
                {
                    "kind": d.kind,
                    "id": d.id,
                    "title": d.title,
                    "period": d.period.value,
                    "shift": d.shift.id if d.shift else None,
                    "due": d.due,
                    "times": list(d.times),
                    "how_often": d.how_often,
                }
                for d in due
            ],
        }
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(_text(manual.name, when, due))
    return 0


def _text(name: str, when: date, due: list[Any]) -> str:
    from opsmanual.i18n import languages, weekday_display

    weekday = weekday_display(language())[when.weekday()] if language() in languages() else when.strftime("%A")
    out = [_("Due on {weekday} {date} at {name}").format(weekday=weekday, date=when.isoformat(), name=name)]
    periods = {"week": _("This week"), "month": _("This month"), "year": _("This year")}
    heading = None
    for d in due:
        if d.period.value != "day":
            here = periods[d.period.value]
        elif d.shift is not None:
            here = d.shift.name + (f" ({d.shift.starts}–{d.shift.ends})" if d.shift.starts and d.shift.ends else "")
        else:
            here = _("Any time today")
        if here != heading:
            out.append(f"\n{here}")
            heading = here
        extra = "   " + _("due {time}").format(time=d.due) if d.due else ""
        if d.times:
            extra += "   " + _("at {times}").format(times=", ".join(d.times))
        out.append(f"  {d.kind:<9}  {d.title}{extra}   ({d.how_often})")
    if not due:
        out.append("\n" + _("Nothing is due."))

    return "\n".join(out) + "\n"
