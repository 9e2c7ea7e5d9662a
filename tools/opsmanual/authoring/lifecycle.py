"""A procedure's life after `new`: `publish` makes a draft effective, `review --mark-reviewed` records a review that
changed nothing, `retire` takes it out of use. Each is an edit in place (authoring/bump.py), checked before it
replaces the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from opsmanual.authoring.bump import edit_procedure, find_procedure, log_change, one_line, revision_of, set_key
from opsmanual.authoring.scaffold import manual_facts
from opsmanual.diagnostics import refuse
from opsmanual.i18n import labels
from opsmanual.i18n.messages import _, ngettext
from opsmanual.values import parse_duration


def publish(root: Path, procedure_id: str, today: date, approved_by: str | None = None) -> Path:
    """Make a draft effective from `today`: its status, date, approver and the first entry of its change log."""
    first = labels(manual_facts(root)[0])["first_version"]

    def change(data: Any) -> None:
        status = data.get("status", "effective")
        what_changed = _("what changed")
        if status != "draft":
            raise refuse(
                "not-a-draft",
                _("the procedure is {status}, not a draft: publish makes a draft effective").format(status=status),
                _("to record a change, run {command}").format(
                    command=f'opsmanual bump {procedure_id} --note "{what_changed}"'
                )
                if status == "effective"
                else _("a retired procedure stays retired: write a new procedure, or set 'status' by hand"),
            )
        set_key(data, "status", "effective")
        revision = revision_of(data)
        set_key(data, "revision", revision)
        set_key(data, "effective", today)
        if approved_by:
            set_key(data, "approved_by", approved_by)
        log_change(data, revision, today, first)

    path, _data = edit_procedure(root, procedure_id, change, today, "publish")
    return path


def mark_reviewed(root: Path, procedure_id: str, today: date, note: str | None = None) -> tuple[Path, date]:
    """A review that changed nothing: logged at the current revision, and the next review set from `today`."""
    language, _areas, _roles, interval = manual_facts(root)
    reviewed = labels(language)["reviewed_no_change"]

    def change(data: Any) -> None:
        status = data.get("status", "effective")
        if status != "effective":
            raise refuse(
                "not-effective",
                (
                    _("the procedure is a draft: only an effective procedure is reviewed")
                    if status == "draft"
                    else _("the procedure is {status}: only an effective procedure is reviewed").format(status=status)
                ),
                _("make it effective first: {command}").format(command=f"opsmanual publish {procedure_id}")
                if status == "draft"
                else _("a retired procedure is not reviewed"),
            )
        own = data.get("review_every")
        every = parse_duration(own) if isinstance(own, str) else interval
        set_key(data, "next_review", every.after(today))
        log_change(data, revision_of(data), today, note or reviewed)

    path, data = edit_procedure(root, procedure_id, change, today, "review")
    return path, date.fromisoformat(data["next_review"])


def retire(root: Path, procedure_id: str, today: date, note: str, replaced_by: str | None = None) -> Path:
    """Take a procedure out of use: its status, a change-log entry, and its replacement among `related`. Refused
    while a checklist still takes it, naming the checklist and the line."""
    one_line(note, _("say in one line why it is retired"))
    find_procedure(root, procedure_id)
    if replaced_by is not None:
        if replaced_by == procedure_id:
            message, hint = _("a procedure cannot replace itself"), _("name the procedure that does")
            raise refuse("replaced-by-itself", message, hint)
        find_procedure(root, replaced_by)
    _refuse_while_on_a_checklist(root, procedure_id)

    def change(data: Any) -> None:
        from ruamel.yaml.comments import CommentedSeq

        if data.get("status", "effective") == "retired":
            raise refuse("is-retired", _("the procedure is retired already"), _("nothing to do"))
        set_key(data, "status", "retired")
        log_change(data, revision_of(data), today, note)
        if replaced_by is not None:
            related = data.get("related")
            if not isinstance(related, list):
                set_key(data, "related", CommentedSeq([replaced_by]))
            elif replaced_by not in related:
                related.insert(0, replaced_by)
        if "next_review" in data:
            del data["next_review"]  # a retired procedure is not reviewed

    path, _data = edit_procedure(root, procedure_id, change, today, "retire")
    return path


def _refuse_while_on_a_checklist(root: Path, procedure_id: str) -> None:
    from opsmanual.check.walk import checklist_items
    from opsmanual.diagnostics import unpack
    from opsmanual.load.yaml import read_yaml

    uses = []
    for path in sorted((root / "checklists").glob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        data = read_yaml(path, rel).data
        for item, _position, _path in checklist_items(data) if data is not None else ():
            if item.get("sop") == procedure_id:
                line, _column = unpack(item.value_positions["sop"])
                uses.append(f"{rel}:{line}")
    if uses:
        raise refuse(
            "on-a-checklist",
            _("a checklist still takes {id}: {places}").format(id=procedure_id, places=", ".join(uses)),
            ngettext(
                "take it off that checklist first (or put its replacement there), then retire it",
                "take it off those checklists first (or put its replacement there), then retire it",
                len(uses),
            ),
        )
