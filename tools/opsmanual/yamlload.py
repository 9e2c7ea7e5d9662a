"""The strict YAML loader: YAML 1.2 core scalars, positions on every node, no traps.

It reads the parser's event stream and builds the tree itself, so that depth,
anchors, aliases, tags and duplicate keys are refused before anything large or
dangerous is built, with libyaml's C parser when PyYAML has it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from opsmanual.diagnostics import START, Collector, pack, unpack

MAX_BYTES = 1_048_576
MAX_DEPTH = 64

_Loader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
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
_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


class YamlMap(dict[str, Any]):
    """A mapping that remembers where each key and value stands."""

    __slots__ = ("key_positions", "position", "raw", "tainted", "value_positions")

    def __init__(self, position: int) -> None:
        super().__init__()
        self.position = position
        self.key_positions: dict[str, int] = {}
        self.value_positions: dict[str, int] = {}
        self.raw: dict[str, str] | None = None  # source text of scalars that are not text
        self.tainted: set[str] | None = None  # values already reported by the loader


class YamlList(list[Any]):
    """A sequence that remembers where each item stands."""

    __slots__ = ("item_positions", "position", "raw", "tainted")

    def __init__(self, position: int) -> None:
        super().__init__()
        self.position = position
        self.item_positions: list[int] = []
        self.raw: dict[int, str] | None = None
        self.tainted: set[int] | None = None


@dataclass(frozen=True)
class Place:
    """Where a node stands: the position of its key (if any) and of its value."""

    key: int
    value: int
    tainted: bool
    raw: str | None


def locate(root: YamlMap, path: Iterable[str | int]) -> Place:
    """The place of the node at `path`, or of the deepest node on it that exists."""
    node: Any = root
    key_pos = value_pos = root.position
    raw = None
    for part in path:
        if isinstance(node, YamlMap) and isinstance(part, str) and part in node:
            key_pos, value_pos = node.key_positions[part], node.value_positions[part]
        elif isinstance(node, YamlList) and isinstance(part, int) and 0 <= part < len(node):
            key_pos = value_pos = node.item_positions[part]
        else:
            break
        if node.tainted and part in node.tainted:
            return Place(key_pos, value_pos, True, None)
        raw = node.raw.get(part) if node.raw else None
        node = node[part]
    return Place(key_pos, value_pos, False, raw)


@dataclass
class LoadedFile:
    """A file's tree (None when it could not be read as one mapping) and its findings."""

    data: YamlMap | None
    diagnostics: Collector
    schema_modeline: str | None = None


class _Stop(Exception):
    """Raised inside the composer when the rest of the file cannot be read safely."""


def _position_of_index(text: str, index: int) -> int:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return pack(line, column)


def _mark(mark: Any) -> int:
    return pack(mark.line + 1, mark.column + 1)


def decode(data: bytes, out: Collector) -> str | None:
    """UTF-8 text without its BOM, or None with a diagnostic saying how to save it."""
    hint = "save it as UTF-8 (in most editors: Save with Encoding, then UTF-8)"
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        out.error(START, "encoding", "the file is UTF-32, not UTF-8", hint)
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        out.error(START, "encoding", "the file is UTF-16, not UTF-8", hint)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:64]:
            message = "the file is not UTF-8 (it looks like UTF-16 or UTF-32)"
        else:
            good = data[: exc.start].decode("utf-8")
            where = _position_of_index(good, len(good))
            bad = data[exc.start]
            out.error(
                where,
                "encoding",
                f"the file is not valid UTF-8: byte 0x{bad:02X} cannot start a character here "
                "(Latin-1 or Windows-1252 text?)",
                hint,
            )
            return None
        out.error(START, "encoding", message, hint)
        return None
    return text[1:] if text.startswith("\ufeff") else text


def read_yaml(path: Path, rel: str) -> LoadedFile:
    """Read and compose one YAML file, collecting every finding instead of raising."""
    out = Collector(rel)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            out.error(
                START,
                "file-too-large",
                f"the file is {size:,} bytes; a file may hold at most 1 MiB ({MAX_BYTES:,} bytes)",
                "split it into smaller procedures or checklists",
            )
            return LoadedFile(None, out)
        data = path.read_bytes()
    except OSError as exc:
        out.error(
            START,
            "unreadable",
            f"the file cannot be read: {exc.strerror or exc}",
            "check that the file exists and that you may read it",
        )
        return LoadedFile(None, out)
    text = decode(data, out)
    if text is None:
        return LoadedFile(None, out)
    return LoadedFile(parse_text(text, out), out, _modeline(text))


def _modeline(text: str) -> str | None:
    if not text.startswith("#"):
        return None
    match = _MODELINE.match(text)
    return match.group(1) if match else None


def parse_text(text: str, out: Collector) -> YamlMap | None:
    """The top-level mapping of `text`, or None after a finding that stops the file."""
    control = _CONTROL.search(text)
    if control:
        out.error(
            _position_of_index(text, control.start()),
            "control-character",
            f"a control character (U+{ord(control.group()):04X}) is in the file",
            "delete it; only tabs and line breaks may appear as control characters",
        )
        return None
    loader = _Loader(text)
    try:
        return _Composer(loader.get_event, out).document()
    except _Stop:
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = _mark(mark) if mark is not None else START
        _syntax_error(text, mark, position, exc.problem or exc.context or "", out)
        return None
    except yaml.YAMLError as exc:  # a reader error: a character YAML does not allow
        index = getattr(exc, "position", 0)
        out.error(
            _position_of_index(text, index),
            "bad-character",
            "a character that YAML does not allow is in the file",
            "delete it or retype the text around it",
        )
        return None
    finally:
        loader.dispose()


def _syntax_error(text: str, mark: Any, position: int, problem: str, out: Collector) -> None:
    offending = ""
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines):
            row = lines[mark.line]
            offending = row[mark.column] if mark.column < len(row) else ""
            if "\t" in row[: len(row) - len(row.lstrip())]:
                offending = "\t"
    if offending == "\t":
        out.error(
            position,
            "tab",
            "a tab is used for indentation; YAML indents with spaces only",
            "replace the tab with spaces (two spaces per level)",
        )
        return
    out.error(
        position,
        "yaml-syntax",
        f"this is not valid YAML: {problem}",
        "check the indentation and the ': ' after each key near here; "
        "put text that contains ': ' or ' #', or starts with a special character, in quotes",
    )


def resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema resolution of a plain scalar."""
    if not value or value[0] not in _MAYBE_NOT_TEXT:
        return value or None
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        return int(value, 10)
    if _OCT.fullmatch(value):
        return int(value[2:], 8)
    if _HEX.fullmatch(value):
        return int(value[2:], 16)
    if _FLOAT.fullmatch(value):
        return float(value)
    if _SPECIAL_FLOAT.fullmatch(value):
        return float(value.replace(".", "", 1))
    return value


class _Composer:
    """Builds YamlMap/YamlList trees from parser events, refusing what the format forbids."""

    def __init__(self, get_event: Callable[[], Any], out: Collector) -> None:
        self.get_event = get_event
        self.out = out
        self.aliases = 0
        self.first_alias: tuple[int, str] | None = None

    def document(self) -> YamlMap | None:
        get = self.get_event
        get()  # stream start
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            self.out.error(START, "empty-file", "the file is empty", "write the required keys, or delete the file")
            return None
        root = self.node(get(), 1)
        get()  # document end
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            self.out.error(
                _mark(event.start_mark),
                "second-document",
                "a second document starts here; a file holds one document",
                "remove the '---' line, or move what follows into its own file",
            )
        if self.first_alias is not None:
            position, anchor = self.first_alias
            more = f" (and {self.aliases - 1} more)" if self.aliases > 1 else ""
            self.out.error(
                position,
                "alias",
                f"an alias (*{anchor}) is used here{more}; aliases are not allowed",
                "write the value out in full instead of referring to an anchor",
            )
        if isinstance(root, YamlMap):
            return root
        if isinstance(root, _Tainted):
            return None  # already reported
        if root is None:
            self.out.error(START, "empty-file", "the file holds no keys", "write the required keys, or delete the file")
        else:
            kind = "a list" if isinstance(root, YamlList) else "a single value"
            self.out.error(
                START,
                "not-a-mapping",
                f"the file holds {kind}; it must hold keys and values",
                "start with the required keys, like 'title: ...'",
            )
        return None

    def node(self, event: Any, depth: int) -> Any:
        """The value of `event` (already read), reading the rest of a collection."""
        position = _mark(event.start_mark)
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
                f"the file nests deeper than {MAX_DEPTH} levels",
                "flatten the structure; procedures need only a few levels",
            )
            raise _Stop
        value = self.mapping(position, depth) if kind is yaml.MappingStartEvent else self.sequence(position, depth)
        return _Tainted(value) if bad else value

    def _refuse_markup(self, event: Any, position: int) -> bool:
        bad = False
        if event.anchor is not None and type(event) is not yaml.AliasEvent:
            self.out.error(
                position,
                "anchor",
                f"an anchor (&{event.anchor}) is defined here; anchors and aliases are not allowed",
                "remove the anchor and write each value out in full",
            )
            bad = True
        tag = getattr(event, "tag", None)
        if tag is not None:
            tag = "!!" + tag[len(_CORE_TAG_PREFIX) :] if tag.startswith(_CORE_TAG_PREFIX) else tag
            self.out.error(
                position,
                "tag",
                f"an explicit tag ({tag}) is used here; tags are not allowed",
                "remove the tag and write plain text, numbers, lists or keys",
            )
            bad = True
        return bad

    def scalar(self, event: Any, position: int) -> Any:
        value: str = event.value
        if event.implicit[0]:
            try:
                resolved = resolve_plain(value)
            except ValueError:  # more digits than Python converts
                self.out.error(
                    position,
                    "number-too-long",
                    f"the number {value[:20]}… is too long",
                    "quote it if it is text; no reading or revision needs that many digits",
                )
                return _Tainted(value)
            if isinstance(resolved, float) and not math.isfinite(resolved):
                self.out.error(
                    position,
                    "not-finite",
                    f"'{value}' is not a finite number",
                    "write a real number, or quote it if it is text",
                )
                return _Tainted(resolved)
            if resolved is None:
                return None
            return resolved
        if event.style == '"' and _ESCAPED_FORBIDDEN.search(value):
            self.out.error(
                position,
                "control-character",
                "an escape in this text makes a control character or half a character",
                "remove the escape (like \\x07, \\0 or \\ud800); only \\t and \\n are allowed",
            )
            return _Tainted(value)
        return value if value else None

    def mapping(self, position: int, depth: int) -> YamlMap:
        result = YamlMap(position)
        get = self.get_event
        while True:
            event = get()
            if type(event) is yaml.MappingEndEvent:
                return result
            key_pos = _mark(event.start_mark)
            key = self.node(event, depth + 1)
            value_event = get()
            value_pos = _mark(value_event.start_mark)
            value = self.node(value_event, depth + 1)
            if isinstance(key, _Tainted):
                continue
            if not isinstance(key, str):
                shown = "an empty key" if key is None else f"the key {_show(key)}"
                self.out.error(
                    key_pos,
                    "key-not-text",
                    f"{shown} is not text; keys must be text",
                    "use a field name from the format, like 'title'",
                )
                continue
            if key == "<<" and type(event) is yaml.ScalarEvent and event.implicit[0]:
                self.out.error(key_pos, "merge-key", "merge keys (<<) are not allowed", "write the keys out in full")
                continue
            if key in result:
                first, _ = unpack(result.key_positions[key])
                self.out.error(
                    key_pos,
                    "duplicate-key",
                    f"duplicate key '{key}': the first '{key}' is at line {first}",
                    "keep one of them; YAML would silently drop one",
                )
                continue
            result.key_positions[key] = key_pos
            result.value_positions[key] = value_pos
            if value is None:
                self.out.error(key_pos, "empty-value", f"'{key}' has no value", "give it a value, or remove the key")
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
            item_pos = _mark(event.start_mark)
            value = self.node(event, depth + 1)
            index = len(result)
            if value is None:
                self.out.error(
                    item_pos, "empty-value", "this list item is empty", "give it a value, or remove the '-' line"
                )
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
