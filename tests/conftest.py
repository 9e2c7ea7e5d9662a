from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CASES = Path(__file__).resolve().parent / "cases"
TODAY = "2026-11-24"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected diagnostics of the case folders from what check reports now",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def opsmanual_command() -> list[str]:
    """The installed console script, next to the running interpreter."""
    script = Path(sys.executable).parent / "opsmanual"
    found = str(script) if script.exists() else shutil.which("opsmanual")
    assert found, "the opsmanual command is not installed; run: pip install -e '.[test]'"
    return [found]


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*opsmanual_command(), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=60)


def lay_out(case: Path, dest: Path) -> Path:
    """Copy tests/cases/base, then lay the case's files over it (a DELETE file lists paths to remove)."""
    shutil.copytree(CASES / "base", dest)
    for src in sorted(case.rglob("*")):
        rel = src.relative_to(case)
        if src.is_dir() or rel.name in ("expect.txt", "DELETE", "setup.py"):
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest / rel)
    delete = case / "DELETE"
    if delete.exists():
        for line in delete.read_text(encoding="utf-8").split():
            target = dest / line
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    setup = case / "setup.py"
    if setup.exists():
        subprocess.run([sys.executable, str(setup)], cwd=dest, check=True)
    return dest


@pytest.fixture
def manual(tmp_path: Path) -> Path:
    """A clean small manual (tests/cases/base) in a temporary folder."""
    return lay_out(CASES / "valid" / "base-is-clean", tmp_path / "manual")


# The records databases: SQLite, and a real PostgreSQL server of the tests' own


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    """A throwaway PostgreSQL cluster (tools/throwaway_postgres.py), removed after the session.

    Skips when Debian's `postgresql` is not installed, unless OPSMANUAL_REQUIRE_POSTGRES=1
    (as .ci/run sets it), where a missing server fails the tests that need it.
    """
    sys.path.insert(0, str(REPO / "tools"))
    from throwaway_postgres import find_bindir, throwaway_postgres

    if find_bindir() is None:
        if os.environ.get("OPSMANUAL_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required here (OPSMANUAL_REQUIRE_POSTGRES=1) but its server is not installed")
        pytest.skip("PostgreSQL's server is not installed (apt-get install postgresql)")
    with throwaway_postgres() as server:
        yield server


_databases = itertools.count(1)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty records database: a SQLite file, then a database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'records.sqlite3'}"
    server = request.getfixturevalue("postgres")
    return str(server.create_database(f"records_{os.getpid()}_{next(_databases)}"))
