"""The `opsmanual` command: a thin caller of the pipeline's stages.

Exit codes: 0 success, 1 the manual has errors, 2 the command line is wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from opsmanual import __version__


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
    return parser


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
    code: int = args.run(args)
    return code
