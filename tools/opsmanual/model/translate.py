"""A manual in one of its translations: the source's structure with the overlays' words.

An overlay (`wash-hands.es.yaml`) holds only words; order, ids, numbers, critical marks and
pictures always come from the source. A text the overlay leaves out stays in the source's
language as an `Untranslated` string, which pages mark, and is counted: `check` warns with the
same count (`translation-missing`) and `translate status` reports it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from opsmanual.model import (
    Checklist,
    ChecklistItem,
    Image,
    Log,
    Manual,
    Overlay,
    Procedure,
    Record,
    Section,
    Step,
    Translation,
    Untranslated,
)

TEXTS = ("title", "summary", "purpose", "when", "escalation", "authority")
LISTS = ("standard", "materials", "safety", "tags")
STEP_TEXTS = (("do", "do"), ("check", "check"), ("why", "why"), ("tip", "tip"), ("warning", "warning"))


def plain(node: Any) -> Any:
    """The loader's tree as plain dicts, lists and strings, a line's one trailing newline dropped."""
    if isinstance(node, Mapping):
        return {key: plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(value) for value in node]
    if isinstance(node, str) and node.endswith("\n") and "\n" not in node[:-1]:
        return node[:-1]
    return node


def plain_steps(steps: Any) -> Iterator[dict[str, Any]]:
    """Every step of a plain steps list (an overlay's, or a file as read) at any level, sub-steps and branches."""
    for step in steps if isinstance(steps, list) else ():
        if isinstance(step, dict):
            yield step
            yield from plain_steps(step.get("steps"))
            yield from plain_steps(step.get("then"))


@dataclass
class _Words:
    """The words of one overlay, handed out field by field; what it lacks is noted and kept in the source's."""

    texts: Mapping[str, Any]
    source_language: str
    missing: list[str] = field(default_factory=list)

    def text(self, where: str, value: str | None, given: Any) -> str | None:
        if value is None:
            return None
        if isinstance(given, str):
            return given
        self.missing.append(where)
        return Untranslated(value, self.source_language)

    def lines(self, where: str, values: tuple[str, ...], given: Any) -> tuple[str, ...]:
        if not values:
            return values
        if isinstance(given, list) and len(given) == len(values):
            return tuple(given)
        self.missing.append(where)
        return tuple(Untranslated(v, self.source_language) for v in values)

    def record(self, where: str, record: Record | None, given: Any) -> Record | None:
        if record is None:
            return None
        words = given if isinstance(given, Mapping) else {}
        return replace(
            record,
            what=self.text(f"{where}.what", record.what, words.get("what")) or "",
            unit=words["unit"] if isinstance(words.get("unit"), str) else record.unit,  # shared unless written
            if_out_of_range=self.text(f"{where}.if_out_of_range", record.if_out_of_range, words.get("if_out_of_range")),
        )


def translate_procedure(
    procedure: Procedure, texts: Mapping[str, Any] | None, source_language: str
) -> tuple[Procedure, list[str]]:
    """The procedure with the overlay's words (None: no overlay), and where it still shows the source's."""
    words = _Words(texts or {}, source_language)
    by_id = {step["id"]: step for step in plain_steps(words.texts.get("steps")) if isinstance(step.get("id"), str)}
    changes: dict[str, Any] = {key: words.text(key, getattr(procedure, key), words.texts.get(key)) for key in TEXTS}
    changes.update({key: words.lines(key, getattr(procedure, key), words.texts.get(key)) for key in LISTS})
    changes["steps"] = tuple(_step(step, by_id, words) for step in procedure.steps)
    return replace(procedure, **changes), words.missing


def _step(step: Step, by_id: Mapping[str, Any], words: _Words) -> Step:
    given = by_id.get(step.id or "", {})
    where = f"steps.{step.id}" if step.id else "steps.(no id)"
    changes: dict[str, Any] = {
        attr: words.text(f"{where}.{key}", getattr(step, attr), given.get(key)) for attr, key in STEP_TEXTS
    }
    changes["condition"] = words.text(f"{where}.if", step.condition, given.get("if"))
    if step.image is not None:
        caption = (given.get("image") or {}).get("caption")
        changes["image"] = Image(
            step.image.file, words.text(f"{where}.image.caption", step.image.caption, caption) or ""
        )
    changes["record"] = words.record(f"{where}.record", step.record, given.get("record"))
    changes["steps"] = tuple(_step(child, by_id, words) for child in step.steps)
    changes["then"] = tuple(_step(child, by_id, words) for child in step.then)
    return replace(step, **changes)


def translate_checklist(
    checklist: Checklist, texts: Mapping[str, Any] | None, source_language: str
) -> tuple[Checklist, list[str]]:
    """The checklist with the overlay's words, section by section and item by item, in the source's order, and
    where it still shows the source's."""
    words = _Words(texts or {}, source_language)
    given_sections = words.texts.get("sections")
    sections = []
    for s, section in enumerate(checklist.sections):
        given = _at(given_sections, s)
        items = tuple(
            _item(item, _at(given.get("items"), i), words, f"sections.{s + 1}.items.{i + 1}")
            for i, item in enumerate(section.items)
        )
        title = words.text(f"sections.{s + 1}.title", section.title, given.get("title")) or ""
        sections.append(Section(title, items))
    made = replace(
        checklist,
        title=words.text("title", checklist.title, words.texts.get("title")) or "",
        notes=words.text("notes", checklist.notes, words.texts.get("notes")),
        signoff=words.lines("signoff", checklist.signoff, words.texts.get("signoff")),
        sections=tuple(sections),
    )
    return made, words.missing


def _at(items: Any, index: int) -> dict[str, Any]:
    return items[index] if isinstance(items, list) and index < len(items) and isinstance(items[index], dict) else {}


def _item(item: ChecklistItem, given: Mapping[str, Any], words: _Words, where: str) -> ChecklistItem:
    if item.sop is not None:
        return item  # its words are the procedure's, translated with it
    log = item.log
    if log is not None:
        wanted = given.get("log") or {}
        labels = [c.get("label") if isinstance(c, dict) else None for c in wanted.get("columns") or ()]
        labels += [None] * (len(log.columns) - len(labels))
        columns = tuple(
            replace(c, label=words.text(f"{where}.log.columns.{n + 1}", c.label, label) or "")
            for n, (c, label) in enumerate(zip(log.columns, labels, strict=False))
        )
        log = Log(words.text(f"{where}.log.title", log.title, wanted.get("title")) or "", log.rows, columns)
    return replace(
        item,
        task=words.text(f"{where}.task", item.task, given.get("task")),
        note=words.text(f"{where}.note", item.note, given.get("note")),
        record=words.record(f"{where}.record", item.record, given.get("record")),
        log=log,
    )


def untranslated(value: object) -> str | None:
    """The language a text is shown in when it is not translated; None for a translated text."""
    return value.language if isinstance(value, Untranslated) else None


def translated(manual: Manual, language: str) -> Manual:
    """The manual as published in `language`: every procedure and checklist with its overlay's words, if any."""
    overlays = {(o.kind, o.id): o for o in manual.overlays if o.language == language}
    source = manual.language

    def state(source_revision: int, kind: str, id_: str, missing: list[str], changes: tuple[Any, ...]) -> Translation:
        overlay = overlays.get((kind, id_))
        since = overlay.translated_from if overlay is not None else None
        later = tuple(c for c in changes if since is not None and c.revision > since)
        return Translation(language, source, since, source_revision, tuple(missing), later)

    procedures = []
    for p in manual.procedures:
        made, missing = translate_procedure(p, _texts(overlays, "sop", p.id), source)
        procedures.append(replace(made, translation=state(p.revision, "sop", p.id, missing, p.changes)))
    checklists = []
    for c in manual.checklists:
        made_list, missing = translate_checklist(c, _texts(overlays, "checklist", c.id), source)
        checklists.append(replace(made_list, translation=state(c.revision, "checklist", c.id, missing, ())))
    own = overlays.get(("manual", "manual"))
    words = own.texts if own is not None else {}
    return replace(
        manual,
        name=words.get("name", manual.name),
        roles=_named(manual.roles, words.get("roles")),
        areas=_named(manual.areas, words.get("areas")),
        shifts=_named(manual.shifts, words.get("shifts")),
        language=language,
        procedures=tuple(procedures),
        checklists=tuple(checklists),
        source_language=source,
    )


def _named(declared: tuple[Any, ...], words: Any) -> tuple[Any, ...]:
    """Roles, areas or shifts with their names (and descriptions) from manual.<language>.yaml, found by id."""
    by_id = {w["id"]: w for w in words if isinstance(w, dict)} if isinstance(words, list) else {}
    made = []
    for item in declared:
        given = by_id.get(item.id, {})
        changes = {key: given[key] for key in ("name", "description") if isinstance(given.get(key), str)}
        made.append(replace(item, **changes) if changes else item)
    return tuple(made)


def _texts(overlays: Mapping[tuple[str, str], Overlay], kind: str, id_: str) -> dict[str, Any] | None:
    overlay = overlays.get((kind, id_))
    return overlay.texts if overlay is not None else None
