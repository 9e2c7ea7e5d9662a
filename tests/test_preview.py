"""`serve`'s preview: after an edit it makes again only the pages the edit changes, and the site it serves is
then the very site a whole build makes (pages, search index, checklists' PDFs)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO, TODAY
from opsmanual.mkdocs.preview import Preview

pytestmark = pytest.mark.e2e

ADDRESS = "127.0.0.1:8765"
WHOLE = """
import shutil, sys
from datetime import date
from pathlib import Path
from opsmanual.mkdocs.preview import Preview
preview = Preview(Path(sys.argv[1]), date.fromisoformat(sys.argv[2]), sys.argv[3])
preview.build()
preview.finished()
shutil.copytree(preview.site, sys.argv[4])
preview.close()
"""


def _whole_build(root: Path, out: Path) -> Path:
    """The site a whole build makes, in a process of its own (MkDocs keeps one plugin object per process)."""
    subprocess.run([sys.executable, "-c", WHOLE, str(root), TODAY, ADDRESS, str(out)], check=True, capture_output=True)
    return out


def _site(folder: Path) -> dict[str, object]:
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel != "search/search_index.json":
            found[rel] = path.read_bytes()
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    found["search"] = (index["config"], sorted(index["docs"], key=lambda doc: json.dumps(doc, sort_keys=True)))
    return found


def _differences(ours: dict[str, object], whole: dict[str, object]) -> list[str]:
    return sorted(k for k in ours.keys() | whole.keys() if ours.get(k) != whole.get(k))


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    root = tmp_path / "manual"
    for part in ("sops", "checklists"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    served = Preview(root, date.fromisoformat(TODAY), ADDRESS)
    served.build()
    yield served
    served.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _update(preview: Preview, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    preview.update()
    preview.finished()
    said = capsys.readouterr().err
    assert said.splitlines()[-1].startswith("updated "), said
    return said


def test_an_edit_makes_again_only_its_pages_and_the_site_is_a_whole_builds(
    preview: Preview, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, kitchen = preview.root, preview.root / "sops" / "kitchen"
    cooler = kitchen / "check-cooler-and-freezer.yaml"
    pdf = preview.site / "checklists" / "opening.pdf"
    pdf_before = pdf.read_bytes()

    _edit(cooler, "do: Wash your hands and wipe the probe", "do: Wash your hands well and wipe the probe")
    assert _update(preview, capsys).startswith("updated kitchen/check-cooler-and-freezer.md in "), "its page alone"
    page = (preview.site / "kitchen" / "check-cooler-and-freezer" / "index.html").read_text(encoding="utf-8")
    assert "Wash your hands well" in page
    assert pdf.read_bytes() == pdf_before, "no checklist takes that step"

    _edit(cooler, "check: Freezer reading logged", "check: Freezer reading logged, with the time")
    said = _update(preview, capsys)
    assert "kitchen/check-cooler-and-freezer.md" in said and "checklists/opening.md" in said, said
    assert "the whole site" not in said and "kitchen/index.md" not in said, "a step is not on the area's page"
    assert pdf.read_bytes() != pdf_before, "the checklist that takes the step is printed again"

    _edit(cooler, "summary: Read and log", "summary: Read, check and log")
    said = _update(preview, capsys)
    assert "kitchen/index.md" in said and "the whole site" not in said, "the area's page lists the summary"

    _edit(root / "checklists" / "opening.yaml", "notes: |\n", "notes: |\n  Count the floats first.\n")
    said = _update(preview, capsys)
    assert "checklists/opening.md" in said and "the whole site" not in said

    _edit(cooler, "summary: Read, check", "# a comment an owner left\nsummary: Read, check")
    assert "no page" in _update(preview, capsys)

    assert _differences(_site(preview.site), _site(_whole_build(root, tmp_path / "whole"))) == []


def test_a_mkdocs_yml_broken_while_serving_is_said_and_the_site_stays(
    preview: Preview, capsys: pytest.CaptureFixture[str]
) -> None:
    own = preview.root / "mkdocs.yml"
    good = own.read_text(encoding="utf-8")
    home = (preview.site / "index.html").read_bytes()
    own.write_text(good.replace("  - opsmanual\n", ""), encoding="utf-8")
    preview.update()
    said = capsys.readouterr().err
    assert "does not list the opsmanual plugin" in said and "Traceback" not in said
    assert (preview.site / "index.html").read_bytes() == home
    own.write_text(good, encoding="utf-8")
    preview.update()
    assert "updated the whole site" in capsys.readouterr().err


def test_an_edit_that_every_page_shows_builds_the_whole_site(
    preview: Preview, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = preview.root
    _edit(root / "sops" / "kitchen" / "wash-hands.yaml", "title: ", "title: Always ")  # in every page's navigation
    assert "the whole site" in _update(preview, capsys)
    page = (preview.site / "kitchen" / "check-cooler-and-freezer" / "index.html").read_text(encoding="utf-8")
    assert "Always " in page

    new = root / "sops" / "kitchen" / "sharpen-the-knives.yaml"
    shutil.copy(root / "sops" / "kitchen" / "wash-hands.yaml", new)
    _edit(new, "title: Always ", "title: Sharpen ")
    _edit(new, "code: ", "code: X")
    assert "the whole site" in _update(preview, capsys)
    assert (preview.site / "kitchen" / "sharpen-the-knives" / "index.html").is_file()

    _edit(new, "roles: [", "roles: [nobody, ")  # a mistake: the preview shows it, on every page
    said = _update(preview, capsys)
    assert "unknown role 'nobody'" in said and "the whole site" in said
    assert "nobody" in (preview.site / "index.html").read_text(encoding="utf-8")
    _edit(new, "roles: [nobody, ", "roles: [")
    said = _update(preview, capsys)
    assert "fixed: the site is up to date" in said and "the whole site" in said

    assert _differences(_site(preview.site), _site(_whole_build(root, tmp_path / "whole"))) == []
