"""Swappable ways to print diagnostics: for people, for programs, for GitHub.

Every command prints its findings and refusals through these, so `--format json`
gives the same shape whether `check` found a typo or `build` refused a folder.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TextIO

from opsmanual.diagnostics import Diagnostic, Severity
from opsmanual.i18n.messages import _, ngettext


@dataclass(frozen=True)
class Counts:
    """What a check looked at, for the summary line."""

    procedures: int
    checklists: int


@dataclass(frozen=True)
class Report:
    diagnostics: Sequence[Diagnostic]
    counts: Counts | None = None  # None for a command's refusal: there was no check to count

    @property
    def errors(self) -> int:
        return sum(d.is_error for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


Reporter = Callable[[Report, PurePath, TextIO], None]


def summary_line(report: Report) -> str:
    errors = ngettext("{n} error", "{n} errors", report.errors).format(n=report.errors)
    warnings = ngettext("{n} warning", "{n} warnings", report.warnings).format(n=report.warnings)
    if report.counts is None:
        return f"{errors}, {warnings}"
    counts = report.counts
    return _("checked {procedures} and {checklists}: {errors}, {warnings}").format(
        procedures=ngettext("{n} procedure", "{n} procedures", counts.procedures).format(n=counts.procedures),
        checklists=ngettext("{n} checklist", "{n} checklists", counts.checklists).format(n=counts.checklists),
        errors=errors,
        warnings=warnings,
    )


def _severity(severity: Severity) -> str:
    """The severity as people read it (programs get `error` and `warning` in every language)."""
    return _("error") if severity is Severity.ERROR else _("warning")


def _colour(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def _where(d: Diagnostic, shown_root: PurePath) -> str:
    if not d.file:
        return ""
    path = (shown_root / d.file).as_posix() if not PurePath(d.file).is_absolute() else d.file
    if d.field:
        return f"{path} [{d.field}]: "
    return f"{path}:{d.line}:{d.column}: " if d.line else f"{path}: "


def report_text(report: Report, shown_root: PurePath, stream: TextIO) -> None:
    """`path:line:col: error[code]: message`, then an indented hint; a summary line after a check."""
    colour = _colour(stream)
    for d in report.diagnostics:
        label = f"{_severity(d.severity)}[{d.code}]"
        if colour:
            label = ("\033[1;31m" if d.is_error else "\033[1;33m") + label + "\033[0m"
        stream.write(f"{_where(d, shown_root)}{label}: {d.message}\n")
        if d.hint:
            stream.write("    " + _("hint: {hint}").format(hint=d.hint) + "\n")
    if report.counts is not None:
        stream.write(summary_line(report) + "\n")


def as_dict(d: Diagnostic) -> dict[str, object]:
    return {
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
        "hint": d.hint,
        "pointer": d.pointer,
        **({"field": d.field} if d.field else {}),
    }


def report_json(report: Report, shown_root: PurePath, stream: TextIO) -> None:
    """One JSON object, one diagnostic a line; `file` is relative to the manual's root."""
    summary: dict[str, int] = {"errors": report.errors, "warnings": report.warnings}
    if report.counts is not None:
        summary = {"procedures": report.counts.procedures, "checklists": report.counts.checklists, **summary}
    items = ",\n".join("    " + json.dumps(as_dict(d), ensure_ascii=False) for d in report.diagnostics)
    stream.write('{\n  "diagnostics": [' + (f"\n{items}\n  " if items else "") + "],\n")
    stream.write(f'  "summary": {json.dumps(summary)}\n}}\n')


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def report_github(report: Report, shown_root: PurePath, stream: TextIO) -> None:
    """GitHub Actions workflow commands, so findings show on the pull request's lines."""
    for d in report.diagnostics:
        where = ""
        if d.file:
            where = f"file={_escape((shown_root / d.file).as_posix(), prop=True)},"
            if d.line:
                where += f"line={d.line},col={d.column},"
        title = _escape(f"opsmanual {d.code}", prop=True)
        body = _escape(d.message + ("\n" + _("hint: {hint}").format(hint=d.hint) if d.hint else ""))
        stream.write(f"::{d.severity.value} {where}title={title}::{body}\n")
    if report.counts is not None:
        stream.write(summary_line(report) + "\n")


REPORTERS: dict[str, Reporter] = {"text": report_text, "json": report_json, "github": report_github}
