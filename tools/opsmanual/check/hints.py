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
from typing import Any

from opsmanual.check.wording import (
    DEPENDENT_HINTS,
    PATTERN_HINTS,
    PATTERN_WHAT,
    TYPE_HINTS,
    TYPE_WORDS,
    inside,
    shown,
    subject,
    word,
)
from opsmanual.diagnostics import Collector
from opsmanual.i18n.messages import _, ngettext
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


_ITEM_KINDS = ("sop", "task", "record", "note", "log")


def _additional_properties(f: Failure) -> None:
    instance, known = f.error.instance, f.error.schema.get("properties", {})
    listed = _("the keys allowed here are: {keys}").format(keys=", ".join(known))
    unknown = [key for key in instance if key not in known]
    for number, key in enumerate(unknown):
        where = instance.key_positions.get(key, f.where) if isinstance(instance, YamlMap) else f.where
        hint = (close_matches(key, known) if number < SUGGESTIONS_PER_MAPPING else "") or listed
        message = _("unknown key '{key}'").format(key=key) + inside(f.path)
        f.out.error(where, "unknown-key", message, hint, [*f.path, key])


def _required(f: Failure) -> None:
    for name in f.error.validator_value:
        if name not in f.error.instance:
            description = f.error.schema.get("properties", {}).get(name, {}).get("description", "")
            message = _("'{key}' is required").format(key=name) + inside(f.path)
            f.report("missing-key", message, (_("add '{key}'").format(key=name) + f": {description}").rstrip(": "))


def _type(f: Failure) -> None:
    expected, instance = f.error.validator_value, f.error.instance
    wanted = expected if isinstance(expected, str) else expected[0]
    words = word(TYPE_WORDS, wanted, wanted)
    message = _("{subject} must be {type}, not {value}").format(subject=f.subject, type=words, value=shown(instance))
    hint = word(TYPE_HINTS, wanted) or _("write {type}").format(type=words)
    if wanted in ("integer", "number") and isinstance(instance, WrittenInt):
        message = _("{subject} must be {type} written in digits, not {value}").format(
            subject=f.subject, type=words, value=instance.written
        )
        how = _("write {number} without the plus sign") if instance.signed else _("write {number}, in plain digits")
        hint = how.format(number=int(instance))
    elif wanted == "string" and isinstance(instance, (int, float, bool)):
        written = f.raw if f.raw is not None else shown(instance).strip("'")
        read_as = _("a true/false value") if isinstance(instance, bool) else _("a number")
        message = _("{subject} must be text, but YAML reads {value} as {type}").format(
            subject=f.subject, value=written, type=read_as
        )
        hint = word(PATTERN_HINTS, f.definition) if f.definition in ("duration", "date", "time-of-day") else ""
        hint = hint or _("quote it: {value}").format(value=f'"{written}"')
    f.report("wrong-type", message, hint)


def _pattern(f: Failure) -> None:
    definition, instance = f.definition, f.error.instance
    if definition in ("line", "markdown") and not instance.strip():
        f.report(
            "empty-value", _("{subject} is empty").format(subject=f.subject), _("write some text, or remove the key")
        )
    elif definition == "line":
        f.report(
            "not-one-line",
            _("{subject} must be a single line of text, but it has line breaks").format(subject=f.subject),
            _(
                "join it into one line (a '>' block folds lines into one); longer text belongs in a Markdown "
                "field such as 'purpose' or 'why'"
            ),
        )
    elif definition == "id":
        suggestion = slug(instance)
        hint = word(PATTERN_HINTS, "id")
        if suggestion and suggestion != instance:
            hint = _("write '{id}': ids are lowercase letters and digits in words joined by hyphens").format(
                id=suggestion
            )
        message = _("{subject} is {value}, which is not a valid id").format(subject=f.subject, value=shown(instance))
        f.report("bad-id", message, hint)
    else:
        what = word(PATTERN_WHAT, definition) or _("in the expected form")
        code = f"bad-{definition.lower()}" if definition in PATTERN_WHAT else "bad-value"
        hint = word(PATTERN_HINTS, definition)
        fixed = corrected_time(instance) if definition == "time-of-day" else None
        if fixed:
            hint = _("write {time}: a 24-hour time as HH:MM, two digits each").format(time=f'"{fixed}"')
        message = _("{subject} is {value}, which is not {what}").format(
            subject=f.subject, value=shown(instance), what=what
        )
        f.report(code, message, hint)


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
        _("{subject} is {value}, which is not a real calendar date").format(
            subject=f.subject, value=shown(f.error.instance)
        ),
        _("check the month (01 to 12) and the day of the month; write YYYY-MM-DD"),
    )


def _enum(f: Failure) -> None:
    instance = f.error.instance
    if "propertyNames" in f.error.schema_path:
        where = _key_position(f.data, f.path, instance, f.where)
        f.out.error(
            where,
            "decision-key",
            _("'{key}' cannot be in a decision step (one with 'if')").format(key=instance),
            _(
                "a decision has only 'if', 'then', 'id', 'why', 'tip', 'warning' and 'critical'; "
                "put the actions in steps under 'then'"
            ),
            [*f.path, instance],
        )
        return
    allowed = [str(v) for v in f.error.validator_value]
    hint = _("write one of: {values}").format(values=", ".join(allowed))
    if isinstance(instance, str):
        hint = close_matches(instance.lower(), allowed) or hint
    message = _("{subject} is {value}; it must be one of {values}")
    f.report("not-allowed", message.format(subject=f.subject, value=shown(instance), values=", ".join(allowed)), hint)


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
        ngettext("{subject} needs at least {n} item", "{subject} needs at least {n} items", least).format(
            subject=f.subject, n=least
        ),
        _("add an item, or remove the key"),
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
                _("{value} is listed twice in {subject}").format(value=shown(item), subject=f.subject),
                _("remove the repeat"),
                [*f.path, index],
            )
        seen.add(key)


def _bound(f: Failure) -> None:
    """`minimum` or `maximum`: a revision below 1, or a reading no thermometer or till could show."""
    bound = f.error.validator_value
    if f.definition == "reading-number":
        f.report(
            "number-too-large",
            _("{subject} has {digits} digits before the decimal point; no reading is that large").format(
                subject=f.subject, digits=len(str(abs(int(f.error.instance))))
            ),
            _("write the reading's limit as it is read, with at most 15 digits before the decimal point"),
        )
        return
    if f.error.validator == "maximum":
        message = _("{subject} is {value}; it must be {bound} or less")
        values = {"subject": f.subject, "value": shown(f.error.instance), "bound": bound}
        f.report("too-large", message.format(**values), _("write a whole number up to {bound}").format(bound=bound))
        return
    message = _("{subject} is {value}; it must be {bound} or more")
    values = {"subject": f.subject, "value": shown(f.error.instance), "bound": bound}
    f.report("too-small", message.format(**values), _("write a whole number from {bound}").format(bound=bound))


def _any_of(f: Failure) -> None:
    instance = f.error.instance
    if f.definition == "step":
        if "then" in instance:
            return  # 'then' without 'if' is reported with its own hint
        f.report(
            "step-kind",
            _("{subject} has neither 'do' nor 'if'").format(subject=f.subject),
            _("an action step needs 'do: ...'; a decision needs 'if: ...' and 'then:' with its steps"),
        )
    elif f.definition == "record":
        hint = _("give the allowed range: 'min', 'max' or both, like 'max: 5'; or, for a yes/no check, 'answer: yes'")
        f.report("record-range", _("{subject} has none of 'min', 'max' or 'answer'").format(subject=f.subject), hint)
    elif f.definition == "target":
        hint = _("give the aim: 'min', 'max' or both, like {example}").format(example="'target: {max: 5}'")
        f.report("record-range", _("{subject} has neither 'min' nor 'max'").format(subject=f.subject), hint)
    elif f.definition == "on-day":
        _on_day(f)
    else:
        _other(f)


def _on_day(f: Failure) -> None:
    from opsmanual.i18n import weekday_names

    value = f.error.instance
    if isinstance(value, int) and not isinstance(value, bool):
        message = _("{subject} is {value}; a day of the month is 1 to 28, which every month has")
        hint = _("for the end of the month, use 28 or the first of the next month")
        f.report("bad-day", message.format(subject=f.subject, value=value), hint)
        return
    hint = (close_matches(value.lower(), weekday_names()) if isinstance(value, str) else "") or _(
        "write a weekday in lowercase (monday … sunday) or a day of the month from 1 to 28"
    )
    message = _("{subject} is {value}, which is not a weekday or a day of the month")
    f.report("bad-day", message.format(subject=f.subject, value=shown(value)), hint)


def _one_of(f: Failure) -> None:
    if f.definition != "item":
        _other(f)
        return
    instance = f.error.instance
    present = [k for k in _ITEM_KINDS if k in instance]
    if present:
        both = (" " + _("and") + " ").join(f"'{k}'" for k in present)
        message = _("this item has {keys}; it must have only one").format(keys=both)
    elif "steps" in instance:
        message = _("this item has 'steps' but no 'sop' to take them from")
    else:
        message = _("this item has none of 'sop', 'task', 'record', 'note' or 'log'")
    hint = _("write each as its own item: {kinds}").format(
        kinds="'- sop: <procedure id>', '- task: <text>', '- record: {...}', '- note: <label>' "
        + _("or")
        + " '- log: {...}'"
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
                    _("'{key}' needs '{other}' beside it").format(key=present, other=name) + inside(f.path),
                    word(DEPENDENT_HINTS, (present, name))
                    or _("add '{other}', or remove '{key}'").format(other=name, key=present),
                    where,
                )


def _other(f: Failure) -> None:
    message = _("{subject} does not fit the format: {detail}").format(subject=f.subject, detail=f.error.message)
    f.report("schema", message, _("compare it with the format in the README"))


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
