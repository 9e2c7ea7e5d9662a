"""The JSON Schemas, and their failures told in the owner's words.

Hints are chosen by the schema keyword that failed and the definition it failed
in (`line`, `duration`, ...), never by the text of the library's message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from difflib import get_close_matches
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

from opsmanual.diagnostics import Collector
from opsmanual.discover import slug
from opsmanual.schema_fast import Check, compile_schema
from opsmanual.yamlload import YamlMap, locate

KINDS = ("manual", "sop", "checklist")
_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_REPORTED_PER_FILE = 100


def schema_text(kind: str) -> str:
    """The schema file as shipped inside the package."""
    return (resources.files("opsmanual") / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")


@cache
def schema(kind: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(schema_text(kind))
    return result


@cache
def fast_check(kind: str) -> Check:
    return compile_schema(schema(kind))


@cache
def _validator(kind: str) -> tuple[Any, dict[int, str]]:
    """jsonschema's validator, with integers that are whole numbers as written (2, never 2.0)."""
    from jsonschema import Draft202012Validator, FormatChecker, validators

    types = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda checker, value: isinstance(value, int) and not isinstance(value, bool)
    )
    strict = validators.extend(Draft202012Validator, type_checker=types)  # type: ignore[no-untyped-call]
    document = schema(kind)
    names = {id(definition): name for name, definition in document.get("$defs", {}).items()}
    return strict(document, format_checker=FormatChecker(formats=["date"])), names


@cache
def image_file_pattern() -> re.Pattern[str]:
    """The schema's own pattern for a step picture's path."""
    step = schema("sop")["$defs"]["step"]
    return re.compile(step["properties"]["image"]["properties"]["file"]["pattern"])


def close_matches(word: str, known: Iterator[str] | list[str] | set[str] | dict[str, Any]) -> str:
    """ "did you mean 'x'?" for the closest known words, or "" when none is close."""
    matches = get_close_matches(word, sorted(known), n=2, cutoff=0.6)
    if not matches:
        return ""
    return "did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"


def check_against_schema(kind: str, data: YamlMap, out: Collector) -> bool:
    """Report every schema failure of `data`; True when there was none."""
    if fast_check(kind)(data):
        return True
    validator, names = _validator(kind)
    found = Collector(out.file)
    valid = True
    for count, error in enumerate(validator.iter_errors(data)):
        valid = False
        if count >= MAX_REPORTED_PER_FILE:
            break
        _report(error, data, names, found)
    out.items += dict.fromkeys(found.items)  # one mistake can fail several keywords alike
    return valid


def _subject(path: list[Any]) -> str:
    """How to name the node at `path` in a message: 'title', item 2 of 'roles'."""
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


def _shown(value: Any) -> str:
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

_PATTERN_HINTS = {
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


def _report(error: Any, data: YamlMap, names: dict[int, str], out: Collector) -> None:
    path = list(error.absolute_path)
    place = locate(data, path)
    if place.tainted:
        return
    keyword = error.validator
    instance = error.instance
    subschema = error.schema
    definition = names.get(id(subschema)) or subschema.get("title", "")
    subject = _subject(path)

    if keyword == "additionalProperties":
        known = subschema.get("properties", {})
        for key in instance:
            if key not in known:
                where = instance.key_positions.get(key, place.value) if isinstance(instance, YamlMap) else place.value
                hint = close_matches(key, known) or "the keys allowed here are: " + ", ".join(known)
                out.error(where, "unknown-key", f"unknown key '{key}'" + _inside(path), hint)
    elif keyword == "required":
        missing = [name for name in error.validator_value if name not in instance]
        for name in missing:
            description = subschema.get("properties", {}).get(name, {}).get("description", "")
            out.error(
                place.value,
                "missing-key",
                f"'{name}' is required" + _inside(path),
                f"add '{name}': {description}".rstrip(": "),
            )
    elif keyword == "type":
        _type_error(error.validator_value, instance, definition, subject, place.value, place.raw, out)
    elif keyword == "pattern":
        _pattern_error(definition, instance, subject, place.value, out)
    elif keyword == "format":
        if not _DATE_SHAPE.fullmatch(instance):
            return  # the pattern has said it
        out.error(
            place.value,
            "bad-date",
            f"{subject} is {_shown(instance)}, which is not a real calendar date",
            "check the month (01 to 12) and the day of the month; write YYYY-MM-DD",
        )
    elif keyword == "enum" and "propertyNames" in error.schema_path:
        where = data_key_position(data, path, instance)
        out.error(
            where,
            "decision-key",
            f"'{instance}' cannot be in a decision step (one with 'if')",
            "a decision has only 'if', 'then', 'id', 'why', 'tip', 'warning' and 'critical'; "
            "put the actions in steps under 'then'",
        )
    elif keyword == "enum":
        allowed = [str(v) for v in error.validator_value]
        hint = "write one of: " + ", ".join(allowed)
        if isinstance(instance, str):
            hint = close_matches(instance.lower(), allowed) or hint
        out.error(
            place.value,
            "not-allowed",
            f"{subject} is {_shown(instance)}; it must be one of " + ", ".join(allowed),
            hint,
        )
    elif keyword == "minItems":
        out.error(
            place.value,
            "empty-list",
            f"{subject} needs at least {error.validator_value} item" + ("s" if error.validator_value > 1 else ""),
            "add an item, or remove the key",
        )
    elif keyword == "uniqueItems":
        seen: set[Any] = set()
        for index, item in enumerate(instance):
            key = json.dumps(item, sort_keys=True)
            if key in seen:
                where = locate(data, [*path, index]).value
                out.error(where, "listed-twice", f"{_shown(item)} is listed twice in {subject}", "remove the repeat")
            seen.add(key)
    elif keyword == "minimum":
        out.error(
            place.value,
            "too-small",
            f"{subject} is {_shown(instance)}; it must be {error.validator_value} or more",
            f"write a whole number from {error.validator_value}",
        )
    elif keyword == "anyOf" and definition == "step":
        if "then" in instance:
            return  # 'then' without 'if' is reported with its own hint
        out.error(
            place.value,
            "step-kind",
            f"{subject} has neither 'do' nor 'if'",
            "an action step needs 'do: ...'; a decision needs 'if: ...' and 'then:' with its steps",
        )
    elif keyword == "anyOf" and definition == "record":
        out.error(
            place.value,
            "record-range",
            f"{subject} has neither 'min' nor 'max'",
            "give the allowed range: 'min', 'max' or both, like 'max: 5'",
        )
    elif keyword == "oneOf" and definition == "item":
        present = [k for k in ("sop", "task", "record") if k in instance]
        if present:
            message = "this item has " + " and ".join(f"'{k}'" for k in present) + "; it must have only one"
        elif "steps" in instance:
            message = "this item has 'steps' but no 'sop' to take them from"
        else:
            message = "this item has none of 'sop', 'task' or 'record'"
        out.error(
            place.value,
            "item-kind",
            message,
            "write each as its own item: '- sop: <procedure id>', '- task: <text>' or '- record: {...}'",
        )
    elif keyword == "dependentRequired":
        if definition == "item" and not any(k in instance for k in ("sop", "task", "record")):
            return  # the item's kind is reported once, by oneOf
        for present, needed in error.validator_value.items():
            if present in instance:
                for name in needed:
                    if name not in instance:
                        where = instance.key_positions.get(present, place.value)
                        out.error(
                            where,
                            "missing-key",
                            f"'{present}' needs '{name}' beside it" + _inside(path),
                            _DEPENDENT_HINTS.get((present, name), f"add '{name}', or remove '{present}'"),
                        )
    else:
        out.error(
            place.value,
            "schema",
            f"{subject} does not fit the format: {error.message}",
            "compare it with the format in the README",
        )


_DEPENDENT_HINTS = {
    ("if", "then"): "a decision needs 'then:' with the steps to follow when the condition holds",
    ("then", "if"): "'then' belongs to a decision: add 'if: <condition>', or use 'steps' for sub-steps",
    ("steps", "sop"): "'steps' picks steps of a procedure: add 'sop: <procedure id>'",
}


def data_key_position(data: YamlMap, path: list[Any], key: str) -> int:
    node: Any = data
    for part in path:
        node = node[part]
    if isinstance(node, YamlMap) and key in node.key_positions:
        return node.key_positions[key]
    return locate(data, path).value


def _inside(path: list[Any]) -> str:
    if not path:
        return ""
    return " in " + _subject(path)


def _type_error(
    expected: Any, instance: Any, definition: str, subject: str, where: int, raw: str | None, out: Collector
) -> None:
    wanted = expected if isinstance(expected, str) else expected[0]
    words = _TYPE_WORDS.get(wanted, wanted)
    message = f"{subject} must be {words}, not {_shown(instance)}"
    if wanted == "string" and isinstance(instance, (int, float, bool)):
        shown = raw if raw is not None else _shown(instance).strip("'")
        read_as = "a true/false value" if isinstance(instance, bool) else "a number"
        message = f"{subject} must be text, but YAML reads {shown} as {read_as}"
        hint = _PATTERN_HINTS.get(definition) if definition in ("duration", "date", "time-of-day") else None
        hint = hint or f'quote it: "{shown}"'
    elif wanted == "boolean":
        hint = "use true or false (yes, no, on and off are text)"
    elif wanted == "array":
        hint = "write a list: one '- item' per line, or [first, second] on one line"
    elif wanted == "object":
        hint = "write the keys on their own lines, indented under this one"
    elif wanted == "integer":
        hint = "write digits only, like 2"
    elif wanted == "number":
        hint = "write a number, like 5 or -18"
    else:
        hint = f"write {words}"
    out.error(where, "wrong-type", message, hint)


def _pattern_error(definition: str, instance: str, subject: str, where: int, out: Collector) -> None:
    if definition in ("line", "markdown") and not instance.strip():
        out.error(where, "empty-value", f"{subject} is empty", "write some text, or remove the key")
    elif definition == "line":
        out.error(
            where,
            "not-one-line",
            f"{subject} must be a single line of text, but it has line breaks",
            "join it into one line (a '>' block folds lines into one); longer text belongs in a Markdown "
            "field such as 'purpose' or 'why'",
        )
    elif definition == "id":
        suggestion = slug(instance)
        hint = _PATTERN_HINTS["id"]
        if suggestion and suggestion != instance:
            hint = f"write '{suggestion}': ids are lowercase letters and digits in words joined by hyphens"
        out.error(where, "bad-id", f"{subject} is {_shown(instance)}, which is not a valid id", hint)
    else:
        what = _PATTERN_WHAT.get(definition, "in the expected form")
        out.error(
            where,
            f"bad-{definition.lower()}" if definition in _PATTERN_WHAT else "bad-value",
            f"{subject} is {_shown(instance)}, which is not {what}",
            _PATTERN_HINTS.get(definition, ""),
        )
