"""The shared bad-input corpus, and this project's own cases in the same form, run by the shared runner.

The shared corpus is found through OPSMANUAL_CORPUS, else ../shared/corpus beside the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED, opsmanual_command

CORPUS = Path(os.environ.get("OPSMANUAL_CORPUS") or SHARED / "corpus")
RUNNER = CORPUS / "run"
OWN_CASES = Path(__file__).resolve().parent / "corpus" / "cases"

pytestmark = pytest.mark.e2e
if not RUNNER.exists():
    if os.environ.get("OPSMANUAL_CORPUS"):
        raise RuntimeError(f"OPSMANUAL_CORPUS is set, but {RUNNER} does not exist")
    pytest.skip(
        f"the shared corpus is not at {CORPUS}: set OPSMANUAL_CORPUS, or put shared/ beside the repository",
        allow_module_level=True,
    )


def _run(*extra: str) -> str:
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
