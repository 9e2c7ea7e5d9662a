"""opsmanual training: read-and-sign sheets for each person's path, and who must (re-)read what."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from opsmanual.cli.common import add_format, add_root, add_today, checked, day, refused
from opsmanual.i18n.messages import N_, _

DB_HELP = N_("the records database (default: OPSMANUAL_DB, else ROOT/records/records.sqlite3)")


def add(commands: Any) -> None:
    training = commands.add_parser(
        "training",
        help=_("read-and-sign sheets, and the training matrix"),
        description=_(
            "Each person's training path (their roles' paths, from manual.yaml and team.yaml): a sheet "
            "to read and sign, and who has signed the current revision of what."
        ),
    )
    verbs = training.add_subparsers(dest="verb", metavar="VERB", required=True)

    sheet = verbs.add_parser(
        "sheet",
        help=_("print read-and-sign sheets as PDF"),
        description=_(
            "Write a read-and-sign sheet per person (everyone on the team now, or those named with "
            "--person, or everyone in --role): their path's procedures at the current revision, each with fields for "
            "their initials, the date and the trainer's initials, and a signature. The PDF is fillable; `opsmanual "
            "records import` reads it back signed."
        ),
    )
    add_root(sheet)
    who = sheet.add_mutually_exclusive_group()
    who.add_argument("--person", nargs="+", metavar="ID", help=_("only these people (ids from team.yaml)"))
    who.add_argument("--role", metavar="ID", help=_("everyone on the team in this role"))
    sheet.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help=_("where the PDFs go (default: ROOT/records/sheets)")
    )
    sheet.add_argument("--paper", choices=("letter", "a4"), help=_("the paper size (default: the manual's)"))
    sheet.add_argument(
        "--date", type=day, metavar="YYYY-MM-DD", dest="printed_on", help=_("print this date on the sheets")
    )
    add_today(sheet, argparse.SUPPRESS)
    add_format(sheet)
    sheet.set_defaults(run=run_sheet)

    status = verbs.add_parser(
        "status",
        help=_("who has signed the current revision of what"),
        description=_(
            "People x procedures of their paths: current (signed the current revision), stale (signed an "
            "older one: what changed since is shown), missing, or not required; with each person's share of current "
            "and each procedure's counts. --fail-stale exits 1 when anything is stale or missing for someone who "
            "started longer ago than records.sign_within (default 14 days)."
        ),
    )
    add_root(status)
    status.add_argument("--db", metavar="URL", help=_(DB_HELP))
    status.add_argument("--format", choices=("text", "json", "csv", "html"), default="text")
    status.add_argument("-o", "--output", type=Path, metavar="FILE", help=_("write to FILE (default: standard output)"))
    status.add_argument("--fail-stale", action="store_true", help=_("exit 1 when someone past sign_within must sign"))
    add_today(status, _("the date that sign_within is judged by (default: today)"))
    status.set_defaults(run=run_status)


def run_sheet(args: argparse.Namespace) -> int:
    from opsmanual.diagnostics import refuse
    from opsmanual.outputs import output_folder
    from opsmanual.render.training import write_training_pdfs
    from opsmanual.suggest import close_matches

    result = checked(args)
    if result is None or result.manual is None:
        return 1
    manual, today = result.manual, args.today or date.today()
    if not manual.people:
        message = _("the manual has no team: sops/team.yaml lists nobody")
        hint = _("list the team in sops/team.yaml: opsmanual init shows how")
        return refused(refuse("no-team", message, hint).diagnostics, args)
    current = [p for p in manual.people if p.current(today)]
    if args.person:
        known = [p.id for p in manual.people]
        for wanted in args.person:
            if wanted not in known:
                hint = close_matches(wanted, known) or _("the team's ids are: {ids}").format(ids=", ".join(known))
                message = _("there is no person '{id}' in team.yaml").format(id=wanted)
                refused(refuse("unknown-person", message, hint).diagnostics, args)
                return 2
        people = [manual.people_by_id[p] for p in args.person]
    elif args.role:
        people = [p for p in current if args.role in p.roles]
        if not people:
            roles = [r.id for r in manual.roles]
            hint = close_matches(args.role, roles) or _("nobody on the team has this role now")
            message = _("nobody on the team is in the role '{role}'").format(role=args.role)
            refused(refuse("nobody-in-role", message, hint).diagnostics, args)
            return 2
    else:
        people = current
    folder = output_folder(args.output or args.root / "records" / "sheets", args.root, "pdfs", "-o")
    for path in write_training_pdfs(manual, folder, people, paper=args.paper, printed_on=args.printed_on):
        print(path)
    return 0


def run_status(args: argparse.Namespace) -> int:
    today = args.today or date.today()
    opened: dict[str, Any] = {}

    def meanwhile() -> None:  # the database library is loaded and the acknowledgments read while the check runs
        from opsmanual.records.training import acknowledgments_of

        opened["acks"] = acknowledgments_of(args.root, args.db)

    result = checked(args, meanwhile)
    if result is None or result.manual is None:
        return 1
    from opsmanual.records.training import build_status
    from opsmanual.records.training_report import FORMATS

    status = build_status(result.manual, opened["acks"], today)
    data = FORMATS[args.format](status)
    if args.output is not None:
        from opsmanual.outputs import write_file

        write_file(args.output, data.encode("utf-8"))
        print(_("wrote {path}").format(path=args.output))

    else:
        sys.stdout.write(data)
    return 1 if args.fail_stale and status.overdue else 0
