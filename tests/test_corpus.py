"""The shared bad-input corpus, and this project's own cases in the same form, run by the shared runner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED, opsmanual_command

RUNNER = SHARED / "corpus" / "run"
OWN_CASES = Path(__file__).resolve().parent / "corpus" / "cases"


def _run(*extra: str) -> str:
    assert RUNNER.exists(), f"the shared corpus is missing: expected {RUNNER} beside the repository"
    command = " ".join([*opsmanual_command(), "check", "--format", "json"])
    proc = subprocess.run(
        [sys.executable, str(RUNNER), "--cmd", command, *extra], capture_output=True, text=True, timeout=600
    )
    return proc.stdout + proc.stderr


@pytest.mark.parametrize("cases", ["shared", "own"])
def test_corpus_passes_in_full(cases: str) -> None:
    output = _run(*(["--cases", str(OWN_CASES)] if cases == "own" else []))
    last = output.strip().splitlines()[-1]
    passed, _, failed = last.partition(" passed, ")
    assert failed == "0 failed" and int(passed) > 0, output
