"""Swappable ways to print diagnostics: for people, for programs, for GitHub."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import PurePath
from typing import TextIO

from opsmanual.checker import CheckResult
from opsmanual.diagnostics import Diagnostic

Reporter = Callable[[CheckResult, PurePath, TextIO], None]


def summary_line(result: CheckResult) -> str:
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"checked {count(result.procedures, 'procedure')} and {count(result.checklists, 'checklist')}: "
        f"{count(result.errors, 'error')}, {count(result.warnings, 'warning')}"
    )


def _colour(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def report_text(result: CheckResult, shown_root: PurePath, stream: TextIO) -> None:
    """`path:line:col: error[code]: message`, then an indented hint."""
    colour = _colour(stream)
    for d in result.diagnostics:
        label = f"{d.severity.value}[{d.code}]"
        if colour:
            label = ("\033[1;31m" if d.is_error else "\033[1;33m") + label + "\033[0m"
        stream.write(f"{(shown_root / d.file).as_posix()}:{d.line}:{d.column}: {label}: {d.message}\n")
        if d.hint:
            stream.write(f"    hint: {d.hint}\n")
    stream.write(summary_line(result) + "\n")


def as_dict(d: Diagnostic) -> dict[str, object]:
    return {
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
        "hint": d.hint,
    }


def report_json(result: CheckResult, shown_root: PurePath, stream: TextIO) -> None:
    """One JSON object; `file` is relative to the manual's root."""
    document = {
        "diagnostics": [as_dict(d) for d in result.diagnostics],
        "summary": {
            "procedures": result.procedures,
            "checklists": result.checklists,
            "errors": result.errors,
            "warnings": result.warnings,
        },
    }
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def report_github(result: CheckResult, shown_root: PurePath, stream: TextIO) -> None:
    """GitHub Actions workflow commands, so findings show on the pull request's lines."""
    for d in result.diagnostics:
        path = _escape((shown_root / d.file).as_posix(), prop=True)
        title = _escape(f"opsmanual {d.code}", prop=True)
        body = _escape(d.message + (f"\nhint: {d.hint}" if d.hint else ""))
        stream.write(f"::{d.severity.value} file={path},line={d.line},col={d.column},title={title}::{body}\n")
    stream.write(summary_line(result) + "\n")


REPORTERS: dict[str, Reporter] = {"text": report_text, "json": report_json, "github": report_github}
