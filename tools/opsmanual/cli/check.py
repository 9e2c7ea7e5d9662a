"""opsmanual check: read every file, report every finding; writes nothing."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from opsmanual.cli.common import add_format, add_root, add_today
from opsmanual.i18n.messages import _


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "check",
        help=_("check the manual and report every mistake"),
        description=_(
            "Check every file of the manual against the format and against each other. "
            "Reports each finding at its file, line and column with a hint; writes nothing. "
            "Exit 0 when there are no errors, 1 when there are (or warnings with --strict), "
            "2 when the command line is wrong."
        ),
    )
    add_root(parser)
    add_format(
        parser,
        ("text", "json", "github"),
        _("text for people (default), json for programs, github for workflow annotations"),
    )
    parser.add_argument("--strict", action="store_true", help=_("fail (exit 1) on warnings too"))
    add_today(parser, _("the date to judge reviews by (default: today), for reproducible runs"))

    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from opsmanual.check import check_manual
    from opsmanual.report import REPORTERS

    result = check_manual(args.root, args.today)
    REPORTERS[args.format](result.report, args.root, sys.stdout)
    failed = result.errors > 0 or (args.strict and result.warnings > 0)
    return 1 if failed else 0
