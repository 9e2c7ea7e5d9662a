"""Entries folded back into checklist runs: what a shift did, however it was recorded.

A run from a paper form is one entry. A run on the tablet is its first entry and the
entries that follow it (a row saved, a sign-off, a verification), each with the time the
server took it; a correction is an entry that names the one it corrects. The latest word
on each row wins, and every earlier one stays in the chain.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from opsmanual.records.schema import entries

COPIED_AFTER = 14  # the same value on this many runs in a row looks copied


@dataclass
class Run:
    id: int
    checklist: str
    title: str
    day: date
    shift: str | None
    lead: str | None
    source: str  # pdf or app
    revision: int
    recorded_at: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    signoffs: list[dict[str, Any]] = field(default_factory=list)
    verification: dict[str, Any] | None = None
    verify: dict[str, Any] | None = None  # who verifies, and within how long, as the form said
    flags: list[dict[str, Any]] = field(default_factory=list)
    pdf: dict[str, Any] | None = None
    fingerprint: str = ""  # the form it was recorded on

    @property
    def readings(self) -> list[dict[str, Any]]:
        """Every value read: the reading rows', and each number written in a log table."""
        found = []
        for row in self.rows:
            if row["kind"] == "log":
                found += log_readings(row)
            elif row.get("value") is not None or row.get("answer") is not None:
                found.append(row)
        return found

    @property
    def signed(self) -> bool:
        return any(s.get("name") for s in self.signoffs)


# What a form says of each row: recorded once per form (an entry of kind "form" whose source is the form's
# fingerprint), not in every run

PRINTED = frozenset(
    (
        "kind",
        "text",
        "section",
        "procedure",
        "step",
        "critical",
        "depth",
        "log",
        "what",
        "unit",
        "min",
        "max",
        "expected",
    )
)


def printed_row(row: dict[str, Any], section: str) -> dict[str, Any]:
    """What the form printed for a row: its words, its place, and a reading's limits."""
    found = {
        "kind": row["kind"],
        "text": row["text"],
        "section": section,
        "procedure": row.get("procedure"),
        "step": row.get("step"),
        "critical": bool(row.get("critical")),
        "depth": row.get("depth", 0),
    }
    if row.get("log"):
        found["log"] = row["log"]
    reading = row.get("reading")
    if reading is not None:
        found |= {
            "what": reading["what"],
            "unit": reading.get("unit"),
            "min": reading.get("min"),
            "max": reading.get("max"),
            "expected": reading.get("answer"),
        }
    return found


def form_of_run(form: dict[str, Any]) -> dict[str, Any]:
    """What a run keeps of the form it was recorded on, from paper or the tablet: which form, which checklist."""
    checklist = form["checklist"]
    return {
        "fingerprint": form["fingerprint"],
        "checklist": checklist["id"],
        "title": checklist["title"],
        "code": checklist.get("code"),
        "revision": checklist["revision"],
    }


def printed_rows(form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every row of a form, by key, as printed."""
    return {row["key"]: printed_row(row, s["title"]) for s in form["sections"] for row in s["rows"]}


def compact(rows: list[dict[str, Any]], form: dict[str, Any]) -> list[dict[str, Any]]:
    """A run's rows without what the form printed: only what was written, and where."""
    known = printed_rows(form)
    return [{k: v for k, v in r.items() if k not in PRINTED} if r["key"] in known else r for r in rows]


def _expand(rows: list[dict[str, Any]], known: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [known[r["key"]] | r if r["key"] in known else r for r in rows]


def log_readings(row: dict[str, Any]) -> list[dict[str, Any]]:
    """A log table's numbers as readings: the time is the last time written before it on its line."""
    log, found = row["log"], []
    for line in row.get("cells", []):
        cells, time, item = line["cells"], None, None
        initials = next((cells.get(c["key"]) for c in log["columns"] if c["kind"] == "initials"), None)
        for column in log["columns"]:
            value = cells.get(column["key"])
            if column["kind"] == "time" and value:
                time = value
            elif column["kind"] == "text" and item is None:
                item = value
            elif column["kind"] == "number" and value is not None:
                low, high = column.get("min"), column.get("max")
                found.append(
                    {
                        "key": f"{row['key']}.{column['key']}",
                        "kind": "reading",
                        "what": f"{log['title']}: {column['label']}",
                        "item": item,
                        "value": value,
                        "unit": column.get("unit"),
                        "min": low,
                        "max": high,
                        "in_range": within(value, low, high),
                        "time": time,
                        "initials": initials,
                    }
                )
    return found


def _run(entry: Any, printed: dict[str, dict[str, dict[str, Any]]]) -> Run:
    content = json.loads(entry.content)
    form = content.get("form", {})
    known = printed.get(form.get("fingerprint", ""), {})
    return Run(
        id=entry.id,
        checklist=entry.checklist,
        title=form.get("title", entry.checklist),
        day=date.fromisoformat(entry.day),
        shift=content.get("shift"),
        lead=content.get("lead"),
        source=content.get("source", "pdf"),
        revision=int(form.get("revision", 1)),
        recorded_at=entry.recorded_at,
        rows=_expand(content.get("rows", []), known),
        signoffs=list(content.get("signoffs", [])),
        verification=content.get("verification"),
        verify=content.get("verify"),
        flags=list(content.get("flags", [])),
        pdf=content.get("pdf"),
        fingerprint=form.get("fingerprint", ""),
    )


def within(value: float | None, low: float | None, high: float | None) -> bool | None:
    """Whether a value is within its limits; None when nothing was read."""
    if value is None:
        return None
    return (low is None or value >= low) and (high is None or value <= high)


def in_range(row: dict[str, Any]) -> bool | None:
    """Whether a row's value (or answer) is what the form printed as allowed; None when nothing was read."""
    if row.get("expected"):
        return None if row.get("answer") is None else row["answer"] == row["expected"]
    return within(row.get("value"), row.get("min"), row.get("max"))


def _apply(run: Run, entry: Any, known: dict[str, dict[str, Any]]) -> None:
    """A later entry of a run: a row saved, a row corrected, a sign-off, a verification, a flag."""
    content = json.loads(entry.content)
    if entry.kind in ("row", "correction"):
        place = (content["row"]["key"], content["row"].get("column"))
        before = next((r for r in run.rows if (r["key"], r.get("column")) == place), {})
        if entry.kind == "row":  # saved on the tablet: the row's latest word
            row = known.get(place[0], {}) | content["row"] | {"recorded_at": entry.recorded_at, "person": entry.person}
        else:  # corrected: the changes over what was recorded, and who corrected it, when and why
            row = before | content["row"]
            row["corrected"] = {
                "by": entry.person,
                "at": entry.recorded_at,
                "why": content.get("why"),
                "entry": entry.id,
            }
        row["in_range"] = in_range(row) if row.get("kind") == "reading" else row.get("in_range")
        run.rows = [r for r in run.rows if (r["key"], r.get("column")) != place] + [row]
    elif entry.kind == "signoff":
        run.signoffs = [s for s in run.signoffs if s["n"] != content["n"]] + [content]
    elif entry.kind == "verification":
        run.verification = content
    if content.get("flags"):
        run.flags += content["flags"]


def load_runs(
    connection: Connection,
    since: date | None = None,
    until: date | None = None,
    checklist: str | None = None,
    ids: list[int] | None = None,
) -> list[Run]:
    """The runs for days from `since` to `until` (both included), oldest first, each with its later entries."""
    where = [entries.c.kind == "run"]
    if ids is not None:
        where.append(entries.c.id.in_(ids))
    if since is not None:
        where.append(entries.c.day >= since.isoformat())
    if until is not None:
        where.append(entries.c.day <= until.isoformat())
    if checklist is not None:
        where.append(entries.c.checklist == checklist)
    query = select(entries).where(and_(*where)).order_by(entries.c.day, entries.c.id)
    found = connection.execute(query).all()
    printed = _forms(connection)
    runs = {entry.id: _run(entry, printed) for entry in found}
    if runs:
        later = select(entries).where(entries.c.run.in_(list(runs))).order_by(entries.c.id)
        for entry in connection.execute(later):
            run = runs[entry.run]
            _apply(run, entry, printed.get(run.fingerprint, {}))
    return list(runs.values())


def _forms(connection: Connection) -> dict[str, dict[str, dict[str, Any]]]:
    """Every form recorded, by fingerprint: its rows as printed, by key."""
    query = select(entries.c.source, entries.c.content).where(entries.c.kind == "form")
    return {source: printed_rows(json.loads(text)) for source, text in connection.execute(query)}


def first_day(connection: Connection) -> date | None:
    """The day of the first run ever recorded: the records began then."""
    found = connection.execute(select(func.min(entries.c.day)).where(entries.c.kind == "run")).scalar()
    return date.fromisoformat(found) if found else None


def _values(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {r["key"]: r.get("value", r.get("answer")) for r in rows if not r.get("column")}


def copied_readings(connection: Connection, content: dict[str, Any]) -> list[str]:
    """Why a run's readings look copied rather than read: the same value run after run, or all at one minute."""
    found = []
    readings = [r for r in content["rows"] if not r.get("column") and (r.get("value") is not None)]
    times = {r.get("time") for r in readings}
    if len(readings) >= 3 and len(times) == 1 and None not in times:
        found.append(f"every reading of this run is written at the same minute ({times.pop()})")
    if readings:
        query = (
            select(entries.c.content)
            .where(entries.c.kind == "run", entries.c.checklist == content["form"]["checklist"])
            .where(entries.c.day < content["date"])
            .order_by(entries.c.day.desc(), entries.c.id.desc())
            .limit(COPIED_AFTER - 1)
        )
        earlier = [_values(json.loads(text).get("rows", [])) for text in connection.execute(query).scalars()]
        if len(earlier) == COPIED_AFTER - 1:
            for row in readings:
                if all(values.get(row["key"]) == row["value"] for values in earlier):
                    found.append(f"'{row['what']}' is {row['value']:g} on each of the last {COPIED_AFTER} runs")
    return found
