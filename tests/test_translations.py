"""One manual, two languages: overlays, what falls behind when a procedure changes, the commands, the sheets.

The example manual is published in Spanish too (manual.yaml `translations: [es]`), with three procedures
and the closing checklist translated; these tests change a copy of it as its owner would.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO, TODAY, run_cli
from opsmanual.check import check_manual
from opsmanual.model import Untranslated
from opsmanual.model.translate import translated


def _copy(tmp_path: Path, git: bool = False) -> Path:
    root = tmp_path / "manual"
    for folder in ("sops", "checklists"):
        shutil.copytree(REPO / folder, root / folder)
    if git:  # as most owners keep it: check compares a stale translation's source with its old revision
        for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "the manual"]):
            subprocess.run(
                ["git", "-c", "user.name=Maya", "-c", "user.email=maya@example.com", *command], cwd=root, check=True
            )
    return root


def _diagnostics(root: Path) -> list[dict[str, object]]:
    proc = run_cli("check", root, "--format", "json", "--today", TODAY)
    found: list[dict[str, object]] = json.loads(proc.stdout)["diagnostics"]
    return found


def test_the_spanish_manual_takes_the_words_of_its_overlays_and_the_structure_of_its_source() -> None:
    manual = check_manual(REPO).manual
    assert manual is not None and manual.translations == ("es",)
    spanish = translated(manual, "es")
    english, es = manual.procedures_by_id["wash-hands"], spanish.procedures_by_id["wash-hands"]
    assert es.title == "Lavarse las manos" and es.translation is not None and not es.translation.untranslated
    assert [s.id for s in es.steps] == [s.id for s in english.steps]
    assert [s.critical for s in es.steps] == [s.critical for s in english.steps]
    assert es.steps[2].time == english.steps[2].time and "20 segundos" in (es.steps[2].do or "")
    untouched = spanish.procedures_by_id["check-cooler-and-freezer"]
    assert untouched.translation is not None and untouched.translation.translated_from is None
    assert isinstance(untouched.title, Untranslated) and untouched.title.language == "en"
    reading, written = untouched.steps[1].record, manual.procedures_by_id["check-cooler-and-freezer"].steps[1].record
    assert reading is not None and written is not None and reading.max == written.max  # numbers from the source
    closing = next(c for c in spanish.checklists if c.id == "closing")
    assert closing.title == "Cierre — todo el café"
    assert (closing.sections[0].items[1].task or "").startswith("Limpie")


def test_a_bump_makes_the_translation_stale_and_says_what_changed(tmp_path: Path) -> None:
    root = _copy(tmp_path, git=True)
    assert _diagnostics(root) == []
    source = root / "sops" / "kitchen" / "wash-hands.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace('Hum "Happy Birthday" twice', "Count slowly to twenty"),
        encoding="utf-8",
    )
    bumped = run_cli("bump", "wash-hands", "--note", "A counting tip", "--root", root, "--today", "2026-11-30")
    assert bumped.returncode == 0, bumped.stderr
    assert "now behind: " in bumped.stdout and "wash-hands.es.yaml" in bumped.stdout
    [stale] = _diagnostics(root)
    assert stale["code"] == "translation-stale" and stale["file"] == "sops/kitchen/wash-hands.es.yaml"
    assert stale["line"] == 2 and stale["pointer"] == "/translated_from"
    hint = str(stale["hint"])
    assert "revision 2 (2026-11-30): A counting tip" in hint and "texts changed: steps.scrub.tip" in hint
    review = run_cli("review", root, "--today", "2026-11-30")
    assert "Translations behind their source: 1" in review.stdout
    assert "sops/kitchen/wash-hands.es.yaml is of revision 1" in review.stdout
    status = json.loads(run_cli("translate", "status", root, "--format", "json").stdout)
    [spanish] = status["languages"]
    kitchen = next(a for a in spanish["areas"] if a["area"] == "kitchen")
    assert kitchen["translated_documents"] == 1 and kitchen["current"] == 0 and kitchen["translated"] > 0
    assert [b["file"] for b in spanish["stale"]] == ["sops/kitchen/wash-hands.es.yaml"]
    csv = run_cli("translate", "status", root, "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("language,area,documents") and any(line.startswith("es,kitchen,8,1,") for line in csv)


def test_translate_new_writes_a_skeleton_that_check_accepts_and_never_replaces_a_file(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    made = run_cli("translate", "new", "check-hot-holding", "--to", "es", "--root", root)
    assert made.returncode == 0, made.stderr
    skeleton = root / "sops" / "kitchen" / "check-hot-holding.es.yaml"
    text = skeleton.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/sop-translation.schema.json")
    assert "translated_from: " in text and "# title: Check the hot-holding temperature" in text
    [missing] = _diagnostics(root)
    assert missing["code"] == "translation-missing" and missing["severity"] == "warning"
    again = run_cli("translate", "new", "check-hot-holding", "--to", "es", "--root", root)
    assert again.returncode == 1 and "translation-exists" in again.stderr
    assert skeleton.read_text(encoding="utf-8") == text
    checklist = run_cli("translate", "new", "opening", "--to", "es", "--root", root)
    assert checklist.returncode == 0 and (root / "checklists" / "opening.es.yaml").exists()
    assert [d["code"] for d in _diagnostics(root)] == ["translation-missing", "translation-missing"]
    unknown = run_cli("translate", "new", "hot-holdin", "--to", "es", "--root", root)
    assert unknown.returncode == 1 and "did you mean" in unknown.stderr


def _texts(path: Path) -> list[str]:
    return [unicodedata.normalize("NFC", " ".join((p.extract_text() or "").split())) for p in PdfReader(path).pages]


@pytest.mark.e2e
def test_checklists_in_spanish_and_in_both_languages_keep_their_fields_and_their_pages(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    plain = root / "checklists" / "closing.yaml"
    plain.write_text(plain.read_text(encoding="utf-8").replace("bilingual: true", "bilingual: false"), encoding="utf-8")
    for name, extra in (("en", []), ("es", ["--language", "es"]), ("both", ["--bilingual"])):
        proc = run_cli("checklist", root, "--only", "closing", "opening", "-o", tmp_path / name, *extra)
        assert proc.returncode == 0, proc.stderr
    english, spanish, both = (tmp_path / n / "closing.pdf" for n in ("en", "es", "both"))
    assert "Cierre — todo el café" in _texts(spanish)[0] and "Closing — the whole café" not in _texts(spanish)[0]
    first = _texts(both)[0]
    assert "Lock the front door at 22:00" in first and "Cierre la puerta principal a las 22:00" in first
    assert "HECHO" in first.upper() and "ITEM / TAREA" in first.upper()
    assert len(PdfReader(both).pages) == len(PdfReader(english).pages)  # the second language fits the same pages
    fields = [set(PdfReader(path).get_fields() or {}) for path in (english, spanish, both)]
    assert fields[0] == fields[1] == fields[2]  # a sheet's records are the same in every language
    untranslated = _texts(tmp_path / "es" / "opening.pdf")[0]  # not translated: its words as written, Spanish labels
    assert "Opening — kitchen and front of house" in untranslated and "Hora límite: 07:25" in untranslated
    wrong = run_cli("checklist", root, "--language", "fr", "-o", tmp_path / "fr")
    assert wrong.returncode == 2 and "unknown-language" in wrong.stderr


@pytest.mark.e2e
def test_a_person_who_reads_spanish_gets_the_translated_titles_on_their_training_sheet(tmp_path: Path) -> None:
    proc = run_cli("training", "sheet", REPO, "--person", "eli-santos", "ben-osei", "-o", tmp_path)
    assert proc.returncode == 0, proc.stderr
    spanish, english = _texts(tmp_path / "eli-santos.pdf")[0], _texts(tmp_path / "ben-osei.pdf")[0]
    assert "Puestos: Cocinero, Repartidor de catering" in spanish and "Lavarse las manos" in spanish
    assert "Wash your hands" in english and "Lavarse" not in english


def test_an_untranslated_text_keeps_its_language_through_a_worker() -> None:
    import pickle

    text = pickle.loads(pickle.dumps(Untranslated("Wash your hands", "en")))
    assert isinstance(text, Untranslated) and text == "Wash your hands" and text.language == "en"
