"""The owner's workflow, command by command, including every refusal."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, TODAY, run_cli


@pytest.mark.e2e
@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_init_makes_a_manual_that_checks_strict_and_builds(tmp_path: Path, language: str) -> None:
    folder = tmp_path / "new"
    proc = run_cli("init", folder, "--name", 'Fish & Chips "Co"', "--language", language)
    assert proc.returncode == 0, proc.stderr
    for rel in (
        "sops/manual.yaml",
        "schema/sop.schema.json",
        ".vscode/settings.json",
        ".pre-commit-config.yaml",
        ".gitignore",
    ):
        assert (folder / rel).is_file(), rel
    assert len(list((folder / "sops").glob("*/*.yaml"))) == 1 and len(list((folder / "checklists").glob("*.yaml"))) == 1
    assert (folder / ".gitignore").read_text(encoding="utf-8").split() == ["site/", ".site.opsmanual.lock", "records/"]
    settings = json.loads((folder / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schema/sop.schema.json"] == "sops/*/*.yaml"
    check = run_cli("check", folder, "--strict")
    assert check.returncode == 0, check.stdout
    assert run_cli("build", folder).returncode == 0
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "Fish &amp; Chips &quot;Co&quot;" in home or 'Fish &amp; Chips "Co"' in home
    assert f'<html lang="{language}"' in home


def test_init_refuses_a_folder_that_holds_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    proc = run_cli("init", tmp_path)
    assert proc.returncode == 1 and "already holds files" in proc.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("init", empty).returncode == 0


@pytest.fixture
def manual(tmp_path: Path) -> Path:
    folder = tmp_path / "manual"
    assert run_cli("init", folder).returncode == 0
    return folder


def test_new_procedure_passes_check_with_at_most_warnings(manual: Path) -> None:
    proc = run_cli(
        "new", "procedure", "front-of-house/answer-the-phone", "--title", "Answer the phone", "--root", manual
    )
    assert proc.returncode == 0, proc.stderr
    path = manual / "sops" / "front-of-house" / "answer-the-phone.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/sop.schema.json\n")
    assert 'title: "Answer the phone"' in text and "owner: owner  # who keeps this procedure right" in text
    assert "# roles: [staff]" in text
    check = run_cli("check", manual, "--format", "json")
    assert check.returncode == 0
    codes = {d["code"] for d in json.loads(check.stdout)["diagnostics"]}
    assert codes == {"no-roles", "no-standard"}


def test_new_checklist_passes_check(manual: Path) -> None:
    proc = run_cli("new", "checklist", "closing", "--title", "Closing — the whole café", "--root", manual)
    assert proc.returncode == 0, proc.stderr
    assert (manual / "checklists" / "closing.yaml").is_file()
    assert run_cli("check", manual, "--strict").returncode == 0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["procedure", "front-of-house/greet-a-guest"], "already exists"),
        (["procedure", "kitchn/clean-the-grill"], "is not a declared area"),
        (["procedure", "front-of-house/Clean_Grill"], "try 'clean-grill'"),
        (["procedure", "clean-the-grill"], "AREA/ID"),
        (["checklist", "opening"], "already exists"),
        (["checklist", "Opening Shift"], "try 'opening-shift'"),
    ],
)
def test_new_refuses_and_says_why(manual: Path, args: list[str], says: str) -> None:
    before = {p: p.read_bytes() for p in manual.rglob("*") if p.is_file()}
    proc = run_cli("new", *args, "--title", "Something", "--root", manual)
    assert proc.returncode == 1
    assert says in proc.stderr and "Traceback" not in proc.stderr
    assert {p: p.read_bytes() for p in manual.rglob("*") if p.is_file()} == before


@pytest.mark.e2e
def test_review_lists_overdue_due_soon_drafts_and_owners(tmp_path: Path) -> None:
    text = run_cli("review", REPO, "--today", "2027-02-10")
    assert text.returncode == 0, text.stderr
    assert "Overdue: 2" in text.stdout and "Due soon: 1" in text.stdout and "Drafts: 1" in text.stdout
    assert "By owner:" in text.stdout
    data = json.loads(run_cli("review", REPO, "--today", "2027-02-10", "--format", "json").stdout)
    assert data["counts"] == {"overdue": 2, "due-soon": 1, "draft": 1, "no-date": 0}
    overdue = [p["id"] for p in data["procedures"] if p["state"] == "overdue"]
    assert overdue == ["handle-a-complaint", "greet-and-seat-guests"]
    rows = list(csv.DictReader(io.StringIO(run_cli("review", REPO, "--today", "2027-02-10", "--format", "csv").stdout)))
    assert rows[0]["id"] == "handle-a-complaint" and rows[0]["days"] == "-9"
    wide = json.loads(
        run_cli("review", REPO, "--today", "2027-02-10", "--within", "3 months", "--format", "json").stdout
    )
    assert wide["counts"]["due-soon"] > 1


@pytest.mark.e2e
def test_review_can_fail_ci_on_overdue() -> None:
    assert run_cli("review", REPO, "--today", TODAY, "--fail-overdue").returncode == 0
    assert run_cli("review", REPO, "--today", "2027-02-10", "--fail-overdue").returncode == 1
    assert run_cli("review", REPO, "--within", "soon").returncode == 2


@pytest.mark.e2e
def test_bump_raises_the_revision_and_keeps_comments_and_layout(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(REPO / "sops", root / "sops")
    shutil.copytree(REPO / "checklists", root / "checklists")
    path = root / "sops" / "front-of-house" / "handle-a-complaint.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("\nrevision: 3\n", "\nrevision: 3  # keep this comment\n"), encoding="utf-8")
    proc = run_cli(
        "bump",
        "handle-a-complaint",
        "--note",
        "Comp limit for servers raised to $30",
        "--root",
        root,
        "--approved-by",
        "Sam Lee, manager",
        "--today",
        "2026-12-01",
    )
    assert proc.returncode == 0, proc.stderr
    bumped = path.read_text(encoding="utf-8")
    assert "revision: 4  # keep this comment\n" in bumped
    assert "effective: 2026-12-01\n" in bumped and "approved_by: Sam Lee, manager\n" in bumped
    assert (
        "changes:\n  - revision: 4\n    date: 2026-12-01\n    note: Comp limit for servers raised to $30\n"
        "  - revision: 3\n" in bumped
    )
    assert bumped.startswith("# yaml-language-server: $schema=../../schema/sop.schema.json\n")
    untouched = [
        line for line in original.splitlines() if not line.startswith(("revision", "effective", "approved_by"))
    ]
    assert all(line in bumped.splitlines() for line in untouched), "every other line is kept as it was"
    assert run_cli("check", root, "--strict", "--today", "2026-12-01").returncode == 0


def test_bump_refuses_an_unknown_procedure_or_an_empty_note(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(REPO / "sops", root / "sops")
    proc = run_cli("bump", "handle-complaint", "--note", "x", "--root", root)
    assert proc.returncode == 1 and "did you mean 'handle-a-complaint'?" in proc.stderr
    assert run_cli("bump", "handle-a-complaint", "--note", " ", "--root", root).returncode == 1
    assert (root / "sops" / "front-of-house" / "handle-a-complaint.yaml").read_bytes() == (
        REPO / "sops" / "front-of-house" / "handle-a-complaint.yaml"
    ).read_bytes()


@pytest.mark.e2e
def test_check_warns_when_the_schema_copy_is_stale(manual: Path) -> None:
    (manual / "schema" / "sop.schema.json").write_text("{}\n", encoding="utf-8")
    proc = run_cli("check", manual, "--format", "json")
    found = [d for d in json.loads(proc.stdout)["diagnostics"] if d["code"] == "schema-stale"]
    assert [d["file"] for d in found] == ["schema/sop.schema.json"] and "opsmanual schemas" in found[0]["hint"]
    assert run_cli("schemas", manual).returncode == 0
    assert run_cli("check", manual, "--strict").returncode == 0


def test_the_pre_commit_hook_runs_check() -> None:
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "opsmanual-check" and hooks[0]["entry"].startswith("opsmanual check")
    assert hooks[0]["pass_filenames"] is False
