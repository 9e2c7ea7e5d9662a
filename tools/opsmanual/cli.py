"""The `opsmanual` command: a thin caller of the pipeline's stages.

Exit codes: 0 success, 1 the manual has errors, 2 the command line is wrong.
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
import time
from collections.abc import Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from opsmanual import __version__

if TYPE_CHECKING:
    from opsmanual.checker import CheckResult
    from opsmanual.diagnostics import Collector


def _root(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"'{text}' is not a folder")
    return path


def _date(text: str) -> date:
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD, like 2026-11-24")


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "root",
        nargs="?",
        type=_root,
        default=Path("."),
        metavar="ROOT",
        help="the manual's folder, holding sops/ and checklists/ (default: the current folder)",
    )


def _add_today(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help=help)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opsmanual",
        description="Standard operating procedures as YAML: checked like a strict reviewer, "
        "published as a searchable site, printed as shift checklists.",
        epilog="A first manual in three steps:\n"
        '  opsmanual init my-cafe --name "Corner Café"\n'
        '  opsmanual new procedure front-of-house/answer-the-phone --title "Answer the phone" --root my-cafe\n'
        "  opsmanual build my-cafe\n"
        "Every command explains itself: opsmanual COMMAND --help",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"opsmanual {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="check the manual and report every mistake",
        description="Check every file of the manual against the format and against each other. "
        "Reports each finding at its file, line and column with a hint; writes nothing. "
        "Exit 0 when there are no errors, 1 when there are (or warnings with --strict), "
        "2 when the command line is wrong.",
    )
    _add_root(check)
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text for people (default), json for programs, github for workflow annotations",
    )
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    _add_today(check, "the date to judge reviews by (default: today), for reproducible runs")
    check.set_defaults(run=run_check)

    build = commands.add_parser(
        "build",
        help="check the manual, then build its site and checklists",
        description="Check the manual; when it has no errors, build the site (MkDocs with Material) and the "
        "checklists' PDFs into a temporary folder beside the site, and swap it into place. A failed or "
        "interrupted build leaves the previous site as it was. Uses ROOT/mkdocs.yml when there is one "
        "(it must list the opsmanual plugin), else a built-in configuration.",
    )
    _add_root(build)
    build.add_argument(
        "--site-dir",
        type=Path,
        metavar="DIR",
        help="where the site goes (default: site_dir of mkdocs.yml, or ROOT/site)",
    )
    _add_today(build, "the date for review badges (default: today)")
    build.set_defaults(run=run_build)

    serve = commands.add_parser(
        "serve",
        help="preview the site, rebuilt on every edit",
        description="Serve the manual's site on 127.0.0.1 and rebuild it whenever a file under sops/ or "
        "checklists/ changes. Stop it with Ctrl+C.",
    )
    _add_root(serve)
    serve.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default: 8000)")
    serve.set_defaults(run=run_serve)

    checklist = commands.add_parser(
        "checklist",
        help="write the printable checklists as PDF",
        description="Check the manual; when it has no errors, write one PDF per checklist (all of them, or those "
        "named with --only) into DIR, each to a temporary file renamed into place. The PDFs are "
        "fillable: checkboxes, readings and initials are form fields.",
    )
    _add_root(checklist)
    checklist.add_argument("--only", nargs="+", metavar="ID", help="only these checklists (their file names)")
    checklist.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help="where the PDFs go (default: ROOT/site/checklists)"
    )
    checklist.add_argument(
        "--paper", choices=("letter", "a4"), help="the paper size (default: the checklist's, then the manual's)"
    )
    checklist.add_argument(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        dest="printed_on",
        help="print this date on the form (default: a blank to fill in)",
    )
    _add_today(checklist, argparse.SUPPRESS)
    checklist.set_defaults(run=run_checklist)

    init = commands.add_parser(
        "init",
        help="start a new manual in an empty folder",
        description="Write a new manual into DIR (which must be empty or not exist): sops/manual.yaml with a few "
        "roles, one area and two shifts, one sample procedure and one checklist in the chosen language, "
        "the schemas for editors, VS Code settings, a pre-commit hook and a .gitignore. It passes "
        "`opsmanual check --strict` and builds at once. It never writes into a folder that holds files.",
    )
    init.add_argument("dir", type=Path, metavar="DIR", help="the new manual's folder")
    init.add_argument("--name", default="My Café", help="the business's name (default: %(default)s)")
    init.add_argument("--language", choices=("en", "es"), default="en", help="labels, search and the sample texts")
    init.set_defaults(run=run_init)

    new = commands.add_parser(
        "new",
        help="write a new procedure or checklist from a skeleton",
        description="Write a skeleton with the required fields filled in and the optional "
        "ones as commented examples. Never overwrites a file.",
    )
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    procedure = kinds.add_parser(
        "procedure",
        help="sops/AREA/ID.yaml",
        description="Write sops/AREA/ID.yaml; AREA must be declared in sops/manual.yaml.",
    )
    procedure.add_argument(
        "path", metavar="AREA/ID", help="the area and the procedure's id, like kitchen/clean-the-grill"
    )
    procedure.add_argument("--title", required=True, help='what is done, as an action: "Clean the grill"')
    procedure.add_argument("--root", type=_root, default=Path("."), help="the manual's folder (default: here)")
    procedure.set_defaults(run=run_new_procedure)
    checklist_new = kinds.add_parser("checklist", help="checklists/ID.yaml", description="Write checklists/ID.yaml.")
    checklist_new.add_argument("id", metavar="ID", help="the checklist's id, like opening")
    checklist_new.add_argument("--title", required=True, help='the checklist\'s title: "Opening — kitchen"')
    checklist_new.add_argument("--root", type=_root, default=Path("."), help="the manual's folder (default: here)")
    checklist_new.set_defaults(run=run_new_checklist)

    review = commands.add_parser(
        "review",
        help="the review calendar: overdue, due soon, drafts, by owner",
        description="List the procedures whose review is overdue or due within the window, the drafts and the "
        "procedures without an owner, grouped by owner. With --fail-overdue, exit 1 when anything is "
        "overdue (for CI).",
    )
    _add_root(review)
    review.add_argument(
        "--within",
        default="30d",
        metavar="WINDOW",
        help="how far ahead counts as due soon: 30d, 2w, 3 months (default: 30d)",
    )
    review.add_argument("--format", choices=("text", "json", "csv"), default="text")
    review.add_argument("--fail-overdue", action="store_true", help="exit 1 when a review is overdue")
    _add_today(review, "the date to judge by (default: today)")
    review.set_defaults(run=run_review)

    bump = commands.add_parser(
        "bump",
        help="record a new revision of a procedure",
        description="Raise the procedure's revision by one, set 'effective' to today and add the change on top of "
        "'changes', keeping the file's comments, key order and layout. The result is checked before it "
        "replaces the file.",
    )
    bump.add_argument("id", metavar="ID", help="the procedure's id (its file name)")
    bump.add_argument("--note", required=True, help='what changed, in one line: "Comp limit raised to $25"')
    bump.add_argument("--approved-by", help="who approved this revision")
    bump.add_argument("--root", type=_root, default=Path("."), help="the manual's folder (default: here)")
    _add_today(bump, "the effective date (default: today)")
    bump.set_defaults(run=run_bump)

    schemas = commands.add_parser(
        "schemas",
        help="refresh the manual's copy of the schemas in schema/",
        description="Copy this opsmanual's JSON Schemas into ROOT/schema/, which editors "
        "use for completion and checking.",
    )
    _add_root(schemas)
    schemas.set_defaults(run=run_schemas)

    export = commands.add_parser(
        "export-markdown",
        help="write the pages as plain Markdown with a mkdocs.yml",
        description="Write every page of the site as plain Markdown under DIR/docs/, with the pictures, the "
        "checklists' PDFs and a DIR/mkdocs.yml with an explicit navigation, so that the manual builds "
        "with plain `mkdocs build` and no plugin. DIR is replaced whole.",
    )
    _add_root(export)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the folder to write")
    _add_today(export, "the date for review badges (default: today)")
    export.set_defaults(run=run_export)
    return parser


def _checked(args: argparse.Namespace) -> CheckResult | None:
    """The check every command starts with; None (after reporting) when the manual has errors."""
    from opsmanual.checker import check_manual
    from opsmanual.forked import Background
    from opsmanual.reporters import report_text, summary_line

    # Checked in a child: this process keeps the manual, not the memory that reading every file took.
    result = Background(partial(check_manual, args.root, args.today)).result()
    if result.errors or result.manual is None:
        report_text(result, args.root, sys.stderr)
        sys.stderr.write("nothing was written\n")
        return None
    if result.warnings:
        report_text(result, args.root, sys.stderr)
    else:
        sys.stderr.write(summary_line(result) + "\n")
    return result


def run_build(args: argparse.Namespace) -> int:
    from opsmanual.plugin.build import ConfigProblem, build_site
    from opsmanual.reporters import report_text

    result = _checked(args)
    if result is None:
        return 1
    manual = result.manual
    assert manual is not None
    sys.stderr.write(f"building {len(manual.procedures)} procedures and {len(manual.checklists)} checklists…\n")
    started = time.perf_counter()
    try:
        site = build_site(args.root, args.site_dir, args.today, result)
    except ConfigProblem as problem:
        report_text(_only(problem.diagnostic, result), args.root, sys.stderr)
        return 1
    print(f"built the site in {time.perf_counter() - started:.1f} s: {site}/index.html")
    if manual.checklists:
        print(f"checklists: {site}/checklists/*.pdf")
    return 0


def _only(diagnostic: Collector, result: CheckResult) -> CheckResult:
    from opsmanual.checker import CheckResult

    return CheckResult(result.root, list(diagnostic.items), result.procedures, result.checklists)


def run_serve(args: argparse.Namespace) -> int:
    from opsmanual.plugin.build import ConfigProblem, serve_site
    from opsmanual.reporters import report_text

    args.today = None
    result = _checked(args)
    if result is None:
        return 1
    try:
        serve_site(args.root, f"127.0.0.1:{args.port}", None, result)
    except ConfigProblem as problem:
        report_text(_only(problem.diagnostic, result), args.root, sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def run_checklist(args: argparse.Namespace) -> int:
    from opsmanual.schemas import close_matches
    from opsmanual.site.publish import write_checklist_pdfs

    result = _checked(args)
    if result is None or result.manual is None:
        return 1
    known = [c.id for c in result.manual.checklists]
    for wanted in args.only or ():
        if wanted not in known:
            hint = close_matches(wanted, known) or ("the checklists are: " + ", ".join(known) if known else "")
            sys.stderr.write(f"opsmanual checklist: error: there is no checklist '{wanted}'; {hint}\n")
            return 2
    folder = args.output or args.root / "site" / "checklists"
    written = write_checklist_pdfs(result.manual, folder, only=args.only, paper=args.paper, printed_on=args.printed_on)
    for path in written:
        print(path)
    if not written:
        sys.stderr.write("the manual has no checklists (checklists/<id>.yaml)\n")
    return 0


def _refused(command: str, error: Exception) -> int:
    sys.stderr.write(f"opsmanual {command}: {error}\n")
    return 1


def run_init(args: argparse.Namespace) -> int:
    from opsmanual.scaffold import Refusal, init_manual

    try:
        written = init_manual(args.dir, args.name, args.language, date.today())
    except Refusal as refusal:
        return _refused("init", refusal)
    print(f"wrote a new manual with {len(written)} files in {args.dir}")
    print(f"next: cd {args.dir} && opsmanual check && opsmanual build   (or: opsmanual serve)")
    return 0


def run_new_procedure(args: argparse.Namespace) -> int:
    from opsmanual.scaffold import Refusal, new_procedure

    area, slash, procedure_id = args.path.partition("/")
    try:
        if not slash:
            raise Refusal(f"write the procedure as AREA/ID, like front-of-house/{args.path}")
        print(new_procedure(args.root, area, procedure_id, args.title))
    except Refusal as refusal:
        return _refused("new procedure", refusal)
    return 0


def run_new_checklist(args: argparse.Namespace) -> int:
    from opsmanual.scaffold import Refusal, new_checklist

    try:
        print(new_checklist(args.root, args.id, args.title))
    except Refusal as refusal:
        return _refused("new checklist", refusal)
    return 0


def run_review(args: argparse.Namespace) -> int:
    from opsmanual.review import REVIEW_FORMATS, parse_window, review_entries

    try:
        window = parse_window(args.within)
    except ValueError:
        sys.stderr.write(
            f"opsmanual review: error: --within '{args.within}' is not a window; write 30d, 2w or 3 months\n"
        )
        return 2
    result = _checked(args)
    if result is None or result.manual is None:
        return 1
    today = args.today or date.today()
    entries = review_entries(result.manual, today, window)
    sys.stdout.write(REVIEW_FORMATS[args.format](entries, today, window))
    return 1 if args.fail_overdue and any(e.state == "overdue" for e in entries) else 0


def run_bump(args: argparse.Namespace) -> int:
    from opsmanual.bump import bump
    from opsmanual.scaffold import Refusal

    try:
        path, revision = bump(args.root, args.id, args.note, args.today or date.today(), args.approved_by)
    except Refusal as refusal:
        return _refused("bump", refusal)
    print(f"{path}: revision {revision}, effective {(args.today or date.today()).isoformat()}")
    return 0


def run_schemas(args: argparse.Namespace) -> int:
    from opsmanual.scaffold import write_schemas

    for path in write_schemas(args.root):
        print(path)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from opsmanual.site.export import export_markdown

    result = _checked(args)
    if result is None or result.manual is None:
        return 1
    pages = export_markdown(result.manual, args.root, args.output, args.today or date.today())
    config = args.output / "mkdocs.yml"
    print(f"wrote {pages} pages and {config}; build them with: mkdocs build -f {config}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from opsmanual.checker import check_manual
    from opsmanual.reporters import REPORTERS

    result = check_manual(args.root, args.today)
    REPORTERS[args.format](result, args.root, sys.stdout)
    failed = result.errors > 0 or (args.strict and result.warnings > 0)
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")  # a user's odd text never stops the report
    args = build_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupted)  # a stopped build cleans up as after Ctrl+C
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; nothing was changed\n")
        return 130
    return code


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
