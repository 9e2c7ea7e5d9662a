"""The team's training: read-and-sign sheets printed, filled with pypdf, imported, and the matrix after a change.

Runs on SQLite and on the tests' own PostgreSQL server, as the other records tests do.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import run_cli
from opsmanual import forms
from opsmanual.records.sample import fill, read_form, sample_training_values
from test_records import _copy_manual

pytestmark = pytest.mark.e2e

TODAY = "2026-12-02"


@pytest.fixture
def manual(tmp_path: Path) -> Path:
    return _copy_manual(tmp_path / "manual")


def _sheets(root: Path, out: Path, *people: str) -> dict[str, bytes]:
    args = ("--person", *people) if people else ()
    proc = run_cli("training", "sheet", root, *args, "-o", out, "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    return {path.stem: path.read_bytes() for path in out.glob("*.pdf")}


def _signed(folder: Path, pdf: bytes, day: str, only: set[str] | None = None, **changes: str) -> Path:
    form = read_form(pdf)
    values = sample_training_values(form, date.fromisoformat(day), only=only) | changes
    path = folder / f"{form['person']['id']}-{day}-{len(list(folder.glob('*.pdf')))}.pdf"
    path.write_bytes(fill(pdf, values))
    return path


def _import(root: Path, db: str, *files: Path) -> tuple[int, dict[str, Any]]:
    proc = run_cli("records", "import", *files, "--root", root, "--db", db, "--today", TODAY, "--format", "json")
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def _status(root: Path, db: str, *args: str) -> tuple[int, dict[str, Any]]:
    proc = run_cli("training", "status", root, "--db", db, "--today", TODAY, "--format", "json", *args)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def _states(status: dict[str, Any], person: str) -> dict[str, str]:
    found = next(p for p in status["people"] if p["id"] == person)
    return {procedure: cell["state"] for procedure, cell in found["procedures"].items()}


def test_a_sheet_lists_the_path_at_the_current_revision_with_its_fields(manual: Path, tmp_path: Path) -> None:
    pdf = _sheets(manual, tmp_path / "sheets", "ben-osei")["ben-osei"]
    form = read_form(pdf)
    assert form["form"] == forms.TRAINING_FORM and form["person"]["id"] == "ben-osei"
    path = [p["id"] for p in form["procedures"]]
    assert path[:3] == ["wash-hands", "check-cooler-and-freezer", "prepare-an-allergy-order"], (
        "the cook's path, in order"
    )
    assert [p["revision"] for p in form["procedures"]][1] == 2, "check-cooler-and-freezer is at revision 2"
    fields = PdfReader(tmp_path / "sheets" / "ben-osei.pdf").get_fields() or {}
    for procedure in path:
        for what in ("initials", "date", "trainer"):
            assert forms.ack(procedure, what) in fields
    assert {forms.PERSON_SIGNATURE, forms.PERSON_DATE} <= set(fields)
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "sheets" / "ben-osei.pdf").pages)
    assert "Training record: Ben Osei" in text and "KIT-002" in text and f"Form {form['fingerprint'][:12]}" in text


def test_a_sheet_prints_in_the_persons_language(manual: Path, tmp_path: Path) -> None:
    _sheets(manual, tmp_path / "sheets", "eli-santos")
    text = PdfReader(tmp_path / "sheets" / "eli-santos.pdf").pages[0].extract_text()
    assert "Registro de formación: Eli Santos" in text


def test_by_default_everyone_on_the_team_now_gets_a_sheet_and_not_who_left(manual: Path, tmp_path: Path) -> None:
    sheets = _sheets(manual, tmp_path / "sheets")
    assert sorted(sheets) == ["ana-ruiz", "ben-osei", "chloe-martin", "dana-kim", "eli-santos"]
    proc = run_cli("training", "sheet", manual, "--role", "cook", "-o", tmp_path / "cooks", "--today", TODAY)
    assert proc.returncode == 0 and sorted(p.stem for p in (tmp_path / "cooks").glob("*.pdf")) == [
        "ben-osei",
        "eli-santos",
    ]
    proc = run_cli("training", "sheet", manual, "--person", "ben-osie", "-o", tmp_path / "x")
    assert proc.returncode == 2 and "unknown-person" in proc.stderr and "ben-osei" in proc.stderr


def test_signed_sheets_make_the_matrix_and_a_bump_makes_it_stale(manual: Path, tmp_path: Path, db: str) -> None:
    sheets = _sheets(manual, tmp_path / "sheets", "ana-ruiz", "chloe-martin", "ben-osei")
    filled = tmp_path / "filled"
    filled.mkdir()
    ana = _signed(filled, sheets["ana-ruiz"], "2026-11-20")
    chloe = _signed(filled, sheets["chloe-martin"], "2026-11-21")
    ben = _signed(filled, sheets["ben-osei"], "2026-11-22", only={"wash-hands", "check-cooler-and-freezer"})
    code, out = _import(manual, db, ana, chloe, ben)
    assert code == 0, out
    assert [f["status"] for f in out["files"]] == ["recorded"] * 3
    assert "2 procedures signed" in out["files"][2]["summary"]

    code, status = _status(manual, db)
    assert code == 0
    assert set(_states(status, "ana-ruiz").values()) <= {"current", "not-required"}
    ben_states = _states(status, "ben-osei")
    assert ben_states["wash-hands"] == "current" and ben_states["cool-cooked-food"] == "missing"
    assert "greet-and-seat-guests" not in ben_states, "off his path and never signed: left out of the JSON"
    assert "dana-kim" in status["overdue"] and "eli-santos" not in status["overdue"], "Eli started on 2026-11-23"

    note = ("--note", "Greet within 15 seconds")
    proc = run_cli("bump", "greet-and-seat-guests", *note, "--root", manual, "--db", db, "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    assert "must sign the new revision: Chloé Martin (chloe-martin, signed revision 1)" in proc.stdout
    code, status = _status(manual, db)
    chloe_cell = next(p for p in status["people"] if p["id"] == "chloe-martin")["procedures"]["greet-and-seat-guests"]
    assert chloe_cell["state"] == "stale" and chloe_cell["signed_revision"] == 1
    assert chloe_cell["changes"] == [f"revision 2 ({TODAY}): Greet within 15 seconds"]
    code, _ = _status(manual, db, "--fail-stale")
    assert code == 1

    html = tmp_path / "matrix.html"
    proc = run_cli("training", "status", manual, "--db", db, "--today", TODAY, "--format", "html", "-o", html)
    assert proc.returncode == 0
    page = html.read_text(encoding="utf-8")
    assert "! stale" in page and "✗ missing" in page and "Greet within 15 seconds" in page and "<script" not in page
    csv = run_cli("training", "status", manual, "--db", db, "--today", TODAY, "--format", "csv").stdout
    assert "chloe-martin,Chloé Martin,greet-and-seat-guests,Greet and seat guests,2,stale,1,2026-11-21" in csv


def test_fail_stale_waits_for_a_new_person_until_sign_within(manual: Path, tmp_path: Path, db: str) -> None:
    sheets = _sheets(manual, tmp_path / "sheets")
    filled = tmp_path / "filled"
    filled.mkdir()
    everyone = [_signed(filled, pdf, "2026-11-24") for person, pdf in sheets.items() if person != "eli-santos"]
    assert _import(manual, db, *everyone)[0] == 0
    code, status = _status(manual, db, "--fail-stale")
    assert code == 0, status["overdue"]  # Eli started 2026-11-23: 14 days to sign, and has signed nothing
    later = run_cli("training", "status", manual, "--db", db, "--today", "2026-12-08", "--fail-stale")
    assert later.returncode == 1 and "Eli Santos" in later.stdout


def test_a_role_change_adds_the_new_path_as_missing_and_keeps_what_was_signed(
    manual: Path, tmp_path: Path, db: str
) -> None:
    sheets = _sheets(manual, tmp_path / "sheets", "chloe-martin")
    filled = tmp_path / "filled"
    filled.mkdir()
    assert _import(manual, db, _signed(filled, sheets["chloe-martin"], "2026-11-21"))[0] == 0
    team = manual / "sops" / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("roles: [server, host]", "roles: [server, host, cook]"))
    _, status = _status(manual, db)
    states = _states(status, "chloe-martin")
    assert states["greet-and-seat-guests"] == "current" and states["cool-cooked-food"] == "missing"


def test_sheets_that_cannot_be_recorded_are_refused(manual: Path, tmp_path: Path, db: str) -> None:
    sheets = _sheets(manual, tmp_path / "sheets", "ben-osei")
    filled = tmp_path / "filled"
    filled.mkdir()
    blank = filled / "blank.pdf"
    blank.write_bytes(sheets["ben-osei"])
    future = _signed(filled, sheets["ben-osei"], "2026-12-09")
    bad = _signed(filled, sheets["ben-osei"], "2026-11-20", **{forms.ack("wash-hands", "date"): "20/11"})
    team = manual / "sops" / "team.yaml"
    gone = _copy_manual(tmp_path / "other")
    (gone / "sops" / "team.yaml").write_text(team.read_text(encoding="utf-8").replace("ben-osei", "ben-osei-2"))
    code, out = _import(gone, db, _signed(filled, sheets["ben-osei"], "2026-11-20"))
    assert code == 1 and [d["code"] for d in out["diagnostics"]] == ["unknown-person"]
    assert "sops/team.yaml" in out["diagnostics"][0]["hint"]

    code, out = _import(manual, db, blank, future, bad)
    assert code == 1
    found = [(d["code"], d.get("field")) for d in out["diagnostics"] if d["severity"] == "error"]
    assert found[0] == ("nothing-signed", forms.ack("wash-hands", "initials"))
    assert ("date-in-future", forms.ack("wash-hands", "date")) in found
    assert ("bad-date", forms.ack("wash-hands", "date")) in found
    code, status = _status(manual, db)
    assert set(_states(status, "ben-osei").values()) <= {"missing", "not-required"}, "nothing was recorded"


def test_a_sheet_signed_for_a_revision_that_no_longer_exists_imports_as_stale(
    manual: Path, tmp_path: Path, db: str
) -> None:
    sheets = _sheets(manual, tmp_path / "sheets", "ana-ruiz")
    proc = run_cli("bump", "cash-up-the-till", "--note", "Count twice", "--root", manual, "--today", TODAY)
    assert proc.returncode == 0
    filled = tmp_path / "filled"
    filled.mkdir()
    code, out = _import(manual, db, _signed(filled, sheets["ana-ruiz"], "2026-11-30"))
    assert code == 0
    assert any(d["code"] == "old-revision" and "Cash up the till" in d["message"] for d in out["diagnostics"])
    assert _states(_status(manual, db)[1], "ana-ruiz")["cash-up-the-till"] == "stale"


def test_two_people_with_the_same_name_are_told_apart_by_id(manual: Path, tmp_path: Path, db: str) -> None:
    team = manual / "sops" / "team.yaml"
    twin = "  - {id: ana-ruiz-2, name: Ana Ruiz, roles: [cook], started: 2026-01-05}\n"
    team.write_text(team.read_text(encoding="utf-8") + twin, encoding="utf-8")
    sheets = _sheets(manual, tmp_path / "sheets", "ana-ruiz", "ana-ruiz-2")
    assert set(sheets) == {"ana-ruiz", "ana-ruiz-2"}, "one file each, named by id"
    filled = tmp_path / "filled"
    filled.mkdir()
    assert _import(manual, db, _signed(filled, sheets["ana-ruiz-2"], "2026-11-20"))[0] == 0
    _, status = _status(manual, db)
    assert set(_states(status, "ana-ruiz-2").values()) == {"current"}
    assert set(_states(status, "ana-ruiz").values()) == {"missing"}, "her namesake's signatures are not hers"
    proc = run_cli("training", "status", manual, "--db", db, "--today", TODAY)
    assert "Ana Ruiz (ana-ruiz): 0% current" in proc.stdout and "Ana Ruiz (ana-ruiz-2): 100% current" in proc.stdout
    html = run_cli("training", "status", manual, "--db", db, "--today", TODAY, "--format", "html").stdout
    assert "ana-ruiz · 0% current" in html and "ana-ruiz-2 · 100% current" in html
    bumped = run_cli("bump", "wash-hands", "--note", "Soap first", "--root", manual, "--db", db, "--today", TODAY)
    assert "Ana Ruiz (ana-ruiz-2, signed revision 1)" in bumped.stdout
