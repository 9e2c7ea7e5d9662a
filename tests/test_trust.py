"""Nothing is lost, leaked or choked on: every command line against the owner's files.

The manual under test has a .git folder and a neighbour file; after every refusal,
both are byte for byte as they were.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CASES, REPO, TODAY, opsmanual_command, run_cli
from opsmanual.outputs import MARKER

sys.path.insert(0, str(REPO / "tools"))
from generate_manual import generate


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (links as where they point), for byte-for-byte comparison."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = os.readlink(path).encode()
        elif path.is_file():
            found[rel] = path.read_bytes()
    return found


@pytest.fixture
def owned(tmp_path: Path) -> Path:
    """A folder holding a manual (with .git) and a neighbour file: what no command may touch."""
    home = tmp_path / "home"
    root = home / "manual"
    shutil.copytree(CASES / "base", root)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "schema").mkdir()
    (root / "schema" / "notes.txt").write_text("the owner's notes\n", encoding="utf-8")
    (home / "neighbour.txt").write_text("a neighbour's file\n", encoding="utf-8")
    (home / "letters").mkdir()
    (home / "letters" / "to-the-bank.txt").write_text("Dear bank,\n", encoding="utf-8")
    (home / "link-to-manual").symlink_to(root)
    return root


WRITERS = {
    "build": lambda target: ["build", "--site-dir", str(target), "--today", TODAY],
    "export-markdown": lambda target: ["export-markdown", "-o", str(target), "--today", TODAY],
    "checklist": lambda target: ["checklist", "-o", str(target)],
}
DANGEROUS = {
    ".": "output-is-manual",
    "..": "output-is-manual",
    "../link-to-manual": "output-is-manual",
    "sops": "output-in-sources",
    "sops/media": "output-in-sources",
    "checklists/pdfs": "output-in-sources",
    "schema": "output-in-sources",
    ".git": "output-in-sources",
    "../neighbour.txt": "output-is-file",
    "../letters": "output-not-ours",
}


@pytest.mark.e2e
@pytest.mark.parametrize("target", DANGEROUS)
@pytest.mark.parametrize("command", WRITERS)
def test_writing_commands_refuse_what_opsmanual_did_not_make(owned: Path, command: str, target: str) -> None:
    home = owned.parent
    before = _snapshot(home)
    name, *options = WRITERS[command](Path(target))
    proc = run_cli(name, owned, *options, "--format", "json", cwd=owned)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    codes = [d["code"] for d in json.loads(proc.stdout)["diagnostics"]]
    assert codes == [DANGEROUS[target]]
    assert _snapshot(home) == before, "nothing was written, nothing was removed"


@pytest.mark.e2e
def test_an_earlier_opsmanual_site_is_accepted_once_and_marked(owned: Path) -> None:
    site = owned.parent / "old-site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<html>an old opsmanual site</html>", encoding="utf-8")
    (site / "assets" / "opsmanual.css").write_text("/* opsmanual */", encoding="utf-8")
    assert run_cli("build", owned, "--site-dir", site, "--today", TODAY).returncode == 0
    assert (site / MARKER).is_file() and "old opsmanual" not in (site / "index.html").read_text(encoding="utf-8")
    assert run_cli("build", owned, "--site-dir", site, "--today", TODAY).returncode == 0


@pytest.mark.e2e
def test_outputs_opsmanual_made_are_replaced_and_others_are_not(owned: Path) -> None:
    out = owned.parent / "export"
    assert run_cli("export-markdown", owned, "-o", out, "--today", TODAY).returncode == 0
    assert (out / MARKER).is_file() and (out / "mkdocs.yml").is_file()
    assert run_cli("export-markdown", owned, "-o", out, "--today", TODAY).returncode == 0
    pdfs = owned.parent / "printouts"
    assert run_cli("checklist", owned, "-o", pdfs).returncode == 0
    assert run_cli("checklist", owned, "-o", pdfs).returncode == 0
    assert (pdfs / MARKER).is_file()
    # the default PDF folder, ROOT/site/checklists, then a build of ROOT/site over it
    assert run_cli("checklist", owned).returncode == 0
    assert run_cli("build", owned, "--today", TODAY).returncode == 0
    assert (owned / "site" / "index.html").is_file() and (owned / "site" / "checklists" / "opening.pdf").is_file()


_PARTS = [".", "..", "sops", "media", "checklists", "schema", ".git", "site", "new", "letters", "neighbour.txt"]


@pytest.mark.e2e
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(_PARTS), min_size=1, max_size=3), base=st.sampled_from(["manual", "home"]))
def test_no_target_path_changes_the_manual(owned: Path, parts: list[str], base: str) -> None:
    """Random targets inside a sandbox: the manual (with .git) and its neighbours never change."""
    from opsmanual.cli.main import main

    home = owned.parent
    before = {k: v for k, v in _snapshot(home).items() if not _ours(k)}
    target = (owned if base == "manual" else home).joinpath(*parts)
    code = main(["checklist", str(owned), "-o", str(target), "--format", "json"])
    assert code in (0, 1)
    after = {k: v for k, v in _snapshot(home).items() if not _ours(k)}
    assert after == before


def _ours(rel: str) -> bool:
    """What a `checklist` run may leave: its PDFs, its marker, its lock, in folders it may write."""
    name = rel.rsplit("/", 1)[-1]
    return name.endswith(".pdf") or name == MARKER or name.endswith(".opsmanual.lock")


@pytest.mark.e2e
def test_two_builds_at_once_leave_a_whole_site(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    generate(root, 120)
    site = tmp_path / "site"
    command = [*opsmanual_command(), "build", str(root), "--site-dir", str(site), "--today", TODAY]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [process.communicate(timeout=600) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert any("waiting for it to finish" in err for _, err in outputs), "the second build waited for the first"
    procedures = sorted(root.glob("sops/*/*.yaml"))
    assert len(procedures) == 120
    for procedure in procedures:
        assert (site / procedure.parent.name / procedure.stem / "index.html").is_file(), procedure
    assert (site / "index.html").is_file() and (site / "assets" / "opsmanual.css").is_file()
    assert (site / "search" / "search_index.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if ".opsmanual-" in p.name) == []


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["review", "--within", "99999999999d"], 2),
        (["serve", "--port", "70000"], 2),
        (["new", "procedure", "kitchen/" + "a" * 300, "--title", "Long"], 1),
        (["bump", "check-*", "--note", "x"], 1),
        (["checklist", "-o", "/proc/opsmanual-cannot-write-here"], 1),
    ],
    ids=["review-window", "serve-port", "new-long-id", "bump-pattern", "os-error"],
)
def test_odd_command_lines_get_a_message_not_a_traceback(owned: Path, args: list[str], code: int) -> None:
    before = _snapshot(owned.parent)
    proc = run_cli(*args, cwd=owned)
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.strip()
    assert _snapshot(owned.parent) == before


@pytest.mark.e2e
def test_init_refuses_a_path_under_a_file_or_a_dangling_link_or_inside_a_manual(owned: Path) -> None:
    home = owned.parent
    (home / "dangling").symlink_to(home / "nowhere")
    for target, code in (
        ("neighbour.txt/new", "os-error"),
        ("dangling", "output-is-link"),
        ("manual/sops/new-manual", "output-in-sources"),
    ):
        proc = run_cli("init", target, "--format", "json", cwd=home)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert [d["code"] for d in json.loads(proc.stdout)["diagnostics"]] == [code]
    assert not (home / "nowhere").exists() and not (owned / "sops" / "new-manual").exists()


@pytest.mark.e2e
def test_long_words_titles_and_addresses_print_within_the_page(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    opening = root / "checklists" / "opening.yaml"
    text = opening.read_text(encoding="utf-8").replace("title: Opening", "title: " + " ".join(["Opening"] * 750))
    opening.write_text(
        text.replace("      - task: Turn on the lights", "      - task: " + "W" * 3000), encoding="utf-8"
    )
    manual = root / "sops" / "manual.yaml"
    manual.write_text(
        manual.read_text(encoding="utf-8") + "url: https://example.com/" + "a" * 2200 + "\n", encoding="utf-8"
    )
    check = run_cli("check", root, "--today", TODAY)
    assert check.returncode == 0 and "warning[url-too-long]" in check.stdout
    proc = run_cli("checklist", root, "-o", tmp_path / "pdfs")
    assert proc.returncode == 0, proc.stderr
    from pypdf import PdfReader

    reader = PdfReader(tmp_path / "pdfs" / "opening.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    assert text.count("W") >= 3000 and "Page 1 of" in text  # the whole word, cut into lines that fit
    assert run_cli("build", root, "--site-dir", tmp_path / "site", "--today", TODAY).returncode == 0


def test_bump_keeps_the_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    cooler = root / "sops" / "kitchen" / "check-cooler.yaml"
    cooler.write_bytes(b"\xef\xbb\xbf" + cooler.read_bytes().replace(b"\n", b"\r\n"))
    proc = run_cli("bump", "check-cooler", "--note", "Door check added", "--root", root, "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    data = cooler.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
    assert b"revision: 3\r\n" in data and b"note: Door check added\r\n" in data
    assert run_cli("check", root, "--today", TODAY).returncode == 0


def test_bump_refuses_a_change_log_dated_after_today(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    cooler = root / "sops" / "kitchen" / "check-cooler.yaml"
    before = cooler.read_bytes()
    proc = run_cli("bump", "check-cooler", "--note", "x", "--root", root, "--today", "2026-08-01", "--format", "json")
    assert proc.returncode == 1
    assert [d["code"] for d in json.loads(proc.stdout)["diagnostics"]] == ["change-in-future"]
    assert cooler.read_bytes() == before


def test_bump_refuses_a_tab_it_cannot_edit_around(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    phone = root / "sops" / "front-of-house" / "answer-the-phone.yaml"
    phone.write_text(phone.read_text(encoding="utf-8").replace("title: ", "title:\t"), encoding="utf-8")
    before = phone.read_bytes()
    proc = run_cli("bump", "answer-the-phone", "--note", "x", "--root", root, "--today", TODAY, "--format", "json")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert [d["code"] for d in json.loads(proc.stdout)["diagnostics"]] == ["bump-failed"]
    assert phone.read_bytes() == before


def test_refusals_come_as_json_from_every_command(owned: Path) -> None:
    for args in (
        ["build", str(owned), "--site-dir", str(owned)],
        ["export-markdown", str(owned), "-o", str(owned / "sops")],
        ["checklist", str(owned), "-o", str(owned / "checklists")],
        ["init", str(owned)],
        ["new", "checklist", "Bad Id", "--title", "x", "--root", str(owned)],
        ["bump", "no-such-procedure", "--note", "x", "--root", str(owned)],
    ):
        proc = run_cli(*args, "--format", "json")
        assert proc.returncode == 1, (args, proc.stderr)
        document = json.loads(proc.stdout)
        assert document["summary"]["errors"] == 1 and document["diagnostics"][0]["code"], args
