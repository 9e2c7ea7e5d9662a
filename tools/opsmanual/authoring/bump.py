"""Edits of a procedure's file in place, without losing its comments, order or layout: `bump` here, and the
lifecycle's `publish`, `retire` and `review --mark-reviewed` (authoring/lifecycle.py).

ruamel.yaml edits the file as a round trip; the strict loader, the schema and
the rules that need no other file then check the edited text before it
replaces the file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from opsmanual.diagnostics import Collector, refuse
from opsmanual.i18n.messages import _
from opsmanual.outputs import write_file
from opsmanual.values import ID

_DASH_UNDER_KEY = re.compile(r"^( *)[A-Za-z_]+:\s*\n( *)- ", re.M)


def find_procedure(root: Path, procedure_id: str) -> Path:
    """The file of the procedure `procedure_id`, or a refusal naming the closest ids."""
    from opsmanual.suggest import close_matches

    found = sorted((root / "sops").glob(f"*/{procedure_id}.yaml"))
    if found:
        return found[0]
    known = [p.stem for p in (root / "sops").glob("*/*.yaml") if "." not in p.stem]  # not translations
    hint = close_matches(procedure_id, known) or _("run opsmanual review to list the procedures")
    message = _("there is no procedure '{id}' in {folder}").format(id=procedure_id, folder=root / "sops")
    raise refuse("unknown-procedure", message, hint)


def _indent(text: str) -> tuple[int, int]:
    """The file's own list indentation (sequence, offset), so the edit keeps its layout."""
    match = _DASH_UNDER_KEY.search(text)
    if match is None:
        return 4, 2
    offset = max(0, len(match.group(2)) - len(match.group(1)))
    return offset + 2, offset


def edit_text(text: str, change: Callable[[Any], None]) -> str:
    """The file's text after `change` has edited its round-trip tree (comments, order and layout kept)."""
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    sequence, offset = _indent(text)
    yaml.indent(mapping=2, sequence=sequence, offset=offset)
    yaml.width = 4096
    yaml.representer.ignore_aliases = lambda *_: True  # the same date twice must not become an anchor
    data: Any = yaml.load(text)
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def log_change(data: Any, revision: int, today: date, note: str) -> None:
    """A change on top of the procedure's change log (the log made when there is none)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    change = CommentedMap([("revision", revision), ("date", today), ("note", note)])
    if isinstance(data.get("changes"), list):
        data["changes"].insert(0, change)
    else:
        set_key(data, "changes", CommentedSeq([change]))


def new_revision(note: str, today: date, approved_by: str | None) -> Callable[[Any], None]:
    """`revision` raised, `effective` set to today and the change logged on top."""

    def change(data: Any) -> None:
        _refuse_unless_effective(data, "bump")
        revision = revision_of(data) + 1
        set_key(data, "revision", revision)
        set_key(data, "effective", today)
        if approved_by:
            set_key(data, "approved_by", approved_by)
        if isinstance(data.get("next_review"), date) and data["next_review"] <= today:
            del data["next_review"]  # past: the new revision's review falls due from its own date
        log_change(data, revision, today, note)

    return change


def revision_of(data: Any) -> int:
    """The procedure's revision (1 when it has none, or none that can be read)."""
    revision = data.get("revision", 1)
    return revision if isinstance(revision, int) else 1


def _refuse_unless_effective(data: Any, command: str) -> None:
    status = data.get("status", "effective")
    if status == "draft":
        raise refuse(
            "is-draft",
            _("the procedure is a draft: {command} records a change to an effective procedure").format(command=command),
            _("make it effective first: opsmanual publish ID (it logs the first version)"),
        )
    if status == "retired":
        raise refuse(
            "is-retired",
            _("the procedure is retired: {command} works on effective procedures").format(command=command),
            _("to bring it back, set 'status: effective' by hand and bump it; or write a new procedure"),
        )


def set_key(data: Any, key: str, value: Any, *, before: str = "steps") -> None:
    """Set a key; a new one goes before `before` (the steps stay last), an old one keeps its place."""
    if key in data or before not in data:
        data[key] = value
    else:
        data.insert(list(data).index(before), key, value)


def bump(root: Path, procedure_id: str, note: str, today: date, approved_by: str | None = None) -> tuple[Path, int]:
    """Write the new revision of a procedure; the file and its new revision number."""
    one_line(note, _("say in one line what changed"))
    path, data = edit_procedure(root, procedure_id, new_revision(note, today, approved_by), today, "bump")
    return path, int(data["revision"])


def one_line(note: str, hint: str) -> None:
    """A change-log note is one line of text."""
    if not note.strip() or "\n" in note or "\r" in note:
        raise refuse("not-one-line", _("the note must be one line"), hint)


def edit_procedure(
    root: Path, procedure_id: str, change: Callable[[Any], None], today: date, command: str
) -> tuple[Path, Any]:
    """Edit a procedure's file in place with `change`, and check the result before it replaces the file; the
    file and its new tree. The file keeps its byte order mark and its line endings; nothing is written unless
    the result checks clean."""
    from opsmanual.check.document import SELF_CONTAINED_RULES
    from opsmanual.check.schema import check_against_schema
    from opsmanual.check.walk import Document
    from opsmanual.load.yaml import parse_text

    if not ID.fullmatch(procedure_id):
        raise refuse(
            "bad-id",
            _("'{id}' is not a procedure's id").format(id=procedure_id),
            _("name one procedure by its id (its file name without .yaml), like check-cooler; patterns are not ids"),
        )
    path = find_procedure(root, procedure_id)
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    before = Collector(path.name)
    data = parse_text(text, before)
    if data is None or before.has_errors:
        hint = _("fix them first: opsmanual check shows them")
        raise refuse("file-has-errors", _("{path} has errors").format(path=path), hint, file=str(path))
    _refuse_a_future_change(data, today, path)
    new_text = _edited(text, change, path, command)
    after = Collector(path.name)
    data = parse_text(new_text, after)
    valid = data is not None and check_against_schema("sop", data, after)
    if data is not None and valid:
        for rule in SELF_CONTAINED_RULES:
            rule(Document(procedure_id, path.name, data, after, valid), None)
    errors = [d for d in after.items if d.is_error]
    if data is None or not valid or errors:
        at_line = _("line {line}: {message}")
        problems = "; ".join(at_line.format(line=d.line, message=d.message) for d in errors[:3])
        raise refuse(
            f"{command}-failed",
            _("the edited procedure would not pass check ({problems}); the file is unchanged").format(
                problems=problems
            ),
            errors[0].hint if errors else _("fix the file by hand, or report this"),
            file=str(path),
        )
    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    write_file(path, (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8"))
    return path, data


def _refuse_a_future_change(data: Any, today: date, path: Path) -> None:
    """A revision never takes effect before the one it follows: the change log stays in order."""
    changes = data.get("changes")
    newest = changes[0] if isinstance(changes, list) and changes else None
    dated = [
        (_("the newest change of {file} is dated {date}, after the new revision's date ({today})"), newest.get("date"))
        if isinstance(newest, dict)
        else ("", None),
        (
            _("the current revision of {file} is dated {date}, after the new revision's date ({today})"),
            data.get("effective"),
        ),
    ]
    for message, when in dated:
        if isinstance(when, str) and when > today.isoformat():
            raise refuse(
                "change-in-future",
                message.format(file=path.name, date=when, today=today.isoformat()),
                _("correct that date in the file, or give the new revision's date with --today"),
                file=str(path),
            )


def _edited(text: str, change: Callable[[Any], None], path: Path, command: str) -> str:
    from ruamel.yaml.error import YAMLError

    try:
        return edit_text(text, change)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        tab = mark is not None and "\t" in text.split("\n")[mark.line]
        if mark is not None:
            message = _("{file} cannot be edited in place at line {line}; the file is unchanged")
        else:
            message = _("{file} cannot be edited in place; the file is unchanged")
        raise refuse(
            f"{command}-failed",
            message.format(file=path.name, line=mark.line + 1 if mark is not None else 0),
            _("replace the tab on that line with a space, then try again")
            if tab
            else _("make the layout there plainer (one key per line), then try again"),
            file=str(path),
        ) from None
