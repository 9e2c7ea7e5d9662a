"""Training sheets read back, and the training matrix: who has signed the current revision of what.

A signed sheet is recorded as a `sheet` entry (the file, the person, their signature) and one
`acknowledgment` entry per signed line: the person, the procedure, the revision printed, the
day and the trainer. An acknowledgment is of a revision: when `bump` raises a procedure's
revision, everyone who signed the older one is stale, with the change log saying what changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from opsmanual import forms
from opsmanual.i18n.messages import _, ngettext
from opsmanual.model import Manual, Person, Procedure
from opsmanual.records.chain import append
from opsmanual.records.filled import Filled, FormReader, parse_day, written_date
from opsmanual.records.schema import entries
from opsmanual.values import parse_duration

DEFAULT_SIGN_WITHIN = parse_duration("14 days")
STATES = ("current", "stale", "missing", "not-required")


def read_sheet(filled: Filled, file: str, manual: Manual, today: date) -> tuple[dict[str, Any] | None, FormReader]:
    """The acknowledgments a signed sheet records (None when it is refused), with its refusals and flags."""
    reader, form = FormReader(filled, file), filled.form
    if not reader.of_manual(manual.name, _("training sheet")):
        return None, reader
    person = form["person"]
    if person["id"] not in manual.people_by_id:
        reader.refuse(
            "unknown-person",
            _("the sheet is {name}'s ({id}), who is not in sops/team.yaml").format(
                name=person["name"], id=person["id"]
            ),
            _("add {entry} to sops/team.yaml, then import again").format(
                entry=f"{{id: {person['id']}, name: {person['name']}, roles: [...]}}"
            ),
        )
        return None, reader
    signed_on = written_date(reader, forms.PERSON_DATE, _("the date of the signature"))
    lines = []
    for procedure in form["procedures"]:
        line = _line(reader, procedure, signed_on, today)
        if line is not None:
            lines.append(line)
    if not reader.errors and not lines:
        reader.refuse(
            "nothing-signed",
            _("no line of the sheet is initialled"),
            _("initial and date each procedure read, then import the sheet"),
            forms.ack(form["procedures"][0]["id"], "initials") if form["procedures"] else "",
        )
    if reader.errors:
        return None, reader
    signature = filled.get(forms.PERSON_SIGNATURE).strip() or None
    if signature is None:
        message, hint = _("the sheet is not signed"), _("the person signs at the end")
        reader.warn("no-signature", message, hint, forms.PERSON_SIGNATURE)
    if any(line["trainer"] is None for line in lines):
        untrained = sum(line["trainer"] is None for line in lines)
        message = ngettext(
            "{n} line has no trainer's initials", "{n} lines have no trainer's initials", untrained
        ).format(n=untrained)
        reader.warn("no-trainer", message, _("the trainer initials each line"))
    for line in lines:
        current = manual.procedures_by_id.get(line["procedure"])
        if current is None or current.revision != line["revision"]:
            now = (
                _("it is now at revision {revision}").format(revision=current.revision)
                if current
                else _("the manual no longer has it")
            )
            reader.warn(
                "old-revision",
                _("'{title}' was signed at revision {revision}; {now}").format(
                    title=line["title"], revision=line["revision"], now=now
                ),
                _("recorded as signed; it shows as stale until the current revision is signed"),
                forms.ack(line["procedure"], "initials"),
            )
    content = {
        "source": "pdf",
        "form": {"fingerprint": form["fingerprint"], "kind": forms.TRAINING_FORM},
        "person": person["id"],
        "name": person["name"],
        "signature": {"name": signature, "date": signed_on},
        "lines": lines,
    }
    return content, reader


def _line(reader: FormReader, procedure: dict[str, Any], signed_on: str | None, today: date) -> dict[str, Any] | None:
    """One line of a sheet, when it is initialled: the procedure at the revision printed, the day, the trainer."""
    key, filled = procedure["id"], reader.filled
    initials = filled.get(forms.ack(key, "initials")).strip() or None
    written = filled.get(forms.ack(key, "date")).strip()
    trainer = filled.get(forms.ack(key, "trainer")).strip() or None
    if initials is None:
        if written or trainer:
            reader.warn(
                "not-initialled",
                _("'{title}' has a date or a trainer but no initials: it is not recorded as read").format(
                    title=procedure["title"]
                ),
                _("the person initials each line they have read"),
                forms.ack(key, "initials"),
            )
        return None
    name = forms.ack(key, "date")
    day = parse_day(written) if written else (parse_day(signed_on) if signed_on else None)
    if written and day is None:
        message = _("'{text}' is not a date").format(text=written)
        reader.refuse("bad-date", message, _("write it as YYYY-MM-DD, like 2026-11-24"), name)
        return None
    if day is None:
        message = _("'{title}' is initialled but not dated").format(title=procedure["title"])
        reader.refuse("no-date", message, _("write the date"), name)
        return None
    if day > today:
        message = _("'{title}' is dated {day}, after today").format(title=procedure["title"], day=day)
        reader.refuse("date-in-future", message, _("correct it"), name)

        return None
    return {
        "procedure": key,
        "title": procedure["title"],
        "code": procedure.get("code"),
        "revision": procedure["revision"],
        "date": day.isoformat(),
        "initials": initials,
        "trainer": trainer,
    }


def record_sheet(
    connection: Connection, content: dict[str, Any], reader: FormReader, form: dict[str, Any], digest: str
) -> tuple[int, str]:
    """The sheet, then an acknowledgment per signed line, in the caller's transaction; the sheet's id."""
    content["flags"] = [{"code": d.code, "field": d.field, "message": d.message} for d in reader.flags]
    person, lines = content["person"], content["lines"]
    day = content["signature"]["date"] or max(line["date"] for line in lines)
    sheet = append(connection, "sheet", content, day=day, source=digest, person=person)
    for line in lines:
        append(connection, "acknowledgment", line, run=sheet, day=line["date"], person=person)
    return sheet, f"recorded {content['name']}'s training sheet as sheet {sheet}: {len(lines)} procedures signed"


# The matrix


@dataclass(frozen=True)
class Acknowledgment:
    person: str
    procedure: str
    revision: int
    day: str
    trainer: str | None
    entry: int


def read_acknowledgments(connection: Connection) -> list[Acknowledgment]:
    query = select(entries.c.id, entries.c.person, entries.c.content).where(entries.c.kind == "acknowledgment")
    found = []
    for entry, person, text in connection.execute(query.order_by(entries.c.id)):
        line = json.loads(text)
        revision, trainer = int(line["revision"]), line.get("trainer")
        found.append(Acknowledgment(person, line["procedure"], revision, line["date"], trainer, entry))
    return found


@dataclass(frozen=True)
class Cell:
    state: str  # current, stale, missing, not-required
    revision: int | None = None  # the revision signed
    day: str | None = None
    changes: tuple[str, ...] = ()  # for a stale one: what changed since the revision signed


NOT_REQUIRED = Cell("not-required")
MISSING = Cell("missing")


@dataclass
class Status:
    """The matrix. Only the cells on someone's path, or signed, are kept: every other one is not required."""

    manual: str
    today: date
    people: list[Person]
    procedures: list[Procedure]
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    overdue: list[str] = field(default_factory=list)  # people past sign_within with something stale or missing
    by_person: dict[str, dict[str, int]] = field(default_factory=dict)
    by_procedure: dict[str, dict[str, int]] = field(default_factory=dict)

    def cell(self, person: Person, procedure: Procedure) -> Cell:
        return self.cells.get((person.id, procedure.id), NOT_REQUIRED)

    def kept(self, person: Person) -> list[tuple[Procedure, Cell]]:
        """The person's cells that say something (on their path, or signed), in the matrix's order."""
        found = ((p, self.cells.get((person.id, p.id))) for p in self.procedures)
        return [(p, c) for p, c in found if c is not None]

    def person_summary(self, person: Person) -> dict[str, int]:
        return self.by_person[person.id]

    def procedure_summary(self, procedure: Procedure) -> dict[str, int]:
        return self.by_procedure[procedure.id]

    def percent(self, person: Person) -> int:
        counts = self.by_person[person.id]
        required = counts["current"] + counts["stale"] + counts["missing"]
        return round(100 * counts["current"] / required) if required else 100


def build_status(manual: Manual, acks: list[Acknowledgment], today: date) -> Status:
    """People now on the team x the procedures of their paths, each cell current, stale, missing or not required."""
    people = [p for p in manual.people if p.current(today)]
    of_roles: dict[tuple[str, ...], tuple[Procedure, ...]] = {}  # people in the same roles share a path
    paths = {p.id: of_roles.get(p.roles) or of_roles.setdefault(p.roles, manual.path_of(p)) for p in people}
    wanted = {q.id for path in paths.values() for q in path}
    procedures = [p for p in manual.procedures if p.id in wanted]
    latest: dict[tuple[str, str], Acknowledgment] = {}
    for each in acks:
        known = latest.get((each.person, each.procedure))
        if known is None or (each.revision, each.day) >= (known.revision, known.day):
            latest[(each.person, each.procedure)] = each
    status = Status(manual.name, today, people, procedures)
    status.by_procedure = {p.id: dict.fromkeys(STATES, 0) for p in procedures}
    signed: dict[str, list[Acknowledgment]] = {}
    for each in latest.values():
        signed.setdefault(each.person, []).append(each)
    grace = manual.sign_within or DEFAULT_SIGN_WITHIN
    changes = _Changes()
    cells = status.cells
    for person in people:  # only the cells on the path or signed: every other one is not required
        counts = dict.fromkeys(STATES, 0)
        for procedure in paths[person.id]:
            key = (person.id, procedure.id)
            ack = latest.get(key)
            if ack is None:
                cells[key], state = MISSING, "missing"
            elif ack.revision >= procedure.revision:
                cells[key], state = Cell("current", ack.revision, ack.day), "current"
            else:
                since = changes.since(procedure, ack.revision)
                cells[key], state = Cell("stale", ack.revision, ack.day, since), "stale"
            counts[state] += 1
            status.by_procedure[procedure.id][state] += 1
        for each in signed.get(person.id, ()):
            key = (person.id, each.procedure)
            if key not in cells and each.procedure in status.by_procedure:
                cells[key] = Cell("not-required", each.revision, each.day)
        counts["not-required"] = len(procedures) - counts["current"] - counts["stale"] - counts["missing"]
        status.by_person[person.id] = counts
        if (counts["stale"] or counts["missing"]) and (person.started is None or grace.after(person.started) < today):
            status.overdue.append(person.id)
    for counts in status.by_procedure.values():
        counts["not-required"] = len(people) - counts["current"] - counts["stale"] - counts["missing"]
    return status


class _Changes:
    """What changed in a procedure since a revision, from its change log: worked out once per revision."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, int], tuple[str, ...]] = {}

    def since(self, procedure: Procedure, revision: int) -> tuple[str, ...]:
        key = (procedure.id, revision)
        if key not in self.known:
            said = tuple(
                f"revision {c.revision} ({c.date.isoformat()}): {c.note}"
                for c in procedure.changes
                if c.revision > revision
            )
            self.known[key] = said or (f"now at revision {procedure.revision}",)
        return self.known[key]


def must_resign(manual: Manual, acks: list[Acknowledgment], procedure: str, today: date) -> list[tuple[Person, int]]:
    """Who, on the team now with the procedure on their path, signed an older revision than its current one."""
    current = manual.procedures_by_id.get(procedure)
    if current is None:
        return []
    signed: dict[str, int] = {}
    for ack in acks:
        if ack.procedure == procedure:
            signed[ack.person] = max(signed.get(ack.person, 0), ack.revision)
    return [
        (person, signed[person.id])
        for person in manual.people
        if person.current(today)
        and person.id in signed
        and signed[person.id] < current.revision
        and current in manual.path_of(person)
    ]


def acknowledgments_of(root: Path, db: str | None = None) -> list[Acknowledgment]:
    """Every acknowledgment in the manual's records; none when there are no records yet."""
    from opsmanual.diagnostics import UserError
    from opsmanual.records.db import open_records

    try:
        engine = open_records(root, db, create=False)
    except UserError as error:
        if [d.code for d in error.diagnostics] != ["no-records"]:
            raise
        return []
    with engine.connect() as connection:
        return read_acknowledgments(connection)


@dataclass(frozen=True)
class Gap:
    """What one person must still sign: for `review`."""

    person: str
    name: str
    stale: int
    missing: int
    overdue: bool  # past records.sign_within


def gaps(status: Status) -> list[Gap]:
    found = []
    for person in status.people:
        counts = status.person_summary(person)
        if counts["stale"] or counts["missing"]:
            late = person.id in status.overdue
            found.append(Gap(person.id, person.name, counts["stale"], counts["missing"], late))
    return found
