"""Rules on one document that a JSON Schema cannot express.

Each rule is a small function over a `Document` and the index of what is declared
elsewhere (roles, shifts, the pictures); the rules of each kind of file are listed
at the end of this module, which is where a new rule is registered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from opsmanual.check.index import Index, Known, Path_
from opsmanual.check.schema import image_file_pattern
from opsmanual.diagnostics import Collector, unpack
from opsmanual.load.tree import YamlList, YamlMap, is_number
from opsmanual.markdown import MARKDOWN_KEYS, markdown_problems
from opsmanual.suggest import close_matches
from opsmanual.values import ID, parse_date, parse_duration, review_state

MAX_STEP_LEVEL = 3
QR_ADDRESS_LIMIT = 2000  # the checklist's own page is added to the address; a QR code holds about 2,200 bytes


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

_DECLARED = {
    "role": ("roles are declared in sops/manual.yaml", "declare it under 'roles' in sops/manual.yaml"),
    "shift": ("shifts are declared in sops/manual.yaml", "declare it under 'shifts' in sops/manual.yaml"),
    "procedure": ("a procedure's id is its file name", "write the procedure as sops/<area>/<id>.yaml"),
}


def check_reference(
    out: Collector, kind: str, value: str, position: int, known: Known | None, path: Path_ = ()
) -> bool:
    """Report `value` unless it names a known `kind`; True when it does (or cannot be told)."""
    if known is None or value in known or not ID.fullmatch(value):
        return True  # unknown names cannot be told, and a malformed id is the schema's to report
    where, declare = _DECLARED[kind]
    hint = known.hint(value)
    if hint:
        hint += f" ({where})"
    elif known and len(known) <= 12:
        hint = f"use one of: {', '.join(sorted(known))}; or {declare}"
    else:
        hint = declare
    out.error(position, f"unknown-{kind}", f"unknown {kind} '{value}'", hint, path)
    return False


def check_shift_names(out: Collector, shifts: Iterator[tuple[str, int, Path_]], index: Index) -> None:
    names = index.names
    for shift, position, path in shifts:
        if names.shifts is not None and not names.has_shifts:
            out.error(
                position,
                "no-shifts",
                f"the shift '{shift}' is named, but the manual declares no shifts",
                "add 'shifts' to sops/manual.yaml, or remove this",
                path,
            )
        else:
            check_reference(out, "shift", shift, position, names.shifts, path)


def roles_are_declared(doc: Document, index: Index) -> None:
    for role, position, path in ids_at(doc.data, "roles"):
        check_reference(doc.out, "role", role, position, index.names.roles, path)
    if isinstance(doc.data.get("owner"), str):
        owner_position = doc.data.value_positions["owner"]
        check_reference(doc.out, "role", doc.data["owner"], owner_position, index.names.roles, ("owner",))


def shifts_are_declared(doc: Document, index: Index) -> None:
    check_shift_names(doc.out, ids_at(doc.data, "shifts"), index)
    if isinstance(doc.data.get("shift"), str):  # a checklist's one shift
        position = doc.data.value_positions["shift"]
        check_shift_names(doc.out, iter([(doc.data["shift"], position, ("shift",))]), index)


# Readings, pictures, steps


def _number(value: Any) -> float | None:
    """A reading's limit, or None when it is not one the schema accepts (not a number, or far too large)."""
    return float(value) if is_number(value) and -(10**15) <= value <= 10**15 else None


def check_record(out: Collector, record: YamlMap, path: Path_) -> None:
    low, high = _number(record.get("min")), _number(record.get("max"))
    if low is not None and high is not None and low > high:
        out.error(
            record.value_positions["min"],
            "range",
            f"'min' ({record['min']}) is above 'max' ({record['max']})",
            "swap them: 'min' is the lowest allowed reading",
            (*path, "min"),
        )


def _check_picture(out: Collector, image: YamlMap, index: Index, path: Path_) -> None:
    file = image.get("file")
    if not isinstance(file, str) or not image_file_pattern().search(file):
        return  # the schema has said it
    problem = index.media.problem(file)
    if problem is None:
        return
    code, why, hint = problem
    if code == "missing-image":
        hint = close_matches(file, index.media.names()) or hint
    shown = file if len(file) <= 80 else file[:80] + "…"
    out.error(image.value_positions["file"], code, f"the picture '{shown}' {why}", hint, (*path, "file"))


def steps_are_sound(doc: Document, index: Index) -> None:
    """Step ids unique at every level, at most three levels, readings in range, pictures present."""
    steps = doc.data.get("steps")
    if not isinstance(steps, YamlList):
        return
    out, seen = doc.out, dict[str, int]()
    for step, level, path in walk_steps(steps):
        if level > MAX_STEP_LEVEL:
            out.error(
                step.position,
                "too-deep",
                f"this step is at level {level}; steps nest at most {MAX_STEP_LEVEL} levels",
                "move it up a level, or make it a procedure of its own",
                path,
            )
        step_id = step.get("id")
        if isinstance(step_id, str):
            if step_id in seen:
                out.error(
                    step.value_positions["id"],
                    "duplicate-step-id",
                    f"the step id '{step_id}' is used twice; the first is at line {unpack(seen[step_id])[0]}",
                    "give each step of a procedure its own id",
                    (*path, "id"),
                )
            else:
                seen[step_id] = step.value_positions["id"]
        if isinstance(step.get("record"), YamlMap):
            check_record(out, step["record"], (*path, "record"))
        if isinstance(step.get("image"), YamlMap):
            _check_picture(out, step["image"], index, (*path, "image"))


def checklist_records_are_in_range(doc: Document, index: Index) -> None:
    for item, _, path in checklist_items(doc.data):
        if isinstance(item.get("record"), YamlMap):
            check_record(doc.out, item["record"], (*path, "record"))


# The change log and the review


def change_log_is_newest_first(doc: Document, index: Index) -> None:
    changes = doc.data.get("changes")
    if not isinstance(changes, YamlList):
        return
    revision = doc.data.get("revision", 1)
    previous: YamlMap | None = None
    for number, change in enumerate(changes):
        if not (
            isinstance(change, YamlMap)
            and isinstance(change.get("revision"), int)
            and isinstance(change.get("date"), str)
        ):
            continue
        if isinstance(revision, int) and change["revision"] > revision:
            doc.out.error(
                change.value_positions["revision"],
                "change-revision",
                f"this change is for revision {change['revision']}, but the procedure is at revision {revision}",
                "raise 'revision' to match the newest change",
                ("changes", number, "revision"),
            )
        if previous is not None and (change["revision"] >= previous["revision"] or change["date"] > previous["date"]):
            doc.out.error(
                change.position,
                "change-order",
                "the change log is not newest first",
                "put the newest revision at the top of 'changes'",
                ("changes", number),
            )
        previous = change


def review_is_not_overdue(doc: Document, index: Index) -> None:
    data = doc.data
    interval = parse_duration(data["review_every"]) if "review_every" in data else index.review_every
    effective = parse_date(data["effective"]) if "effective" in data else None
    next_review = parse_date(data["next_review"]) if "next_review" in data else None
    review = review_state(data.get("status", "effective"), effective, next_review, interval, index.today)
    if review.state == "overdue" and review.due is not None and review.days is not None:
        key = "next_review" if "next_review" in data else "effective"
        days = -review.days
        doc.out.warning(
            data.value_positions[key],
            "review-overdue",
            f"the review was due on {review.due.isoformat()}, {days} day{'s' if days != 1 else ''} ago",
            "review the procedure; then raise 'revision' and set 'effective' to the day it takes "
            "effect, or set 'next_review'",
            (key,),
        )


def says_who_and_how_well(doc: Document, index: Index) -> None:
    for key, what in (
        ("roles", "who does it"),
        ("owner", "who keeps it right"),
        ("standard", "what done right looks like"),
    ):
        if key not in doc.data:
            doc.out.warning(
                doc.data.position,
                f"no-{key}",
                f"the procedure has no '{key}' ({what})",
                f"add '{key}' so that the manual says {what}",
            )


def related_is_not_itself(doc: Document, index: Index) -> None:
    for target, position, path in ids_at(doc.data, "related"):
        if target == doc.id:
            doc.out.error(
                position,
                "related-self",
                "'related' names this procedure itself",
                "remove it; 'related' lists other procedures",
                path,
            )


# Markdown fields


def markdown_is_safe(doc: Document, index: Index) -> None:
    """Warn about raw HTML and links that the site will drop, in every Markdown field."""
    _markdown_fields(doc.out, doc.data, ())


def _markdown_fields(out: Collector, node: Any, path: Path_) -> None:
    if isinstance(node, YamlMap):
        for key, value in node.items():
            if key in MARKDOWN_KEYS and isinstance(value, str):
                _check_markdown_field(out, key, value, node.value_positions[key], (*path, key))
            else:
                _markdown_fields(out, value, (*path, key))
    elif isinstance(node, list):
        for number, item in enumerate(node):
            _markdown_fields(out, item, (*path, number))


def _check_markdown_field(out: Collector, key: str, text: str, position: int, path: Path_) -> None:
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
                path,
            )
        else:
            out.warning(
                position,
                "dropped-link",
                f"the link '{shown}' in '{key}' will be dropped",
                "only http:, https:, mailto: and relative links are kept",
                path,
            )


# manual.yaml


def url_fits_a_qr_code(doc: Document, index: Index) -> None:
    url = doc.data.get("url")
    if isinstance(url, str) and len(url.encode("utf-8")) > QR_ADDRESS_LIMIT:
        doc.out.warning(
            doc.data.value_positions["url"],
            "url-too-long",
            f"the address is {len(url):,} characters; printouts carry a QR code only for addresses up to "
            f"{QR_ADDRESS_LIMIT:,}",
            "use a shorter address (a short link), or accept checklists without the QR code",
            ("url",),
        )


# The rules of each kind of file, in the order they run. A new rule is a function above and a line here.

MANUAL_RULES: tuple[Rule, ...] = (url_fits_a_qr_code,)
PROCEDURE_RULES: tuple[Rule, ...] = (
    roles_are_declared,
    shifts_are_declared,
    steps_are_sound,
    change_log_is_newest_first,
    markdown_is_safe,
    related_is_not_itself,
)
PROCEDURE_RULES_WHEN_CLEAN: tuple[Rule, ...] = (says_who_and_how_well, review_is_not_overdue)
CHECKLIST_RULES: tuple[Rule, ...] = (
    shifts_are_declared,
    roles_are_declared,
    markdown_is_safe,
    checklist_records_are_in_range,
)
