"""One record for every finding, so that checks collect instead of raising."""

from __future__ import annotations

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


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A finding at a place in a file, with what is wrong and how to fix it."""

    file: str  # relative to the manual's root, POSIX form
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Collector:
    """Gathers the diagnostics of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Diagnostic] = []

    def add(self, position: int, code: str, message: str, hint: str = "", *, warning: bool = False) -> None:
        line, column = unpack(position)
        severity = Severity.WARNING if warning else Severity.ERROR
        self.items.append(Diagnostic(self.file, line, column, severity, code, message, hint))

    def error(self, position: int, code: str, message: str, hint: str = "") -> None:
        self.add(position, code, message, hint)

    def warning(self, position: int, code: str, message: str, hint: str = "") -> None:
        self.add(position, code, message, hint, warning=True)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)
