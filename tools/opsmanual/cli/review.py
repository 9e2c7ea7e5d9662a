"""opsmanual review: the review calendar (overdue, due soon, drafts, by owner)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from opsmanual.cli.common import add_format, add_root, add_today, checked
from opsmanual.i18n.messages import _


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "review",
        help=_("the review calendar: overdue, due soon, drafts, by owner; --mark-reviewed records a review"),
        description=_(
            "List the procedures whose review is overdue or due within the window, the drafts and the "
            "procedures without an owner, grouped by owner. With --fail-overdue, exit 1 when anything is "
            "overdue (for CI)."
        ),
    )
    add_root(parser)
    parser.add_argument(
        "--within",
        default="30d",
        metavar="WINDOW",
        help=_("how far ahead counts as due soon: 30d, 2w, 3 months (default: 30d)"),
    )
    add_format(parser, ("text", "json", "csv"), _("text for people (default), json or csv for programs"))
    parser.add_argument("--fail-overdue", action="store_true", help=_("exit 1 when a review is overdue"))
    parser.add_argument(
        "--mark-reviewed",
        metavar="ID",
        help=_(
            "record that the procedure ID was reviewed and nothing changed: a change-log entry at its current "
            "revision and a new next_review (a change is recorded with opsmanual bump instead)"
        ),
    )
    parser.add_argument("--note", help=_('with --mark-reviewed: the change-log entry (default: "Reviewed, no change")'))
    add_today(parser, _("the date to judge by (default: today)"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from opsmanual.authoring.review import REVIEW_FORMATS, parse_window, review_entries

    try:
        window = parse_window(args.within)
    except ValueError:
        said = _("--within '{value}' is not a window; write 30d, 2w or 3 months").format(value=args.within)
        sys.stderr.write(_("%(prog)s: error: %(message)s\n") % {"prog": "opsmanual review", "message": said})
        return 2
    today = args.today or date.today()
    if args.mark_reviewed:
        from opsmanual.authoring.lifecycle import mark_reviewed

        path, due = mark_reviewed(args.root, args.mark_reviewed, today, args.note)
        reviewed = _("{path}: reviewed on {date}, next review {next}")
        print(reviewed.format(path=path, date=today.isoformat(), next=due.isoformat()))

        return 0
    result = checked(args)
    if result is None or result.manual is None:
        return 1
    entries = review_entries(result.manual, today, window)
    training = []
    if result.manual.people:  # the training gaps, from the records
        from opsmanual.records.training import acknowledgments_of, build_status, gaps

        training = gaps(build_status(result.manual, acknowledgments_of(args.root), today))
    from opsmanual.authoring.translations import behind

    stale = behind(result.manual)
    sys.stdout.write(REVIEW_FORMATS[args.format](entries, today, window, training, result.manual.language, stale))
    return 1 if args.fail_overdue and any(e.state == "overdue" for e in entries) else 0
