"""The command line in the user's language: OPSMANUAL_LANG, else the manual's language, else the system's locale.

Codes, files, lines and columns are the same in every language; only messages, hints and what people read change.
The catalogs are guarded too: every message has its Spanish, with the same placeholders, and the template is
what the code says now (a new English message without a translation fails here).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from conftest import CASES, REPO, TODAY, lay_out, opsmanual_command

LOCALE = REPO / "tools" / "opsmanual" / "i18n" / "locale"
TEMPLATE = LOCALE / "opsmanual.pot"
LANGUAGE_VARIABLES = ("OPSMANUAL_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def run(*args: str | Path, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """The CLI with only the language variables given here (the machine's own locale must not decide)."""
    clean = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARIABLES}
    command = [*opsmanual_command(), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=60, env={**clean, **env})


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return lay_out(CASES / "invalid" / "five-mistakes-one-run", tmp_path / "manual")


def _where(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    keys = ("file", "line", "column", "severity", "code", "pointer")
    return [tuple(d[k] for k in keys) for d in report["diagnostics"]]


def test_spanish_messages_and_hints_with_the_same_codes_and_places(broken: Path) -> None:
    english = run("check", broken, "--format", "json", "--today", TODAY)
    spanish = run("check", broken, "--format", "json", "--today", TODAY, OPSMANUAL_LANG="es")
    assert english.returncode == spanish.returncode == 1
    en, es = json.loads(english.stdout), json.loads(spanish.stdout)
    assert _where(en) == _where(es) and len(_where(en)) == 5
    assert en["summary"] == es["summary"]
    for said, dicho in zip(en["diagnostics"], es["diagnostics"], strict=True):
        assert said["message"] != dicho["message"], dicho
        assert said["hint"] != dicho["hint"], dicho
    messages = " ".join(d["message"] + " " + d["hint"] for d in es["diagnostics"])
    for words in ("clave desconocida 'tpi' en el paso 2", "puesto desconocido 'servr'", "¿quería decir 'tip'?"):
        assert words in messages


def test_the_text_report_and_its_summary_in_spanish(broken: Path) -> None:
    proc = run("check", broken, "--today", TODAY, OPSMANUAL_LANG="es_ES.UTF-8")
    found = "error[unknown-key]: clave desconocida 'tpi' en el paso 2\n    sugerencia: ¿quería decir 'tip'?"
    assert found in proc.stdout

    assert proc.stdout.endswith("comprobación de 2 procedimientos y 2 listas de control: 5 errores, 0 avisos\n")


def test_a_spanish_manual_speaks_spanish_unless_told_otherwise(broken: Path) -> None:
    manual = broken / "sops" / "manual.yaml"
    manual.write_text(manual.read_text(encoding="utf-8").replace("language: en", "language: es"), encoding="utf-8")
    assert "comprobación de 2 procedimientos" in run("check", broken, "--today", TODAY).stdout
    assert "comprobación de 2 procedimientos" in run("check", "--today", TODAY, cwd=broken).stdout  # ROOT is here
    assert "checked 2 procedures" in run("check", broken, "--today", TODAY, OPSMANUAL_LANG="en").stdout
    assert "comprobación de" in run("check", broken, "--today", TODAY, LANG="en_US.UTF-8").stdout


def test_the_manual_outranks_the_system_locale_and_english_is_the_default(broken: Path, tmp_path: Path) -> None:
    assert "checked 2 procedures" in run("check", broken, "--today", TODAY, LANG="es_ES.UTF-8").stdout
    assert "uso:" in run("--help", cwd=tmp_path, LANG="es_ES.UTF-8").stdout  # no manual: the system's locale
    assert "usage:" in run("--help", cwd=tmp_path, LC_ALL="C.UTF-8", LANG="es_ES.UTF-8").stdout  # LC_ALL first
    assert "usage:" in run("--help", cwd=tmp_path).stdout


def test_help_and_usage_errors_in_spanish(tmp_path: Path) -> None:
    text = run("check", "--help", cwd=tmp_path, OPSMANUAL_LANG="es").stdout
    for words in ("uso: opsmanual check", "argumentos posicionales:", "opciones:", "mostrar esta ayuda y salir"):
        assert words in text
    assert "Comprueba cada archivo del manual" in text and "--strict" in text
    main = run("--help", cwd=tmp_path, OPSMANUAL_LANG="es").stdout
    assert "Un primer manual en tres pasos:" in main and "comprobar el manual e informar de cada error" in main
    wrong = run("check", "--format", "xml", cwd=tmp_path, OPSMANUAL_LANG="es")
    assert wrong.returncode == 2
    assert "opsmanual check: error: argumento --format: opción no válida: 'xml'" in wrong.stderr


def test_a_refusal_in_spanish(tmp_path: Path) -> None:
    proc = run("new", "procedure", "no-area", "--title", "Algo", "--root", tmp_path, OPSMANUAL_LANG="es")
    assert proc.returncode == 1
    assert "error[bad-path]: 'no-area' no indica ningún área" in proc.stderr


def test_choosing_the_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from opsmanual.cli.language import manual_root
    from opsmanual.i18n.messages import choose_language, manual_language

    for variable in LANGUAGE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    (tmp_path / "sops").mkdir()
    (tmp_path / "sops" / "manual.yaml").write_text("name: X\nroles:\n  - language: fr\nlanguage: 'es'  # the team's\n")
    assert manual_language(tmp_path) == "es"
    assert manual_language(tmp_path / "nowhere") is None
    assert choose_language(tmp_path) == "es"
    assert choose_language(None) == "en"
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert choose_language(None) == "fr"
    monkeypatch.setenv("OPSMANUAL_LANG", "en")
    assert choose_language(tmp_path) == "en"
    assert manual_root(["check", str(tmp_path), "--format", "json"]) == tmp_path
    assert manual_root(["bump", "x", "--note", "n", "--root", "elsewhere"]) == Path("elsewhere")
    assert manual_root(["new", "procedure", "a/b", f"--root={tmp_path}"]) == tmp_path
    assert manual_root(["check"]) == Path(".")


# The catalogs


def _catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def _ids(catalog: Catalog) -> set[Any]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


_BRACES = re.compile(r"\{(\w*)\}")
_PERCENT = re.compile(r"%(?:\((\w+)\))?[sdr]")


def _placeholders(text: str) -> tuple[set[str], list[str]]:
    return set(_BRACES.findall(text)), sorted(m.group() for m in _PERCENT.finditer(text))


def test_the_template_is_what_the_code_says(tmp_path: Path) -> None:
    """A message added or changed in the code is in the template (run: make messages), so it cannot go untranslated."""
    pybabel = Path(sys.executable).parent / "pybabel"
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [str(pybabel), "--quiet", "extract", "-F", "tools/babel.cfg", "-o", str(fresh), "tools/opsmanual"],
        cwd=REPO,
        check=True,
    )
    now, template = _ids(_catalog(fresh)), _ids(_catalog(TEMPLATE))
    assert now - template == set(), "new messages are not in the template: run make messages, then translate them"
    assert template - now == set(), "the template holds messages the code no longer has: run make messages"


@pytest.mark.parametrize("language", ["es"])
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    catalog = _catalog(LOCALE / language / "LC_MESSAGES" / "opsmanual.po", language)
    assert _ids(catalog) == _ids(_catalog(TEMPLATE)), "run make messages"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(s.strip() for s in strings), f"untranslated: {message.id!r}"
        wanted = _placeholders(ids[-1])
        for string in strings:
            assert _placeholders(string) == wanted, f"{message.id!r} -> {string!r}"
        assert all(_placeholders(i) == wanted for i in ids), message.id


def test_the_build_compiles_the_catalogs() -> None:
    """An install (make, pip install -e) compiled them: the .mo is there and not older than its .po."""
    for po in LOCALE.glob("*/LC_MESSAGES/opsmanual.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, f"{mo} is missing or stale: run make messages"
