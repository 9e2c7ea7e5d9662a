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
from opsmanual.check.run import Memory

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


@pytest.mark.parametrize("case", VALID + INVALID, ids=[f"{p.parent.name}-{p.name}" for p in VALID + INVALID])
def test_a_remembered_check_reports_the_same(case: Path, tmp_path: Path) -> None:
    """`serve` checks again with what it remembers of unchanged files: the same findings, the same model."""
    root = lay_out(case, tmp_path / "manual")
    today = date.fromisoformat(TODAY)
    memory = Memory()
    fresh = check_manual(root, today)
    for _ in range(2):  # the first fills the memory, the second reads it
        remembered = check_manual(root, today, memory)
        assert remembered.diagnostics == fresh.diagnostics
        assert remembered.manual == fresh.manual


def test_a_remembered_check_reads_what_changed(tmp_path: Path) -> None:
    root = lay_out(CASES / "valid" / "base-is-clean", tmp_path / "manual")
    today = date.fromisoformat(TODAY)
    memory = Memory()
    assert check_manual(root, today, memory).errors == 0
    procedure = root / "sops" / "kitchen" / "check-cooler.yaml"
    source = procedure.read_text(encoding="utf-8")
    procedure.write_text(source.replace("roles: [line-cook]", "roles: [line-cok]"), encoding="utf-8")
    found = check_manual(root, today, memory)
    assert [d.code for d in found.diagnostics if d.is_error] == ["unknown-role"]
    assert found.diagnostics == check_manual(root, today).diagnostics
    procedure.write_text(source, encoding="utf-8")
    assert check_manual(root, today, memory).errors == 0
    manual = root / "sops" / "manual.yaml"  # what every procedure is checked against: all are read again
    manual.write_text(manual.read_text(encoding="utf-8").replace("- id: line-cook", "- id: cook"), "utf-8")
    found = check_manual(root, today, memory)
    assert found.errors > 0 and found.diagnostics == check_manual(root, today).diagnostics
