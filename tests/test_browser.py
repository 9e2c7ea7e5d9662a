"""The real site in headless Chromium: search, navigation, hostile pages, printing.

These tests skip when /usr/bin/chromium is absent, unless OPSMANUAL_REQUIRE_BROWSER=1
(as .ci/run sets it), where a missing browser fails them.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import CASES, REPO, TODAY, run_cli

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

if not CHROMIUM.exists():
    if os.environ.get("OPSMANUAL_REQUIRE_BROWSER") == "1":
        raise RuntimeError("Chromium is required here (OPSMANUAL_REQUIRE_BROWSER=1) but /usr/bin/chromium is missing")
    pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@functools.cache
def _built(name: str, root: Path, base: Path) -> Path:
    site = base / name
    proc = run_cli("build", root, "--site-dir", site, "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    return site


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """serve(name, root) -> the base URL of that manual's built site."""
    base = tmp_path_factory.mktemp("sites")
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(name: str, root: Path) -> str:
        site = _built(name, root, base)
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def _search(page: Any, url: str, words: str) -> list[str]:
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(words, delay=40)  # Material searches on real key presses
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return [t.strip() for t in page.locator(".md-search-result__item h1").all_inner_texts()]


def test_typing_a_word_from_a_step_finds_the_procedure(page: Any, serve: Any) -> None:
    url = serve("example", REPO)
    assert "Handle a complaint" in _search(page, url, "complaint")
    page.locator(".md-search-result__link").first.click()
    page.wait_for_load_state()
    assert "handle-a-complaint" in page.url


@pytest.mark.parametrize(
    ("words", "first"),
    [
        ("complaint", "Handle a complaint"),
        ("cooler", "Check the cooler and freezer temperatures"),
        ("allergy", "an allergy order"),
        ("phone", "Answer the phone"),
    ],
)
def test_search_puts_the_procedure_first_and_leaves_index_pages_out(
    page: Any, serve: Any, words: str, first: str
) -> None:
    url = serve("example", REPO)
    found = _search(page, url, words)
    assert first in found[0], found
    index_pages = {"Tags", "Review status", "By role", "By shift", "Kitchen", "Front of house", "Hazel Street Café"}
    assert not index_pages & set(found), found
    if words == "complaint":
        assert len(found) <= 3, found
    snippets = page.locator(".md-search-result__article").first.inner_text()
    assert not re.search(r"[a-z][A-Z][a-z]", snippets.replace("FOH", "")), f"words run together: {snippets[:200]}"


def test_a_word_inside_a_step_finds_its_page(page: Any, serve: Any) -> None:
    url = serve("example", REPO)
    assert "Plate the house salad" in _search(page, url, "ramekin")[:3]


def test_spanish_without_accents_finds_the_accented_page(page: Any, serve: Any) -> None:
    url = serve("spanish", FIXTURES / "spanish")
    assert "Cerrar el gas al terminar" in _search(page, url, "valvula")
    assert "Cerrar el gas al terminar" in _search(page, url, "válvula")
    assert "Cerrar el gas al terminar" in _search(page, url, "válvulas"), "stemming still works"
    assert "Limpiar la campana extractora" in _search(page, url, "desengrasantes")
    assert "Limpiar la campana extractora" in _search(page, url, "dejelos")


def test_english_search_forgives_accents_too(page: Any, serve: Any) -> None:
    url = serve("example", REPO)
    assert "Close the café" in _search(page, url, "cafe")


def test_the_navigation_leads_to_an_area_and_a_procedure(page: Any, serve: Any) -> None:
    page.goto(serve("example", REPO))
    page.locator(".md-sidebar--primary").get_by_role("link", name="Kitchen", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/kitchen/")
    assert page.locator("h1").first.inner_text().strip().rstrip("¶") == "Kitchen"
    page.locator("article").get_by_role("link", name="Plate the house salad").click()
    page.wait_for_load_state()
    assert page.url.endswith("/kitchen/plate-house-salad/")
    assert page.locator("h1").first.inner_text().strip().rstrip("¶") == "Plate the house salad"
    image = page.locator("figure.om-figure img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the plating picture loads"


def test_hostile_pages_raise_no_dialog(page: Any, serve: Any) -> None:
    url = serve("hostile", FIXTURES / "hostile")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (
        "",
        "kitchen/",
        "kitchen/clean-the-grill/",
        "roles/",
        "shifts/",
        "checklists/",
        "checklists/opening/",
        "review/",
        "tags/",
        "start/cook/",
        "team/",
    ):
        page.goto(url + path)
        page.wait_for_load_state("load")
        for element in page.locator("article a, article div, article img, .md-tag").all()[:40]:
            if element.is_visible():  # a print-only line is not on the screen to hover
                element.hover(timeout=2000, force=True)
        page.wait_for_timeout(100)
    _search(page, url, "grill")
    page.wait_for_timeout(300)
    assert dialogs == []


def test_a_procedure_prints_without_navigation(page: Any, serve: Any) -> None:
    page.goto(serve("example", REPO) + "front-of-house/handle-a-complaint/")
    assert page.locator(".md-sidebar--primary").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator("h1").first.is_visible()
    assert page.locator("ol.om-steps").first.is_visible()
    head = page.locator(".om-print-head")
    assert head.is_visible(), "the printout says what it is"
    for words in ("Hazel Street Café & Bistro", "FOH-003", "Revision 3", "Effective 2026-08-10", "Uncontrolled"):
        assert words.lower() in head.inner_text().lower(), words
    assert page.locator(".om-control").is_visible(), "document control is printed too"
    page.emulate_media(media="screen")
    assert head.is_hidden(), "on screen the title leads"


def test_a_checklist_page_is_one_aligned_table_per_section(page: Any, serve: Any) -> None:
    page.goto(serve("example", REPO) + "checklists/opening/")
    lefts = page.evaluate("""() => [...document.querySelectorAll('table.om-checklist tbody tr')]
        .map(row => Math.round(row.children[1].getBoundingClientRect().left))""")
    assert len(lefts) > 10 and len(set(lefts)) == 1, "every row's item starts in the same column"
    assert page.get_by_role("link", name="Download the printable PDF").get_attribute("href") == "../opening.pdf"
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".om-pdf-link").is_visible()


def test_the_pictures_check_refuses_would_run_script_when_opened(page: Any, tmp_path: Path) -> None:
    """Why an SVG with script is refused: opened on its own (as a reader may), its script runs on the site."""
    media = CASES / "invalid" / "unsafe-pictures" / "sops" / "media"
    handler = functools.partial(_Quiet, directory=str(media))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        for name in ("script.svg", "onload.svg", "foreign.svg"):
            page.goto(base + name)
            page.wait_for_timeout(300)
        page.goto(base + "javascript-link.svg")
        page.locator("text").first.click()
        page.wait_for_timeout(300)
        assert sorted(dialogs) == ["1", "2", "3", "4"], "each refused picture would have run its script"
        page.goto(base + "fine.svg")
        page.wait_for_timeout(300)
        assert len(dialogs) == 4, "the plain picture runs nothing"
    finally:
        server.shutdown()
        server.server_close()


def test_pictures_with_odd_names_show_on_the_site(page: Any, serve: Any, tmp_path: Path) -> None:
    """Spaces, #, % and letters beyond ASCII in a picture's name: the site links them URL-encoded."""
    root = tmp_path / "odd-names"
    shutil.copytree(CASES / "base", root)
    (root / "sops" / "media").mkdir()
    names = ["plate #2.png", "50% greens.png", "ensalada de la señora.png", "the walk in.svg"]
    for name in names:
        if name.endswith(".svg"):
            (root / "sops" / "media" / name).write_text(
                '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>',
                encoding="utf-8",
            )
        else:
            _write_png(root / "sops" / "media" / name)
    cooler = root / "sops" / "kitchen" / "check-cooler.yaml"
    steps = "".join(
        f"  - do: Look at picture {n}.\n    image: {{file: 'media/{name}', caption: Picture {n}}}\n"
        for n, name in enumerate(names)
    )
    cooler.write_text(cooler.read_text(encoding="utf-8") + steps, encoding="utf-8")
    page.goto(serve("odd-names", root) + "kitchen/check-cooler/")
    images = page.locator("figure.om-figure img")
    assert images.count() == len(names)
    loaded = images.evaluate_all("imgs => imgs.map(img => img.complete && img.naturalWidth > 0)")
    assert loaded == [True] * len(names)


def _write_png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), (20, 120, 110)).save(path, format="PNG")


def test_a_wide_table_scrolls_inside_its_box_on_a_phone(browser: Any, serve: Any) -> None:
    """The allergen matrix on a 390 px phone: its own box scrolls sideways, the page does not."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    try:
        tab.goto(serve("example", REPO) + "kitchen/prepare-an-allergy-order/")
        box = tab.locator(".om-table").first
        assert box.locator("th").first.inner_text().strip() == "Dish"
        widths = box.evaluate("b => [b.scrollWidth, b.clientWidth, document.documentElement.scrollWidth]")
        table_w, box_w, page_w = widths
        assert table_w > box_w, "the table is wider than the phone, so its box scrolls"
        assert page_w <= 390, "the page itself never scrolls sideways"
    finally:
        context.close()


def test_frequency_references_and_readings_show_on_the_pages(page: Any, serve: Any) -> None:
    url = serve("example", REPO)
    page.goto(url + "kitchen/cool-cooked-food/")
    text = page.locator("article").inner_text()
    for expected in (
        "Due within 2 h after: Off the heat, time and temperature written",
        "aim ≤ 3 °C (≤ 37 °F) · limit ≤ 5 °C (≤ 41 °F)",
        "FDA Food Code 2022, 3-501.14 Cooling",
    ):
        assert expected in text, expected
    page.goto(url + "kitchen/check-a-delivery/")
    assert "Expected\tYes" in page.locator("table.om-record").nth(1).inner_text()
    page.goto(url + "frequency/")
    groups = [h.strip().rstrip("¶") for h in page.locator("article h2").all_inner_texts()]
    assert groups == ["Several times a shift", "Every day or every shift", "Every week", "Every month", "As needed"]


def test_the_records_report_draws_its_charts_and_runs_nothing(page: Any, tmp_path: Path) -> None:
    """The HTML report of filled forms whose every free-text field holds markup: charts drawn, no script run."""
    from opsmanual import forms
    from test_records import COOLER, _copy_manual, _opening, _write

    root = _copy_manual(tmp_path / "manual")
    assert run_cli("checklist", root, "--only", "opening", "-o", tmp_path / "pdf").returncode == 0
    pdf = (tmp_path / "pdf" / "opening.pdf").read_bytes()
    hostile = '<img src=x onerror=alert("action")><script>alert("lead")</script>'
    files = []
    for n, value in enumerate(("3.5", "9", "4", "2.5")):
        day = f"2026-11-2{n}"
        values = _opening({"opening": pdf}, day) | {forms.value(COOLER): value, forms.action(COOLER): hostile}
        values |= {forms.RUN_LEAD: hostile, forms.signoff_name(1): hostile, forms.VERIFY_NAME: hostile}
        files.append(_write(tmp_path, f"{day}.pdf", pdf, values))
    db = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    assert run_cli("records", "import", *files, "--root", root, "--db", db, "--today", "2026-11-25").returncode == 0
    html = tmp_path / "report.html"
    proc = run_cli(
        "records",
        "report",
        root,
        "--db",
        db,
        "--from",
        "2026-11-20",
        "--to",
        "2026-11-23",
        "--format",
        "html",
        "-o",
        html,
    )
    assert proc.returncode == 0, proc.stderr

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    for element in page.locator("td, li, svg").all()[:80]:
        element.hover(timeout=2000, force=True)
    page.wait_for_timeout(200)

    assert dialogs == []
    assert page.locator("img, script").count() == 0
    cooler = page.locator("figure", has_text="Walk-in cooler temperature")
    assert cooler.locator("svg circle").count() == 4
    assert cooler.locator('svg circle[fill="#c62828"]').count() == 1, "the one reading out of range is marked"
    assert cooler.locator("svg rect").count() == 2, "the background and the allowed band"
    assert hostile in page.locator("table").last.inner_text(), "the text is shown as written, as text"
    assert page.locator(".calendar").count() >= 1


def test_start_here_ticks_stay_in_this_browser_only(browser: Any, serve: Any) -> None:
    url = serve("example", REPO)
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a new hire's phone
    tab = context.new_page()
    requests: list[tuple[str, str]] = []
    tab.on("request", lambda request: requests.append((request.method, request.url)))
    tab.goto(url + "start/cook/")
    tab.wait_for_load_state("networkidle")
    count = tab.locator(".om-path-count")
    assert count.inner_text() == "Learned: 0 of 7"
    requests.clear()
    tab.locator("#learned-wash-hands-r1").click()
    tab.locator("#learned-check-cooler-and-freezer-r2").click()
    assert count.inner_text() == "Learned: 2 of 7"
    tab.wait_for_timeout(300)
    assert requests == [], "a tick is sent nowhere"
    tab.reload()
    assert tab.locator("#learned-wash-hands-r1").is_checked()
    assert count.inner_text() == "Learned: 2 of 7", "the ticks come back from local storage"
    stored = tab.evaluate("Object.keys(localStorage).filter(k => k.startsWith('opsmanual.learned'))")
    assert len(stored) == 1 and stored[0].endswith(url), "kept per site"
    # the server's path shares the wash-hands procedure: a tick is of a procedure, whichever path shows it
    tab.goto(url + "start/server/")
    assert tab.locator("#learned-wash-hands-r1").is_checked()
    assert tab.locator(".om-path-count").inner_text() == "Learned: 1 of 5"
    tab.locator("#learned-wash-hands-r1").click()
    tab.goto(url + "start/cook/")
    assert tab.locator(".om-path-count").inner_text() == "Learned: 1 of 7", "an untick is kept too"
    assert not [method for method, _ in requests if method != "GET"], "the pages only read"
    context.close()


def test_the_training_matrix_reads_at_a_glance_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    """A hostile name and change note; each state in a mark and a word beside its colour; a phone scrolls the table."""
    from opsmanual.records.sample import fill, read_form, sample_training_values
    from test_records import _copy_manual

    root = _copy_manual(tmp_path / "manual")
    hostile = '<img src=x onerror=alert("person")>Zed <script>alert("name")</script>'
    team = root / "sops" / "team.yaml"
    team.write_text(
        team.read_text(encoding="utf-8") + f"  - {{id: zed, name: '{hostile}', roles: [cook], started: 2026-10-01}}\n",
        encoding="utf-8",
    )
    assert run_cli("training", "sheet", root, "--person", "zed", "-o", tmp_path / "sheets").returncode == 0
    printed = (tmp_path / "sheets" / "zed.pdf").read_bytes()
    signed = tmp_path / "zed-signed.pdf"
    signed.write_bytes(fill(printed, sample_training_values(read_form(printed), date(2026, 11, 2))))
    db = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    assert run_cli("records", "import", signed, "--root", root, "--db", db, "--today", "2026-12-02").returncode == 0
    note = '<script>alert("note")</script> less dressing'
    bumped = run_cli("bump", "plate-house-salad", "--root", root, "--db", db, "--note", note, "--today", "2026-12-02")
    assert bumped.returncode == 0, bumped.stderr
    html = tmp_path / "matrix.html"
    proc = run_cli("training", "status", root, "--db", db, "--today", "2026-12-02", "--format", "html", "-o", html)
    assert proc.returncode == 0, proc.stderr

    dialogs: list[str] = []
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        tab = context.new_page()
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(html.as_uri())
        tab.wait_for_load_state("load")
        for element in tab.locator("th, td, li").all()[:120]:
            element.hover(timeout=2000, force=True)
        assert dialogs == []
        assert tab.locator("img, script").count() == 0
        row = tab.locator("tr", has_text="Zed")
        assert hostile in row.locator("th").inner_text(), "the name is shown as written, as text"
        stale = row.locator("td.stale")
        assert stale.count() == 1 and stale.inner_text() == "! stale", "a word and a mark, not colour alone"
        assert note in (stale.get_attribute("title") or "")
        assert row.locator("td.current").first.inner_text() == "✓"
        legend = tab.locator(".legend").inner_text()
        for words in ("current: signed the current revision", "stale: signed an older revision", "missing: not signed"):
            assert words in legend
        assert note in tab.locator("li", has_text="Zed").inner_text(), "what changed, under the table"
        page_width = tab.evaluate("document.documentElement.scrollWidth")
        assert page_width <= width, "on a phone the table scrolls in its box, never the page"
        context.close()


def test_the_site_loads_nothing_from_another_origin(page: Any, serve: Any) -> None:
    url = serve("example", REPO)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("", "front-of-house/handle-a-complaint/", "checklists/opening/", "start/cook/"):
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
    _search(page, url, "cooler")
    assert requests and [r for r in requests if not r.startswith(url)] == [], "fonts and scripts are the site's own"


def test_by_role_has_its_table_of_contents(page: Any, serve: Any) -> None:
    page.goto(serve("example", REPO) + "roles/")
    toc = page.locator(".md-sidebar--secondary")
    toc.get_by_role("link", name="Cook", exact=True).click()
    assert page.url.endswith("#role-cook")


def test_a_checklist_page_is_one_card_per_row_on_a_phone(browser: Any, serve: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(serve("example", REPO) + "checklists/opening/")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling"
    rows = tab.locator("table.om-checklist tbody tr")
    assert rows.count() >= 20
    for n in range(rows.count()):
        card = rows.nth(n).bounding_box()
        assert card is not None and card["width"] >= 330, "each row takes the phone's width"
    assert tab.locator("table.om-checklist td.om-col-initials").first.is_hidden(), "paper's boxes stay on paper"
    cooler = tab.locator("tr", has_text="Walk-in cooler reading logged")
    assert "critical:" in cooler.locator(".om-sr").inner_text().lower(), "read out, not only drawn"
    assert cooler.locator(".om-critical-mark").get_attribute("aria-hidden") == "true"
    cooler.get_by_role("link", name="How to do it").click()
    tab.wait_for_load_state()
    assert "check-cooler-and-freezer" in tab.url and tab.url.endswith("#step-read-cooler")
    context.close()


@pytest.mark.parametrize(
    ("name", "area", "words", "first"),
    [("example", "Kitchen", "cooler", "Check the cooler"), ("spanish", "Cocina", "valvula", "Cerrar el gas")],
)
def test_an_offline_build_works_from_a_folder(
    page: Any, tmp_path: Path, name: str, area: str, words: str, first: str
) -> None:
    """`build --offline`, opened as files (file://): navigation, and search with its stemmers, no server."""
    root = REPO if name == "example" else FIXTURES / "spanish"
    site = tmp_path / "site"
    proc = run_cli("build", root, "--offline", "--site-dir", site, "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((site / "index.html").as_uri())
    page.locator(".md-sidebar--primary").get_by_role("link", name=area, exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/index.html") and page.locator("h1").first.inner_text().startswith(area), page.url
    assert first in _search(page, page.url, words)[0]
    page.locator(".md-search-result__link").first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and page.url.split("?")[0].split("#")[0].endswith(".html"), page.url
    assert [r for r in requests if not r.startswith("file://")] == [], "nothing from anywhere else"


def test_a_picture_opens_full_size_on_a_tap(browser: Any, serve: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(serve("example", REPO) + "kitchen/plate-house-salad/")
    figure = tab.locator("figure.om-figure").first
    shown = figure.locator("img").bounding_box()
    assert shown is not None and shown["width"] <= 390
    figure.locator("a.om-zoom").click()
    dialog = tab.locator("dialog.om-lightbox")
    dialog.wait_for()
    assert dialog.locator("img").get_attribute("alt") == figure.locator("img").get_attribute("alt")
    assert dialog.locator("button").get_attribute("aria-label") == "Close"
    tab.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert tab.url.endswith("/plate-house-salad/"), "the page stays where it was"
    context.close()


def test_the_keyboard_reaches_the_menu_and_the_search_on_a_phone(browser: Any, serve: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(serve("example", REPO) + "front-of-house/handle-a-complaint/")
    reached = []
    for _ in range(6):
        tab.keyboard.press("Tab")
        reached.append(tab.evaluate("document.activeElement.getAttribute('for') || document.activeElement.className"))
        if reached[-1] == "__drawer":
            break
    assert reached[-1] == "__drawer", f"the menu button is among the first stops: {reached}"
    tab.keyboard.press("Enter")
    assert tab.locator(".md-sidebar--primary").get_by_role("link", name="Kitchen", exact=True).is_visible()
    tab.keyboard.press("Escape")
    tab.goto(tab.url)
    tab.focus('label.md-header__button[for="__search"]')
    tab.keyboard.press("Enter")
    tab.keyboard.type("cooler")
    tab.wait_for_selector(".md-search-result__item", timeout=15000)
    context.close()


# One manual, two languages (manual.yaml `translations: [es]`): a site for each, the same page in each


def _switch(page: Any, language: str) -> None:
    page.wait_for_load_state("networkidle")  # the theme has read both sites' sitemaps: its click handler is armed
    page.hover(".md-header__option .md-select")
    page.locator(f"a.md-select__link[hreflang={language}]").click()
    page.wait_for_load_state()


def test_the_switcher_leads_to_the_same_page_in_the_other_language(page: Any, serve: Any) -> None:
    url = serve("example", REPO)
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(url + "kitchen/wash-hands/")
    _switch(page, "es")
    assert page.url == url + "es/kitchen/wash-hands/"
    assert page.locator("h1").first.inner_text().startswith("Lavarse las manos")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Frote durante 20 segundos" in page.locator(".om-steps").first.inner_text()
    _switch(page, "en")
    assert page.url == url + "kitchen/wash-hands/" and page.locator("h1").first.inner_text().startswith("Wash")
    assert failed == [], "every link and the theme's sitemaps are found"


def test_spanish_search_is_its_own_and_forgives_accents(page: Any, serve: Any) -> None:
    url = serve("example", REPO)
    found = _search(page, url + "es/", "valvula")
    assert found[0] == "Cerrar el café", found
    assert "Handle a complaint" not in _search(page, url + "es/", "queja")
    assert "Atender una queja" in _search(page, url + "es/", "queja")[0]


def test_an_untranslated_page_says_so_and_marks_its_language(page: Any, serve: Any) -> None:
    page.goto(serve("example", REPO) + "es/kitchen/check-cooler-and-freezer/")
    banner = page.locator(".om-translation-none")
    assert "todavía no está traducida: se muestra en inglés" in banner.inner_text()
    purpose = page.locator(".om-purpose .om-untranslated")
    assert purpose.get_attribute("lang") == "en" and "Everything we serve cold" in purpose.inner_text()


def test_a_stale_translation_shows_its_revision_and_what_changed(page: Any, tmp_path: Path, serve: Any) -> None:
    root = tmp_path / "manual"
    for folder in ("sops", "checklists"):
        shutil.copytree(REPO / folder, root / folder)
    bumped = run_cli("bump", "wash-hands", "--note", "A counting tip", "--root", root, "--today", TODAY)
    assert bumped.returncode == 0, bumped.stderr
    (root / "sops" / "kitchen" / "wash-hands.es.yaml").write_text(
        (REPO / "sops" / "kitchen" / "wash-hands.es.yaml")
        .read_text(encoding="utf-8")
        .replace("    tip: Tararee «Cumpleaños feliz» dos veces; eso son 20 segundos.\n", ""),
        encoding="utf-8",
    )
    page.goto(serve("stale", root) + "es/kitchen/wash-hands/")
    banner = page.locator(".om-translation").inner_text()
    assert "Esta traducción es de la revisión 1; el procedimiento está en la revisión 2" in banner
    assert "A counting tip" in banner and "Partes de esta página todavía no están traducidas" in banner
    tip = page.locator("#step-scrub .admonition.tip .om-untranslated")
    assert tip.get_attribute("lang") == "en" and "Happy Birthday" in tip.inner_text()
