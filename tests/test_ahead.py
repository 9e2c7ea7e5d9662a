"""Pages made ahead of MkDocs (mkdocs/ahead.py): the same site, byte for byte, as MkDocs converting every page
itself; a page another plugin changed is converted by MkDocs; what MkDocs says while converting is said."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from conftest import REPO, TODAY
from html_scan import scan_site
from opsmanual.mkdocs.ahead import Ahead, ahead

sys.path.insert(0, str(REPO / "tools"))
from generate_manual import generate

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
BUILD = """
import sys
import opsmanual.mkdocs.plugin as plugin
plugin.PREFETCH_ABOVE = int(sys.argv[1])  # pages above this many are made ahead
from opsmanual.cli.main import main
sys.exit(main(["build", *sys.argv[2:]]))
"""


def _build(root: Path, site: Path, ahead_above: int, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", BUILD, str(ahead_above), str(root), "--site-dir", str(site), "--today", TODAY]
    return subprocess.run([*command, *extra], capture_output=True, text=True, timeout=600)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _same_sites(root: Path, tmp_path: Path, *extra: str) -> None:
    for ahead_above, site in ((0, "ahead"), (10**9, "mkdocs")):
        proc = _build(root, tmp_path / site, ahead_above, *extra)
        assert proc.returncode == 0, proc.stderr
    made, converted = _files(tmp_path / "ahead"), _files(tmp_path / "mkdocs")
    assert len(converted) > 100
    assert sorted(made) == sorted(converted)
    assert [name for name in made if made[name] != converted[name]] == []


@pytest.mark.e2e
def test_pages_made_ahead_are_the_pages_mkdocs_makes(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    generate(root, 60)
    shutil.copytree(REPO / "sops" / "media", root / "sops" / "media", dirs_exist_ok=True)
    _same_sites(root, tmp_path)


@pytest.mark.e2e
@pytest.mark.parametrize("extra", [(), ("--offline",)], ids=["served", "offline"])
def test_the_example_made_ahead_is_the_example_mkdocs_makes(tmp_path: Path, extra: tuple[str, ...]) -> None:
    """Every kind of page, its translation, pictures, links to steps and, offline, links to .html files."""
    _same_sites(REPO, tmp_path, *extra)


@pytest.mark.e2e
def test_a_hostile_manual_made_ahead_has_no_script(tmp_path: Path) -> None:
    proc = _build(HOSTILE, tmp_path / "site", 0)
    assert proc.returncode == 0, proc.stderr
    assert scan_site(tmp_path / "site") == []
    page = (tmp_path / "site" / "kitchen" / "clean-the-grill" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page


@pytest.mark.e2e
def test_a_page_another_plugin_changes_is_converted_by_mkdocs(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    generate(root, 5)
    (root / "hooks.py").write_text(
        textwrap.dedent(
            """
            def on_page_markdown(markdown, page, config, files):
                hooked = page.file.src_uri.endswith("procedure-0001.md")
                return markdown + "\\n\\nAdded *by a hook*.\\n" if hooked else markdown
            """
        ),
        encoding="utf-8",
    )
    (root / "mkdocs.yml").write_text(
        "site_name: Hooked\ndocs_dir: sops\ntheme: {name: material}\nplugins: [opsmanual, search]\nhooks: [hooks.py]\n",
        encoding="utf-8",
    )
    proc = _build(root, tmp_path / "site", 0)
    assert proc.returncode == 0, proc.stderr
    hooked = next((tmp_path / "site").rglob("procedure-0001/index.html")).read_text(encoding="utf-8")
    assert "Added <em>by a hook</em>." in hooked
    other = next((tmp_path / "site").rglob("procedure-0002/index.html")).read_text(encoding="utf-8")
    assert "by a hook" not in other


def _config_and_files(tmp_path: Path) -> tuple[object, Files]:
    (tmp_path / "docs").mkdir()
    stream = io.StringIO(f"site_name: Test\ndocs_dir: {tmp_path / 'docs'}\nmarkdown_extensions: [toc]\n")
    stream.name = str(tmp_path / "mkdocs.yml")
    config = load_config(stream)
    for name in ("a.md", "b.md"):
        (tmp_path / "docs" / name).write_text("", encoding="utf-8")
    files = Files([File(name, str(tmp_path / "docs"), str(tmp_path / "site"), True) for name in ("a.md", "b.md")])
    return config, files


def test_what_mkdocs_says_while_converting_ahead_is_said_when_the_page_is_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config, files = _config_and_files(tmp_path)
    written = "# A *title*\n\n## Part\n\nSee [b](b.md) and [gone](gone.md).\n"
    source = SimpleNamespace(path="a.md", render=lambda: written)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        made = ahead(source, True, files, config, Page)  # type: ignore[arg-type]
        assert caplog.records == [], "nothing is said while the page is made"
    assert [record.levelno for record in made.said] == [logging.WARNING]
    assert 'href="../b/"' in made.html and made.title == "A title"

    page = Page(None, files.get_file_from_path("a.md"), config)  # type: ignore[arg-type]
    page.file.content_string = made.source  # as the plugin's on_pre_page gives it
    page.read_source(config)  # type: ignore[arg-type]
    assert page.markdown == made.markdown
    page.render = Ahead(page, made)  # type: ignore[method-assign]
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        page.render(config, files)  # type: ignore[arg-type]
    assert ["gone.md" in record.getMessage() for record in caplog.records] == [True]
    assert page.content is made.html and page.title == "A title"
    assert [item.title for item in page.toc] == ["A title"] and page.present_anchor_ids == {"a-title", "part"}
    assert "render" not in vars(page), "the page has its own render again"


def test_a_page_whose_markdown_changed_since_is_converted_by_mkdocs(tmp_path: Path) -> None:
    config, files = _config_and_files(tmp_path)
    source = SimpleNamespace(path="a.md", render=lambda: "# Written\n")
    made = ahead(source, True, files, config, Page)  # type: ignore[arg-type]
    page = Page(None, files.get_file_from_path("a.md"), config)  # type: ignore[arg-type]
    page.file.content_string = made.source  # as the plugin's on_pre_page gives it
    page.read_source(config)  # type: ignore[arg-type]
    page.markdown = "# Changed by a plugin\n"
    page.render = Ahead(page, made)  # type: ignore[method-assign]
    page.render(config, files)  # type: ignore[arg-type]
    assert page.content is not None and "Changed by a plugin" in page.content and page.title == "Changed by a plugin"
