"""What the files of a manual say about each other, gathered while each file is checked.

Each file is read once and its tree dropped after its own rules have run; only
the facts other files refer to stay here, so that the rules across files
(check/cross.py) run over this index, not over every tree at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from opsmanual.check.media import MediaFolder
from opsmanual.diagnostics import Collector
from opsmanual.load.discover import Layout
from opsmanual.suggest import Suggester
from opsmanual.values import DEFAULT_REVIEW, Duration

Path_ = tuple[str | int, ...]  # a node's path inside its document, for the diagnostic's JSON pointer


class Known:
    """Declared ids and where each is declared, with the "did you mean" of their names."""

    def __init__(self, positions: dict[str, int]) -> None:
        self.positions = positions
        self._suggester: Suggester | None = None

    def __contains__(self, name: object) -> bool:
        return name in self.positions

    def __len__(self) -> int:
        return len(self.positions)

    def __iter__(self) -> Iterator[str]:
        return iter(self.positions)

    def hint(self, word: str) -> str:
        if self._suggester is None:
            self._suggester = Suggester(self.positions)
        return self._suggester.hint(word)


@dataclass
class Names:
    """The ids declared in manual.yaml; None where they are unknown (manual.yaml unreadable)."""

    roles: Known | None = None
    shifts: Known | None = None
    has_shifts: bool = True
    areas: dict[str, int] | None = None


@dataclass
class ProcedureFacts:
    """What other files may ask of a procedure."""

    file: str
    status: str = "effective"
    top_steps: list[str] = field(default_factory=list)
    all_steps: set[str] = field(default_factory=set)
    complete: bool = True  # False when the file could be read only in part: its step ids may be more
    unreadable: str = ""  # why what it says cannot be relied on, or "" when it can
    code: str | None = None
    _steps: Known | None = None

    @property
    def top_step_names(self) -> Known:
        if self._steps is None:
            self._steps = Known(dict.fromkeys(self.top_steps, 0))
        return self._steps


@dataclass(frozen=True)
class Claim:
    """A reference from one file to another, checked once every file has been read."""

    out: Collector
    position: int
    target: str
    path: Path_


@dataclass(frozen=True)
class ItemClaim:
    """A checklist item that takes steps from a procedure."""

    out: Collector
    position: int  # the item's
    sop: Claim
    steps: tuple[Claim, ...]
    shift: str | None


@dataclass
class Index:
    root: Path
    today: date
    layout: Layout
    names: Names = field(default_factory=Names)
    shift_times: dict[str, bool] = field(default_factory=dict)  # shift -> whether it has 'starts' and 'ends'
    review_every: Duration = DEFAULT_REVIEW
    manual_out: Collector | None = None
    procedures: dict[str, ProcedureFacts] = field(default_factory=dict)
    codes: dict[str, list[Claim]] = field(default_factory=dict)  # code -> the files that use it
    related: list[Claim] = field(default_factory=list)
    training: list[Claim] = field(default_factory=list)  # the procedures roles' training paths name
    items: list[ItemClaim] = field(default_factory=list)
    shift_claims: list[tuple[Claim, str]] = field(default_factory=list)  # (the shift named, the procedure)
    outputs: list[Collector] = field(default_factory=list)
    media: MediaFolder = field(init=False)

    def __post_init__(self) -> None:
        self.media = MediaFolder(self.root)
        self.outputs += self.layout.problems

    def procedure_names(self) -> Known:
        """The procedures read so far, for references to them (with "did you mean")."""
        return Known(dict.fromkeys(self.procedures, 0))

    def output(self, rel: str) -> Collector:
        """A new collector for findings on `rel`, reported with the rest."""
        out = Collector(rel)
        self.outputs.append(out)
        return out
