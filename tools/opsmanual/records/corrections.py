"""After a run is recorded: a correction of one of its rows, and the manager's countersignature.

Neither changes what was recorded. Each is a new entry in the chain that names the run
(and, for a correction, the row): who made it, when, and why. The report shows the
corrected value with who corrected it; the original stays in the chain for anyone to see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from opsmanual.diagnostics import refuse
from opsmanual.records.chain import append, lock
from opsmanual.records.filled import clock, number
from opsmanual.records.runs import Run, load_runs


@dataclass(frozen=True)
class Change:
    """What a correction says a row should have held (None: left as recorded)."""

    value: str | None = None
    answer: str | None = None
    done: bool | None = None
    time: str | None = None
    initials: str | None = None
    action: str | None = None

    @property
    def empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__dataclass_fields__)


def _run(connection: Connection, run_id: int) -> Run:
    found = load_runs(connection, ids=[run_id])
    if not found:
        raise refuse(
            "unknown-run",
            f"there is no run {run_id} in the records",
            "the run's number is printed when it is imported, and listed by opsmanual records report",
        )
    return found[0]


def _row(run: Run, key: str, column: str | None) -> dict[str, Any]:
    for row in run.rows:
        if row["key"] == key and row.get("column") == column:
            return row
    rows = sorted({r["key"] for r in run.rows if r.get("kind") not in ("column", "decision")})
    where = f" in column '{column}'" if column else ""
    raise refuse(
        "unknown-row",
        f"run {run.id} ({run.checklist} of {run.day.isoformat()}) has no row '{key}'{where}",
        "its rows: " + ", ".join(rows[:12]) + (" …" if len(rows) > 12 else ""),
    )


def _changes(row: dict[str, Any], change: Change, language: str) -> dict[str, Any]:
    found: dict[str, Any] = {"key": row["key"]}
    if row.get("column"):
        found["column"] = row["column"]
    if change.value is not None:
        if row.get("kind") != "reading" or row.get("expected"):
            raise refuse("not-a-reading", f"'{row['key']}' has no value to correct", "correct --answer or --done")
        value = number(change.value, language, row.get("unit"))
        if value is None:
            raise refuse("not-a-number", f"'{change.value}' is not a number", "write it in digits, like 3.5")
        found["value"] = value
    if change.answer is not None:
        if not row.get("expected"):
            raise refuse("not-a-yes-no-check", f"'{row['key']}' is not a yes/no check", "correct --value or --done")
        found["answer"] = change.answer
    if change.done is not None:
        found["done"] = change.done
    if change.time is not None:
        written = clock(change.time)
        if written is None:
            raise refuse("not-a-time", f"'{change.time}' is not a time of day", "write it as HH:MM, like 07:05")
        found["time"] = written
    if change.initials is not None:
        found["initials"] = change.initials.strip() or None
    if change.action is not None:
        found["action"] = change.action.strip() or None
    return found


def correct(
    connection: Connection, run_id: int, key: str, column: str | None, change: Change, by: str, why: str, language: str
) -> tuple[int, Run]:
    """Record a correction of one row of a run, in the caller's transaction; the new entry's id, and the run."""
    if change.empty:
        raise refuse("nothing-to-correct", "the correction changes nothing", "give --value, --answer, --done, …")
    if not why.strip() or not by.strip():
        raise refuse("correction-unsigned", "a correction says who made it and why", "give --by NAME and --why TEXT")
    lock(connection)
    run = _run(connection, run_id)
    changes = _changes(_row(run, key, column), change, language)
    return _add(connection, run, "correction", {"row": changes, "why": why.strip()}, by), run


def countersign(connection: Connection, run_id: int, by: str, on: date) -> tuple[int, Run]:
    """Record the manager's verification of a run whose sheet came in without it; the new entry's id, and the run."""
    if not by.strip():
        raise refuse("countersign-unsigned", "a countersignature names who gives it", "give --by NAME")
    lock(connection)
    run = _run(connection, run_id)
    if on < run.day:
        raise refuse(
            "verified-before-run",
            f"run {run.id} is for {run.day.isoformat()}; it cannot be verified on {on.isoformat()}",
            "give the day it was verified, on or after the run's day",
        )
    content = {"name": by.strip(), "date": on.isoformat(), "source": "countersign"}
    return _add(connection, run, "verification", content, by), run


def _add(connection: Connection, run: Run, kind: str, content: dict[str, Any], by: str) -> int:
    """An entry about a run, made by `by`."""
    return append(
        connection, kind, content, run=run.id, checklist=run.checklist, day=run.day.isoformat(), person=by.strip()
    )
