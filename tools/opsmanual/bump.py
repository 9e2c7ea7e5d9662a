"""`bump`: a new revision of a procedure, edited in place without losing its comments, order or layout.

ruamel.yaml edits the file as a round trip; the strict loader and the schema
then check the edited text before it replaces the file.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

from opsmanual.atomic import write_file
from opsmanual.diagnostics import Collector
from opsmanual.scaffold import Refusal

_DASH_UNDER_KEY = re.compile(r"^( *)[A-Za-z_]+:\s*\n( *)- ", re.M)


def find_procedure(root: Path, procedure_id: str) -> Path:
    """The file of the procedure `procedure_id`, or a refusal naming the closest ids."""
    from opsmanual.schemas import close_matches

    found = sorted((root / "sops").glob(f"*/{procedure_id}.yaml"))
    if found:
        return found[0]
    known = [p.stem for p in (root / "sops").glob("*/*.yaml")]
    hint = close_matches(procedure_id, known) or "run opsmanual review to list the procedures"
    raise Refusal(f"there is no procedure '{procedure_id}' in {root / 'sops'}; {hint}")


def _indent(text: str) -> tuple[int, int]:
    """The file's own list indentation (sequence, offset), so the edit keeps its layout."""
    match = _DASH_UNDER_KEY.search(text)
    if match is None:
        return 4, 2
    offset = max(0, len(match.group(2)) - len(match.group(1)))
    return offset + 2, offset


def bump_text(text: str, note: str, today: date, approved_by: str | None) -> str:
    """The procedure's text with `revision` raised, `effective` set to today and the change logged on top."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    sequence, offset = _indent(text)
    yaml.indent(mapping=2, sequence=sequence, offset=offset)
    yaml.width = 4096
    yaml.representer.ignore_aliases = lambda *_: True  # the same date twice must not become an anchor
    data: Any = yaml.load(text)
    revision = data.get("revision", 1) + 1 if isinstance(data.get("revision", 1), int) else 2
    _set(data, "revision", revision, before="steps")
    _set(data, "effective", today, before="steps")
    if approved_by:
        _set(data, "approved_by", approved_by, before="steps")
    change = CommentedMap([("revision", revision), ("date", today), ("note", note)])
    if isinstance(data.get("changes"), list):
        data["changes"].insert(0, change)
    else:
        _set(data, "changes", CommentedSeq([change]), before="steps")
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _set(data: Any, key: str, value: Any, *, before: str) -> None:
    """Set a key; a new one goes before `before` (the steps stay last), an old one keeps its place."""
    if key in data or before not in data:
        data[key] = value
    else:
        data.insert(list(data).index(before), key, value)


def bump(root: Path, procedure_id: str, note: str, today: date, approved_by: str | None = None) -> tuple[Path, int]:
    """Write the new revision of a procedure; the file and its new revision number."""
    from opsmanual.schemas import check_against_schema
    from opsmanual.yamlload import parse_text

    if not note.strip() or "\n" in note:
        raise Refusal("the note must be one line that says what changed")
    path = find_procedure(root, procedure_id)
    text = path.read_text(encoding="utf-8-sig")
    before = Collector(path.name)
    if parse_text(text, before) is None or before.has_errors:
        raise Refusal(f"{path} has errors; fix them first (opsmanual check shows them)")
    new_text = bump_text(text, note, today, approved_by)
    after = Collector(path.name)
    data = parse_text(new_text, after)
    if data is None or not check_against_schema("sop", data, after) or after.has_errors:
        problems = "; ".join(f"line {d.line}: {d.message}" for d in after.items[:3])
        raise Refusal(f"the new revision of {path} would not pass check ({problems}); the file is unchanged")
    write_file(path, new_text.encode("utf-8"))
    return path, int(data["revision"])
