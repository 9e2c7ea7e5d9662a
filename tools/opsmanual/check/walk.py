"""Walking a document that has been read: its steps, its items, its lists of ids, its references.

The rules on one file (check/document.py and the modules it gathers) and the notes the
index keeps (check/run.py) share these, so that every rule sees a document the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from opsmanual.check.index import Index, Known, Path_
from opsmanual.diagnostics import Collector
from opsmanual.i18n.messages import N_, _
from opsmanual.load.tree import YamlList, YamlMap
from opsmanual.values import ID


@dataclass(frozen=True)
class Document:
    """A file that has been read: its id, its tree, where its findings go, and whether the schema passed."""

    id: str
    file: str
    data: YamlMap
    out: Collector
    valid: bool


Rule = Callable[[Document, Index], None]


# Walking a document


def ids_at(node: Any, key: str, path: Path_ = ()) -> Iterator[tuple[str, int, Path_]]:
    """(id, position, path) of each text item of the list `node[key]`."""
    items = node.get(key) if isinstance(node, YamlMap) else None
    if isinstance(items, YamlList):
        for index, (item, position) in enumerate(zip(items, items.item_positions, strict=True)):
            if isinstance(item, str):
                yield item, position, (*path, key, index)


def walk_steps(steps: YamlList, level: int = 1, path: Path_ = ("steps",)) -> Iterator[tuple[YamlMap, int, Path_]]:
    """Every step at every level, with its level (1 for top-level steps) and its path."""
    for index, step in enumerate(steps):
        if isinstance(step, YamlMap):
            here = (*path, index)
            yield step, level, here
            for key in ("steps", "then"):
                if isinstance(step.get(key), YamlList):
                    yield from walk_steps(step[key], level + 1, (*here, key))


def top_step_ids(data: YamlMap) -> list[str]:
    steps = data.get("steps")
    steps = steps if isinstance(steps, YamlList) else ()
    return [s["id"] for s in steps if isinstance(s, YamlMap) and isinstance(s.get("id"), str)]


def all_step_ids(data: YamlMap) -> set[str]:
    steps = data.get("steps")
    if not isinstance(steps, YamlList):
        return set()
    return {s["id"] for s, _, _ in walk_steps(steps) if isinstance(s.get("id"), str)}


def checklist_items(data: YamlMap) -> Iterator[tuple[YamlMap, int, Path_]]:
    """Each item of each section, with its position and path, skipping what is not shaped as one."""
    sections = data.get("sections")
    for s, section in enumerate(sections if isinstance(sections, YamlList) else ()):
        items = section.get("items") if isinstance(section, YamlMap) else None
        if isinstance(items, YamlList):
            for i, (item, position) in enumerate(zip(items, items.item_positions, strict=True)):
                if isinstance(item, YamlMap):
                    yield item, position, ("sections", s, "items", i)


# References to what manual.yaml declares

_DECLARED = {  # what the message says, where such names come from, how to add one
    "role": (
        N_("unknown role '{id}'"),
        N_("roles are declared in sops/manual.yaml"),
        N_("declare it under 'roles' in sops/manual.yaml"),
    ),
    "shift": (
        N_("unknown shift '{id}'"),
        N_("shifts are declared in sops/manual.yaml"),
        N_("declare it under 'shifts' in sops/manual.yaml"),
    ),
    "procedure": (
        N_("unknown procedure '{id}'"),
        N_("a procedure's id is its file name"),
        N_("write the procedure as sops/<area>/<id>.yaml"),
    ),
}


def check_reference(
    out: Collector, kind: str, value: str, position: int, known: Known | None, path: Path_ = ()
) -> bool:
    """Report `value` unless it names a known `kind`; True when it does (or cannot be told)."""
    if known is None or value in known or not ID.fullmatch(value):
        return True  # unknown names cannot be told, and a malformed id is the schema's to report
    message, where, declare = (_(text) for text in _DECLARED[kind])
    hint = known.hint(value)
    if hint:
        hint += f" ({where})"
    elif known and len(known) <= 12:
        hint = _("use one of: {names}; or {declare}").format(names=", ".join(sorted(known)), declare=declare)
    else:
        hint = declare
    out.error(position, f"unknown-{kind}", message.format(id=value), hint, path)
    return False


def check_shift_names(out: Collector, shifts: Iterator[tuple[str, int, Path_]], index: Index) -> None:
    names = index.names
    for shift, position, path in shifts:
        if names.shifts is not None and not names.has_shifts:
            out.error(
                position,
                "no-shifts",
                _("the shift '{id}' is named, but the manual declares no shifts").format(id=shift),
                _("add 'shifts' to sops/manual.yaml, or remove this"),
                path,
            )
        else:
            check_reference(out, "shift", shift, position, names.shifts, path)
