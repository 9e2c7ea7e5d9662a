"""opsmanual checklist: the printable, fillable checklists as PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from opsmanual.cli.common import add_format, add_root, add_today, checked, day, refused


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "checklist",
        help="write the printable checklists as PDF",
        description="Check the manual; when it has no errors, write one PDF per checklist (all of them, or those "
        "named with --only) into DIR, each to a temporary file renamed into place. The PDFs are "
        "fillable: checkboxes, readings and initials are form fields.",
    )
    add_root(parser)
    parser.add_argument("--only", nargs="+", metavar="ID", help="only these checklists (their file names)")
    parser.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help="where the PDFs go (default: ROOT/site/checklists)"
    )
    parser.add_argument(
        "--paper", choices=("letter", "a4"), help="the paper size (default: the checklist's, then the manual's)"
    )
    parser.add_argument(
        "--date",
        type=day,
        metavar="YYYY-MM-DD",
        dest="printed_on",
        help="print this date on the form (default: a blank to fill in)",
    )
    add_today(parser, argparse.SUPPRESS)
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from opsmanual.diagnostics import refuse
    from opsmanual.outputs import output_folder
    from opsmanual.render.checklist import write_checklist_pdfs
    from opsmanual.suggest import close_matches

    result = checked(args)
    if result is None or result.manual is None:
        return 1
    known = [c.id for c in result.manual.checklists]
    for wanted in args.only or ():
        if wanted not in known:
            hint = close_matches(wanted, known) or ("the checklists are: " + ", ".join(known) if known else "")
            refused(refuse("unknown-checklist", f"there is no checklist '{wanted}'", hint).diagnostics, args)
            return 2  # a word of the command line, not of the manual
    folder = output_folder(args.output or args.root / "site" / "checklists", args.root, "pdfs", "-o")
    written = write_checklist_pdfs(result.manual, folder, only=args.only, paper=args.paper, printed_on=args.printed_on)
    for path in written:
        print(path)
    if not written:
        sys.stderr.write("the manual has no checklists (checklists/<id>.yaml)\n")
    return 0
