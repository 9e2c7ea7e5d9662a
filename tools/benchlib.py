"""What the benchmarks share: finding the installed commands and timing a whole command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def compile_opsmanual() -> None:
    """opsmanual's modules compiled to bytecode, as pip compiles an installed package's (and MkDocs' here). An
    editable install is compiled on first use, except where PYTHONDONTWRITEBYTECODE is set, as on the reference
    machine: there every command would compile opsmanual anew, and only opsmanual, which no user's install does."""
    import compileall

    import opsmanual

    compileall.compile_dir(str(Path(opsmanual.__file__).parent), quiet=1)


def tool(name: str) -> str:
    """The installed command `name`, next to this interpreter first."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        sys.exit(f"{name} is not installed; run: pip install -e '.[test]'")
    return found


def measure(
    command: list[str], repeat: int, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)
) -> tuple[float, float]:
    """Best wall time in seconds and peak memory in MiB over `repeat` fresh runs (the machine is shared)."""
    return side_by_side({"": (command, env)}, repeat, ok)[""]


def side_by_side(
    commands: dict[str, tuple[list[str], dict[str, str] | None]], repeat: int, ok: tuple[int, ...] = (0,)
) -> dict[str, tuple[float, float]]:
    """`measure` for several commands, taken in turn in each round, so that a neighbour's load on the shared
    machine falls on all of them alike and their ratios hold."""
    best = {name: (float("inf"), 0.0) for name in commands}
    for _ in range(repeat):
        for name, (command, env) in commands.items():
            elapsed, peak = _run_once(command, env, ok)
            best[name] = (min(best[name][0], elapsed), max(best[name][1], peak))
    return best


def _run_once(command: list[str], env: dict[str, str] | None, ok: tuple[int, ...]) -> tuple[float, float]:
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in ok:
        sys.exit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024
