"""Case folders: a new case is a new folder under tests/cases/valid or tests/cases/invalid.

Each case's files are laid over tests/cases/base; `expect.txt` lists every
diagnostic `check` must report, as `file:line:column severity code pointer: message`
with its hint on the next line, and nothing else may be reported. Run pytest with
--update-golden to rewrite them after a deliberate change (and read the diff).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import CASES, TODAY, lay_out
from opsmanual.check import check_manual

VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())


def _reported(case: Path, tmp_path: Path) -> tuple[list[str], int]:
    root = lay_out(case, tmp_path / "manual")
    result = check_manual(root, date.fromisoformat(TODAY))
    lines = []
    for d in result.diagnostics:
        assert d.message and d.hint, f"{d} lacks a message or a hint"
        pointer = f" {d.pointer}" if d.pointer else ""
        lines += [
            f"{d.file}:{d.line}:{d.column} {d.severity.value} {d.code}{pointer}: {d.message}",
            f"    hint: {d.hint}",
        ]
    return lines, result.errors


def _expected(case: Path) -> list[str]:
    expect = case / "expect.txt"
    if not expect.exists():
        return []
    text = expect.read_text(encoding="utf-8")
    return [line.rstrip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _compare(case: Path, tmp_path: Path, update: bool) -> int:
    reported, errors = _reported(case, tmp_path)
    if update:
        (case / "expect.txt").write_text("".join(f"{line}\n" for line in reported), encoding="utf-8")
    assert reported == _expected(case)
    return errors


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_case(case: Path, tmp_path: Path, update_golden: bool) -> None:
    assert _compare(case, tmp_path, update_golden) == 0


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case(case: Path, tmp_path: Path, update_golden: bool) -> None:
    assert _compare(case, tmp_path, update_golden) > 0
    assert _expected(case), f"{case.name} has no expect.txt"
