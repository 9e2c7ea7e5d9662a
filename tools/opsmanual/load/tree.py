"""The tree the strict loader builds: mappings and lists that remember where each key and value stands."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


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


class WrittenInt(int):
    """A whole number not written in plain digits (`0x1F`, `0o17`, `+5`): YAML reads it as a number,
    but the format's integers are digits only, and a reading is never written in hexadecimal."""

    written: str

    @classmethod
    def of(cls, value: int, written: str) -> WrittenInt:
        number = cls(value)
        number.written = written
        return number

    @property
    def signed(self) -> bool:
        """Written with a plus sign: a fine number (`+5 °C`), though not an integer of the format."""
        return self.written.startswith("+")


def is_integer(value: Any) -> bool:
    """A whole number written in digits: 2, never 2.0, true, 0x1F or +2."""
    return type(value) is int


def is_number(value: Any) -> bool:
    """A number as a reading is written: 5, -18, +5, 2.5; never true, 0x1F or 0o17."""
    kind = type(value)
    return kind is int or kind is float or (kind is WrittenInt and value.signed)
