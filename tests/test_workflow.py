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
    manual = (folder / "sops" / "manual.yaml").read_text(encoding="utf-8")
    assert ("paper: letter" if language == "en" else "paper: a4") in manual, "Spanish and French countries print A4"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert readme.startswith('# Fish & Chips "Co"\n') and "opsmanual publish" in readme
    if language == "es":  # one register everywhere: usted, as on the site
        sample = next((folder / "sops").glob("*/*.yaml")).read_text(encoding="utf-8")
        assert "Levante la vista, sonría y diga" in sample and "Revise el manual" in readme
        assert not any(word in sample + readme for word in ("Levanta ", "sonríe", "estés", "escribe aquí"))


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
    assert "status: draft" in text and "revision: 1" in text and "effective:" not in text, "a draft, not yet dated"
    check = run_cli("check", manual, "--format", "json")
    assert check.returncode == 0
    found = json.loads(check.stdout)["diagnostics"]
    assert {d["code"] for d in found} == {"no-roles", "no-standard", "sample-text"}
    samples = [d for d in found if d["code"] == "sample-text"]
    assert [d["pointer"] for d in samples] == ["/purpose", "/steps/0/do"]
    assert all(
        d["severity"] == "warning" and d["hint"] == "replace the sample text with your own words" for d in samples
    )


def test_new_checklist_passes_check_with_its_sample_text_flagged(manual: Path) -> None:
    proc = run_cli("new", "checklist", "closing", "--title", "Closing — the whole café", "--root", manual)
    assert proc.returncode == 0, proc.stderr
    assert (manual / "checklists" / "closing.yaml").is_file()
    check = run_cli("check", manual, "--format", "json")
    assert check.returncode == 0
    assert [(d["code"], d["severity"]) for d in json.loads(check.stdout)["diagnostics"]] == [("sample-text", "warning")]


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
    assert "Overdue: 2 · due soon: 1 · drafts: 1 · no review date: 0" in text.stdout
    lines = text.stdout.splitlines()
    complaint = next(i for i, line in enumerate(lines) if "Handle a complaint" in line)
    assert lines[complaint].split()[:4] == ["overdue", "by", "9", "days"], "states in words"
    assert "opsmanual review --mark-reviewed handle-a-complaint" in lines[complaint + 1], "and what clears them"
    assert "opsmanual bump handle-a-complaint" in lines[complaint + 2]
    assert "opsmanual publish set-up-a-catering-buffet" in text.stdout
    assert lines.index("Manager") < complaint, "grouped by owner"
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
    assert "now behind: " in proc.stdout  # its Spanish translation is of revision 3
    checked = run_cli("check", root, "--format", "json", "--today", "2026-12-01")
    assert [d["code"] for d in json.loads(checked.stdout)["diagnostics"]] == ["translation-stale"]


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


def _yaml(path: Path) -> dict[str, object]:
    import yaml

    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _refused(proc: object, code: str) -> str:
    import subprocess

    assert isinstance(proc, subprocess.CompletedProcess)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert [d["code"] for d in json.loads(proc.stdout)["diagnostics"]] == [code], proc.stdout
    return str(json.loads(proc.stdout)["diagnostics"][0]["message"])


@pytest.mark.e2e
def test_a_procedure_from_idea_to_retirement(manual: Path) -> None:
    """new -> publish -> on a checklist -> bump twice -> reviewed, no change -> retire, one command per step, the
    file's comments kept at every step and the change log newest first."""
    knives = manual / "sops" / "front-of-house" / "sharpen-the-knives.yaml"
    opening = manual / "checklists" / "opening.yaml"

    def cli(*args: str) -> object:
        return run_cli(*args, "--root", manual, "--format", "json")

    assert run_cli("new", "procedure", "front-of-house/sharpen-the-knives", "--title", "Sharpen the knives",
                   "--root", manual).returncode == 0  # fmt: skip
    knives.write_text("# Ask Sam before changing this.\n" + knives.read_text(encoding="utf-8"), encoding="utf-8")
    assert _yaml(knives)["status"] == "draft"
    assert "opsmanual publish sharpen-the-knives" in run_cli("review", manual).stdout, "review lists the draft"
    assert "sample" in _refused(cli("publish", "sharpen-the-knives"), "publish-failed"), "sample text is no version"
    assert _yaml(knives)["status"] == "draft", "the refused publish left the file as it was"

    text = knives.read_text(encoding="utf-8")
    sample = _yaml(knives)
    text = text.replace(json.dumps(sample["purpose"], ensure_ascii=False), "Blunt knives slip and cut people.")
    step = sample["steps"][0]["do"]  # type: ignore[index]
    text = text.replace(f"  - do: {json.dumps(step, ensure_ascii=False)}", "  - id: hone\n    do: Hone each knife.")
    text = text.replace("status: draft", "roles: [staff]\nstandard: [Cuts a tomato without pressing]\nstatus: draft")
    knives.write_text(text, encoding="utf-8")
    assert run_cli("bump", "sharpen-the-knives", "--note", "x", "--root", manual, "--format", "json").returncode == 1
    _refused(cli("bump", "sharpen-the-knives", "--note", "x"), "is-draft")

    assert run_cli("publish", "sharpen-the-knives", "--approved-by", "Maya Chen", "--date", "2026-11-01",
                   "--root", manual).returncode == 0  # fmt: skip
    published = _yaml(knives)
    assert (published["status"], str(published["effective"]), published["approved_by"]) == (
        "effective", "2026-11-01", "Maya Chen"
    )  # fmt: skip
    assert published["changes"] == [{"revision": 1, "date": published["effective"], "note": "First version"}]
    _refused(cli("publish", "sharpen-the-knives"), "not-a-draft")

    item = "      - sop: sharpen-the-knives\n"
    opening.write_text(
        opening.read_text(encoding="utf-8").replace(
            "      - sop: greet-a-guest\n", "      - sop: greet-a-guest\n" + item
        ),
        "utf-8",
    )
    assert run_cli("check", manual, "--strict").returncode == 0
    for day in ("2026-11-10", "2026-11-20"):
        assert run_cli("bump", "sharpen-the-knives", "--note", f"Changed on {day}", "--today", day,
                       "--root", manual).returncode == 0  # fmt: skip
    reviewed = run_cli("review", "--mark-reviewed", "sharpen-the-knives", manual, "--today", "2026-11-25")
    assert reviewed.returncode == 0 and "next review 2027-11-25" in reviewed.stdout, reviewed.stderr
    after = _yaml(knives)
    assert after["revision"] == 3 and str(after["next_review"]) == "2027-11-25", "no revision invented"
    assert [(c["revision"], str(c["date"]), c["note"]) for c in after["changes"]] == [  # type: ignore[union-attr]
        (3, "2026-11-25", "Reviewed, no change"),
        (3, "2026-11-20", "Changed on 2026-11-20"),
        (2, "2026-11-10", "Changed on 2026-11-10"),
        (1, "2026-11-01", "First version"),
    ]
    assert run_cli("check", manual, "--strict", "--today", "2026-11-26").returncode == 0

    line = opening.read_text(encoding="utf-8").splitlines().index(item.rstrip("\n")) + 1
    said = _refused(cli("retire", "sharpen-the-knives", "--note", "The supplier sharpens them now"), "on-a-checklist")
    assert f"checklists/opening.yaml:{line}" in said
    assert _yaml(knives)["status"] == "effective"
    opening.write_text(opening.read_text(encoding="utf-8").replace(item, ""), "utf-8")
    _refused(cli("retire", "sharpen-the-knives", "--note", "x", "--replaced-by", "sharpen-knifes"), "unknown-procedure")
    retired = run_cli("retire", "sharpen-the-knives", "--note", "The supplier sharpens them now", "--replaced-by",
                      "greet-a-guest", "--today", "2026-12-01", "--root", manual)  # fmt: skip
    assert retired.returncode == 0, retired.stderr
    final = _yaml(knives)
    assert final["status"] == "retired" and final["related"] == ["greet-a-guest"] and "next_review" not in final
    assert final["changes"][0]["note"] == "The supplier sharpens them now"  # type: ignore[index]
    assert knives.read_text(encoding="utf-8").startswith("# Ask Sam before changing this.\n"), "comments kept"
    assert run_cli("check", manual, "--strict", "--today", "2026-12-01").returncode == 0
    _refused(cli("bump", "sharpen-the-knives", "--note", "x"), "is-retired")
    _refused(cli("retire", "sharpen-the-knives", "--note", "x"), "is-retired")
