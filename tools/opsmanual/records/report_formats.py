"""The records report written out: text, CSV and JSON here; HTML in report_html.py, PDF in report_pdf.py."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict
from operator import attrgetter
from typing import Any

from opsmanual.records.report import Reading, RecordsReport


def value_text(r: Reading) -> str:
    if r.answer is not None:
        return r.answer
    if r.value is None:
        return ""
    return f"{r.value:g}" + (f" {r.unit}" if r.unit else "")


def limits_text(r: Reading) -> str:
    if r.expected:
        return f"expected {r.expected}"
    if r.min is not None and r.min == r.max:
        return f"= {r.min:g}"
    parts = []
    if r.min is not None:
        parts.append(f"≥ {r.min:g}")
    if r.max is not None:
        parts.append(f"≤ {r.max:g}")
    return " and ".join(parts)


def as_text(report: RecordsReport) -> str:
    out = [
        f"Records of {report.manual}, {report.since.isoformat()} to {report.until.isoformat()}",
        f"{len(report.runs)} runs, {len(report.readings)} readings ({report.out_of_range} out of range), "
        f"{len(report.gaps)} gaps and flags",
        "",
        "Runs",
    ]
    for run in report.runs:
        signed = ", ".join(run.signed_by) or "not signed"
        verified = f"verified by {run.verified_by}" if run.verified_by else "not verified"
        out.append(
            f"  {run.day}  {run.title} (run {run.id}, revision {run.revision}, {run.source}): {signed}; {verified}"
        )
    out += ["", "Readings"]
    for r in report.readings:
        mark = "OUT " if r.in_range is False else "    "
        action = f"  action: {r.action}" if r.action else ""
        action += f"  corrected by {r.corrected}" if r.corrected else ""
        said = f"{r.label}: {value_text(r)} ({limits_text(r)})"
        out.append(f"  {mark}{r.day} {r.time or '--:--'}  {said}  {r.initials or ''}{action}")
    out += ["", "Gaps and flags"]
    out += [f"  {g.day}  {g.kind}: {g.message}" for g in report.gaps] or ["  none"]
    if report.eligible:
        out += [
            "",
            f"Older than {report.keep} (may be removed; opsmanual never removes them): {len(report.eligible)} runs",
        ]
    return "\n".join(out) + "\n"


CSV_COLUMNS = (
    "day",
    "time",
    "checklist",
    "row",
    "what",
    "item",
    "value",
    "answer",
    "unit",
    "min",
    "max",
    "expected",
    "in_range",
    "initials",
    "action",
    "run",
    "verified_by",
    "corrected",
)


_columns = attrgetter(*CSV_COLUMNS)


def as_csv(report: RecordsReport) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.readings:
        writer.writerow(["" if value is None else value for value in _columns(r)])
    return stream.getvalue()


def as_json(report: RecordsReport) -> str:
    data: dict[str, Any] = asdict(report)
    data["since"], data["until"] = report.since.isoformat(), report.until.isoformat()
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _html(report: RecordsReport) -> str:
    from opsmanual.records.report_html import as_html

    return as_html(report)


def _pdf(report: RecordsReport) -> bytes:
    from opsmanual.records.report_pdf import as_pdf

    return as_pdf(report)


FORMATS: dict[str, Callable[[RecordsReport], str | bytes]] = {
    "text": as_text,
    "csv": as_csv,
    "json": as_json,
    "html": _html,
    "pdf": _pdf,
}
