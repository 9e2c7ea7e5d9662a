"""The `opsmanual` command: a thin caller of the pipeline's stages.

Exit codes: 0 success, 1 the manual has errors, 2 the command line is wrong.
"""

from __future__ import annotations

import argparse
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
        return date.fromisoformat(text) if len(text) == 10 else date.fromisoformat("invalid")
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "root",
        nargs="?",
        type=_root,
        default=Path("."),
        metavar="ROOT",
        help="the manual's folder, holding sops/ and checklists/ (default: the current folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opsmanual",
        description="Standard operating procedures as YAML: checked like a strict reviewer, "
        "published as a searchable site, printed as shift checklists.",
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
    check.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the date to judge reviews by (default: today), for reproducible runs",
    )
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
    build.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="the date for review badges (default: today)")
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
    checklist.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    checklist.set_defaults(run=run_checklist)

    export = commands.add_parser(
        "export-markdown",
        help="write the pages as plain Markdown with a mkdocs.yml",
        description="Write every page of the site as plain Markdown under DIR/docs/, with the pictures, the "
        "checklists' PDFs and a DIR/mkdocs.yml with an explicit navigation, so that the manual builds "
        "with plain `mkdocs build` and no plugin. DIR is replaced whole.",
    )
    _add_root(export)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the folder to write")
    export.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="the date for review badges (default: today)")
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
