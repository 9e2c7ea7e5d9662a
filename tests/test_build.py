"""Nothing is lost: a failed, stopped or killed build leaves the previous site as it was."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import CASES, REPO, TODAY, opsmanual_command, run_cli

sys.path.insert(0, str(REPO / "tools"))
from generate_manual import generate

pytestmark = pytest.mark.e2e


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".opsmanual-" in p.name)


def test_a_failing_page_leaves_the_previous_site(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    site = tmp_path / "site"
    assert run_cli("build", root, "--site-dir", site, "--today", TODAY).returncode == 0
    before = _snapshot(site)
    (root / "failing_hook.py").write_text(
        "from mkdocs.exceptions import PluginError\n\n"
        "def on_page_markdown(markdown, page, config, files):\n"
        "    if page.file.src_uri == 'kitchen/check-cooler.md':\n"
        "        raise PluginError('this page cannot be built')\n"
        "    return markdown\n",
        encoding="utf-8",
    )
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - failing_hook.py\n")
    proc = run_cli("build", root, "--site-dir", site, "--today", TODAY)
    assert proc.returncode == 1
    assert "error[build-failed]" in proc.stderr and "this page cannot be built" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _snapshot(site) == before
    assert _leftovers(tmp_path) == []


def _start_build(root: Path, site: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*opsmanual_command(), "build", str(root), "--site-dir", str(site), "--today", TODAY],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for_leftover(folder: Path, process: subprocess.Popen[bytes]) -> None:
    """Until the build has begun writing its temporary site."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if any((folder / name).is_dir() and any((folder / name).iterdir()) for name in _leftovers(folder)):
            time.sleep(0.3)
            return
        time.sleep(0.02)
    raise AssertionError("the build never started writing")


def test_a_stopped_or_killed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    generate(root, 300)
    site = tmp_path / "site"
    assert run_cli("build", root, "--site-dir", site, "--today", TODAY).returncode == 0
    before = _snapshot(site)
    phone = root / "sops" / "kitchen" / "procedure-0000.yaml"
    phone.write_text(phone.read_text(encoding="utf-8").replace("title: ", "title: Changed "), encoding="utf-8")

    stopped = _start_build(root, site)
    _wait_for_leftover(tmp_path, stopped)
    stopped.send_signal(signal.SIGTERM)
    assert stopped.wait(timeout=60) == 130
    assert _snapshot(site) == before
    assert _leftovers(tmp_path) == [], "a stopped build cleans up after itself"

    killed = _start_build(root, site)
    _wait_for_leftover(tmp_path, killed)
    killed.kill()
    killed.wait(timeout=60)
    assert _snapshot(site) == before, "a killed build never touched the site"

    assert run_cli("build", root, "--site-dir", site, "--today", TODAY).returncode == 0
    assert _leftovers(tmp_path) == [], "the next build clears what a killed one left"
    assert _snapshot(site) != before


def test_serve_rebuilds_when_a_procedure_changes(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    port = 18000 + os.getpid() % 1000
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [*opsmanual_command(), "serve", str(root), "--port", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/kitchen/check-cooler/"

    def page() -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    return str(response.read().decode("utf-8"))
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the preview never answered")

    try:
        assert "Check the walk-in cooler" in page()
        cooler = root / "sops" / "kitchen" / "check-cooler.yaml"
        cooler.write_text(
            cooler.read_text(encoding="utf-8").replace(
                "title: Check the walk-in cooler", "title: Check the big cooler"
            ),
            encoding="utf-8",
        )
        deadline = time.monotonic() + 60
        while "Check the big cooler" not in page():
            assert time.monotonic() < deadline, "the page was not rebuilt after the edit"
            time.sleep(0.3)
        good = cooler.read_text(encoding="utf-8")
        cooler.write_text(good.replace("roles: [line-cook]", "roles: [line-cok]"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while "The manual has mistakes" not in (shown := page()):
            assert time.monotonic() < deadline, "the mistake never reached the browser"
            time.sleep(0.3)
        assert "sops/kitchen/check-cooler.yaml:" in shown and "unknown role" in shown, "where, and what"
        assert "did you mean" in shown and "line-cook" in shown, "and the hint"
        cooler.write_text(good, encoding="utf-8")
        deadline = time.monotonic() + 60
        while "Check the big cooler" not in page():
            assert time.monotonic() < deadline, "the page did not come back once fixed"
            time.sleep(0.3)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    said = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert f"Open http://127.0.0.1:{port}/ in your browser" in said
    assert "sops/kitchen/check-cooler.yaml:" in said and "fixed: the site is up to date" in said
    assert str(root) not in said, "paths as check shows them, from the manual's folder"
    assert not (root / "site").exists(), "serve writes no site into the manual"
