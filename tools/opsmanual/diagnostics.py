"""One record for every finding, so that checks collect instead of raising, and every command refuses alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# A position packs a 1-based line and column into one int: positions are kept
# for every node of a file while it is checked, so they must be small.
_COLUMN_BITS = 21


def pack(line: int, column: int) -> int:
    return (line << _COLUMN_BITS) | column


def unpack(position: int) -> tuple[int, int]:
    return position >> _COLUMN_BITS, position & ((1 << _COLUMN_BITS) - 1)


START = pack(1, 1)
NOWHERE = pack(0, 0)  # a finding about a file or folder as a whole, or about the command line


def pointer(path: Iterable[str | int]) -> str:
    """The JSON pointer (RFC 6901) of a node: ["steps", 2, "record"] -> "/steps/2/record"."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A finding at a place in a file, with what is wrong and how to fix it.

    `file` is relative to the manual's root in POSIX form, or the folder a command refused;
    `line` and `column` are 0 when the finding has no place inside a file; `pointer` is the
    JSON pointer of the node inside the document ("" for the whole document); `field` names the
    field of a filled form a finding is about, its place in the form.
    """

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""
    pointer: str = ""
    field: str = ""  # a form's field, by name, when the finding is about a filled form

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Collector:
    """Gathers the diagnostics of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Diagnostic] = []

    def add(
        self,
        position: int,
        code: str,
        message: str,
        hint: str = "",
        *,
        warning: bool = False,
        path: Iterable[str | int] = (),
    ) -> None:
        line, column = unpack(position)
        severity = Severity.WARNING if warning else Severity.ERROR
        self.items.append(Diagnostic(self.file, line, column, severity, code, message, hint, pointer(path)))

    def error(self, position: int, code: str, message: str, hint: str = "", path: Iterable[str | int] = ()) -> None:
        self.add(position, code, message, hint, path=path)

    def warning(self, position: int, code: str, message: str, hint: str = "", path: Iterable[str | int] = ()) -> None:
        self.add(position, code, message, hint, warning=True, path=path)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)


class UserError(Exception):
    """A command refused what it was asked: the diagnostics say what and how to fix it (exit 1, no traceback)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = tuple(diagnostics)


def refuse(code: str, message: str, hint: str, *, file: str = "") -> UserError:
    """A refusal about a file or folder as a whole, or about the command line (`file` = "")."""
    return UserError([Diagnostic(file, 0, 0, Severity.ERROR, code, message, hint)])
