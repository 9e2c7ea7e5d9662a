"""Checklists run live: a run opened on the first row saved, each row an entry as it is taken, then signed.

A run on the tablet is the same as one imported from paper (records/runs.py folds both): a
`run` entry (source "app"), then `row`, `signoff` and `verification` entries that name it,
each with the server's time and the person signed in. One live run per checklist and day:
its `source` is made from both, so two tablets can never open two.
"""

from __future__ import annotations

import hashlib
import math
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from opsmanual import forms
from opsmanual.model import Checklist, Manual, Person
from opsmanual.records.chain import append, lock
from opsmanual.records.filled import number
from opsmanual.records.importer import record_form
from opsmanual.records.runs import Run, form_of_run, load_runs, within
from opsmanual.records.schema import entries

TEXT_LIMIT = 2000  # characters in a note or an action

# The app's writes, one at a time in this process: the chain takes one append at a time anyway, and a
# waiting thread wakes as soon as the one before it commits (SQLite's own busy wait sleeps and retries).
_WRITES = threading.Lock()


class RowProblem(Exception):
    """A row that cannot be saved as sent: which field, and why (shown beside it)."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.field, self.message, self.status = field, message, status


@dataclass(frozen=True)
class Sheet:
    """A checklist as the app runs it today: its form, the run's day, and its columns (a week, or times)."""

    checklist: Checklist
    form: dict[str, Any]
    day: date  # the run's day: today, or the Monday of the week on a week sheet
    columns: tuple[tuple[str, str], ...]  # (key, heading) of a week sheet's days or a shift's repetitions
    today_column: str | None  # on a week sheet, today's column

    @property
    def rows(self) -> dict[str, dict[str, Any]]:
        return {row["key"]: row for section in self.form["sections"] for row in section["rows"]}


class Sheets:
    """The manual's checklists as the app runs them; each form is described once (as its printed sheet is)."""

    def __init__(self, manual: Manual) -> None:
        self.manual = manual
        self.forms: dict[str, tuple[dict[str, Any], tuple[tuple[str, str], ...]]] = {}

    def _form(self, checklist: Checklist) -> tuple[dict[str, Any], tuple[tuple[str, str], ...]]:
        if checklist.id not in self.forms:
            from opsmanual.render import rows
            from opsmanual.render.grid import grid_columns

            columns = grid_columns(self.manual, checklist)
            form = forms.describe(self.manual, checklist, rows.checklist_rows(self.manual, checklist), columns, None)
            form.pop("printed_on", None)
            self.forms[checklist.id] = form, tuple((str(k), str(v)) for k, v in columns)
        return self.forms[checklist.id]

    def sheet(self, checklist: Checklist, today: date) -> Sheet:
        form, columns = self._form(checklist)
        if checklist.layout == "week":
            from opsmanual.i18n import weekdays

            monday = today - timedelta(days=today.weekday())
            return Sheet(checklist, form, monday, columns, weekdays("en")[today.weekday()])
        return Sheet(checklist, form, today, columns, None)


def run_source(checklist: str, day: date) -> str:
    """The one live run of a checklist on a day, as the `source` the database keeps unique."""
    return hashlib.sha256(f"opsmanual-app-run\x1f{checklist}\x1f{day.isoformat()}".encode()).hexdigest()


def find_run(connection: Connection, sheet: Sheet) -> int | None:
    query = select(entries.c.id).where(entries.c.source == run_source(sheet.checklist.id, sheet.day))
    found = connection.execute(query).scalar()
    return int(found) if found is not None else None


def load_run(engine: Engine, sheet: Sheet) -> Run | None:
    return load_runs_of(engine, [sheet])[0]


def load_runs_of(engine: Engine, sheets: list[Sheet]) -> list[Run | None]:
    """Each sheet's live run (None where there is none yet), read in one go."""
    with engine.connect() as connection:
        ids = [find_run(connection, sheet) for sheet in sheets]
        wanted = [i for i in ids if i is not None]
        found = {run.id: run for run in load_runs(connection, ids=wanted)} if wanted else {}
    return [found.get(i) if i is not None else None for i in ids]


def _open(connection: Connection, sheet: Sheet, person: Person) -> int:
    """The sheet's live run for its day, opened now when there is none (in the caller's locked transaction)."""
    run = find_run(connection, sheet)
    if run is not None:
        return run
    record_form(connection, sheet.form)
    checklist = sheet.form["checklist"]
    content = {
        "source": "app",
        "form": form_of_run(sheet.form),
        "date": sheet.day.isoformat(),
        "shift": checklist.get("shift"),
        "lead": person.name,
        "rows": [],
        "signoffs": [],
        "verification": None,
        "verify": sheet.form.get("verify"),
    }
    source = run_source(sheet.checklist.id, sheet.day)
    return append(
        connection,
        "run",
        content,
        checklist=sheet.checklist.id,
        day=sheet.day.isoformat(),
        source=source,
        person=person.id,
    )


def initials(person: Person) -> str:
    return "".join(word[0] for word in person.name.split()[:3]).upper() or person.id[:3].upper()


def _text(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RowProblem(name, "this should be text")
    cleaned = "".join(c for c in value if c in "\n\t" or c.isprintable()).strip()
    if len(cleaned) > TEXT_LIMIT:
        raise RowProblem(name, f"at most {TEXT_LIMIT} characters")
    return cleaned or None


def _number(data: dict[str, Any], name: str, language: str, unit: str | None) -> float | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RowProblem(name, "write a number")
    if isinstance(value, int | float):
        found: float | None = float(value)
    elif isinstance(value, str):
        found = number(value, language, unit)
    else:
        found = None
    if found is None or not math.isfinite(found) or abs(found) > 1e9:
        raise RowProblem(name, "write a number, like 4 or 3.5")
    return found


def row_from(sheet: Sheet, data: dict[str, Any], language: str) -> dict[str, Any]:
    """What was written on a row, checked as a printed form's box would be; RowProblem when it cannot be saved."""
    key = data.get("key")
    row = sheet.rows.get(key) if isinstance(key, str) else None
    if row is None or row["kind"] == "decision":
        raise RowProblem("key", "this checklist has no such row")
    found: dict[str, Any] = {"key": key}
    column = data.get("column") or None
    if column is not None and not isinstance(column, str):
        raise RowProblem("column", "choose a column of this sheet")
    if sheet.columns:
        if column not in {k for k, _ in sheet.columns}:
            raise RowProblem("column", "choose a column of this sheet")
        found["column"] = column
    elif column is not None:
        raise RowProblem("column", "this sheet has no columns")
    kind, reading = row["kind"], row.get("reading")
    if kind == "log":
        written = data.get("cells") or {}
        if not isinstance(written, dict):
            raise RowProblem("cells", "write the line's boxes")
        cells: dict[str, Any] = {}
        for c in row["log"]["columns"]:
            if c["kind"] == "number":
                cells[c["key"]] = _number(written, c["key"], language, c.get("unit"))
            else:
                cells[c["key"]] = _text(written, c["key"])
        if not any(v is not None for v in cells.values()):
            raise RowProblem("cells", "write something on the line")
        return found | {"line": cells}
    if kind == "note":
        return found | {"note": _text(data, "note")}
    if reading is None:
        done = data.get("done")
        if not isinstance(done, bool):
            raise RowProblem("done", "tick it, or untick it")
        return found | {"done": done}
    action = _text(data, "action")
    if reading.get("answer"):
        answer = data.get("answer")
        if answer not in ("yes", "no"):
            raise RowProblem("answer", "answer yes or no")
        found |= {"answer": answer, "in_range": answer == reading["answer"]}
    else:
        value = _number(data, "value", language, reading.get("unit"))
        if value is None:
            raise RowProblem("value", "write the reading")
        found |= {"value": value, "in_range": within(value, reading.get("min"), reading.get("max"))}
    if found["in_range"] is False and action is None:
        raise RowProblem("action", "out of range: write what you did before saving")
    return found | {"action": action}


def save_row(
    engine: Engine, manual: Manual, sheet: Sheet, person: Person, data: dict[str, Any], at: datetime
) -> dict[str, Any]:
    """Record one row, with the server's time and the person; the run is opened on its first row."""
    row = row_from(sheet, data, manual.language)
    row |= {"time": at.strftime("%H:%M"), "initials": initials(person)}
    with _WRITES, engine.begin() as connection:
        lock(connection)
        run = _open(connection, sheet, person)
        if "line" in row:  # a log table's line: added to the lines written before
            earlier = load_runs(connection, ids=[run])[0]
            place = (row["key"], row.get("column"))
            before = next((r for r in earlier.rows if (r["key"], r.get("column")) == place), {})
            lines = [*before.get("cells", []), {"cells": row.pop("line"), "time": row["time"]}]
            row["cells"] = lines
        entry = append(
            connection,
            "row",
            {"row": row},
            run=run,
            checklist=sheet.checklist.id,
            day=sheet.day.isoformat(),
            person=person.id,
        )
    return row | {"run": run, "entry": entry}


def sign_off(engine: Engine, sheet: Sheet, person: Person, n: int, at: datetime) -> int:
    """Sign line `n` of the sheet's sign-off as `person`; the run must have been started."""
    labels = sheet.form["signoff"] or ["Signed"]
    if not 1 <= n <= len(labels):
        raise RowProblem("n", "no such sign-off line")
    content = {"n": n, "label": labels[n - 1], "name": person.name, "person": person.id, "time": at.strftime("%H:%M")}
    with _WRITES, engine.begin() as connection:
        lock(connection)
        run = find_run(connection, sheet)
        if run is None:
            raise RowProblem("n", "nothing is recorded on this checklist yet")
        return append(
            connection,
            "signoff",
            content,
            run=run,
            checklist=sheet.checklist.id,
            day=sheet.day.isoformat(),
            person=person.id,
        )


def verify(engine: Engine, run_id: int, person: Person, at: datetime, checklists: set[str]) -> Run:
    """The verifier's check of a signed run of one of `checklists` (those they verify), from the tablet or from
    paper, on its day or later; the run."""
    content = {"name": person.name, "person": person.id, "date": at.date().isoformat(), "time": at.strftime("%H:%M")}
    with _WRITES, engine.begin() as connection:
        lock(connection)
        found = load_runs(connection, ids=[run_id])
        if not found:
            raise RowProblem("run", "there is no such run", 404)
        run = found[0]
        if run.checklist not in checklists:
            raise RowProblem("run", "only the checklist's verifier verifies it", 403)
        if not run.signed:
            raise RowProblem("run", "a run is verified once it is signed off")
        if run.verification:
            raise RowProblem("run", f"verified already, by {run.verification.get('name')}")
        if at.date() < run.day:
            raise RowProblem("run", "a run cannot be verified before its day")
        append(
            connection, "verification", content | {"source": "app"}, run=run.id, checklist=run.checklist,
            day=run.day.isoformat(), person=person.id,
        )  # fmt: skip
    return run


def awaiting(engine: Engine, manual: Manual, person: Person, today: date, days: int = 31) -> list[Run]:
    """The signed runs of the last `days` days that `person` verifies and nobody has verified yet, oldest first."""
    mine = {c.id for c in manual.checklists if c.verify is not None and c.verify.role in person.roles}
    if not mine:
        return []
    with engine.connect() as connection:
        runs = load_runs(connection, since=today - timedelta(days=days - 1), until=today)
    return [r for r in runs if r.checklist in mine and r.signed and not r.verification]


def closed(run: Run, sheet: Sheet) -> bool:
    """Signed off: every sign-off line of the sheet has a name (or one, when the sheet has none)."""
    signed = {s["n"] for s in run.signoffs if s.get("name")}
    return bool(signed) and signed >= set(range(1, len(sheet.form["signoff"]) + 1))
