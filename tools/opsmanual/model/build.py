"""The model built from documents the checker has accepted: no further validation here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opsmanual.i18n import weekday_names

# model/__init__.py defines every class before it imports this module, so this import finds them all.
from opsmanual.model import (
    Area,
    Change,
    Checklist,
    ChecklistItem,
    Due,
    Image,
    Log,
    LogColumn,
    Manual,
    Overlay,
    Person,
    Procedure,
    Record,
    Reference,
    Role,
    Schedule,
    Section,
    Shift,
    Status,
    Step,
    Target,
    Verify,
)
from opsmanual.values import DEFAULT_REVIEW, Duration, parse_date, parse_duration


def _opt(data: Mapping[str, Any], key: str) -> Any:
    return data.get(key)


def _tuple(data: Mapping[str, Any], key: str) -> tuple[Any, ...]:
    return tuple(data.get(key, ()))


def _duration(data: Mapping[str, Any], key: str) -> Duration | None:
    return parse_duration(data[key]) if key in data else None


def date_field(data: Mapping[str, Any], key: str) -> Any:
    """The date at `key`, or None when the key is absent."""
    return parse_date(data[key]) if key in data else None


def _line(value: str | None) -> str | None:
    """A line without the one trailing newline a folded block leaves."""
    return value[:-1] if value is not None and value.endswith("\n") else value


def _lines(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    return tuple(_line(v) or "" for v in data.get(key, ()))


def _number(value: Any) -> float | None:
    return None if value is None else float(value) if isinstance(value, float) else int(value)


def schedule_from(data: Mapping[str, Any]) -> Schedule | None:

    if "every" not in data:
        return None
    names = weekday_names()
    on = data.get("on", ())
    weekdays = tuple(sorted({names[d] for d in on if isinstance(d, str)}))
    days = tuple(sorted(d for d in on if isinstance(d, int)))
    return Schedule(parse_duration(data["every"]), weekdays, days, date_field(data, "from"))


def record_from(data: Mapping[str, Any]) -> Record:

    target = data.get("target")
    return Record(
        _line(data["what"]) or "",
        _line(_opt(data, "unit")),
        _number(_opt(data, "min")),
        _number(_opt(data, "max")),
        _opt(data, "if_out_of_range"),
        Target(_number(target.get("min")), _number(target.get("max"))) if target else None,
        _opt(data, "answer"),
    )


def step_from(data: Mapping[str, Any]) -> Step:

    image, due = data.get("image"), data.get("due")
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
        due=Due(due["after"], parse_duration(due["within"])) if due else None,
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
        schedule=schedule_from(data),
        standard=_lines(data, "standard"),
        materials=_lines(data, "materials"),
        safety=_lines(data, "safety"),
        escalation=_opt(data, "escalation"),
        authority=_opt(data, "authority"),
        related=_tuple(data, "related"),
        references=tuple(Reference(_line(r["title"]) or "", _opt(r, "url")) for r in data.get("references", ())),
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


def _item(data: Mapping[str, Any]) -> ChecklistItem:

    log = data.get("log")
    return ChecklistItem(
        sop=_opt(data, "sop"),
        steps=_tuple(data, "steps"),
        task=_line(_opt(data, "task")),
        record=record_from(data["record"]) if "record" in data else None,
        note=_line(_opt(data, "note")),
        lines=data.get("lines", 3),
        log=Log(
            _line(log["title"]) or "",
            log["rows"],
            tuple(
                LogColumn(
                    _line(c["label"]) or "",
                    c["kind"],
                    _line(_opt(c, "unit")),
                    _number(_opt(c, "min")),
                    _number(_opt(c, "max")),
                )
                for c in log["columns"]
            ),
        )
        if log
        else None,
    )


def checklist_from(checklist_id: str, file: str, data: Mapping[str, Any]) -> Checklist:

    verify = data.get("verify")
    return Checklist(
        id=checklist_id,
        file=file,
        title=_line(data["title"]) or "",
        sections=tuple(Section(_line(s["title"]) or "", tuple(_item(i) for i in s["items"])) for s in data["sections"]),
        shift=_opt(data, "shift"),
        roles=_tuple(data, "roles"),
        due=_opt(data, "due"),
        schedule=schedule_from(data),
        layout=_opt(data, "layout"),
        paper=_opt(data, "paper"),
        notes=_opt(data, "notes"),
        signoff=_lines(data, "signoff"),
        code=_line(_opt(data, "code")),
        revision=data.get("revision", 1),
        verify=Verify(verify["role"], _duration(verify, "within")) if verify else None,
        bilingual=bool(data.get("bilingual", False)),
    )


def person_from(data: Mapping[str, Any]) -> Person:
    return Person(
        data["id"],
        _line(data["name"]) or "",
        tuple(data["roles"]),
        date_field(data, "started"),
        date_field(data, "left"),
        _opt(data, "language"),
    )


def manual_from(
    data: Mapping[str, Any],
    procedures: tuple[Procedure, ...],
    checklists: tuple[Checklist, ...],
    team: Mapping[str, Any] | None = None,
    overlays: tuple[Overlay, ...] = (),
) -> Manual:

    records = data.get("records")
    return Manual(
        name=_line(data["name"]) or "",
        language=data.get("language", "en"),
        paper=data.get("paper", "letter"),
        url=_opt(data, "url"),
        review_every=_duration(data, "review_every") or DEFAULT_REVIEW,
        keep_records=_duration(records, "keep") if records else None,
        verify_after=_duration(records, "verify_after") if records else None,
        temperature=_opt(data, "temperature"),
        roles=tuple(
            Role(r["id"], _line(r["name"]) or "", _line(_opt(r, "description")), _tuple(r, "training"))
            for r in data["roles"]
        ),
        areas=tuple(Area(a["id"], _line(a["name"]) or "", _line(_opt(a, "description"))) for a in data["areas"]),
        shifts=tuple(
            Shift(s["id"], _line(s["name"]) or "", _opt(s, "starts"), _opt(s, "ends")) for s in data.get("shifts", ())
        ),
        procedures=procedures,
        checklists=checklists,
        people=tuple(person_from(p) for p in team["people"]) if team else (),
        show_team=bool(data.get("show_team", False)),
        logo=_opt(data, "logo"),
        color=_opt(data, "color"),
        sign_within=_duration(records, "sign_within") if records else None,
        translations=_tuple(data, "translations"),
        overlays=overlays,
    )
