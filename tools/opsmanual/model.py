"""The checked manual as plain frozen data, the input of every renderer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Any

from opsmanual.values import DEFAULT_REVIEW, DUE_SOON_DAYS, Duration, Review, parse_date, parse_duration, review_state


class Status(StrEnum):
    """A procedure's life: drafts are not in use yet, retired ones no longer."""

    DRAFT = "draft"
    EFFECTIVE = "effective"
    RETIRED = "retired"


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class Shift:
    id: str
    name: str
    starts: str | None = None
    ends: str | None = None

    @property
    def overnight(self) -> bool:
        return self.starts is not None and self.ends is not None and self.ends < self.starts


@dataclass(frozen=True)
class Record:
    what: str
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    if_out_of_range: str | None = None


@dataclass(frozen=True)
class Image:
    file: str  # relative to sops/, under media/
    caption: str


@dataclass(frozen=True)
class Step:
    """An action (`do`) or a decision (`condition` with `then`)."""

    do: str | None = None
    id: str | None = None
    check: str | None = None
    why: str | None = None
    tip: str | None = None
    warning: str | None = None
    critical: bool = False
    time: Duration | None = None
    image: Image | None = None
    record: Record | None = None
    steps: tuple[Step, ...] = ()
    condition: str | None = None
    then: tuple[Step, ...] = ()

    @property
    def is_decision(self) -> bool:
        return self.condition is not None


@dataclass(frozen=True)
class Change:
    revision: int
    date: date
    note: str


@dataclass(frozen=True)
class Procedure:
    id: str
    area: str
    file: str  # relative to the manual's root
    title: str
    purpose: str
    steps: tuple[Step, ...]
    code: str | None = None
    summary: str | None = None
    roles: tuple[str, ...] = ()
    shifts: tuple[str, ...] = ()
    when: str | None = None
    time: Duration | None = None
    standard: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    safety: tuple[str, ...] = ()
    escalation: str | None = None
    authority: str | None = None
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    owner: str | None = None
    status: Status = Status.EFFECTIVE
    revision: int = 1
    effective: date | None = None
    approved_by: str | None = None
    review_every: Duration | None = None
    next_review: date | None = None
    changes: tuple[Change, ...] = ()

    def review(self, default_interval: Duration, today: date, soon_days: int = DUE_SOON_DAYS) -> Review:
        """Where this procedure stands with its review on `today` (overdue, due soon, ...)."""
        interval = self.review_every or default_interval
        return review_state(self.status, self.effective, self.next_review, interval, today, soon_days)

    @property
    def is_effective(self) -> bool:
        return self.status is Status.EFFECTIVE


@dataclass(frozen=True)
class ChecklistItem:
    """Exactly one of: a procedure (optionally some of its steps), a task, a record."""

    sop: str | None = None
    steps: tuple[str, ...] = ()
    task: str | None = None
    record: Record | None = None


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Checklist:
    id: str
    file: str
    title: str
    sections: tuple[Section, ...]
    shift: str | None = None
    roles: tuple[str, ...] = ()
    due: str | None = None
    paper: str | None = None
    notes: str | None = None
    signoff: tuple[str, ...] = ()


@dataclass(frozen=True)
class Manual:
    name: str
    language: str = "en"
    paper: str = "letter"
    url: str | None = None
    review_every: Duration = DEFAULT_REVIEW
    roles: tuple[Role, ...] = ()
    areas: tuple[Area, ...] = ()
    shifts: tuple[Shift, ...] = ()
    procedures: tuple[Procedure, ...] = ()
    checklists: tuple[Checklist, ...] = ()

    @cached_property
    def procedures_by_id(self) -> dict[str, Procedure]:
        return {p.id: p for p in self.procedures}


# Builders from documents the schema has accepted: no further validation here.


def _opt(data: Mapping[str, Any], key: str) -> Any:
    return data.get(key)


def _tuple(data: Mapping[str, Any], key: str) -> tuple[Any, ...]:
    return tuple(data.get(key, ()))


def _duration(data: Mapping[str, Any], key: str) -> Duration | None:
    return parse_duration(data[key]) if key in data else None


def date_field(data: Mapping[str, Any], key: str) -> date | None:
    """The date at `key`, or None when the key is absent."""
    return parse_date(data[key]) if key in data else None


def _line(value: str | None) -> str | None:
    """A line without the one trailing newline a folded block leaves."""
    return value[:-1] if value is not None and value.endswith("\n") else value


def _lines(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    return tuple(_line(v) or "" for v in data.get(key, ()))


def record_from(data: Mapping[str, Any]) -> Record:
    return Record(
        _line(data["what"]) or "",
        _line(_opt(data, "unit")),
        _opt(data, "min"),
        _opt(data, "max"),
        _opt(data, "if_out_of_range"),
    )


def step_from(data: Mapping[str, Any]) -> Step:
    image = data.get("image")
    return Step(
        do=_opt(data, "do"),
        id=_opt(data, "id"),
        check=_line(_opt(data, "check")),
        why=_opt(data, "why"),
        tip=_opt(data, "tip"),
        warning=_opt(data, "warning"),
        critical=bool(data.get("critical", False)),
        time=_duration(data, "time"),
        image=Image(image["file"], _line(image["caption"]) or "") if image else None,
        record=record_from(data["record"]) if "record" in data else None,
        steps=tuple(step_from(s) for s in data.get("steps", ())),
        condition=_line(_opt(data, "if")),
        then=tuple(step_from(s) for s in data.get("then", ())),
    )


def procedure_from(procedure_id: str, area: str, file: str, data: Mapping[str, Any]) -> Procedure:
    return Procedure(
        id=procedure_id,
        area=area,
        file=file,
        title=_line(data["title"]) or "",
        purpose=data["purpose"],
        steps=tuple(step_from(s) for s in data["steps"]),
        code=_line(_opt(data, "code")),
        summary=_line(_opt(data, "summary")),
        roles=_tuple(data, "roles"),
        shifts=_tuple(data, "shifts"),
        when=_line(_opt(data, "when")),
        time=_duration(data, "time"),
        standard=_lines(data, "standard"),
        materials=_lines(data, "materials"),
        safety=_lines(data, "safety"),
        escalation=_opt(data, "escalation"),
        authority=_opt(data, "authority"),
        related=_tuple(data, "related"),
        tags=_lines(data, "tags"),
        owner=_opt(data, "owner"),
        status=Status(data.get("status", "effective")),
        revision=data.get("revision", 1),
        effective=date_field(data, "effective"),
        approved_by=_line(_opt(data, "approved_by")),
        review_every=_duration(data, "review_every"),
        next_review=date_field(data, "next_review"),
        changes=tuple(
            Change(c["revision"], parse_date(c["date"]), _line(c["note"]) or "") for c in data.get("changes", ())
        ),
    )


def checklist_from(checklist_id: str, file: str, data: Mapping[str, Any]) -> Checklist:
    sections = tuple(
        Section(
            _line(s["title"]) or "",
            tuple(
                ChecklistItem(
                    sop=_opt(i, "sop"),
                    steps=_tuple(i, "steps"),
                    task=_line(_opt(i, "task")),
                    record=record_from(i["record"]) if "record" in i else None,
                )
                for i in s["items"]
            ),
        )
        for s in data["sections"]
    )
    return Checklist(
        id=checklist_id,
        file=file,
        title=_line(data["title"]) or "",
        sections=sections,
        shift=_opt(data, "shift"),
        roles=_tuple(data, "roles"),
        due=_opt(data, "due"),
        paper=_opt(data, "paper"),
        notes=_opt(data, "notes"),
        signoff=_lines(data, "signoff"),
    )


def manual_from(
    data: Mapping[str, Any], procedures: tuple[Procedure, ...], checklists: tuple[Checklist, ...]
) -> Manual:
    return Manual(
        name=_line(data["name"]) or "",
        language=data.get("language", "en"),
        paper=data.get("paper", "letter"),
        url=_opt(data, "url"),
        review_every=_duration(data, "review_every") or DEFAULT_REVIEW,
        roles=tuple(Role(r["id"], _line(r["name"]) or "", _line(_opt(r, "description"))) for r in data["roles"]),
        areas=tuple(Area(a["id"], _line(a["name"]) or "", _line(_opt(a, "description"))) for a in data["areas"]),
        shifts=tuple(
            Shift(s["id"], _line(s["name"]) or "", _opt(s, "starts"), _opt(s, "ends")) for s in data.get("shifts", ())
        ),
        procedures=procedures,
        checklists=checklists,
    )
