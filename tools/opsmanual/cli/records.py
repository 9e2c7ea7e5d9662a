"""opsmanual records: filled forms into the database, the inspector's report, and proof nothing was altered."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from opsmanual.cli.common import add_format, add_root, add_root_option, add_today, checked, day
from opsmanual.i18n.messages import N_, _, ngettext

DB_HELP = N_(
    "the records database: sqlite:///path or postgresql://user@host/name (default: OPSMANUAL_DB, else ROOT/records)"
)


def _database(parser: argparse.ArgumentParser, option: bool = False) -> None:
    """The manual (ROOT, or --root where files come first) and the records database."""
    (add_root_option if option else add_root)(parser)
    parser.add_argument("--db", metavar="URL", help=_(DB_HELP))


def add(commands: Any) -> None:
    records = commands.add_parser(
        "records",
        help=_("the records: import filled checklists, report, verify"),
        description=_(
            "What actually happened on each shift, in a database that only ever grows: SQLite beside the "
            "manual by default (ROOT/records/records.sqlite3), or PostgreSQL with --db."
        ),
    )
    verbs = records.add_subparsers(dest="verb", metavar="VERB", required=True)

    imports = verbs.add_parser(
        "import",
        help=_("record filled checklists and signed training sheets (PDF)"),
        description=_(
            "Read filled checklist PDFs (printed by opsmanual, filled on paper and scanned into a tablet "
            "or filled on the tablet) and record each as a run, in one transaction per file, with a copy of the PDF "
            "kept as evidence; a signed training sheet (opsmanual training sheet) is recorded as one acknowledgment "
            "per initialled line. A file recorded before is not recorded again. A file with a value that cannot be "
            "read is refused whole, naming the field. Readings out of range with no action, critical rows left blank, "
            "no sign-off and readings that look copied are recorded and flagged."
        ),
    )
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf", help=_("the filled forms and sheets"))
    _database(imports, option=True)
    add_today(imports, _("the date that 'in the future' is judged by (default: today)"))
    add_format(imports)
    imports.set_defaults(run=run_import)

    migrate = verbs.add_parser(
        "migrate",
        help=_("bring the database's tables up to date"),
        description=_("Apply every migration the database lacks; every other records command does this on first use."),
    )
    _database(migrate)
    add_format(migrate)
    migrate.set_defaults(run=run_migrate)

    verify = verbs.add_parser(
        "verify",
        help=_("prove that no record was altered or removed"),
        description=_(
            "Walk the chain of entries: each entry's hash covers its content and the hash of the one "
            "before. Exit 0 with the number of entries verified, or 1 naming the first entry that was altered, or "
            "that follows one that was removed."
        ),
    )
    _database(verify)
    add_format(verify)
    verify.set_defaults(run=run_verify)

    correct = verbs.add_parser(
        "correct",
        help=_("correct one row of a recorded run"),
        description=_(
            "Record a correction of one row of a run: the changes, who made them and why. What was "
            "recorded is never changed: the correction is a new entry, and the report shows the corrected row with "
            "who corrected it."
        ),
    )
    correct.add_argument(
        "run_id", type=int, metavar="RUN", help=_("the run's number (printed by import, listed by report)")
    )
    correct.add_argument("row", metavar="ROW", help=_("the row's key, as in the form's field names"))
    correct.add_argument("--column", help=_("on a grid: the column (monday, at-1400)"))
    correct.add_argument("--value", help=_("the reading's value, in the printed unit"))
    correct.add_argument("--answer", choices=("yes", "no"), help=_("a yes/no check's answer"))
    done = correct.add_mutually_exclusive_group()
    done.add_argument("--done", dest="done", action="store_const", const=True, help=_("the row was done"))
    done.add_argument("--not-done", dest="done", action="store_const", const=False, help=_("the row was not done"))
    correct.add_argument("--time", metavar="HH:MM", help=_("when the reading was taken"))
    correct.add_argument("--initials", help=_("who did the row"))
    correct.add_argument("--action", metavar="TEXT", help=_("the action taken"))
    correct.add_argument("--by", required=True, metavar="NAME", help=_("who makes the correction"))
    correct.add_argument("--why", required=True, metavar="TEXT", help=_("why"))
    _database(correct, option=True)
    add_format(correct)
    correct.set_defaults(run=run_correct)

    countersign = verbs.add_parser(
        "countersign",
        help=_("record the manager's verification of a run"),
        description=_(
            "Record that a manager verified a run whose sheet was imported without the verification "
            "line filled in, as a new entry: who, and on which day."
        ),
    )
    countersign.add_argument("run_id", type=int, metavar="RUN", help=_("the run's number"))
    countersign.add_argument("--by", required=True, metavar="NAME", help=_("who verified it"))
    countersign.add_argument(
        "--date", type=day, metavar="YYYY-MM-DD", help=_("the day it was verified (default: today)")
    )
    _database(countersign, option=True)
    add_format(countersign)
    countersign.set_defaults(run=run_countersign)

    report = verbs.add_parser(
        "report",
        help=_("the log, the gaps and the charts, for the owner and the inspector"),
        description=_(
            "Every reading with its time, value, limits, initials and action, every run with who signed "
            "and verified, the gaps (days a checklist was due and not done, rows left undone, late verification, "
            "flags) and what is old enough to remove under records.keep; with a chart per reading and a calendar "
            "per checklist in html and pdf."
        ),
    )
    _database(report)
    report.add_argument(
        "--from", dest="since", type=day, metavar="YYYY-MM-DD", help=_("the first day (default: 30 days ago)")
    )
    report.add_argument("--to", dest="until", type=day, metavar="YYYY-MM-DD", help=_("the last day (default: today)"))
    report.add_argument("--checklist", metavar="ID", help=_("only this checklist"))
    report.add_argument("--format", choices=("text", "csv", "json", "html", "pdf"), default="text")
    report.add_argument("-o", "--output", type=Path, metavar="FILE", help=_("write to FILE (default: standard output)"))
    add_today(report, argparse.SUPPRESS)
    report.set_defaults(run=run_report)

    serve = verbs.add_parser(
        "serve",
        help=_("run today's checklists on a tablet: each reading recorded as it is taken"),
        description=_(
            "Serve the tablet app: people sign in with their PIN (records set-pin), see the checklists due "
            "in the current shift, and record each row as they do it, with the server's time and their name; an "
            "out-of-range reading asks what was done before it can be saved; the shift lead signs off and the "
            "checklist's verifier verifies. Every entry is the same as an imported form's (records verify covers "
            "both). It listens on 127.0.0.1 unless --host says otherwise; anywhere else, put it behind HTTPS."
        ),
    )
    _database(serve)
    serve.add_argument("--host", default="127.0.0.1", help=_("the address to listen on (default: 127.0.0.1)"))
    serve.add_argument("--port", type=int, default=8001, help=_("the port (default: 8001)"))
    add_format(serve)
    serve.set_defaults(run=run_serve, today=None)

    pin = verbs.add_parser(
        "set-pin",
        help=_("set a person's PIN for the tablet app (asked for, never on the command line)"),
        description=_(
            "Set the PIN PERSON signs in to the tablet app with: 4 to 8 digits, asked for twice (or read "
            "from standard input when it is not a terminal), stored only as an Argon2 hash in the records database. "
            "Setting it again lifts a lock."
        ),
    )
    pin.add_argument("person", metavar="PERSON", help=_("the person's id in sops/team.yaml"))
    _database(pin, option=True)
    add_format(pin)
    pin.set_defaults(run=run_set_pin, today=None)


def run_import(args: argparse.Namespace) -> int:
    from opsmanual.records.db import evidence_folder, open_records
    from opsmanual.records.importer import import_form
    from opsmanual.report import Report, as_dict, report_text

    result = checked(args)
    if result is None or result.manual is None:
        return 1
    engine = open_records(args.root, args.db)
    today = args.today or date.today()
    evidence = evidence_folder(args.root, engine)
    outcomes = [import_form(engine, evidence, result.manual, path, today) for path in args.files]
    diagnostics = [d for o in outcomes for d in o.diagnostics]
    if args.format == "json":
        files = [{"file": o.file, "status": o.status, "run": o.run, "summary": o.summary} for o in outcomes]
        report = Report(diagnostics)
        summary = {"recorded": sum(o.status == "recorded" for o in outcomes), "errors": report.errors}
        summary |= {"already": sum(o.status == "already" for o in outcomes), "warnings": report.warnings}
        data = {"diagnostics": [as_dict(d) for d in diagnostics], "files": files, "summary": summary}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        report_text(Report(diagnostics), Path("."), sys.stderr)
        for outcome in outcomes:
            if outcome.status != "refused":
                print(f"{outcome.file}: {outcome.summary}")
            else:
                print(_("{file}: refused; nothing was recorded").format(file=outcome.file))
    return 1 if any(o.status == "refused" for o in outcomes) else 0


def run_migrate(args: argparse.Namespace) -> int:
    from opsmanual.records.db import head_revision, migrate, open_records, revision_of

    engine = open_records(args.root, args.db)
    migrate(engine)  # a no-op when open_records found the database up to date
    at = _("the records database is at migration {revision} (the newest: {newest})")
    print(at.format(revision=revision_of(engine), newest=head_revision()))
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from opsmanual.diagnostics import refuse
    from opsmanual.records.chain import verify
    from opsmanual.records.db import open_records

    engine = open_records(args.root, args.db, create=False)
    with engine.connect() as connection:
        verdict = verify(connection)
    if verdict.intact:
        verified = ngettext(
            "verified {n} entry: none was altered or removed",
            "verified {n} entries: none was altered or removed",
            verdict.verified,
        )
        print(verified.format(n=verdict.verified))
        return 0
    if verdict.broken_at is not None:
        where = _("entry {number}").format(number=verdict.broken_at)
    else:
        where = _("the end of the chain")
    hold = ngettext("{n} entry before it holds", "{n} entries before it hold", verdict.verified)
    raise refuse(
        "chain-broken",
        f"{where}: {verdict.why} ({hold.format(n=verdict.verified)})",
        _("restore the database from a backup, and find out who changed it; records are never edited, only corrected"),
    )


def run_report(args: argparse.Namespace) -> int:
    today = args.today or date.today()
    opened: dict[str, Any] = {}

    def meanwhile() -> None:  # the database is opened and the period read while the manual is checked
        from opsmanual.records.db import open_records
        from opsmanual.records.report import read_period

        opened["engine"] = engine = open_records(args.root, args.db, create=False)
        with engine.connect() as connection:
            opened["period"] = read_period(connection, args.since, args.until or today, args.checklist)

    result = checked(args, meanwhile)
    if result is None or result.manual is None:
        return 1
    from opsmanual.records.report import build_report
    from opsmanual.records.report_formats import FORMATS

    with opened["engine"].connect() as connection:
        report = build_report(connection, result.manual, opened["period"], today)
    data = FORMATS[args.format](report)
    if args.output is not None:
        from opsmanual.outputs import write_file

        write_file(args.output, data if isinstance(data, bytes) else data.encode("utf-8"))
        print(_("wrote {path}").format(path=args.output))
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)
    return 0


def _language(root: Path) -> str:
    """The manual's language (for a decimal comma), read without checking the whole manual."""
    import yaml

    try:
        data = yaml.safe_load((root / "sops" / "manual.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return "en"
    return str(data.get("language") or "en") if isinstance(data, dict) else "en"


def run_correct(args: argparse.Namespace) -> int:
    from opsmanual.records.corrections import Change, correct
    from opsmanual.records.db import open_records

    change = Change(args.value, args.answer, args.done, args.time, args.initials, args.action)
    engine = open_records(args.root, args.db, create=False)
    with engine.begin() as connection:
        entry, run = correct(
            connection, args.run_id, args.row, args.column, change, args.by, args.why, _language(args.root)
        )
    said = _("corrected '{row}' of run {run} ({checklist} of {day}) as entry {entry}")
    print(said.format(row=args.row, run=run.id, checklist=run.checklist, day=run.day.isoformat(), entry=entry))
    return 0


def run_countersign(args: argparse.Namespace) -> int:
    from opsmanual.records.corrections import countersign
    from opsmanual.records.db import open_records

    engine = open_records(args.root, args.db, create=False)
    with engine.begin() as connection:
        entry, run = countersign(connection, args.run_id, args.by, args.date or date.today())
    said = _("run {run} ({checklist} of {day}) verified by {name} as entry {entry}")
    print(said.format(run=run.id, checklist=run.checklist, day=run.day.isoformat(), name=args.by, entry=entry))
    return 0


def run_set_pin(args: argparse.Namespace) -> int:
    import getpass

    from opsmanual.diagnostics import refuse
    from opsmanual.records.db import open_records
    from opsmanual.suggest import close_matches
    from opsmanual.web.pins import pin_problem, set_pin

    result = checked(args)
    if result is None or result.manual is None:
        return 1
    person = result.manual.people_by_id.get(args.person)
    if person is None:
        known = [p.id for p in result.manual.people]
        hint = close_matches(args.person, known) or _("add the person to sops/team.yaml first")
        raise refuse("unknown-person", _("'{id}' is not in sops/team.yaml").format(id=args.person), hint)
    if sys.stdin.isatty():
        pin = getpass.getpass(_("New PIN for {name}: ").format(name=person.name))
        again = getpass.getpass(_("The same PIN again: "))
        if pin != again:
            raise refuse("pin-mismatch", _("the two PINs differ"), _("type the same PIN twice"))
    else:
        pin = sys.stdin.readline().strip()
    problem = pin_problem(pin)
    if problem is not None:
        raise refuse("bad-pin", problem, _("choose 4 to 8 digits that are not a row or one digit repeated"))
    set_pin(open_records(args.root, args.db), person.id, pin)
    print(_("PIN set for {name} ({id})").format(name=person.name, id=person.id))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import ipaddress

    from opsmanual.records.db import open_records

    result = checked(args)
    if result is None or result.manual is None:
        return 1
    import uvicorn

    from opsmanual.web.app import create_app
    from opsmanual.web.pins import has_pin

    engine = open_records(args.root, args.db)
    manual = result.manual
    local = args.host in ("localhost",) or _loopback(args.host, ipaddress)
    if not local:
        warning = _(
            "warning: listening on {host}: anyone on that network can reach the app; put it behind HTTPS "
            "(a reverse proxy such as Caddy or nginx) so that PINs and sessions never cross the network in clear; "
            "its session cookies are sent over HTTPS only, so signing in works only through it"
        )
        sys.stderr.write(warning.format(host=args.host) + "\n")
    without = [p.id for p in manual.people if p.current(date.today()) and p.id not in has_pin(engine)]
    if without:
        no_pin = ngettext(
            "{n} person has no PIN yet and cannot sign in: {command}",
            "{n} people have no PIN yet and cannot sign in: {command}",
            len(without),
        )
        sys.stderr.write(no_pin.format(n=len(without), command=f"opsmanual records set-pin {without[0]}") + "\n")
    app = create_app(manual, engine, secure=not local)
    url = f"http://{args.host}:{args.port}/"
    print(_("the tablet app: {url}  (Ctrl+C stops it)").format(url=url), flush=True)

    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def _loopback(host: str, ipaddress: Any) -> bool:
    try:
        return bool(ipaddress.ip_address(host).is_loopback)
    except ValueError:
        return False
