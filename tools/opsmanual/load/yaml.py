"""The strict YAML loader: YAML 1.2 core scalars, positions on every node, no traps.

A file is read as bytes, decoded as UTF-8 only, parsed into events (libyaml's C
parser when PyYAML has it) and composed into a tree with positions by
`load.composer`; every refusal comes at its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from opsmanual.diagnostics import START, Collector, pack
from opsmanual.i18n.messages import _
from opsmanual.load.composer import MAX_DEPTH, Composer, Stop, mark_position, resolve_plain
from opsmanual.load.tree import Place, YamlList, YamlMap, locate

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "LoadedFile",
    "Place",
    "YamlList",
    "YamlMap",
    "locate",
    "read_yaml",
    "resolve_plain",
]

MAX_BYTES = 1_048_576

_PureLoader: Any = yaml.BaseLoader
_Loader: Any = getattr(yaml, "CBaseLoader", _PureLoader)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


@dataclass
class LoadedFile:
    """A file's tree (None when it could not be read as one mapping) and its findings."""

    data: YamlMap | None
    diagnostics: Collector
    schema_modeline: str | None = None
    partial: YamlMap | None = None  # when an error stopped the file: what was read before it

    def why_unreadable(self) -> str:
        """Why nothing in the file can be relied on, in words that follow its name."""
        first = next((d for d in self.diagnostics.items if d.is_error), None)
        if first is None:
            return _("cannot be read")
        if first.line:
            return _("cannot be read: {why} (line {line})").format(why=first.message, line=first.line)
        return _("cannot be read: {why}").format(why=first.message)


def _position_of_index(text: str, index: int) -> int:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return pack(line, column)


def decode(data: bytes, out: Collector) -> str | None:
    """UTF-8 text without its BOM, or None with a diagnostic saying how to save it."""
    hint = _("save it as UTF-8 (in most editors: Save with Encoding, then UTF-8)")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        out.error(START, "encoding", _("the file is UTF-32, not UTF-8"), hint)
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        out.error(START, "encoding", _("the file is UTF-16, not UTF-8"), hint)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:64]:
            message = _("the file is not UTF-8 (it looks like UTF-16 or UTF-32)")
        else:
            good = data[: exc.start].decode("utf-8")
            where = _position_of_index(good, len(good))
            bad = data[exc.start]
            out.error(
                where,
                "encoding",
                _(
                    "the file is not valid UTF-8: byte {byte} cannot start a character here "
                    "(Latin-1 or Windows-1252 text?)"
                ).format(byte=f"0x{bad:02X}"),
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
                _("the file is {size} bytes; a file may hold at most 1 MiB ({limit} bytes)").format(
                    size=f"{size:,}", limit=f"{MAX_BYTES:,}"
                ),
                _("split it into smaller procedures or checklists"),
            )
            return LoadedFile(None, out)
        data = path.read_bytes()
    except OSError as exc:
        out.error(
            START,
            "unreadable",
            _("the file cannot be read: {error}").format(error=exc.strerror or exc),
            _("check that the file exists and that you may read it"),
        )
        return LoadedFile(None, out)
    text = decode(data, out)
    if text is None:
        return LoadedFile(None, out)
    tree, partial = compose(text, out)
    return LoadedFile(tree, out, _modeline(text), partial)


def _modeline(text: str) -> str | None:
    if not text.startswith("#"):
        return None
    match = _MODELINE.match(text)
    return match.group(1) if match else None


def parse_text(text: str, out: Collector) -> YamlMap | None:
    """The top-level mapping of `text`, or None after a finding that stops the file."""
    return compose(text, out)[0]


def compose(text: str, out: Collector) -> tuple[YamlMap | None, YamlMap | None]:
    """The top-level mapping of `text` (None after a finding that stops the file), and what was read before it."""
    control = _CONTROL.search(text)
    if control:
        out.error(
            _position_of_index(text, control.start()),
            "control-character",
            _("a control character ({character}) is in the file").format(character=f"U+{ord(control.group()):04X}"),
            _("delete it; only tabs and line breaks may appear as control characters"),
        )
        return None, None
    text, restore = _hide_separators(text)
    first = Collector(out.file)
    tree, partial, failed = _compose_with(_Loader, text, first, restore)
    if failed and _Loader is not _PureLoader:
        # libyaml gives up on some input (deep flow nesting) before its events reach the composer; the
        # pure parser does not, so the same file gets the same finding whichever parser PyYAML has.
        again = Collector(out.file)
        tree, partial, _failed = _compose_with(_PureLoader, text, again, restore)
        first = again
    out.items += first.items
    return tree, partial


def _hide_separators(text: str) -> tuple[str, dict[int, str] | None]:
    """YAML 1.2 reads U+2028 and U+2029 as ordinary characters, PyYAML as line breaks: they are swapped
    for two private-use characters the text does not hold while it is parsed, and swapped back in values."""
    if "\u2028" not in text and "\u2029" not in text:
        return text, None
    free = (chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
    line, paragraph = next(free), next(free)
    hidden = text.replace("\u2028", line).replace("\u2029", paragraph)
    return hidden, {ord(line): "\u2028", ord(paragraph): "\u2029"}


def _compose_with(
    loader_class: Any, text: str, out: Collector, restore: dict[int, str] | None
) -> tuple[YamlMap | None, YamlMap | None, bool]:
    """(the tree, what was read before an error stopped it, whether the parser failed)."""
    loader = loader_class(text)
    composer = Composer(loader.get_event, out, restore)
    try:
        return composer.document(), None, False
    except Stop:
        return None, composer.top, False
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = mark_position(mark) if mark is not None else START
        _syntax_error(text, mark, position, exc.problem or exc.context or "", out)
    except yaml.YAMLError as exc:  # a reader error: a character YAML does not allow
        index = getattr(exc, "position", 0)
        out.error(
            _position_of_index(text, index),
            "bad-character",
            _("a character that YAML does not allow is in the file"),
            _("delete it or retype the text around it"),
        )
    finally:
        loader.dispose()
    return None, composer.top, True


def _syntax_error(text: str, mark: Any, position: int, problem: str, out: Collector) -> None:
    """A parser's refusal, told from what the source holds at that place (not from the parser's words)."""
    row = ""
    if mark is not None:
        lines = text.split("\n")
        row = lines[mark.line].rstrip("\r") if mark.line < len(lines) else ""
    column = mark.column if mark is not None else 0
    offending = row[column] if column < len(row) else ""
    indentation = row[: len(row) - len(row.lstrip(" \t"))]
    if offending == "\t" or "\t" in indentation:
        out.error(
            position,
            "tab",
            _("YAML does not allow tabs for indentation; use spaces"),
            _("replace the tab with spaces (two spaces per level); most editors can show tabs and convert them"),
        )
        return
    before = row[:column]
    if offending == ":" and ": " in before and not before.lstrip().startswith(("- ", "#")):
        key, _colon, value = before.partition(": ")
        out.error(
            position,
            "yaml-syntax",
            _("this value holds ': ', which YAML reads as the start of another key"),
            _("put the value in quotes: {line}").format(line=f'{key.strip()}: "{(value + row[column:]).strip()}"'),
        )
        return
    out.error(
        position,
        "yaml-syntax",
        _("this is not valid YAML: {problem}").format(problem=problem),
        _(
            "check the indentation and the ': ' after each key near here; "
            "put text that contains ': ' or ' #', or starts with a special character, in quotes"
        ),
    )
