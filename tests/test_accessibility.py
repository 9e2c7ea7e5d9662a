"""WCAG 2.1 A and AA on every kind of page, desktop and phone, English and Spanish: axe-core in Chromium.

axe-core comes from npm at the version tests/axe/package-lock.json pins (`make axe`). Skips when it
or Chromium is absent, unless OPSMANUAL_REQUIRE_BROWSER=1 (as .ci/run sets it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from test_browser import FIXTURES, browser, serve  # noqa: F401  (the fixtures)

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
if not AXE.exists():
    if os.environ.get("OPSMANUAL_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"axe-core is required here but {AXE} is missing: make axe (npm ci --prefix tests/axe)")
    pytest.skip("axe-core is not installed: make axe", allow_module_level=True)

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
EXAMPLE_PAGES = (
    "",
    "kitchen/",
    "front-of-house/handle-a-complaint/",
    "kitchen/plate-house-salad/",
    "front-of-house/take-bookings-in-the-paper-book/",
    "checklists/",
    "checklists/opening/",
    "checklists/cooling-and-deliveries/",
    "roles/",
    "shifts/",
    "frequency/",
    "review/",
    "changes/",
    "tags/",
    "start/cook/",
    "team/",
    "es/",  # the Spanish site of the example: translated, untranslated (marked) and stale-free pages
    "es/front-of-house/handle-a-complaint/",
    "es/kitchen/check-cooler-and-freezer/",
    "es/checklists/closing/",
)
SPANISH_PAGES = ("", "cocina/", "cocina/cerrar-el-gas/", "checklists/", "roles/", "changes/")


def _violations(tab: Any, url: str) -> list[str]:
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    tab.add_script_tag(path=str(AXE))
    found = tab.evaluate(
        """async (rules) => (await axe.run(document, {runOnly: {type: 'tag', values: rules}})).violations
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""",
        RULES,
    )
    return [str(v) for v in found]


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    ("name", "pages"), [("example", EXAMPLE_PAGES), ("spanish", SPANISH_PAGES)], ids=["example", "spanish"]
)
def test_every_kind_of_page_has_no_wcag_violation(
    browser: Any,  # noqa: F811
    serve: Any,  # noqa: F811
    name: str,
    pages: tuple[str, ...],
    size: tuple[int, int],
) -> None:
    url = serve(name, REPO if name == "example" else FIXTURES / "spanish")
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    tab = context.new_page()
    found = {path or "/": _violations(tab, url + path) for path in pages}
    context.close()
    assert {path: v for path, v in found.items() if v} == {}
