"""The forms' contract: the names of their fields, and the description each carries inside the PDF.

Two forms: the checklist (a shift's run) and the training sheet (a person's path, read and signed).

One module names the fields; the writer (the PDF, render/) and the reader (the import,
records/) both use it, so a name can never mean one thing on paper and another in
the database. The README ("The checklist form") documents the same names.

The PDF also carries, as an attachment, what it was printed from: the manual, the
checklist and its revision, and every row as printed (ranges and units included),
so a filled form reads back without today's manual. Its fingerprint is a SHA-256 of
that description: the same on every printout of one revision of a form.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from opsmanual.model import Checklist, Log, Manual, Person, Procedure
from opsmanual.render.rows import Row, SectionRows, field_slug

FORM = "opsmanual-checklist"
VERSION = 1
ATTACHMENT = "opsmanual-form.json"

RUN_DATE, RUN_LEAD = "run.date", "run.lead"
VERIFY_NAME, VERIFY_DATE = "verify.name", "verify.date"


def done(row: str) -> str:
    return f"{row}.done"


def value(row: str) -> str:
    return f"{row}.value"


def time(row: str) -> str:
    return f"{row}.time"


def initials(row: str) -> str:
    return f"{row}.initials"


def action(row: str) -> str:
    return f"{row}.action"


def due(row: str) -> str:
    return f"{row}.due"


def text(row: str) -> str:
    return f"{row}.text"


def log_column(label: str, column: int) -> str:
    """A log column's name in its cells' field names: its label as a field name, else its position."""
    return field_slug(label) or f"c{column}"


def log_cell(log: str, row: int, label: str, column: int) -> str:
    """One cell of a log: `log.cooling-chart.3.temperature` (rows from 1)."""
    return f"{log}.{row}.{log_column(label, column)}"


def grid_cell(row: str, column: str, what: str) -> str:
    """A row's cell on a grid: `<row>.monday.done`, `<row>.at-1400.value`."""
    return f"{row}.{column}.{what}"


def column_note(column: str) -> str:
    return f"{column}.note"


def column_initials(column: str) -> str:
    return f"{column}.initials"


def signoff_name(n: int) -> str:
    return f"signoff.{n}.name"


def signoff_time(n: int) -> str:
    return f"signoff.{n}.time"


# What the form was printed from


def _log(log: Log) -> dict[str, Any]:
    return {
        "title": log.title,
        "rows": log.rows,
        "columns": [
            {
                "key": log_column(c.label, n),
                "label": c.label,
                "kind": c.kind,
                "unit": c.unit,
                "min": c.min,
                "max": c.max,
            }
            for n, c in enumerate(log.columns, 1)
        ],
    }


def _row(row: Row) -> dict[str, Any]:
    found: dict[str, Any] = {"key": row.key, "kind": row.kind, "text": row.text, "depth": row.depth}
    if row.critical:
        found["critical"] = True
    if row.procedure:
        found["procedure"], found["step"] = row.procedure, row.step
    reading = row.reading
    if reading is not None:
        found["reading"] = {
            "what": reading.what,
            "unit": reading.unit,
            "min": reading.min,
            "max": reading.max,
            "allowed": reading.allowed,
            "aim": reading.aim,
            "answer": reading.answer,
            "action": reading.action,
        }
    if row.due is not None:
        found["due"] = {"after": row.due.after, "within": row.due.within}
    if row.kind == "note":
        found["lines"] = row.lines
    if row.log is not None:
        found["log"] = _log(row.log)
    return found


def describe(
    manual: Manual,
    checklist: Checklist,
    sections: Sequence[SectionRows],
    columns: Sequence[tuple[str, str]],
    printed_on: date | None,
) -> dict[str, Any]:
    """The description a form carries: enough to read it back, and to know which form it is."""
    form: dict[str, Any] = {
        "form": FORM,
        "version": VERSION,
        "manual": {"name": manual.name, "url": manual.url, "language": manual.language},
        "checklist": {
            "id": checklist.id,
            "title": checklist.title,
            "code": checklist.code,
            "revision": checklist.revision,
            "shift": checklist.shift,
            "layout": checklist.layout,
        },
        "columns": [list(c) for c in columns],
        "sections": [{"title": s.title, "rows": [_row(r) for r in s.rows]} for s in sections],
        "signoff": list(checklist.signoff),
        "verify": {
            "role": checklist.verify.role,
            "within": checklist.verify.within.text if checklist.verify.within else None,
        }
        if checklist.verify
        else None,
    }
    form["fingerprint"] = fingerprint(form)
    form["printed_on"] = printed_on.isoformat() if printed_on else None
    return form


# The training sheet: a person's path to read and sign, line by line

TRAINING_FORM = "opsmanual-training"
PERSON_SIGNATURE, PERSON_DATE = "person.signature", "person.date"


def ack(procedure: str, what: str) -> str:
    """A line of a training sheet: `ack.<procedure id>.initials`, `.date` or `.trainer`."""
    return f"ack.{procedure}.{what}"


def describe_training(
    manual: Manual, person: Person, procedures: Sequence[Procedure], printed_on: date | None
) -> dict[str, Any]:
    """What a training sheet carries: whose it is, and each procedure at the revision printed."""
    form: dict[str, Any] = {
        "form": TRAINING_FORM,
        "version": VERSION,
        "manual": {"name": manual.name, "url": manual.url, "language": manual.language},
        "person": {"id": person.id, "name": person.name, "roles": list(person.roles)},
        "procedures": [
            {
                "id": p.id,
                "title": p.title,
                "code": p.code,
                "revision": p.revision,
                "effective": p.effective.isoformat() if p.effective else None,
            }
            for p in procedures
        ],
    }
    form["fingerprint"] = fingerprint(form)
    form["printed_on"] = printed_on.isoformat() if printed_on else None
    return form


def canonical(data: Any) -> bytes:
    """JSON with sorted keys and no spaces: the same bytes for the same content, for hashing."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def fingerprint(form: dict[str, Any]) -> str:
    """The SHA-256 of a form's description, leaving out what differs between printouts of it."""
    kept = {k: v for k, v in form.items() if k not in ("fingerprint", "printed_on")}
    return hashlib.sha256(canonical(kept)).hexdigest()
