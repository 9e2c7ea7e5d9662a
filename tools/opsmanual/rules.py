"""Checks inside one document that a JSON Schema cannot express."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opsmanual.diagnostics import Collector, unpack
from opsmanual.discover import ID
from opsmanual.markdown_lint import MARKDOWN_KEYS, markdown_problems
from opsmanual.schemas import close_matches, image_file_pattern
from opsmanual.yamlload import YamlList, YamlMap

MAX_STEP_LEVEL = 3


@dataclass
class Names:
    """The ids declared in manual.yaml; None where they are unknown (manual.yaml unreadable)."""

    roles: dict[str, int] | None
    shifts: dict[str, int] | None
    has_shifts: bool


def ids_at(node: Any, key: str) -> Iterator[tuple[str, int]]:
    """(id, position) of each item of the list `node[key]`."""
    items = node.get(key) if isinstance(node, YamlMap) else None
    if isinstance(items, YamlList):
        yield from ((i, p) for i, p in zip(items, items.item_positions, strict=True) if isinstance(i, str))


_DECLARED = {
    "role": ("roles are declared in sops/manual.yaml", "declare it under 'roles' in sops/manual.yaml"),
    "shift": ("shifts are declared in sops/manual.yaml", "declare it under 'shifts' in sops/manual.yaml"),
    "procedure": ("a procedure's id is its file name", "write the procedure as sops/<area>/<id>.yaml"),
}


def check_reference(out: Collector, kind: str, value: str, position: int, known: dict[str, Any] | None) -> bool:
    """Report `value` unless it names a known `kind`; True when it does (or cannot be told)."""
    if known is None or value in known or not ID.fullmatch(value):
        return True  # unknown names cannot be told, and a malformed id is the schema's to report
    where, declare = _DECLARED[kind]
    hint = close_matches(value, known)
    if hint:
        hint += f" ({where})"
    elif known and len(known) <= 12:
        hint = f"use one of: {', '.join(sorted(known))}; or {declare}"
    else:
        hint = declare
    out.error(position, f"unknown-{kind}", f"unknown {kind} '{value}'", hint)
    return False


def check_shift_names(out: Collector, shifts: list[tuple[str, int]], names: Names) -> None:
    for shift, position in shifts:
        if names.shifts is not None and not names.has_shifts:
            out.error(
                position,
                "no-shifts",
                f"the shift '{shift}' is named, but the manual declares no shifts",
                "add 'shifts' to sops/manual.yaml, or remove this",
            )
        else:
            check_reference(out, "shift", shift, position, names.shifts)


def check_role_names(out: Collector, data: YamlMap, names: Names) -> None:
    for role, position in ids_at(data, "roles"):
        check_reference(out, "role", role, position, names.roles)
    if isinstance(data.get("owner"), str):
        check_reference(out, "role", data["owner"], data.value_positions["owner"], names.roles)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def check_record(out: Collector, record: YamlMap) -> None:
    low, high = _number(record.get("min")), _number(record.get("max"))
    if low is not None and high is not None and low > high:
        out.error(
            record.value_positions["min"],
            "range",
            f"'min' ({record['min']}) is above 'max' ({record['max']})",
            "swap them: 'min' is the lowest allowed reading",
        )


class MediaFolder:
    """The pictures under sops/media/, looked up once per check."""

    def __init__(self, root: Path) -> None:
        self.sops = root / "sops"
        self.media = Path(os.path.realpath(self.sops / "media"))
        self._names: list[str] | None = None

    def names(self) -> list[str]:
        if self._names is None:
            found = []
            for folder, _, files in os.walk(self.media):
                rel = Path(folder).relative_to(self.media).as_posix()
                found += [("media/" if rel == "." else f"media/{rel}/") + f for f in files if not f.startswith(".")]
            self._names = found
        return self._names

    def problem(self, file: str) -> str | None:
        """Why `file` (already of the schema's form) is not a usable picture, or None."""
        path = self.sops / file
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(self.media):
            return "leads outside sops/media/"
        if not real.exists():
            return "does not exist"
        if not real.is_file():
            return "is not a file"
        return None


def check_steps(out: Collector, steps: YamlList, media: MediaFolder) -> None:
    """Step ids unique at every level, at most three levels, records in range, pictures present."""
    seen: dict[str, int] = {}
    for step, level in _walk_steps(steps, 1):
        if level > MAX_STEP_LEVEL:
            out.error(
                step.position,
                "too-deep",
                f"this step is at level {level}; steps nest at most {MAX_STEP_LEVEL} levels",
                "move it up a level, or make it a procedure of its own",
            )
        step_id = step.get("id")
        if isinstance(step_id, str):
            if step_id in seen:
                out.error(
                    step.value_positions["id"],
                    "duplicate-step-id",
                    f"the step id '{step_id}' is used twice; the first is at line {unpack(seen[step_id])[0]}",
                    "give each step of a procedure its own id",
                )
            else:
                seen[step_id] = step.value_positions["id"]
        if isinstance(step.get("record"), YamlMap):
            check_record(out, step["record"])
        image = step.get("image")
        if (
            isinstance(image, YamlMap)
            and isinstance(image.get("file"), str)
            and image_file_pattern().search(image["file"])
        ):
            why = media.problem(image["file"])
            if why:
                hint = (
                    close_matches(image["file"], media.names())
                    or "put the picture in sops/media/ and write its path from sops/, like media/house-salad.jpg"
                )
                out.error(image.value_positions["file"], "missing-image", f"the picture '{image['file']}' {why}", hint)


def _walk_steps(steps: YamlList, level: int) -> Iterator[tuple[YamlMap, int]]:
    for step in steps:
        if isinstance(step, YamlMap):
            yield step, level
            for key in ("steps", "then"):
                if isinstance(step.get(key), YamlList):
                    yield from _walk_steps(step[key], level + 1)


def top_step_ids(data: YamlMap) -> list[str]:
    return [s["id"] for s in data.get("steps", ()) if isinstance(s, dict) and isinstance(s.get("id"), str)]


def all_step_ids(data: YamlMap) -> set[str]:
    steps = data.get("steps")
    if not isinstance(steps, YamlList):
        return set()
    return {s["id"] for s, _ in _walk_steps(steps, 1) if isinstance(s.get("id"), str)}


def check_changes(out: Collector, data: YamlMap) -> None:
    changes = data.get("changes")
    if not isinstance(changes, YamlList):
        return
    revision = data.get("revision", 1)
    previous: YamlMap | None = None
    for change in changes:
        if not (
            isinstance(change, YamlMap)
            and isinstance(change.get("revision"), int)
            and isinstance(change.get("date"), str)
        ):
            continue
        if isinstance(revision, int) and change["revision"] > revision:
            out.error(
                change.value_positions["revision"],
                "change-revision",
                f"this change is for revision {change['revision']}, but the procedure is at revision {revision}",
                "raise 'revision' to match the newest change",
            )
        if previous is not None and (change["revision"] >= previous["revision"] or change["date"] > previous["date"]):
            out.error(
                change.position,
                "change-order",
                "the change log is not newest first",
                "put the newest revision at the top of 'changes'",
            )
        previous = change


def check_markdown(out: Collector, node: Any) -> None:
    """Warn about raw HTML and links that the site will drop, in every Markdown field."""
    if isinstance(node, YamlMap):
        for key, value in node.items():
            if key in MARKDOWN_KEYS and isinstance(value, str):
                _check_markdown_field(out, key, value, node.value_positions[key])
            else:
                check_markdown(out, value)
    elif isinstance(node, list):
        for item in node:
            check_markdown(out, item)


def _check_markdown_field(out: Collector, key: str, text: str, position: int) -> None:
    reported: set[str] = set()
    for kind, detail in markdown_problems(text):
        if kind in reported:
            continue
        reported.add(kind)
        shown = detail if len(detail) <= 40 else detail[:40] + "…"
        if kind == "html":
            out.warning(
                position,
                "raw-html",
                f"'{key}' holds raw HTML ({shown}); the site shows it as text",
                "write it in Markdown: **bold**, *italics*, lists, links",
            )
        else:
            out.warning(
                position,
                "dropped-link",
                f"the link '{shown}' in '{key}' will be dropped",
                "only http:, https:, mailto: and relative links are kept",
            )
