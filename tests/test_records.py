"""The records: filled checklist PDFs imported into SQLite and into a real PostgreSQL server, reported and verified.

Forms are printed by `opsmanual checklist`, filled with pypdf through the field names the
README documents, and imported with `opsmanual records import`, as a shift lead's would be.
"""

from __future__ import annotations

import io
import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import REPO, run_cli
from opsmanual import forms
from opsmanual.records.sample import fill, read_form, sample_values

pytestmark = pytest.mark.e2e

TODAY = "2026-11-25"
COOLER = "check-cooler-and-freezer.read-cooler"
FREEZER = "check-cooler-and-freezer.read-freezer"
WASH_HANDS = "open-the-cafe.wash-hands"


def _copy_manual(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("sops", "checklists", "schema"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example manual, so that nothing a test does lands in the repository."""
    return _copy_manual(tmp_path_factory.mktemp("example") / "manual")


@pytest.fixture(scope="module")
def printed(example: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every checklist of the example manual, printed blank: {id: PDF}."""
    out = tmp_path_factory.mktemp("printed")
    proc = run_cli("checklist", example, "-o", out)
    assert proc.returncode == 0, proc.stderr
    return {path.stem: path.read_bytes() for path in out.glob("*.pdf")}


def _opening(printed: dict[str, bytes], day: str = "2026-11-20", **changes: str) -> dict[str, str]:
    """The opening checklist's fields, as a careful shift lead fills them in, with `changes` over them."""
    form = read_form(printed["opening"])
    values = sample_values(form, date.fromisoformat(day), random.Random(7), out_of_range=0.0)
    values |= {
        forms.value(COOLER): "3.5",
        forms.time(COOLER): "07:05",
        forms.initials(COOLER): "AR",
        forms.value(FREEZER): "-19",
        forms.time(FREEZER): "07:06",
        forms.initials(FREEZER): "AR",
    }
    values.update(changes)
    return {name: text for name, text in values.items() if text is not None}


def _write(folder: Path, name: str, pdf: bytes, values: dict[str, str]) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(fill(pdf, values))
    return path


def _import(root: Path, db: str, *files: Path, today: str = TODAY) -> tuple[int, dict[str, Any]]:
    proc = run_cli("records", "import", *files, "--root", root, "--db", db, "--today", today, "--format", "json")
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def _report(root: Path, db: str, *args: str) -> dict[str, Any]:
    proc = run_cli("records", "report", root, "--db", db, "--today", TODAY, "--format", "json", *args)
    assert proc.returncode == 0, proc.stderr
    return dict(json.loads(proc.stdout))


def _verify(root: Path, db: str) -> Any:
    return run_cli("records", "verify", root, "--db", db)


def _entries(root: Path, db: str) -> int:
    proc = _verify(root, db)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return int(proc.stdout.split()[1])


# A filled form becomes a run


def test_a_filled_opening_checklist_becomes_a_run_with_every_value(
    example: Path, printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    values = _opening(printed)
    values[forms.value(FREEZER)] = "-15"  # out of range (at most -18), and no action written
    values[forms.done(WASH_HANDS)] = "/Off"  # a row left undone
    values[forms.VERIFY_NAME], values[forms.VERIFY_DATE] = "Dana Kim", "2026-11-21"
    path = _write(tmp_path, "opening-2026-11-20.pdf", printed["opening"], values)

    code, out = _import(example, db, path)

    assert code == 0, out
    assert out["files"] == [
        {"file": str(path), "status": "recorded", "run": out["files"][0]["run"], "summary": out["files"][0]["summary"]}
    ]
    flags = {(d["code"], d.get("field", "")) for d in out["diagnostics"]}
    assert ("no-action", forms.action(FREEZER)) in flags
    assert all(d["severity"] == "warning" for d in out["diagnostics"])

    report = _report(example, db, "--from", "2026-11-20", "--to", "2026-11-20")
    [run] = report["runs"]
    assert (run["checklist"], run["day"], run["lead"], run["revision"]) == (
        "opening",
        "2026-11-20",
        values["run.lead"],
        2,
    )
    assert run["verified_by"] == "Dana Kim" and run["verified_on"] == "2026-11-21"
    assert run["signed_by"] == [values["signoff.1.name"], values["signoff.2.name"]]
    readings = {r["row"]: r for r in report["readings"]}
    cooler = readings[COOLER]
    assert (cooler["value"], cooler["unit"], cooler["time"], cooler["initials"]) == (3.5, "°C", "07:05", "AR")
    assert (cooler["min"], cooler["max"], cooler["in_range"], cooler["verified_by"]) == (0, 5, True, "Dana Kim")
    assert readings[FREEZER]["value"] == -15 and readings[FREEZER]["in_range"] is False
    gaps = {(g["kind"], g["message"]) for g in report["gaps"]}
    assert any(kind == "undone" and "Wash your hands" in message for kind, message in gaps), gaps
    assert any(kind == "flag" and "Freezer" in message for kind, message in gaps), gaps


def test_notes_log_tables_and_yes_no_answers_are_recorded(
    example: Path, printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    log = "log.cooling-chart"
    values = {
        forms.RUN_DATE: "2026-11-20",
        forms.RUN_LEAD: "Ben Osei",
        forms.log_cell(log, 1, "Food", 1): "Beef stew",
        forms.log_cell(log, 1, "Off the heat", 2): "14:10",
        forms.log_cell(log, 1, "Temp off heat", 3): "71",
        forms.log_cell(log, 1, "Below 21 °C at", 4): "15:40",
        forms.log_cell(log, 1, "Temp at 2 h", 5): "24",  # above 21: out of range
        forms.log_cell(log, 1, "Initials", 8): "BO",
        forms.log_cell("log.goods-in-sheet", 1, "Supplier", 1): "Bidfood",
        forms.log_cell("log.goods-in-sheet", 1, "Frozen hard", 4): "/yes",
    }
    deliveries = _write(tmp_path, "cooling.pdf", printed["cooling-and-deliveries"], values)
    review_form = read_form(printed["four-weekly-review"])
    answers = sample_values(review_form, date(2026, 11, 20), random.Random(1), out_of_range=0.0)
    answers[forms.value("record.any-problem-that-happened-twice")] = "/yes"  # expected: no
    review = _write(tmp_path, "review.pdf", printed["four-weekly-review"], answers)
    closing_values = sample_values(read_form(printed["closing"]), date(2026, 11, 20), random.Random(2))
    note = "note.anything-broken-running-short-or-to-tell"
    closing_values[forms.text(note)] = "Walk-in door seal is torn <b>again</b>"
    closing = _write(tmp_path, "closing.pdf", printed["closing"], closing_values)

    code, out = _import(example, db, deliveries, review, closing)

    assert code == 0, out
    assert [f["status"] for f in out["files"]] == ["recorded"] * 3
    report = _report(example, db, "--from", "2026-11-20", "--to", "2026-11-20")
    readings = [r for r in report["readings"] if r["checklist"] == "cooling-and-deliveries"]
    stew = {r["what"]: r for r in readings if r["item"] == "Beef stew"}
    assert stew["Cooling chart: Temp off heat"]["value"] == 71
    assert stew["Cooling chart: Temp off heat"]["time"] == "14:10"  # the last time written before it on the line
    assert stew["Cooling chart: Temp at 2 h"]["in_range"] is False
    assert stew["Cooling chart: Temp at 2 h"]["initials"] == "BO"
    answer = next(r for r in report["readings"] if r["row"] == "record.any-problem-that-happened-twice")
    assert (answer["answer"], answer["expected"], answer["in_range"]) == ("yes", "no", False)
    raw = run_cli("records", "report", example, "--db", db, "--from", "2026-11-20", "--to", "2026-11-20")
    assert "Temp at 2 h — Beef stew: 24 °C" in raw.stdout


def test_a_week_sheet_records_each_day_in_its_column(
    example: Path, printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    form = read_form(printed["kitchen-diary"])
    values = sample_values(form, date(2026, 11, 18), random.Random(3), out_of_range=0.0)
    row = "record.walk-in-cooler-at-close"
    values[forms.grid_cell(row, "tuesday", "value")] = "7"
    values[forms.column_initials("tuesday")] = "CM"
    path = _write(tmp_path, "diary.pdf", printed["kitchen-diary"], values)

    code, out = _import(example, db, path)

    assert code == 0, out
    report = _report(example, db, "--from", "2026-11-16", "--to", "2026-11-22")
    cooler = {r["day"]: r for r in report["readings"] if r["row"] == row}
    assert sorted(cooler) == [f"2026-11-{d}" for d in range(16, 23)]  # Monday to Sunday of the week of the 18th
    assert (cooler["2026-11-17"]["value"], cooler["2026-11-17"]["in_range"]) == (7, False)
    assert cooler["2026-11-17"]["initials"] == "CM"


# Once, and only whole


def test_importing_the_same_file_twice_records_it_once(
    example: Path, printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    path = _write(tmp_path, "opening.pdf", printed["opening"], _opening(printed))
    code, first = _import(example, db, path)
    assert code == 0 and first["files"][0]["status"] == "recorded"
    entries = _entries(example, db)
    evidence = sorted(p.name for p in (example / "records" / "evidence").rglob("*.pdf")) if "postgres" in db else None

    copy = tmp_path / "same-file-another-name.pdf"
    shutil.copy(path, copy)
    code, second = _import(example, db, copy)

    assert code == 0
    assert second["files"][0]["status"] == "already"
    assert second["files"][0]["run"] == first["files"][0]["run"]
    assert "nothing changed" in second["files"][0]["summary"]
    assert _entries(example, db) == entries
    if evidence is not None:
        assert sorted(p.name for p in (example / "records" / "evidence").rglob("*.pdf")) == evidence


def test_the_filled_pdf_is_kept_as_evidence_beside_the_database(printed: dict[str, bytes], tmp_path: Path) -> None:
    example = _copy_manual(tmp_path / "manual")
    db = tmp_path / "office" / "records.sqlite3"
    path = _write(tmp_path, "opening.pdf", printed["opening"], _opening(printed))
    code, _ = _import(example, f"sqlite:///{db}", path)
    assert code == 0
    [kept] = (db.parent / "evidence").rglob("*.pdf")
    assert kept.read_bytes() == path.read_bytes()
    assert kept.stem == __import__("hashlib").sha256(path.read_bytes()).hexdigest()
    assert not (example / "records").exists(), "nothing is written beside the manual when the database is elsewhere"


def _not_a_form(tmp_path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    out = io.BytesIO()
    writer.write(out)
    path = tmp_path / "blank.pdf"
    path.write_bytes(out.getvalue())
    return path


def _with_description(path: Path, pdf: bytes, form: dict[str, Any]) -> Path:
    """The form with another description attached in place of its own."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    del writer.root_object["/Names"]
    writer.add_attachment(forms.ATTACHMENT, json.dumps(form).encode("utf-8"))
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
    return path


def _altered(tmp_path: Path, pdf: bytes) -> Path:
    """The form with its description changed (a limit widened) and the fingerprint left as it was."""
    form = read_form(pdf)
    for section in form["sections"]:
        for row in section["rows"]:
            if row["key"] == FREEZER:
                row["reading"]["max"] = 0
    return _with_description(tmp_path / "altered.pdf", pdf, form)


def test_a_made_up_form_description_is_refused_not_read(
    example: Path, printed: dict[str, bytes], tmp_path: Path
) -> None:
    """A description with a fingerprint that matches it, but not the shape of one: refused, never a traceback."""
    db = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    made_up = []
    for n, change in enumerate(
        (
            lambda f: f.update(sections=5),
            lambda f: f["sections"][0]["rows"].append(
                {"key": "log.x", "kind": "log", "text": "x", "log": {"title": "x", "rows": 10**9, "columns": []}}
            ),
            lambda f: f["checklist"].update(revision="two"),
            lambda f: f["sections"][0]["rows"][0].update(kind="<script>"),
            lambda f: f.pop("signoff"),
        )
    ):
        form = read_form(printed["opening"])
        change(form)
        form["fingerprint"] = forms.fingerprint(form)
        made_up.append(_with_description(tmp_path / f"made-up-{n}.pdf", printed["opening"], form))

    status, out = _import(example, db, *made_up)

    assert status == 1
    assert [d["code"] for d in out["diagnostics"]] == ["not-a-form"] * len(made_up)
    assert _entries(example, db) == 0


REFUSALS: list[tuple[str, dict[str, str], str, str]] = [
    # (case, changes to the careful opening checklist, code, field)
    ("no date", {forms.RUN_DATE: ""}, "no-date", forms.RUN_DATE),
    ("not a date", {forms.RUN_DATE: "20/11/2026"}, "bad-date", forms.RUN_DATE),
    ("a date in the future", {forms.RUN_DATE: "2026-11-26"}, "date-in-future", forms.RUN_DATE),
    ("a word for a number", {forms.value(COOLER): "eight"}, "not-a-number", forms.value(COOLER)),
    ("a decimal comma in English", {forms.value(COOLER): "3,5"}, "not-a-number", forms.value(COOLER)),
    ("a time that is not HH:MM", {forms.time(COOLER): "7.05pm"}, "not-a-time", forms.time(COOLER)),
    ("a sign-off time", {forms.signoff_time(1): "noon"}, "not-a-time", forms.signoff_time(1)),
    ("a verification date", {forms.VERIFY_DATE: "tomorrow"}, "bad-date", forms.VERIFY_DATE),
]


@pytest.mark.parametrize(("case", "changes", "code", "field"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_form_with_a_bad_field_is_refused_whole_naming_the_field(
    example: Path, printed: dict[str, bytes], tmp_path: Path, case: str, changes: dict[str, str], code: str, field: str
) -> None:
    db = f"sqlite:///{tmp_path / 'db' / 'records.sqlite3'}"
    path = _write(tmp_path, "bad.pdf", printed["opening"], _opening(printed, **changes))

    status, out = _import(example, db, path)

    assert status == 1
    assert out["files"][0]["status"] == "refused"
    [found] = [d for d in out["diagnostics"] if d["severity"] == "error"]
    assert (found["code"], found["field"], found["file"]) == (code, field, str(path)), found
    assert found["hint"]
    assert _entries(example, db) == 0, "nothing is recorded from a refused form"
    assert not list((tmp_path / "db").rglob("*.pdf")), "nor kept as evidence"


def test_files_that_are_not_our_forms_are_refused(
    example: Path, printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("these are my notes, not a PDF")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(fill(printed["opening"], _opening(printed))[:4000])
    other = tmp_path / "other"
    assert run_cli("init", other, "--name", "Another Café").returncode == 0
    assert run_cli("checklist", other, "-o", other / "pdf").returncode == 0
    [other_pdf] = (other / "pdf").glob("*.pdf")
    other_filled = _write(tmp_path, "other-manual.pdf", other_pdf.read_bytes(), {forms.RUN_DATE: "2026-11-20"})

    status, out = _import(
        example,
        db,
        text,
        damaged,
        _not_a_form(tmp_path),
        other_filled,
        _altered(tmp_path, printed["opening"]),
        tmp_path / "missing.pdf",
    )

    assert status == 1
    codes = [d["code"] for d in out["diagnostics"]]
    assert codes == ["not-a-pdf", "damaged-pdf", "not-a-form", "other-manual", "form-altered", "unreadable"]
    assert [f["status"] for f in out["files"]] == ["refused"] * 6
    assert all(d["hint"] for d in out["diagnostics"])
    assert _entries(example, db) == 0


def test_a_good_file_beside_a_refused_one_is_still_recorded(
    example: Path, printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    good = _write(tmp_path, "good.pdf", printed["opening"], _opening(printed))
    bad = _write(tmp_path, "bad.pdf", printed["opening"], _opening(printed, **{forms.value(COOLER): "eight"}))
    status, out = _import(example, db, bad, good)
    assert status == 1
    assert [f["status"] for f in out["files"]] == ["refused", "recorded"]
    assert _entries(example, db) == 2, "the run, and the form it was printed on"


def test_a_decimal_comma_is_a_number_in_a_spanish_manual(tmp_path: Path) -> None:
    root = tmp_path / "cafe"
    assert run_cli("init", root, "--language", "es").returncode == 0
    checklist = root / "checklists" / "apertura.yaml"
    checklist.write_text(
        checklist.read_text(encoding="utf-8").replace(
            "      - sop: recibir-a-un-cliente\n",
            "      - sop: recibir-a-un-cliente\n"
            "      - record:\n          what: Temperatura de la cámara\n          unit: °C\n          min: 0\n"
            "          max: 5\n          if_out_of_range: Avisar al encargado.\n",
        ),
        encoding="utf-8",
    )
    assert run_cli("checklist", root, "-o", root / "pdf").returncode == 0
    pdf = (root / "pdf" / "apertura.pdf").read_bytes()
    key = "record.temperatura-de-la-camara"
    db = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    comma = _write(tmp_path, "comma.pdf", pdf, {forms.RUN_DATE: "2026-11-20", forms.value(key): "4,5"})
    word = _write(tmp_path, "word.pdf", pdf, {forms.RUN_DATE: "2026-11-21", forms.value(key): "ocho"})

    status, out = _import(root, db, comma, word)

    assert status == 1
    assert [f["status"] for f in out["files"]] == ["recorded", "refused"]
    [refused] = [d for d in out["diagnostics"] if d["severity"] == "error"]
    assert (refused["code"], refused["field"]) == ("not-a-number", forms.value(key))
    [reading] = _report(root, db, "--from", "2026-11-20", "--to", "2026-11-20")["readings"]
    assert (reading["value"], reading["in_range"]) == (4.5, True)


def test_a_form_printed_before_the_checklist_changed_imports_as_printed(
    printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    root = _copy_manual(tmp_path / "manual")
    opening = root / "checklists" / "opening.yaml"
    text = opening.read_text(encoding="utf-8")
    assert "revision: 2" in text
    opening.write_text(text.replace("revision: 2", "revision: 3"), encoding="utf-8")
    path = _write(tmp_path, "old.pdf", printed["opening"], _opening(printed))

    code, out = _import(root, db, path)

    assert code == 0
    [old] = [d for d in out["diagnostics"] if d["code"] == "old-revision"]
    assert "revision 2" in old["message"] and "revision 3" in old["message"]
    [run] = _report(root, db, "--from", "2026-11-20", "--to", "2026-11-20")["runs"]
    assert run["revision"] == 2


# Flags


def test_readings_copied_from_run_to_run_are_flagged(example: Path, printed: dict[str, bytes], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    days = [(date(2026, 11, 1) + timedelta(days=n)).isoformat() for n in range(14)]
    files = [_write(tmp_path, f"opening-{day}.pdf", printed["opening"], _opening(printed, day)) for day in days]

    code, out = _import(example, db, *files)

    assert code == 0
    copied = [d for d in out["diagnostics"] if d["code"] == "looks-copied"]
    assert {d["file"] for d in copied} == {str(files[-1])}, "only the 14th run in a row is flagged"
    assert any("'Walk-in cooler temperature' is 3.5 on each of the last 14 runs" in d["message"] for d in copied)


def test_every_reading_written_at_one_minute_is_flagged(
    example: Path, printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    values = _opening(printed)
    for name in list(values):
        if name.endswith(".value"):
            values[name[: -len(".value")] + ".time"] = "07:30"
    path = _write(tmp_path, "one-minute.pdf", printed["opening"], values)
    code, out = _import(example, db, path)
    assert code == 0
    [flag] = [d for d in out["diagnostics"] if d["code"] == "looks-copied"]
    assert "same minute (07:30)" in flag["message"]


def test_critical_rows_left_blank_or_without_initials_are_flagged(
    example: Path, printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    values = _opening(printed, **{forms.value(COOLER): "", forms.time(COOLER): "", forms.initials(FREEZER): ""})
    path = _write(tmp_path, "critical.pdf", printed["opening"], values)
    code, out = _import(example, db, path)
    assert code == 0
    flags = {(d["code"], d.get("field")) for d in out["diagnostics"]}
    assert ("critical-not-done", forms.value(COOLER)) in flags
    assert ("critical-no-initials", forms.initials(FREEZER)) in flags


def test_a_sheet_nobody_signed_is_flagged(example: Path, printed: dict[str, bytes], db: str, tmp_path: Path) -> None:
    values = _opening(printed)
    for n in (1, 2):
        values[forms.signoff_name(n)] = values[forms.signoff_time(n)] = ""
    path = _write(tmp_path, "unsigned.pdf", printed["opening"], values)
    code, out = _import(example, db, path)
    assert code == 0
    assert ("no-signoff", forms.signoff_name(1)) in {(d["code"], d.get("field")) for d in out["diagnostics"]}


# Tamper-evident


def test_an_entry_edited_in_the_database_is_named_by_verify(
    example: Path, printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    from sqlalchemy import text

    from opsmanual.records.db import database_url, engine_for

    days = ("2026-11-20", "2026-11-21", "2026-11-22")
    files = [_write(tmp_path, f"opening-{d}.pdf", printed["opening"], _opening(printed, d)) for d in days]
    assert _import(example, db, *files)[0] == 0
    assert _entries(example, db) == 4, "the form as printed, then a run a day"
    engine = engine_for(database_url(example, db))

    with engine.begin() as connection:  # the freezer "was" in range after all
        content = connection.execute(text("SELECT content FROM entries WHERE id = 2")).scalar_one()
        altered = content.replace('"value":-19', '"value":-21')
        assert altered != content
        connection.execute(text("UPDATE entries SET content = :c WHERE id = 2"), {"c": altered})
    proc = _verify(example, db)
    assert proc.returncode == 1
    assert "entry 2" in proc.stderr and "altered" in proc.stderr and "chain-broken" in proc.stderr

    with engine.begin() as connection:
        connection.execute(text("UPDATE entries SET content = :c WHERE id = 2"), {"c": content})
    assert _verify(example, db).returncode == 0, "put back, the chain holds again"

    with engine.begin() as connection:
        connection.execute(text("DELETE FROM entries WHERE id = 3"))
    proc = _verify(example, db)
    assert proc.returncode == 1 and "entry 4" in proc.stderr and "removed" in proc.stderr

    with engine.begin() as connection:
        connection.execute(text("DELETE FROM entries WHERE id = 4"))
    proc = _verify(example, db)
    assert proc.returncode == 1 and "the last was removed" in proc.stderr
    engine.dispose()


def test_an_old_database_with_records_is_upgraded_and_still_verifies(
    example: Path, printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    """A database made at the first migration, with entries in it, upgraded by the next command that opens it."""
    from sqlalchemy import text

    from opsmanual.records.chain import canonical, entry_hash
    from opsmanual.records.db import database_url, engine_for, head_revision, migrate, revision_of

    engine = engine_for(database_url(example, db))
    migrate(engine, "0001")
    assert revision_of(engine) == "0001"
    previous = "0" * 64
    with engine.begin() as connection:
        for n, day in enumerate(("2026-11-18", "2026-11-19"), 1):
            row = {
                "kind": "run",
                "run": None,
                "checklist": "opening",
                "day": day,
                "source": f"{n:064x}",
                "recorded_at": f"{day}T09:00:00.000+00:00",
                "content": canonical({"source": "pdf", "form": {"checklist": "opening", "revision": 2}, "rows": []}),
            }
            digest = entry_hash(previous, row)
            connection.execute(
                text(
                    "INSERT INTO entries (kind, run, checklist, day, source, recorded_at, content, prev_hash, hash) "
                    "VALUES (:kind, :run, :checklist, :day, :source, :recorded_at, :content, :prev, :hash)"
                ),
                row | {"prev": previous, "hash": digest},
            )
            previous = digest
        connection.execute(text("UPDATE chain_head SET count = 2, hash = :h WHERE id = 1"), {"h": previous})

    proc = run_cli("records", "migrate", example, "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert revision_of(engine) == head_revision() != "0001"
    assert _entries(example, db) == 2
    path = _write(tmp_path, "opening.pdf", printed["opening"], _opening(printed))
    assert _import(example, db, path)[0] == 0
    assert _entries(example, db) == 4, "and the form, and the run"
    assert [r["day"] for r in _report(example, db, "--from", "2026-11-18", "--to", "2026-11-20")["runs"]] == [
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
    ]
    engine.dispose()


# The report


def test_the_report_names_missing_days_late_verification_and_old_records(
    printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    root = _copy_manual(tmp_path / "manual")
    late = _opening(printed, "2026-11-20")
    late[forms.VERIFY_NAME], late[forms.VERIFY_DATE] = "Dana Kim", "2026-11-24"  # the checklist says: within 1 day
    unverified = _opening(printed, "2026-11-22")
    unverified[forms.VERIFY_NAME] = unverified[forms.VERIFY_DATE] = ""
    files = [
        _write(tmp_path, "late.pdf", printed["opening"], late),
        _write(tmp_path, "unverified.pdf", printed["opening"], unverified),
    ]
    assert _import(root, db, *files)[0] == 0

    report = _report(root, db, "--from", "2026-11-20", "--to", "2026-11-25", "--checklist", "opening")

    gaps = {(g["kind"], g["day"]) for g in report["gaps"]}
    assert ("missing", "2026-11-21") in gaps and ("missing", "2026-11-24") in gaps
    assert ("missing", "2026-11-20") not in gaps and ("missing", "2026-11-22") not in gaps
    assert ("missing", "2026-11-25") not in gaps, "today is not over: the opening may still be filled in"
    assert ("late-verification", "2026-11-20") in gaps
    assert ("not-verified", "2026-11-22") in gaps
    [calendar] = report["calendars"]
    assert calendar["days"]["2026-11-21"] == "missing" and calendar["days"]["2026-11-20"] in ("done", "flagged")
    assert report["eligible"] == []

    long_after = run_cli(
        "records", "report", root, "--db", db, "--today", "2028-01-10", "--from", "2027-12-01", "--format", "json"
    )
    eligible = json.loads(long_after.stdout)["eligible"]
    assert [r["day"] for r in eligible] == ["2026-11-20", "2026-11-22"], "older than records.keep (12 months)"
    assert _entries(root, db) == 3, "the report lists them; it never removes them"


def test_the_report_in_every_format(example: Path, printed: dict[str, bytes], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    files = []
    for n in range(6):
        day = (date(2026, 11, 15) + timedelta(days=n)).isoformat()
        values = sample_values(read_form(printed["opening"]), date.fromisoformat(day), random.Random(n))
        values[forms.signoff_name(1)] = "Ana <script>alert(1)</script>"
        values[forms.value(COOLER)], values[forms.action(COOLER)] = "9", "Moved stock <img src=x onerror=alert(1)>"
        files.append(_write(tmp_path, f"{day}.pdf", printed["opening"], values))
    assert _import(example, db, *files)[0] == 0
    period = ("--from", "2026-11-15", "--to", "2026-11-20")

    text = run_cli("records", "report", example, "--db", db, "--today", TODAY, *period)
    assert text.returncode == 0 and "Records of Hazel Street Café & Bistro, 2026-11-15 to 2026-11-20" in text.stdout
    csv = run_cli("records", "report", example, "--db", db, "--today", TODAY, "--format", "csv", *period)
    head, *lines = csv.stdout.splitlines()
    assert head.startswith("day,time,checklist,row,what,item,value")
    assert len(lines) == sum(1 for _ in lines) > 6 * 4

    html = tmp_path / "report.html"
    proc = run_cli("records", "report", example, "--db", db, "--today", TODAY, "--format", "html", "-o", html, *period)
    assert proc.returncode == 0, proc.stderr
    page = html.read_text(encoding="utf-8")
    assert page.count("<svg") >= 4 and "<script" not in page and "<img" not in page
    assert "Ana &lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Content-Security-Policy" in page

    pdf = tmp_path / "report.pdf"
    proc = run_cli("records", "report", example, "--db", db, "--today", TODAY, "--format", "pdf", "-o", pdf, *period)
    assert proc.returncode == 0, proc.stderr
    reader = PdfReader(pdf)
    pages = len(reader.pages)
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Hazel Street Café & Bistro" in first and "2026-11-15 to 2026-11-20" in first
    assert f"Page 1 of {pages}" in first and "Generated on" in first
    assert "Walk-in cooler temperature" in "".join(p.extract_text() for p in reader.pages)


def test_the_newest_migration_is_the_one_opening_a_database_expects() -> None:
    from opsmanual.records.db import head_revision
    from opsmanual.records.migrations import HEAD

    assert head_revision() == HEAD, "a new migration in versions/ must also become HEAD in migrations/__init__.py"


def test_the_demo_fills_imports_and_reports_checklists_and_training(tmp_path: Path) -> None:
    """`make demo`'s last step, on a copy of the example: the whole loop, in site/records-example.html
    and site/training-example.html (two people fully current, one stale after a bump, one new with gaps)."""
    import subprocess
    import sys

    root = _copy_manual(tmp_path / "manual")
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "records_demo.py"), str(root), "--days", "5", "--site", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "$ opsmanual records import SCRATCH/filled/opening-*.pdf" in proc.stdout
    assert "verified 6 entries" in proc.stdout, "five runs and the form they were printed on"
    page = (site / "records-example.html").read_text(encoding="utf-8")
    assert "Records of Hazel Street Café &amp; Bistro" in page and page.count("<svg") >= 3
    assert "must sign the new revision: Ben Osei (ben-osei, signed revision 3)" in proc.stdout, "bump says who re-signs"
    matrix = (site / "training-example.html").read_text(encoding="utf-8")
    assert "Training at Hazel Street Café &amp; Bistro" in matrix
    for person, summary in (("dana-kim", 100), ("ana-ruiz", 100), ("ben-osei", 86), ("eli-santos", 33)):
        assert f"{person} · {summary}% current" in matrix
    assert matrix.count('<td class="stale"') == 1 and "Dressing served on the side" in matrix
    assert not (root / "records").exists(), "the demo's database is a scratch one"
    assert "revision: 3" in (root / "sops" / "kitchen" / "plate-house-salad.yaml").read_text(), "bumped in a copy"


def test_a_correction_and_a_countersignature_are_new_entries_over_the_run(
    example: Path, printed: dict[str, bytes], db: str, tmp_path: Path
) -> None:
    values = _opening(printed, **{forms.value(FREEZER): "-15", forms.VERIFY_NAME: "", forms.VERIFY_DATE: ""})
    code, out = _import(example, db, _write(tmp_path, "opening.pdf", printed["opening"], values))
    assert code == 0
    run = str(out["files"][0]["run"])
    where = ("--root", example, "--db", db)

    fix = ("records", "correct", run, FREEZER, "--value", "-19", "--time", "07:40", "--action", "Read again")
    proc = run_cli(*fix, "--by", "Dana Kim", "--why", "misread the display", *where)
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("records", "countersign", run, "--by", "Dana Kim", "--date", "2026-11-21", *where)
    assert proc.returncode == 0, proc.stderr

    report = _report(example, db, "--from", "2026-11-20", "--to", "2026-11-20")
    freezer = next(r for r in report["readings"] if r["row"] == FREEZER)
    assert (freezer["value"], freezer["in_range"], freezer["time"], freezer["action"]) == (
        -19,
        True,
        "07:40",
        "Read again",
    )
    assert freezer["corrected"].startswith("Dana Kim on ") and freezer["corrected"].endswith(": misread the display")
    assert report["runs"][0]["verified_by"] == "Dana Kim" and report["runs"][0]["verified_on"] == "2026-11-21"
    assert _entries(example, db) == 4, "the form, the run as imported, the correction, the countersignature"

    for args, code_ in (
        (("correct", "999", FREEZER, "--value", "1"), "unknown-run"),
        (("correct", run, "no-such-row", "--value", "1"), "unknown-row"),
        (("correct", run, FREEZER, "--value", "eight"), "not-a-number"),
        (("correct", run, FREEZER, "--time", "noon"), "not-a-time"),
        (("correct", run, FREEZER, "--answer", "yes"), "not-a-yes-no-check"),
        (("correct", run, FREEZER), "nothing-to-correct"),
    ):
        proc = run_cli("records", *args, "--by", "Dana Kim", "--why", "test", *where, "--format", "json")
        assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
        assert [d["code"] for d in json.loads(proc.stdout)["diagnostics"]] == [code_]
    proc = run_cli("records", "countersign", run, "--by", "Dana Kim", "--date", "2026-11-19", *where)
    assert proc.returncode == 1 and "verified-before-run" in proc.stderr
    assert _entries(example, db) == 4, "a refused correction records nothing"


def test_commands_that_only_read_records_make_no_database(tmp_path: Path) -> None:
    root = _copy_manual(tmp_path / "manual")
    for args in (
        ("records", "verify", root),
        ("records", "report", root, "--today", TODAY),
        ("records", "countersign", "1", "--by", "Dana Kim", "--root", root),
        ("records", "correct", "1", FREEZER, "--value", "1", "--by", "Dana Kim", "--why", "test", "--root", root),
    ):
        proc = run_cli(*args)
        assert proc.returncode == 1 and "error[no-records]" in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
    assert not (root / "records").exists()
