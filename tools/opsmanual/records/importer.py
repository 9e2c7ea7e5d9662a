"""`opsmanual records import`: a filled form becomes records, whole or not at all.

A checklist becomes a run (checklist_form.py reads it), a signed training sheet becomes
acknowledgments (training.py reads it). Either is read and checked in full before anything
is recorded, then recorded in one transaction with the PDF kept as evidence; a file
recorded before is recognised by its SHA-256 and recorded once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from opsmanual import forms
from opsmanual.diagnostics import Diagnostic
from opsmanual.model import Manual
from opsmanual.outputs import write_file
from opsmanual.records.chain import append, lock
from opsmanual.records.checklist_form import read_run
from opsmanual.records.filled import FormReader, read_filled, refusal
from opsmanual.records.runs import compact, copied_readings
from opsmanual.records.schema import entries


@dataclass
class Outcome:
    """What became of one file: recorded (as run `run`), already recorded, or refused; and why."""

    file: str
    status: str
    run: int | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    summary: str = ""


def _keep(evidence: Path, data: bytes, digest: str) -> str:
    """Keep the filled PDF, named by its content, in the evidence folder; its path there."""
    rel = f"{digest[:2]}/{digest}.pdf"
    target = evidence / rel
    if not target.exists():
        write_file(target, data)
    return rel


def record_form(connection: Connection, form: dict[str, Any]) -> None:
    """The form as printed, recorded once (the first time a run of it is): what its runs' rows mean."""
    source = form["fingerprint"]
    if connection.execute(select(entries.c.id).where(entries.c.source == source)).scalar() is None:
        printed = {k: v for k, v in form.items() if k != "printed_on"}
        append(connection, "form", printed, checklist=form["checklist"]["id"], source=source)


def _record_run(
    connection: Connection, content: dict[str, Any], reader: FormReader, form: dict[str, Any], digest: str
) -> tuple[int, str]:
    """A checklist's run, after the form it was printed on; its id, and what to say of it."""
    for copied in copied_readings(connection, content):
        reader.warn("looks-copied", copied, "check the thermometer was read, not the last sheet copied")
    content["flags"] = [{"code": d.code, "field": d.field, "message": d.message} for d in reader.flags]
    record_form(connection, form)
    run = append(
        connection,
        "run",
        content | {"rows": compact(content["rows"], form)},
        checklist=content["form"]["checklist"],
        day=content["date"],
        source=digest,
        person=content["lead"],
    )
    readings = sum(1 for r in content["rows"] if r.get("value") is not None or r.get("answer") is not None)
    return run, f"recorded {content['form']['checklist']} of {content['date']} as run {run}: {readings} readings"


def _earlier(connection: Connection, shown: str, digest: str) -> Outcome | None:
    """The outcome of a file recorded before (by its SHA-256), or None."""
    found = connection.execute(select(entries.c.id, entries.c.kind).where(entries.c.source == digest)).first()
    if found is None:
        return None
    what = "run" if found.kind == "run" else "training sheet"
    return Outcome(shown, "already", found.id, summary=f"already recorded as {what} {found.id}; nothing changed")


def import_form(engine: Engine, evidence: Path, manual: Manual, path: Path, today: date) -> Outcome:
    """Record one filled form (a checklist or a training sheet), in one transaction; a file recorded before is not
    recorded again."""
    from opsmanual.records.training import read_sheet, record_sheet

    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        found = refusal(shown, "unreadable", f"the file cannot be read: {error.strerror or error}", "check the path")
        return Outcome(shown, "refused", diagnostics=[found])
    digest = hashlib.sha256(data).hexdigest()
    with engine.connect() as connection:
        earlier = _earlier(connection, shown, digest)
    if earlier is not None:
        return earlier
    filled = read_filled(data, shown)
    if isinstance(filled, Diagnostic):
        return Outcome(shown, "refused", diagnostics=[filled])
    training = filled.form["form"] == forms.TRAINING_FORM
    read = read_sheet if training else read_run
    content, reader = read(filled, shown, manual, today)
    if content is None:
        return Outcome(shown, "refused", diagnostics=reader.errors)
    content["pdf"] = {"sha256": digest, "file": _keep(evidence, data, digest), "name": path.name}
    with engine.begin() as connection:
        lock(connection)  # from here on, no other import can record this file or this form
        earlier = _earlier(connection, shown, digest)
        if earlier is not None:  # imported by another command since the first look
            return earlier
        record = record_sheet if training else _record_run
        entry, summary = record(connection, content, reader, filled.form, digest)
    return Outcome(shown, "recorded", entry, reader.flags, summary)
