"""The `opsmanual check` command as a user runs it: exit codes, formats, options."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from conftest import REPO, TODAY, run_cli


def _snapshot(root: Path) -> dict[str, tuple[int, float]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime) for p in root.rglob("*")}


def test_clean_manual_exits_0_and_writes_nothing(manual: Path) -> None:
    before = _snapshot(manual.parent)
    proc = run_cli("check", manual, "--today", TODAY)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "checked 2 procedures and 2 checklists: 0 errors, 0 warnings"
    assert _snapshot(manual.parent) == before


def test_root_defaults_to_the_current_folder(manual: Path) -> None:
    proc = run_cli("check", "--today", TODAY, cwd=manual)
    assert proc.returncode == 0 and "2 procedures" in proc.stdout


def test_text_format_gives_position_code_and_hint(manual: Path) -> None:
    phone = manual / "sops" / "front-of-house" / "answer-the-phone.yaml"
    phone.write_text(
        phone.read_text(encoding="utf-8").replace("  - do: Say", "  - warnign: x\n    do: Say"), encoding="utf-8"
    )
    proc = run_cli("check", "--today", TODAY, cwd=manual)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert (
        lines[0]
        == "sops/front-of-house/answer-the-phone.yaml:11:5: error[unknown-key]: unknown key 'warnign' in step 2"
    )
    assert lines[1] == "    hint: did you mean 'warning'?"
    assert lines[-1] == "checked 2 procedures and 2 checklists: 1 error, 0 warnings"
    assert "Traceback" not in proc.stderr


def test_paths_are_shown_from_where_the_user_stands(manual: Path) -> None:
    (manual / "sops" / "kitchen" / "check-cooler.yaml").write_text("title: x\n", encoding="utf-8")
    proc = run_cli("check", "manual", "--today", TODAY, cwd=manual.parent)
    findings = [line for line in proc.stdout.splitlines() if not line.startswith(("    ", "checked "))]
    assert findings and all(line.startswith("manual/") for line in findings), proc.stdout
    assert "manual/sops/kitchen/check-cooler.yaml:1:1: error[missing-key]" in proc.stdout


def test_json_format(manual: Path) -> None:
    (manual / "sops" / "kitchen" / "check-cooler.yaml").write_text(
        "title: x\npurpose: y\nsteps: []\n", encoding="utf-8"
    )
    proc = run_cli("check", manual, "--format", "json", "--today", TODAY)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["summary"] == {"procedures": 2, "checklists": 2, "errors": 1, "warnings": 2}
    assert data["diagnostics"][-1] == {
        "file": "sops/kitchen/check-cooler.yaml",
        "line": 3,
        "column": 8,
        "severity": "error",
        "code": "empty-list",
        "message": "'steps' needs at least 1 item",
        "hint": "add an item, or remove the key",
        "pointer": "/steps",
    }
    # the checklists that take steps from it are not checked against steps it does not have, and say so
    assert [(d["file"], d["code"], d["pointer"]) for d in data["diagnostics"][:-1]] == [
        ("checklists/closing.yaml", "unchecked-reference", "/sections/0/items/0/sop"),
        ("checklists/opening.yaml", "unchecked-reference", "/sections/0/items/0/sop"),
    ]


def test_github_format(manual: Path) -> None:
    phone = manual / "sops" / "front-of-house" / "answer-the-phone.yaml"
    phone.write_text(phone.read_text(encoding="utf-8").replace("roles: [server]", "roles: [servr]"), encoding="utf-8")
    proc = run_cli("check", "--format", "github", "--today", TODAY, cwd=manual)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == (
        "::error file=sops/front-of-house/answer-the-phone.yaml,line=3,col=9,title=opsmanual unknown-role"
        "::unknown role 'servr'%0Ahint: did you mean 'server'? (roles are declared in sops/manual.yaml)"
    )


def test_warnings_fail_only_under_strict(manual: Path) -> None:
    phone = manual / "sops" / "front-of-house" / "answer-the-phone.yaml"
    phone.write_text(phone.read_text(encoding="utf-8").replace("owner: shift-lead\n", ""), encoding="utf-8")
    assert run_cli("check", manual, "--today", TODAY).returncode == 0
    strict = run_cli("check", manual, "--today", TODAY, "--strict")
    assert strict.returncode == 1
    assert "warning[no-owner]" in strict.stdout


def test_today_decides_what_is_overdue(manual: Path) -> None:
    # check-cooler took effect on 2026-09-01 and is reviewed every 12 months
    assert "review-overdue" not in run_cli("check", manual, "--today", "2027-09-01").stdout
    late = run_cli("check", manual, "--today", "2027-09-02")
    assert (
        "sops/kitchen/check-cooler.yaml:9:12: warning[review-overdue]: the review was due on 2027-09-01, "
        "1 day ago" in late.stdout
    )


def test_usage_errors_exit_2(manual: Path, tmp_path: Path) -> None:
    for args in (
        ["check", "--no-such-option"],
        ["check", str(tmp_path / "missing")],
        ["check", str(manual), "--today", "2026-02-30"],
        ["check", "--format", "xml"],
        [],
    ):
        proc = run_cli(*args)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert "usage:" in proc.stderr and "Traceback" not in proc.stderr


def test_a_folder_without_a_manual_is_a_diagnostic(tmp_path: Path) -> None:
    proc = run_cli("check", tmp_path, "--format", "json")
    assert proc.returncode == 1
    assert [d["file"] for d in json.loads(proc.stdout)["diagnostics"]] == ["sops/manual.yaml"]


def test_help_and_version() -> None:
    assert "check" in run_cli("--help").stdout
    text = run_cli("check", "--help").stdout
    for word in ("--format", "--strict", "--today", "ROOT"):
        assert word in text
    assert run_cli("--version").stdout.startswith("opsmanual ")


@pytest.mark.parametrize("which", ["small", "example"])
def test_check_starts_lean(manual: Path, which: str) -> None:
    """check imports neither MkDocs, Material, the PDF libraries nor the database's (or anything of the sort)."""
    root = manual if which == "small" else REPO
    code = (
        "import sys\nfrom opsmanual.cli.main import main\n"
        f"code = main(['check', {str(root)!r}, '--today', {TODAY!r}])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('mkdocs', 'material', 'reportlab', 'pypdf', 'playwright', 'nh3', 'jsonschema', 'sqlalchemy', "
        "'alembic', 'psycopg'))\n"
        "print(code, heavy)\n"
    )
    proc = __import__("subprocess").run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "tools")},
    )
    assert proc.stdout.strip().splitlines()[-1] == "0 []", proc.stdout + proc.stderr
