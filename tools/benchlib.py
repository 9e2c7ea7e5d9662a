"""What the benchmarks share: finding the installed commands and timing a whole command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


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
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
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
        best, peak = min(best, elapsed), max(peak, usage.ru_maxrss / 1024)
    return best, peak
