"""The site's pages: golden Markdown, a real `mkdocs build`, and nothing executable from YAML."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CASES, REPO, TODAY, run_cli
from html_scan import scan_site
from opsmanual.check import check_manual
from opsmanual.i18n import labels, languages
from opsmanual.render.site.pages import build_site_content

GOLDEN = Path(__file__).resolve().parent / "golden" / "site"
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def _example_pages() -> dict[str, str]:
    result = check_manual(REPO, date.fromisoformat(TODAY))
    assert result.manual is not None
    return {p.path: p.markdown for p in build_site_content(result.manual, date.fromisoformat(TODAY)).pages}


def test_golden_pages(update_golden: bool) -> None:
    pages = _example_pages()
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, markdown in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(markdown, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(expected), "run pytest --update-golden and read the diff"
    for path, markdown in pages.items():
        assert markdown == expected[path], f"{path} differs; run pytest --update-golden and read the diff"


def test_every_language_has_every_label() -> None:
    english = labels("en")
    for language in languages():
        words = labels(language)
        assert set(words) == set(english), f"{language}.yaml differs from en.yaml in its labels"
        for key, text in words.items():
            assert isinstance(text, str) and text.strip(), (language, key)


@pytest.mark.e2e
def test_the_example_builds_with_mkdocs_strict(tmp_path: Path) -> None:
    proc = subprocess.run(
        [MKDOCS, "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    site = tmp_path / "site"
    assert (site / "kitchen" / "plate-house-salad" / "index.html").is_file()
    assert (site / "media" / "house-salad-plating.svg").is_file()
    assert not list(site.rglob("*.yaml")), "YAML sources must not be published"
    page = (site / "front-of-house" / "handle-a-complaint" / "index.html").read_text(encoding="utf-8")
    for text in ("Handle a complaint", "Purpose", "Authority", "up to <strong>$25</strong>", "Change log"):
        assert text in page


def _build(root: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli("build", root, "--site-dir", site, "--today", TODAY, *extra)


@pytest.mark.e2e
def test_hostile_manual_builds_into_a_site_without_script(tmp_path: Path) -> None:
    proc = _build(HOSTILE, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "site"
    assert scan_site(site) == []
    page = (site / "kitchen" / "clean-the-grill" / "index.html").read_text(encoding="utf-8")
    assert (
        "&lt;script&gt;alert(&quot;purpose&quot;)&lt;/script&gt;" in page
        or '&lt;script&gt;alert("purpose")&lt;/script&gt;' in page
    ), "raw HTML is shown as text"
    assert "{{ 7*7 }}" in page, "YAML is never a template"


def test_the_scanner_catches_script(tmp_path: Path) -> None:
    """The scan above can fail: it finds what a careless renderer would let through."""
    (tmp_path / "a.html").write_text(
        '<html><body><p onclick="x()">a</p><a href="javascript:x()">b</a>'
        "<script>alert(1)</script><iframe></iframe></body></html>",
        encoding="utf-8",
    )
    assert len(scan_site(tmp_path)) == 4


@pytest.mark.e2e
def test_only_the_pictures_in_use_are_published(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(HOSTILE, root)
    (root / "sops" / "media" / "secret.txt").write_text("the safe's code", encoding="utf-8")
    (root / "sops" / "media" / "unused.png").write_bytes(b"\x89PNG")
    assert _build(root, tmp_path / "site").returncode == 0
    published = sorted(p.name for p in (tmp_path / "site" / "media").iterdir())
    assert published == ["grill.svg"]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.e2e
def test_a_manual_with_errors_builds_nothing(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    site = tmp_path / "site"
    assert _build(root, site).returncode == 0
    before = _snapshot(site)
    (root / "sops" / "kitchen" / "check-cooler.yaml").write_text("title: Broken\ncritical: yes\n", encoding="utf-8")
    proc = _build(root, site)
    assert proc.returncode == 1
    assert "error[missing-key]" in proc.stderr and "Traceback" not in proc.stderr
    assert _snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.opsmanual.lock", "manual", "site"]


@pytest.mark.e2e
def test_plain_mkdocs_stops_on_errors_without_traceback(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "sops" / "kitchen" / "check-cooler.yaml").write_text("title: Broken\n", encoding="utf-8")
    proc = subprocess.run(
        [MKDOCS, "build", "-f", str(root / "mkdocs.yml")], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 1
    assert "sops/kitchen/check-cooler.yaml:1:1: error[missing-key]" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.e2e
def test_a_mkdocs_yml_without_the_plugin_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    (root / "mkdocs.yml").write_text("site_name: x\ndocs_dir: sops\ntheme: material\n", encoding="utf-8")
    proc = _build(root, tmp_path / "site")
    assert proc.returncode == 1
    assert "mkdocs.yml:1:1: error[plugin-missing]" in proc.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.e2e
def test_a_manual_without_mkdocs_yml_builds_with_the_default(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    proc = run_cli("build", root, "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    assert (root / "site" / "index.html").is_file()
    assert f"{root / 'site'}/index.html" in proc.stdout
    assert "Corpus Café" in (root / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.e2e
def test_export_markdown_builds_with_plain_mkdocs(tmp_path: Path) -> None:
    out = tmp_path / "export"
    proc = run_cli("export-markdown", REPO, "-o", out, "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    assert (out / "docs" / "kitchen" / "plate-house-salad.md").read_text(encoding="utf-8") == (
        GOLDEN / "kitchen" / "plate-house-salad.md"
    ).read_text(encoding="utf-8")
    assert yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"] == ["search", "tags"]
    built = subprocess.run(
        [MKDOCS, "build", "--strict", "-f", str(out / "mkdocs.yml")], capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr[-2000:]
    assert (out / "site" / "front-of-house" / "handle-a-complaint" / "index.html").is_file()


@pytest.mark.e2e
@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_labels_follow_the_manual_language(tmp_path: Path, language: str) -> None:
    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    manual = root / "sops" / "manual.yaml"
    manual.write_text(
        manual.read_text(encoding="utf-8").replace("language: en", f"language: {language}"), encoding="utf-8"
    )
    assert run_cli("build", root, "--today", TODAY).returncode == 0
    page = (root / "site" / "kitchen" / "check-cooler" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in page
    assert {"en": "Purpose", "es": "Propósito", "fr": "Objectif"}[language] in page
    assert {"en": "Steps", "es": "Pasos", "fr": "Étapes"}[language] in page


_PIECES = [
    *"ab Zé1.,;:'\"()?%$-+/°\n",
    "*",
    "**",
    "**Zé**",
    "**a b**",
    "_",
    "`",
    "[",
    "]",
    "<",
    ">",
    "&",
    "#",
    "\\",
    "  ",
    "1.",
    "2)",
    "\t",
    "~",
    "=",
    "|",
    "!",
    "http://x.y",
    "-- ",
    "\n\n",
]


@pytest.mark.e2e
@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_plain_fields_render_as_the_parser_would(value: str) -> None:
    from opsmanual import markdown as markup

    fast = markup._plain_paragraph(value)
    if fast is not None:
        assert fast == markup.sanitize(markup._parser().render(value)).strip()


@pytest.mark.e2e
def test_the_site_is_never_written_among_the_sources(tmp_path: Path) -> None:
    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    proc = run_cli("build", root, "--site-dir", root / "sops" / "site")
    assert proc.returncode == 1 and "error[output-in-sources]" in proc.stderr
    assert not (root / "sops" / "site").exists()
    assert [p.name for p in (root / "sops").iterdir() if ".opsmanual-" in p.name] == []


@pytest.mark.e2e
def test_the_example_builds_in_french(tmp_path: Path) -> None:
    """A language is a file: the example manual, switched to French, builds with French labels, search and theme."""
    root = tmp_path / "manual"
    for folder in ("sops", "checklists"):
        shutil.copytree(REPO / folder, root / folder)
    manual = root / "sops" / "manual.yaml"
    manual.write_text(manual.read_text(encoding="utf-8").replace("language: en", "language: fr"), encoding="utf-8")
    assert run_cli("check", root, "--strict", "--today", TODAY).returncode == 0
    site = tmp_path / "site"
    assert run_cli("build", root, "--site-dir", site, "--today", TODAY).returncode == 0
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in home and "Comment utiliser ce manuel" in home and "Secteurs" in home
    page = (site / "kitchen" / "check-cooler-and-freezer" / "index.html").read_text(encoding="utf-8")
    assert "Plage autorisée" in page and "Historique des modifications" in page
    assert "fr" in (site / "search" / "search_index.json").read_text(encoding="utf-8")[:200]
    from pypdf import PdfReader

    text = PdfReader(site / "checklists" / "opening.pdf").pages[0].extract_text()
    assert "Page 1 sur" in text and "Chef de service" in text


def test_unsafe_pictures_are_never_published(tmp_path: Path) -> None:
    """Defence in depth: whatever check said, the build asks again before it copies a picture."""
    from opsmanual.render.site.pages import publishable

    root = tmp_path / "manual"
    shutil.copytree(CASES / "base", root)
    shutil.copytree(CASES / "invalid" / "unsafe-pictures" / "sops" / "media", root / "sops" / "media")
    names = sorted(f"media/{p.name}" for p in (root / "sops" / "media").iterdir())
    assert publishable(root, names) == ["media/fine.svg"]


def _pages_of(root: Path) -> dict[str, str]:
    result = check_manual(root, date.fromisoformat(TODAY))
    assert result.manual is not None, result.report
    return {p.path: p.markdown for p in build_site_content(result.manual, date.fromisoformat(TODAY)).pages}


def test_start_here_follows_each_roles_path_in_order() -> None:
    pages = _pages_of(REPO)
    manual_yaml = yaml.safe_load((REPO / "sops" / "manual.yaml").read_text(encoding="utf-8"))
    cook = next(r for r in manual_yaml["roles"] if r["id"] == "cook")
    page = pages["start/cook.md"]
    positions = [page.index(f'id="learned-{procedure}-r') for procedure in cook["training"]]
    assert positions == sorted(positions), "the path is in the order manual.yaml gives"
    assert f"of {len(cook['training'])}</strong>" in page
    assert "You should be able to" in page and "Hands scrubbed with soap for at least 20 seconds" in page
    assert 'id="learned-check-cooler-and-freezer-r2" disabled' in page, "a tick is of a revision, off without script"
    # a role without `training` gets its effective procedures in area order, and the home page points at every path
    host = pages["start/host.md"]
    assert host.index("learned-wash-hands-") < host.index("learned-answer-the-phone-"), "Kitchen comes before Front"
    linked = {role["id"] for role in manual_yaml["roles"] if f'href="start/{role["id"]}/"' in pages["index.md"]}
    assert linked == {role["id"] for role in manual_yaml["roles"]} - {"owner"}, "the owner's role has no procedures"
    assert "start/owner.md" not in pages


def test_the_team_page_only_when_the_manual_shows_it(tmp_path: Path) -> None:
    pages = _pages_of(REPO)
    assert "Eli Santos" in pages["team.md"] and "Chloé Martin" in pages["team.md"]
    assert "Farah Haddad" not in pages["team.md"], "someone who left is kept for the records, not shown"
    root = tmp_path / "manual"
    for name in ("sops", "checklists"):
        shutil.copytree(REPO / name, root / name)
    manual_yaml = root / "sops" / "manual.yaml"
    manual_yaml.write_text(manual_yaml.read_text(encoding="utf-8").replace("show_team: true", "show_team: false"))
    hidden = _pages_of(root)
    assert "team.md" not in hidden
    assert not [path for path, markdown in hidden.items() if "Eli Santos" in markdown], "no staff names on the site"
    assert "start/cook.md" in hidden, "the paths stay: they name roles, not people"


def test_what_changed_lists_every_change_newest_first() -> None:
    pages = _pages_of(REPO)
    page = pages["changes.md"]
    days = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', page)
    assert days == sorted(days, reverse=True) and len(days) >= 20
    assert "Take bookings in the paper book" in page, "a retired procedure stays reachable from the change log"
    assert 'href="../front-of-house/handle-a-complaint/"' in page
    assert "search:\n  exclude: true" in page, "an index page is not searched"


def test_retired_procedures_leave_the_navigation_and_checklists_run_in_shift_order() -> None:
    result = check_manual(REPO, date.fromisoformat(TODAY))
    assert result.manual is not None
    content = build_site_content(result.manual, date.fromisoformat(TODAY))
    paths = {p.path for p in content.pages}
    assert "front-of-house/take-bookings-in-the-paper-book.md" in paths, "its page stays"
    assert "take-bookings-in-the-paper-book" not in yaml.safe_dump(content.nav)
    area = next(p for p in content.pages if p.path == "front-of-house/index.md")
    assert "take-bookings-in-the-paper-book" not in area.markdown
    checklists = next(entry for entry in content.nav if "Checklists" in entry)["Checklists"][1:]
    order = [next(iter(c.values())).removeprefix("checklists/").removesuffix(".md") for c in checklists]
    assert order.index("opening") < order.index("hot-holding") < order.index("closing"), order
    index = next(p for p in content.pages if p.path == "checklists/index.md").markdown
    assert index.index('href="opening/"') < index.index('href="hot-holding/"') < index.index('href="closing/"')


@pytest.mark.e2e
def test_the_spanish_site_speaks_spanish_and_the_example_wears_its_brand(tmp_path: Path) -> None:
    site = tmp_path / "es"
    spanish = REPO / "tests" / "fixtures" / "spanish"
    assert run_cli("build", spanish, "--site-dir", site, "--today", TODAY).returncode == 0
    english = ("Made with", "Material for MkDocs", "Table of contents", "Back to top", "Skip to content", "Previous")
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not [words for words in english if words in html], page
    example = tmp_path / "example"
    assert run_cli("build", REPO, "--site-dir", example, "--today", TODAY).returncode == 0
    home = (example / "index.html").read_text(encoding="utf-8")
    assert 'data-md-color-primary="brown"' in home, "color: brown in manual.yaml"
    assert 'src="media/logo.svg"' in home and (example / "media" / "logo.svg").is_file(), "the logo, published"


def test_a_heading_in_a_field_sits_under_the_page_and_a_caption_is_read_once() -> None:
    from opsmanual.markdown import to_html

    assert to_html("# Before you start\n\ntext\n\n## Then") == "<h4>Before you start</h4>\n<p>text</p>\n<h5>Then</h5>"
    salad = _pages_of(REPO)["kitchen/plate-house-salad.md"]
    figure = re.search(r'<figure class="om-figure">.*?</figure>', salad)
    assert figure is not None
    assert 'alt="' in figure.group(0) and '<figcaption aria-hidden="true">' in figure.group(0)


def _pages_in(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def example_on_mkdocs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built by `opsmanual build` with its default engine, MkDocs."""
    site = tmp_path_factory.mktemp("engines") / "mkdocs"
    proc = _build(REPO, site)
    assert proc.returncode == 0, proc.stderr
    return site


@pytest.mark.e2e
def test_the_example_builds_on_properdocs_as_on_mkdocs(tmp_path: Path, example_on_mkdocs: Path) -> None:
    """The way out of MkDocs 1.x: ProperDocs (its maintained fork) runs the plugin and makes the same pages,
    on its own command line and as `opsmanual build --engine properdocs`."""
    site = tmp_path / "properdocs"
    proc = _build(REPO, site, "--engine", "properdocs")
    assert proc.returncode == 0, proc.stderr
    pages = _pages_in(site)
    assert pages == _pages_in(example_on_mkdocs) and len(pages) > 40 and "es/index.html" in pages
    assert 'content="mkdocs-ProperDocs' in (site / "index.html").read_text(encoding="utf-8")
    for one in (site, site / "es"):
        worker = next((one / "assets" / "javascripts" / "workers").glob("search.*.js"))
        assert "opsmanual-fold-search" in worker.read_text(encoding="utf-8"), "accent-forgiving search there too"
        assert (one / "checklists" / "closing.pdf").is_file()

    properdocs = str(Path(sys.executable).parent / "properdocs")
    own = subprocess.run(
        [properdocs, "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(tmp_path / "own")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert own.returncode == 0, own.stderr[-2000:]
    assert _pages_in(tmp_path / "own") == {p for p in pages if not p.startswith("es/")}


@pytest.mark.e2e
def test_the_example_builds_on_zensical_with_the_engine_option(tmp_path: Path, example_on_mkdocs: Path) -> None:
    """`opsmanual build --engine zensical`: the export built by Zensical, each translation in its folder, with the
    checklists; a site opsmanual may replace next time, as any build's."""
    site = tmp_path / "zensical"
    proc = _build(REPO, site, "--engine", "zensical")
    assert proc.returncode == 0, proc.stderr
    assert _pages_in(site) == _pages_in(example_on_mkdocs)
    assert (site / ".opsmanual").is_file() and (site / "checklists" / "opening.pdf").is_file()
    assert (site / "es" / "checklists" / "closing.pdf").is_file()
    spanish = (site / "es" / "index.html").read_text(encoding="utf-8")
    assert 'lang="es"' in spanish and 'hreflang="en"' in spanish, "the Spanish site, with its switcher"
    page = (site / "es" / "kitchen" / "wash-hands" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../kitchen/wash-hands/" hreflang="en"' in page, "the switcher leads to the same page"
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == ["zensical"], "no folder left beside the site"
    assert _build(REPO, site, "--engine", "zensical").returncode == 0, "and built again over itself"


def test_zensical_cannot_build_the_folder_copy(tmp_path: Path) -> None:
    proc = _build(REPO, tmp_path / "site", "--engine", "zensical", "--offline")
    assert proc.returncode == 1
    assert "error[engine-offline]" in proc.stderr and "hint:" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.e2e
def test_the_exported_markdown_builds_on_zensical_as_on_mkdocs(tmp_path: Path) -> None:
    """The other way out: export-markdown's plain Markdown and mkdocs.yml build with Zensical, the same pages."""
    out = tmp_path / "export"
    assert run_cli("export-markdown", REPO, "-o", out, "--today", TODAY).returncode == 0
    bin_dir = Path(sys.executable).parent
    mkdocs = subprocess.run(
        [str(bin_dir / "mkdocs"), "build", "-q", "-f", str(out / "mkdocs.yml"), "-d", str(tmp_path / "mkdocs")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert mkdocs.returncode == 0, mkdocs.stderr[-2000:]
    zensical = subprocess.run(
        [str(bin_dir / "zensical"), "build", "-f", str(out / "mkdocs.yml")], capture_output=True, text=True, timeout=300
    )
    assert zensical.returncode == 0, (zensical.stdout + zensical.stderr)[-2000:]
    assert _pages_in(out / "site") == _pages_in(tmp_path / "mkdocs") and len(_pages_in(out / "site")) > 40
