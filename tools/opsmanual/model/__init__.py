"""The checked manual as plain frozen data, the input of every renderer.

The dataclasses are here; `model.build` makes them from documents the checker has accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Any

from opsmanual.values import DEFAULT_REVIEW, DUE_SOON_DAYS, Duration, Review, review_state


class Status(StrEnum):
    """A procedure's life: drafts are not in use yet, retired ones no longer."""

    DRAFT = "draft"
    EFFECTIVE = "effective"
    RETIRED = "retired"


class Untranslated(str):
    """A text of a translated manual shown in the source's language, because its translation is missing."""

    __slots__ = ("language",)
    language: str

    def __new__(cls, value: str, language: str) -> Untranslated:
        made = super().__new__(cls, value)
        made.language = language
        return made

    def __reduce__(self) -> tuple[type[Untranslated], tuple[str, str]]:  # to a worker and back, language kept
        return (Untranslated, (str(self), self.language))


@dataclass(frozen=True, slots=True)
class Translation:
    """Where a translated procedure or checklist stands: of which revision, and how much is still untranslated."""

    language: str  # the language it is shown in
    source_language: str
    translated_from: int | None  # None: no translation at all, every text is the source's
    revision: int  # the source's revision
    untranslated: tuple[str, ...] = ()  # where the texts shown in the source's language are: "purpose", "steps.wash.do"
    changes: tuple[Change, ...] = ()  # the source's change notes since the translated revision

    @property
    def stale(self) -> bool:
        return self.translated_from is not None and self.translated_from < self.revision


@dataclass(frozen=True, slots=True)
class Overlay:
    """A translation file as read: which source it translates, into what, and its texts (plain data)."""

    kind: str  # "sop" or "checklist"
    id: str
    language: str
    file: str
    translated_from: int
    texts: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: str
    description: str | None = None
    training: tuple[str, ...] = ()  # the path a new person learns first (procedure ids); () for the default


@dataclass(frozen=True, slots=True)
class Person:
    """Someone on the team (sops/team.yaml)."""

    id: str
    name: str
    roles: tuple[str, ...]
    started: date | None = None
    left: date | None = None
    language: str | None = None

    def current(self, today: date) -> bool:
        """Still on the team on `today` (someone who left is kept for the records only)."""
        return self.left is None or self.left > today


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Shift:
    id: str
    name: str
    starts: str | None = None
    ends: str | None = None

    @property
    def overnight(self) -> bool:
        return self.starts is not None and self.ends is not None and self.ends < self.starts


@dataclass(frozen=True, slots=True)
class Schedule:
    """How often: `every` narrowed by `on` (weekdays 0-6 for Monday-Sunday, or days of the month 1-28).

    A cycle of several weeks or months counts from `start` (the format's `from`).
    """

    every: Duration
    weekdays: tuple[int, ...] = ()
    days: tuple[int, ...] = ()
    start: date | None = None

    @property
    def within_a_day(self) -> bool:
        return self.every.unit in ("second", "minute", "hour") or (self.every.unit == "day" and self.every.amount < 1)


@dataclass(frozen=True, slots=True)
class Target:
    """The aim inside a reading's limits."""

    min: float | None = None
    max: float | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """A reading: a range (`min`, `max`, with an optional `target`) or a yes/no check (`answer`)."""

    what: str
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    if_out_of_range: str | None = None
    target: Target | None = None
    answer: str | None = None  # "yes" or "no": the expected answer of a yes/no check


@dataclass(frozen=True, slots=True)
class Image:
    file: str  # relative to sops/, under media/
    caption: str


@dataclass(frozen=True, slots=True)
class Due:
    """A step due within a time after an earlier step of its procedure."""

    after: str
    within: Duration


@dataclass(frozen=True, slots=True)
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
    due: Due | None = None

    @property
    def is_decision(self) -> bool:
        return self.condition is not None


@dataclass(frozen=True, slots=True)
class Change:
    revision: int
    date: date
    note: str


@dataclass(frozen=True, slots=True)
class Reference:
    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
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
    schedule: Schedule | None = None
    standard: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    safety: tuple[str, ...] = ()
    escalation: str | None = None
    authority: str | None = None
    related: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    tags: tuple[str, ...] = ()
    owner: str | None = None
    status: Status = Status.EFFECTIVE
    revision: int = 1
    effective: date | None = None
    approved_by: str | None = None
    review_every: Duration | None = None
    next_review: date | None = None
    changes: tuple[Change, ...] = ()
    translation: Translation | None = None  # in a translated manual only

    def review(self, default_interval: Duration, today: date, soon_days: int = DUE_SOON_DAYS) -> Review:
        """Where this procedure stands with its review on `today` (overdue, due soon, ...)."""
        interval = self.review_every or default_interval
        return review_state(self.status, self.effective, self.next_review, interval, today, soon_days)

    @property
    def is_effective(self) -> bool:
        return self.status is Status.EFFECTIVE


@dataclass(frozen=True, slots=True)
class LogColumn:
    label: str
    kind: str  # text, time, number, yesno or initials
    unit: str | None = None
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True, slots=True)
class Log:
    """A table of blank rows to fill in."""

    title: str
    rows: int
    columns: tuple[LogColumn, ...]


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """Exactly one of: a procedure (optionally some of its steps), a task, a record, a note, a log."""

    sop: str | None = None
    steps: tuple[str, ...] = ()
    task: str | None = None
    record: Record | None = None
    note: str | None = None
    lines: int = 3
    log: Log | None = None


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True, slots=True)
class Verify:
    """Who checks the completed sheet, and within how long."""

    role: str
    within: Duration | None = None


@dataclass(frozen=True, slots=True)
class Checklist:
    id: str
    file: str
    title: str
    sections: tuple[Section, ...]
    shift: str | None = None
    roles: tuple[str, ...] = ()
    due: str | None = None
    schedule: Schedule | None = None
    layout: str | None = None  # "week": a column per day, the items as rows
    paper: str | None = None
    notes: str | None = None
    signoff: tuple[str, ...] = ()
    code: str | None = None
    revision: int = 1
    verify: Verify | None = None
    bilingual: bool = False  # printed with each text in the manual's language and, smaller, in a translation's
    translation: Translation | None = None  # in a translated manual only


@dataclass(frozen=True)
class Manual:
    name: str
    language: str = "en"
    paper: str = "letter"
    url: str | None = None
    review_every: Duration = DEFAULT_REVIEW
    keep_records: Duration | None = None
    verify_after: Duration | None = None  # when no checklist's verify says within how long
    temperature: str | None = None  # C, F or both; None: as written
    roles: tuple[Role, ...] = ()
    areas: tuple[Area, ...] = ()
    shifts: tuple[Shift, ...] = ()
    procedures: tuple[Procedure, ...] = ()
    checklists: tuple[Checklist, ...] = ()
    people: tuple[Person, ...] = ()
    show_team: bool = False
    logo: str | None = None  # a picture under sops/media/, in the site's header
    color: str | None = None  # the site's main colour: one of Material's palette names
    sign_within: Duration | None = None  # how long a new person has to sign their path
    translations: tuple[str, ...] = ()  # the languages it is also published in
    overlays: tuple[Overlay, ...] = ()  # the translation files, every language
    source_language: str | None = None  # set in a translated manual: the language it was written in

    @cached_property
    def procedures_by_id(self) -> dict[str, Procedure]:
        return {p.id: p for p in self.procedures}

    @cached_property
    def people_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    def path(self, role: Role) -> tuple[Procedure, ...]:
        """A role's training path: its `training`, else its effective procedures in area order."""
        if role.training:
            return tuple(self.procedures_by_id[p] for p in role.training if p in self.procedures_by_id)
        return tuple(p for p in self.procedures if role.id in p.roles and p.is_effective)

    def path_of(self, person: Person) -> tuple[Procedure, ...]:
        """A person's path: their roles' paths, each procedure once, in the order they first come."""
        found: dict[str, Procedure] = {}
        for role in self.roles:
            if role.id in person.roles:
                found.update((p.id, p) for p in self.path(role) if p.id not in found)
        return tuple(found.values())

    @cached_property
    def shifts_by_id(self) -> dict[str, Shift]:
        return {s.id: s for s in self.shifts}


from opsmanual.model.build import checklist_from, manual_from, procedure_from  # noqa: E402

__all__ = [
    "Area",
    "Change",
    "Checklist",
    "ChecklistItem",
    "Due",
    "Image",
    "Log",
    "LogColumn",
    "Manual",
    "Overlay",
    "Person",
    "Procedure",
    "Record",
    "Reference",
    "Role",
    "Schedule",
    "Section",
    "Shift",
    "Status",
    "Step",
    "Target",
    "Translation",
    "Untranslated",
    "Verify",
    "checklist_from",
    "manual_from",
    "procedure_from",
]
