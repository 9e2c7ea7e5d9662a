"""A schema failure told in the owner's words.

Each failure is explained by the handler of the JSON Schema keyword that failed
(`additionalProperties`, `pattern`, ...), which may look at the definition it
failed in (`line`, `duration`, ...); never at the text of the library's message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from opsmanual.diagnostics import Collector
from opsmanual.load.tree import WrittenInt, YamlMap, locate
from opsmanual.suggest import close_matches
from opsmanual.values import slug

_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SUGGESTIONS_PER_MAPPING = 100  # past this many unknown keys in one mapping, "did you mean" helps nobody


@dataclass(frozen=True)
class Failure:
    """One schema failure, with what every handler needs to explain it."""

    error: Any  # jsonschema's ValidationError
    data: YamlMap
    path: list[Any]
    where: int  # the position of the failing value
    raw: str | None  # the value's source text, when it is not text
    definition: str  # the schema definition it failed in: 'line', 'step', ...
    out: Collector

    @property
    def subject(self) -> str:
        return subject(self.path)

    def report(self, code: str, message: str, hint: str, where: int | None = None) -> None:
        self.out.error(self.where if where is None else where, code, message, hint, self.path)


def subject(path: list[Any]) -> str:
    """How to name the node at `path` in a message: 'title', item 2 of 'roles', step 1.2."""
    if not path:
        return "the file"
    last = path[-1]
    if isinstance(last, str):
        return f"'{last}'"
    owner = next((p for p in reversed(path[:-1]) if isinstance(p, str)), None)
    if owner in ("steps", "then") and path[0] == "steps":
        numbers = [str(n + 1) for k, n in pairwise(path) if k in ("steps", "then") and isinstance(n, int)]
        return "step " + ".".join(numbers)
    if owner is None:
        return f"item {last + 1}"
    return f"item {last + 1} of '{owner}'"


def inside(path: list[Any]) -> str:
    return " in " + subject(path) if path else ""


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a set of keys"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


_TYPE_WORDS = {
    "string": "text",
    "boolean": "true or false",
    "array": "a list",
    "object": "a set of keys",
    "integer": "a whole number",
    "number": "a number",
}
_TYPE_HINTS = {
    "boolean": "use true or false (yes, no, on and off are text)",
    "array": "write a list: one '- item' per line, or [first, second] on one line",
    "object": "write the keys on their own lines, indented under this one",
    "integer": "write digits only, like 2",
    "number": "write a number, like 5 or -18",
}
PATTERN_HINTS = {
    "id": "use lowercase letters and digits in words joined by hyphens, like 'line-cook' or 'check-cooler'",
    "duration": "write a number above zero and a unit, like '30 s', '3 min', '1.5 h', '2 days' or '6 months'",
    "date": "write the date as YYYY-MM-DD, like 2026-09-01",
    "time-of-day": 'write a 24-hour time as HH:MM, like "06:30" or "22:00"',
    "markdown": "write some text, or remove the key",
    "URL": "write a web address that starts with https:// or http://, like https://manual.example.com",
    "File": "put the picture in sops/media/ and write its path from sops/, like media/house-salad.jpg "
    "(no '..'; png, jpg, jpeg, gif, webp or svg)",
}
_PATTERN_WHAT = {
    "id": "an id",
    "duration": "a duration",
    "date": "a date",
    "time-of-day": "a time of day (HH:MM)",
    "URL": "an http or https address",
    "File": "a picture under media/",
}
_DEPENDENT_HINTS = {
    ("if", "then"): "a decision needs 'then:' with the steps to follow when the condition holds",
    ("then", "if"): "'then' belongs to a decision: add 'if: <condition>', or use 'steps' for sub-steps",
    ("steps", "sop"): "'steps' picks steps of a procedure: add 'sop: <procedure id>'",
    ("lines", "note"): "'lines' sizes a note's box: add 'note: <label>', or remove 'lines'",
}
_ITEM_KINDS = ("sop", "task", "record", "note", "log")


def _additional_properties(f: Failure) -> None:
    instance, known = f.error.instance, f.error.schema.get("properties", {})
    listed = "the keys allowed here are: " + ", ".join(known)
    unknown = [key for key in instance if key not in known]
    for number, key in enumerate(unknown):
        where = instance.key_positions.get(key, f.where) if isinstance(instance, YamlMap) else f.where
        hint = (close_matches(key, known) if number < SUGGESTIONS_PER_MAPPING else "") or listed
        f.out.error(where, "unknown-key", f"unknown key '{key}'" + inside(f.path), hint, [*f.path, key])


def _required(f: Failure) -> None:
    for name in f.error.validator_value:
        if name not in f.error.instance:
            description = f.error.schema.get("properties", {}).get(name, {}).get("description", "")
            f.report(
                "missing-key", f"'{name}' is required" + inside(f.path), f"add '{name}': {description}".rstrip(": ")
            )


def _type(f: Failure) -> None:
    expected, instance = f.error.validator_value, f.error.instance
    wanted = expected if isinstance(expected, str) else expected[0]
    words = _TYPE_WORDS.get(wanted, wanted)
    message = f"{f.subject} must be {words}, not {shown(instance)}"
    hint = _TYPE_HINTS.get(wanted, f"write {words}")
    if wanted in ("integer", "number") and isinstance(instance, WrittenInt):
        message = f"{f.subject} must be {words} written in digits, not {instance.written}"
        hint = f"write {int(instance)}" + (" without the plus sign" if instance.signed else ", in plain digits")
    elif wanted == "string" and isinstance(instance, (int, float, bool)):
        written = f.raw if f.raw is not None else shown(instance).strip("'")
        read_as = "a true/false value" if isinstance(instance, bool) else "a number"
        message = f"{f.subject} must be text, but YAML reads {written} as {read_as}"
        hint = PATTERN_HINTS.get(f.definition, "") if f.definition in ("duration", "date", "time-of-day") else ""
        hint = hint or f'quote it: "{written}"'
    f.report("wrong-type", message, hint)


def _pattern(f: Failure) -> None:
    definition, instance = f.definition, f.error.instance
    if definition in ("line", "markdown") and not instance.strip():
        f.report("empty-value", f"{f.subject} is empty", "write some text, or remove the key")
    elif definition == "line":
        f.report(
            "not-one-line",
            f"{f.subject} must be a single line of text, but it has line breaks",
            "join it into one line (a '>' block folds lines into one); longer text belongs in a Markdown "
            "field such as 'purpose' or 'why'",
        )
    elif definition == "id":
        suggestion = slug(instance)
        hint = PATTERN_HINTS["id"]
        if suggestion and suggestion != instance:
            hint = f"write '{suggestion}': ids are lowercase letters and digits in words joined by hyphens"
        f.report("bad-id", f"{f.subject} is {shown(instance)}, which is not a valid id", hint)
    else:
        what = _PATTERN_WHAT.get(definition, "in the expected form")
        code = f"bad-{definition.lower()}" if definition in _PATTERN_WHAT else "bad-value"
        hint = PATTERN_HINTS.get(definition, "")
        fixed = corrected_time(instance) if definition == "time-of-day" else None
        if fixed:
            hint = f'write "{fixed}": a 24-hour time as HH:MM, two digits each'
        f.report(code, f"{f.subject} is {shown(instance)}, which is not {what}", hint)


_LOOSE_TIME = re.compile(r"\s*(\d{1,2})(?:[:.hH](\d{2}))?\s*([ap])?\.?\s*(?:m\.?)?\s*", re.IGNORECASE)


def corrected_time(value: object) -> str | None:
    """The HH:MM that a loosely written time means ("8:00" -> "08:00", "7 pm" -> "19:00"), when it is clear."""
    match = _LOOSE_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half and not 1 <= hour <= 12:
        return None
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def _format(f: Failure) -> None:
    if not _DATE_SHAPE.fullmatch(f.error.instance):
        return  # the pattern has said it
    f.report(
        "bad-date",
        f"{f.subject} is {shown(f.error.instance)}, which is not a real calendar date",
        "check the month (01 to 12) and the day of the month; write YYYY-MM-DD",
    )


def _enum(f: Failure) -> None:
    instance = f.error.instance
    if "propertyNames" in f.error.schema_path:
        where = _key_position(f.data, f.path, instance, f.where)
        f.out.error(
            where,
            "decision-key",
            f"'{instance}' cannot be in a decision step (one with 'if')",
            "a decision has only 'if', 'then', 'id', 'why', 'tip', 'warning' and 'critical'; "
            "put the actions in steps under 'then'",
            [*f.path, instance],
        )
        return
    allowed = [str(v) for v in f.error.validator_value]
    hint = "write one of: " + ", ".join(allowed)
    if isinstance(instance, str):
        hint = close_matches(instance.lower(), allowed) or hint
    f.report("not-allowed", f"{f.subject} is {shown(instance)}; it must be one of " + ", ".join(allowed), hint)


def _key_position(data: YamlMap, path: list[Any], key: str, fallback: int) -> int:
    node: Any = data
    for part in path:
        node = node[part]
    if isinstance(node, YamlMap) and key in node.key_positions:
        return node.key_positions[key]
    return fallback


def _min_items(f: Failure) -> None:
    least = f.error.validator_value
    f.report(
        "empty-list",
        f"{f.subject} needs at least {least} item" + ("s" if least > 1 else ""),
        "add an item, or remove the key",
    )


def _unique_items(f: Failure) -> None:
    seen: set[Any] = set()
    for index, item in enumerate(f.error.instance):
        key = json.dumps(item, sort_keys=True)
        if key in seen:
            where = locate(f.data, [*f.path, index]).value
            f.out.error(
                where,
                "listed-twice",
                f"{shown(item)} is listed twice in {f.subject}",
                "remove the repeat",
                [*f.path, index],
            )
        seen.add(key)


def _bound(f: Failure) -> None:
    """`minimum` or `maximum`: a revision below 1, or a reading no thermometer or till could show."""
    bound = f.error.validator_value
    if f.definition == "reading-number":
        f.report(
            "number-too-large",
            f"{f.subject} has {len(str(abs(int(f.error.instance))))} digits before the decimal point; "
            "no reading is that large",
            "write the reading's limit as it is read, with at most 15 digits before the decimal point",
        )
        return
    if f.error.validator == "maximum":
        message = f"{f.subject} is {shown(f.error.instance)}; it must be {bound} or less"
        f.report("too-large", message, f"write a whole number up to {bound}")
        return
    message = f"{f.subject} is {shown(f.error.instance)}; it must be {bound} or more"
    f.report("too-small", message, f"write a whole number from {bound}")


def _any_of(f: Failure) -> None:
    instance = f.error.instance
    if f.definition == "step":
        if "then" in instance:
            return  # 'then' without 'if' is reported with its own hint
        f.report(
            "step-kind",
            f"{f.subject} has neither 'do' nor 'if'",
            "an action step needs 'do: ...'; a decision needs 'if: ...' and 'then:' with its steps",
        )
    elif f.definition == "record":
        hint = "give the allowed range: 'min', 'max' or both, like 'max: 5'; or, for a yes/no check, 'answer: yes'"
        f.report("record-range", f"{f.subject} has none of 'min', 'max' or 'answer'", hint)
    elif f.definition == "target":
        hint = "give the aim: 'min', 'max' or both, like 'target: {max: 5}'"
        f.report("record-range", f"{f.subject} has neither 'min' nor 'max'", hint)
    elif f.definition == "on-day":
        _on_day(f)
    else:
        _other(f)


def _on_day(f: Failure) -> None:
    from opsmanual.i18n import weekday_names

    value = f.error.instance
    if isinstance(value, int) and not isinstance(value, bool):
        message = f"{f.subject} is {value}; a day of the month is 1 to 28, which every month has"
        f.report("bad-day", message, "for the end of the month, use 28 or the first of the next month")
        return
    hint = (close_matches(value.lower(), weekday_names()) if isinstance(value, str) else "") or (
        "write a weekday in lowercase (monday … sunday) or a day of the month from 1 to 28"
    )
    f.report("bad-day", f"{f.subject} is {shown(value)}, which is not a weekday or a day of the month", hint)


def _one_of(f: Failure) -> None:
    if f.definition != "item":
        _other(f)
        return
    instance = f.error.instance
    present = [k for k in _ITEM_KINDS if k in instance]
    if present:
        message = "this item has " + " and ".join(f"'{k}'" for k in present) + "; it must have only one"
    elif "steps" in instance:
        message = "this item has 'steps' but no 'sop' to take them from"
    else:
        message = "this item has none of 'sop', 'task', 'record', 'note' or 'log'"
    hint = (
        "write each as its own item: '- sop: <procedure id>', '- task: <text>', '- record: {...}', "
        "'- note: <label>' or '- log: {...}'"
    )
    f.report("item-kind", message, hint)


def _dependent_required(f: Failure) -> None:
    instance = f.error.instance
    if f.definition == "item" and not any(k in instance for k in _ITEM_KINDS):
        return  # the item's kind is reported once, by oneOf
    for present, needed in f.error.validator_value.items():
        if present not in instance:
            continue
        for name in needed:
            if name not in instance:
                where = instance.key_positions.get(present, f.where)
                f.report(
                    "missing-key",
                    f"'{present}' needs '{name}' beside it" + inside(f.path),
                    _DEPENDENT_HINTS.get((present, name), f"add '{name}', or remove '{present}'"),
                    where,
                )


def _other(f: Failure) -> None:
    f.report(
        "schema", f"{f.subject} does not fit the format: {f.error.message}", "compare it with the format in the README"
    )


_ABOUT_KEYS = frozenset(("additionalProperties", "required", "anyOf", "oneOf", "dependentRequired"))
HANDLERS: dict[str, Callable[[Failure], None]] = {
    "additionalProperties": _additional_properties,
    "required": _required,
    "type": _type,
    "pattern": _pattern,
    "format": _format,
    "enum": _enum,
    "minItems": _min_items,
    "uniqueItems": _unique_items,
    "minimum": _bound,
    "maximum": _bound,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "dependentRequired": _dependent_required,
}


def explain(error: Any, data: YamlMap, definitions: dict[int, str], out: Collector) -> None:
    """Report one of jsonschema's errors at its place, with the handler of its keyword."""
    path = list(error.absolute_path)
    place = locate(data, path)
    if place.tainted:
        return  # the loader has reported this value already
    definition = definitions.get(id(error.schema)) or error.schema.get("title", "")
    if error.validator in _ABOUT_KEYS and not isinstance(error.instance, dict) and definition != "on-day":
        return  # a list or a value where keys belong: its type error says so
    failure = Failure(error, data, path, place.value, place.raw, definition, out)
    HANDLERS.get(error.validator, _other)(failure)
