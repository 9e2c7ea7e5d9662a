"""What the commands share: their common arguments, the check they start with, and how they report."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from opsmanual.diagnostics import Diagnostic
from opsmanual.i18n.messages import _

if TYPE_CHECKING:
    from opsmanual.check import CheckResult
    from opsmanual.report import Report


def folder(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(_("'{text}' is not a folder").format(text=text))
    return path


def day(text: str) -> date:
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(_("'{text}' is not a date; write YYYY-MM-DD, like 2026-11-24").format(text=text))


def port(text: str) -> int:
    if text.isdigit() and 1 <= int(text) <= 65535:
        return int(text)
    raise argparse.ArgumentTypeError(
        _("'{text}' is not a port; write a number from 1 to 65535, like 8000").format(text=text)
    )


def add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "root",
        nargs="?",
        type=folder,
        default=Path("."),
        metavar="ROOT",
        help=_("the manual's folder, holding sops/ and checklists/ (default: the current folder)"),
    )


def add_root_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=folder, default=Path("."), help=_("the manual's folder (default: here)"))


def add_today(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--today", type=day, metavar="YYYY-MM-DD", help=help)


def add_format(parser: argparse.ArgumentParser, choices: Sequence[str] = ("text", "json"), help: str = "") -> None:
    parser.add_argument(
        "--format",
        choices=choices,
        default="text",
        help=help or _("how mistakes and refusals are printed: text for people (default), json for programs"),
    )


def show(report: Report, args: argparse.Namespace, shown_root: Path | None = None) -> None:
    """Diagnostics as the user asked: text on standard error, json or github annotations on standard output.

    A check's files are shown from where the user stands (under ROOT); a refusal names its path as given.
    """
    from opsmanual.report import REPORTERS, report_text

    shown_root = shown_root if shown_root is not None else getattr(args, "root", Path("."))
    fmt = getattr(args, "format", "text")
    if fmt in ("json", "github"):
        REPORTERS[fmt](report, shown_root, sys.stdout)
    else:
        report_text(report, shown_root, sys.stderr)


def refused(diagnostics: Sequence[Diagnostic], args: argparse.Namespace) -> int:
    from opsmanual.report import Report

    show(Report(diagnostics), args, Path("."))
    return 1


def checked(args: argparse.Namespace, meanwhile: Callable[[], object] | None = None) -> CheckResult | None:
    """The check every writing command starts with; None (after reporting) when the manual has errors.

    `meanwhile` is work that needs no manual (opening a database, reading records), done while the check runs.
    """
    from opsmanual.check import check_manual
    from opsmanual.parallel import in_background
    from opsmanual.report import summary_line

    # Checked by a worker: this process keeps the manual, not the memory that reading every file took.
    with in_background(partial(check_manual, args.root, args.today)) as job:
        if meanwhile is not None:
            meanwhile()
        result = job.result(0)
    if result.errors or result.manual is None:
        show(result.report, args)
        sys.stderr.write(_("nothing was written") + "\n")

        return None
    if getattr(args, "format", "text") == "text":  # programs get the diagnostics only when there is a refusal
        if result.warnings:
            show(result.report, args)
        else:
            sys.stderr.write(summary_line(result.report) + "\n")
    return result
