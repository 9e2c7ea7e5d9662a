"""Rules on one document that a JSON Schema cannot express.

Each rule is a small function over a `Document` and the index of what is declared
elsewhere (roles, shifts, the pictures); the rules of each kind of file are listed
at the end of this module, which is where a new rule is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from opsmanual.check.index import Index, Path_
from opsmanual.check.readings import check_record, checklist_records_are_sound, logs_are_sound
from opsmanual.check.schedule import schedule_fits, week_sheet_holds_daily_items
from opsmanual.check.schema import image_file_pattern
from opsmanual.check.walk import (
    Document,
    Rule,
    all_step_ids,
    check_reference,
    check_shift_names,
    checklist_items,
    ids_at,
    walk_steps,
)
from opsmanual.diagnostics import Collector, unpack
from opsmanual.i18n.messages import _, ngettext
from opsmanual.load.tree import YamlList, YamlMap
from opsmanual.markdown import MARKDOWN_KEYS, markdown_problems
from opsmanual.suggest import close_matches
from opsmanual.values import parse_date, parse_duration, review_state

MAX_STEP_LEVEL = 3
QR_ADDRESS_LIMIT = 2000  # the checklist's own page is added to the address; a QR code holds about 2,200 bytes


def roles_are_declared(doc: Document, index: Index) -> None:
    for role, position, path in ids_at(doc.data, "roles"):
        check_reference(doc.out, "role", role, position, index.names.roles, path)
    if isinstance(doc.data.get("owner"), str):
        owner_position = doc.data.value_positions["owner"]
        check_reference(doc.out, "role", doc.data["owner"], owner_position, index.names.roles, ("owner",))
    verify = doc.data.get("verify")
    if isinstance(verify, YamlMap) and isinstance(verify.get("role"), str):
        position = verify.value_positions["role"]
        check_reference(doc.out, "role", verify["role"], position, index.names.roles, ("verify", "role"))


def shifts_are_declared(doc: Document, index: Index) -> None:
    check_shift_names(doc.out, ids_at(doc.data, "shifts"), index)
    if isinstance(doc.data.get("shift"), str):  # a checklist's one shift
        position = doc.data.value_positions["shift"]
        check_shift_names(doc.out, iter([(doc.data["shift"], position, ("shift",))]), index)


# Readings, pictures, steps


def _check_picture(out: Collector, image: YamlMap, index: Index, path: Path_) -> None:
    _check_media_file(out, image, "file", _("the picture '{file}' {why}"), index, path)


def _check_media_file(out: Collector, parent: YamlMap, key: str, message: str, index: Index, path: Path_) -> None:
    """A picture named at `parent[key]` (a step's image, the manual's logo): present, under media/, what its name
    says, no script. `message` says it with {file} and {why}."""
    file = parent.get(key)
    if not isinstance(file, str) or not image_file_pattern().search(file):
        return  # the schema has said it
    problem = index.media.problem(file)
    if problem is None:
        return
    code, why, hint = problem
    if code == "missing-image":
        hint = close_matches(file, index.media.names()) or hint
    shown = file if len(file) <= 80 else file[:80] + "…"
    out.error(parent.value_positions[key], code, message.format(file=shown, why=why), hint, (*path, key))


def _due_after_an_earlier_step(
    out: Collector, due: YamlMap, earlier: dict[str, int], every_id: set[str], path: Path_
) -> None:
    after = due.get("after")
    if not isinstance(after, str):
        return
    if after in earlier:
        return
    position = due.value_positions["after"]
    if after in every_id:
        out.error(
            position,
            "due-after-later",
            _("'due.after' names '{id}', which does not come before this step").format(id=after),
            _("a step is due after an earlier step: name one that comes before it in the procedure"),
            (*path, "after"),
        )
        return
    hint = close_matches(after, earlier) or (
        _("the earlier steps' ids are: {ids}").format(ids=", ".join(earlier))
        if earlier
        else _("give the earlier step an 'id'")
    )
    out.error(
        position,
        "unknown-step",
        _("'due.after' names '{id}', and no earlier step has that id").format(id=after),
        hint,
        (*path, "after"),
    )


def steps_are_sound(doc: Document, index: Index) -> None:
    """Step ids unique at every level, at most three levels, readings in range, pictures present."""
    steps = doc.data.get("steps")
    if not isinstance(steps, YamlList):
        return
    out, seen = doc.out, dict[str, int]()
    every_id: set[str] | None = None  # only a procedure with a `due` needs it
    for step, level, path in walk_steps(steps):
        if isinstance(step.get("due"), YamlMap):
            every_id = all_step_ids(doc.data) if every_id is None else every_id
            _due_after_an_earlier_step(out, step["due"], seen, every_id, (*path, "due"))
        if level > MAX_STEP_LEVEL:
            out.error(
                step.position,
                "too-deep",
                _("this step is at level {level}; steps nest at most {most} levels").format(
                    level=level, most=MAX_STEP_LEVEL
                ),
                _("move it up a level, or make it a procedure of its own"),
                path,
            )
        step_id = step.get("id")
        if isinstance(step_id, str):
            if step_id in seen:
                out.error(
                    step.value_positions["id"],
                    "duplicate-step-id",
                    _("the step id '{id}' is used twice; the first is at line {line}").format(
                        id=step_id, line=unpack(seen[step_id])[0]
                    ),
                    _("give each step of a procedure its own id"),
                    (*path, "id"),
                )
            else:
                seen[step_id] = step.value_positions["id"]
        if isinstance(step.get("record"), YamlMap):
            check_record(out, step["record"], (*path, "record"))
        if isinstance(step.get("image"), YamlMap):
            _check_picture(out, step["image"], index, (*path, "image"))


# The change log and the review


def change_log_is_newest_first(doc: Document, index: object) -> None:
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
                _("this change is for revision {change}, but the procedure is at revision {revision}").format(
                    change=change["revision"], revision=revision
                ),
                _("raise 'revision' to match the newest change"),
                ("changes", number, "revision"),
            )
        # the same revision may come twice: a review that changed nothing is logged at the revision it confirmed
        if previous is not None and (change["revision"] > previous["revision"] or change["date"] > previous["date"]):
            doc.out.error(
                change.position,
                "change-order",
                _("the change log is not newest first"),
                _("put the newest revision at the top of 'changes'"),
                ("changes", number),
            )
        previous = change


def sample_text_is_replaced(doc: Document, index: object) -> None:
    """The sample text `opsmanual new` writes, still in place: an error in an effective procedure, a warning in a
    draft or a checklist (which has no status)."""
    from opsmanual.i18n import sample_texts

    samples, data = sample_texts(), doc.data
    found: list[tuple[YamlMap, str, Path_]] = []
    if isinstance(data.get("purpose"), str) and data["purpose"].strip() in samples:
        found.append((data, "purpose", ("purpose",)))
    steps = data.get("steps")
    for step, _level, path in walk_steps(steps) if isinstance(steps, YamlList) else ():
        if isinstance(step.get("do"), str) and step["do"].strip() in samples:
            found.append((step, "do", (*path, "do")))
    for item, _section, path in checklist_items(data) if "sections" in data else ():
        if isinstance(item.get("task"), str) and item["task"].strip() in samples:
            found.append((item, "task", (*path, "task")))
    status = data.get("status", "effective")
    if status == "retired":
        return
    for node, key, path in found:
        doc.out.add(
            node.value_positions[key],
            "sample-text",
            _("this is the sample text that opsmanual new wrote"),
            _("replace the sample text with your own words"),
            warning=status == "draft" or "sections" in data,
            path=path,
        )


def review_is_not_overdue(doc: Document, index: Index) -> None:
    data = doc.data
    interval = parse_duration(data["review_every"]) if "review_every" in data else index.review_every
    effective = parse_date(data["effective"]) if "effective" in data else None
    next_review = parse_date(data["next_review"]) if "next_review" in data else None
    review = review_state(data.get("status", "effective"), effective, next_review, interval, index.today)
    if review.state == "overdue" and review.due is not None and review.days is not None:
        key = "next_review" if "next_review" in data else "effective"
        days, what_changed = -review.days, _("what changed")

        doc.out.warning(
            data.value_positions[key],
            "review-overdue",
            ngettext(
                "the review was due on {date}, {days} day ago", "the review was due on {date}, {days} days ago", days
            ).format(date=review.due.isoformat(), days=days),
            _("review it: if it changed, {bump}; if nothing changed, {review}").format(
                bump=f'opsmanual bump {doc.id} --note "{what_changed}"',
                review=f"opsmanual review --mark-reviewed {doc.id}",
            ),
            (key,),
        )


def says_who_and_how_well(doc: Document, index: Index) -> None:
    for key, what in (
        ("roles", _("who does it")),
        ("owner", _("who keeps it right")),
        ("standard", _("what done right looks like")),
    ):
        if key not in doc.data:
            doc.out.warning(
                doc.data.position,
                f"no-{key}",
                _("the procedure has no '{key}' ({what})").format(key=key, what=what),
                _("add '{key}' so that the manual says {what}").format(key=key, what=what),
            )


def related_is_not_itself(doc: Document, index: Index) -> None:
    for target, position, path in ids_at(doc.data, "related"):
        if target == doc.id:
            doc.out.error(
                position,
                "related-self",
                _("'related' names this procedure itself"),
                _("remove it; 'related' lists other procedures"),
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
                _("'{key}' holds raw HTML ({html}); the site shows it as text").format(key=key, html=shown),
                _("write it in Markdown: **bold**, *italics*, lists, links"),
                path,
            )
        else:
            out.warning(
                position,
                "dropped-link",
                _("the link '{link}' in '{key}' will be dropped").format(link=shown, key=key),
                _("only http:, https:, mailto: and relative links are kept"),
                path,
            )


# manual.yaml


def url_fits_a_qr_code(doc: Document, index: Index) -> None:
    url = doc.data.get("url")
    if isinstance(url, str) and len(url.encode("utf-8")) > QR_ADDRESS_LIMIT:
        doc.out.warning(
            doc.data.value_positions["url"],
            "url-too-long",
            _("the address is {length} characters; printouts carry a QR code only for addresses up to {limit}").format(
                length=f"{len(url):,}", limit=f"{QR_ADDRESS_LIMIT:,}"
            ),
            _("use a shorter address (a short link), or accept checklists without the QR code"),
            ("url",),
        )


# The rules of each kind of file, in the order they run. A new rule is a function above and a line here.


def logo_is_a_picture(doc: Document, index: Index) -> None:
    """The logo is checked as a step's picture is."""
    _check_media_file(doc.out, doc.data, "logo", _("the logo '{file}' {why}"), index, ())


MANUAL_RULES: tuple[Rule, ...] = (url_fits_a_qr_code, logo_is_a_picture)
SELF_CONTAINED_RULES: tuple[Callable[[Document, object], None], ...] = (
    change_log_is_newest_first,
    sample_text_is_replaced,
)  # they need only the file itself: `bump`, `publish` and `retire` run them on the file they edit
PROCEDURE_RULES: tuple[Rule, ...] = (
    roles_are_declared,
    shifts_are_declared,
    schedule_fits,
    steps_are_sound,
    change_log_is_newest_first,
    markdown_is_safe,
    related_is_not_itself,
    sample_text_is_replaced,
)
PROCEDURE_RULES_WHEN_CLEAN: tuple[Rule, ...] = (says_who_and_how_well, review_is_not_overdue)
CHECKLIST_RULES: tuple[Rule, ...] = (
    shifts_are_declared,
    roles_are_declared,
    schedule_fits,
    week_sheet_holds_daily_items,
    markdown_is_safe,
    checklist_records_are_sound,
    logs_are_sound,
    sample_text_is_replaced,
)
