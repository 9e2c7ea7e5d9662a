"""Building the tree from the parser's events, refusing what the format forbids as it goes.

Depth, anchors, aliases, tags, merge keys, duplicate keys and keys that are not
text are refused before anything large or dangerous is built; scalars are
resolved by the YAML 1.2 core schema, with the format's own integers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import yaml

from opsmanual.diagnostics import START, Collector, pack, unpack
from opsmanual.i18n.messages import _
from opsmanual.load.tree import WrittenInt, YamlList, YamlMap

MAX_DEPTH = 64

_ESCAPED_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_MAYBE_NOT_TEXT = frozenset("0123456789-+.~tTfFnN")
_CORE_TAG_PREFIX = "tag:yaml.org,2002:"


class Stop(Exception):
    """Raised inside the composer when the rest of the file cannot be read safely."""


def mark_position(mark: Any) -> int:
    return pack(mark.line + 1, mark.column + 1)


def resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema resolution of a plain scalar."""
    if not value or value[0] not in _MAYBE_NOT_TEXT:
        return value or None
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        return int(value, 10) if value[0] != "+" else WrittenInt.of(int(value, 10), value)
    if _OCT.fullmatch(value):
        return WrittenInt.of(int(value[2:], 8), value)
    if _HEX.fullmatch(value):
        return WrittenInt.of(int(value[2:], 16), value)
    if _FLOAT.fullmatch(value):
        return float(value)
    if _SPECIAL_FLOAT.fullmatch(value):
        return float(value.replace(".", "", 1))
    return value


class Composer:
    """Builds YamlMap/YamlList trees from parser events, refusing what the format forbids."""

    def __init__(self, get_event: Callable[[], Any], out: Collector, restore: dict[int, str] | None = None) -> None:
        self.get_event = get_event
        self.out = out
        self.restore = restore  # the characters hidden from the parser, to put back in values
        self.aliases = 0
        self.first_alias: tuple[int, str] | None = None
        self.top: YamlMap | None = None  # the top-level mapping, as far as it has been read

    def document(self) -> YamlMap | None:
        get = self.get_event
        get()  # stream start
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            self.out.error(
                START, "empty-file", _("the file is empty"), _("write the required keys, or delete the file")
            )
            return None
        root = self.node(get(), 1)
        get()  # document end
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            self.out.error(
                mark_position(event.start_mark),
                "second-document",
                _("a second document starts here; a file holds one document"),
                _("remove the '---' line, or move what follows into its own file"),
            )
        if self.first_alias is not None:
            position, anchor = self.first_alias
            more = " " + _("(and {n} more)").format(n=self.aliases - 1) if self.aliases > 1 else ""
            self.out.error(
                position,
                "alias",
                _("an alias ({alias}) is used here{more}; aliases are not allowed").format(
                    alias=f"*{anchor}", more=more
                ),
                _("write the value out in full instead of referring to an anchor"),
            )
        if isinstance(root, YamlMap):
            return root
        if isinstance(root, _Tainted):
            return None  # already reported
        if root is None:
            hint = _("write the required keys, or delete the file")
            self.out.error(START, "empty-file", _("the file holds no keys"), hint)
        else:
            kind = _("a list") if isinstance(root, YamlList) else _("a single value")
            self.out.error(
                START,
                "not-a-mapping",
                _("the file holds {kind}; it must hold keys and values").format(kind=kind),
                _("start with the required keys, like 'title: ...'"),
            )
        return None

    def node(self, event: Any, depth: int) -> Any:
        """The value of `event` (already read), reading the rest of a collection."""
        position = mark_position(event.start_mark)
        kind = type(event)
        bad = self._refuse_markup(event, position)
        if kind is yaml.ScalarEvent:
            value = self.scalar(event, position)
            return _Tainted(value) if bad and not isinstance(value, _Tainted) else value
        if kind is yaml.AliasEvent:
            self.aliases += 1
            self.first_alias = self.first_alias or (position, event.anchor)
            return _Tainted(None)
        if depth > MAX_DEPTH:
            self.out.error(
                position,
                "too-deep",
                _("the file nests deeper than {most} levels").format(most=MAX_DEPTH),
                _("flatten the structure; procedures need only a few levels"),
            )
            raise Stop
        value = self.mapping(position, depth) if kind is yaml.MappingStartEvent else self.sequence(position, depth)
        return _Tainted(value) if bad else value

    def _refuse_markup(self, event: Any, position: int) -> bool:
        bad = False
        if event.anchor is not None and type(event) is not yaml.AliasEvent:
            self.out.error(
                position,
                "anchor",
                _("an anchor ({anchor}) is defined here; anchors and aliases are not allowed").format(
                    anchor=f"&{event.anchor}"
                ),
                _("remove the anchor and write each value out in full"),
            )
            bad = True
        tag = getattr(event, "tag", None)
        if tag is not None:
            tag = "!!" + tag[len(_CORE_TAG_PREFIX) :] if tag.startswith(_CORE_TAG_PREFIX) else tag
            self.out.error(
                position,
                "tag",
                _("an explicit tag ({tag}) is used here; tags are not allowed").format(tag=tag),
                _("remove the tag and write plain text, numbers, lists or keys"),
            )
            bad = True
        return bad

    def scalar(self, event: Any, position: int) -> Any:
        value: str = event.value if self.restore is None else event.value.translate(self.restore)
        if event.implicit[0]:
            try:
                resolved = resolve_plain(value)
            except ValueError:  # more digits than Python converts
                self.out.error(
                    position,
                    "number-too-long",
                    _("the number {number} is too long").format(number=f"{value[:20]}…"),
                    _("quote it if it is text; no reading or revision needs that many digits"),
                )
                return _Tainted(value)
            if isinstance(resolved, float) and not math.isfinite(resolved):
                self.out.error(
                    position,
                    "not-finite",
                    _("'{value}' is not a finite number").format(value=value),
                    _("write a real number, or quote it if it is text"),
                )
                return _Tainted(resolved)
            if resolved is None:
                return None
            return resolved
        if event.style == '"' and _ESCAPED_FORBIDDEN.search(value):
            self.out.error(
                position,
                "control-character",
                _("an escape in this text makes a control character or half a character"),
                _("remove the escape (like {examples}); only {allowed} are allowed").format(
                    examples="\\x07, \\0 " + _("or") + " \\ud800", allowed="\\t " + _("and") + " \\n"
                ),
            )
            return _Tainted(value)
        return value if value else None

    def mapping(self, position: int, depth: int) -> YamlMap:
        result = YamlMap(position)
        if depth == 1:
            self.top = result
        get = self.get_event
        while True:
            event = get()
            if type(event) is yaml.MappingEndEvent:
                return result
            key_pos = mark_position(event.start_mark)
            key = self.node(event, depth + 1)
            value_event = get()
            value_pos = mark_position(value_event.start_mark)
            value = self.node(value_event, depth + 1)
            if isinstance(key, _Tainted):
                continue
            if not isinstance(key, str):
                shown = _("an empty key") if key is None else _("the key {key}").format(key=_show(key))
                self.out.error(
                    key_pos,
                    "key-not-text",
                    _("{key} is not text; keys must be text").format(key=shown),
                    _("use a field name from the format, like 'title'"),
                )
                continue
            if key == "<<" and type(event) is yaml.ScalarEvent and event.implicit[0]:
                message, hint = _("merge keys (<<) are not allowed"), _("write the keys out in full")
                self.out.error(key_pos, "merge-key", message, hint)
                continue
            if key in result:
                first, _column = unpack(result.key_positions[key])
                self.out.error(
                    key_pos,
                    "duplicate-key",
                    _("duplicate key '{key}': the first '{key}' is at line {line}").format(key=key, line=first),
                    _("keep one of them; YAML would silently drop one"),
                )
                continue
            result.key_positions[key] = key_pos
            result.value_positions[key] = value_pos
            if value is None:
                message, hint = _("'{key}' has no value").format(key=key), _("give it a value, or remove the key")
                self.out.error(key_pos, "empty-value", message, hint)
                result.tainted = (result.tainted or set()) | {key}
            elif isinstance(value, _Tainted):
                result.tainted = (result.tainted or set()) | {key}
                value = value.value
            elif not isinstance(value, str) and type(value_event) is yaml.ScalarEvent:
                result.raw = result.raw or {}
                result.raw[key] = value_event.value
            result[key] = value

    def sequence(self, position: int, depth: int) -> YamlList:
        result = YamlList(position)
        get = self.get_event
        while True:
            event = get()
            if type(event) is yaml.SequenceEndEvent:
                return result
            item_pos = mark_position(event.start_mark)
            value = self.node(event, depth + 1)
            index = len(result)
            if value is None:
                message, hint = _("this list item is empty"), _("give it a value, or remove the '-' line")
                self.out.error(item_pos, "empty-value", message, hint)

                result.tainted = (result.tainted or set()) | {index}
            elif isinstance(value, _Tainted):
                result.tainted = (result.tainted or set()) | {index}
                value = value.value
            elif not isinstance(value, str) and type(event) is yaml.ScalarEvent:
                result.raw = result.raw or {}
                result.raw[index] = event.value
            result.item_positions.append(item_pos)
            result.append(value)


class _Tainted:
    """A value the loader already reported; the schema does not report it again."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (YamlMap, YamlList)):
        return "(a mapping)" if isinstance(value, YamlMap) else "(a list)"
    return str(value)
