"""The tablet app in headless Chromium on a phone and a tablet, through a dropped connection and a killed server.

Skips with test_browser.py when Chromium is absent (required where OPSMANUAL_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from conftest import run_cli
from opsmanual.check import check_manual
from opsmanual.records.db import open_records
from opsmanual.web.app import create_app
from opsmanual.web.pins import set_pin
from test_app import COOLER, PINS, Clock, _token
from test_browser import browser  # noqa: F401  (the fixture)
from test_records import _copy_manual

pytestmark = pytest.mark.e2e

TODAY = date.today()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, str]]:
    """The app on the example manual, in this process on a free port, at 06:50 today: (URL, root, db)."""
    root = _copy_manual(tmp_path / "manual")
    db = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    manual = check_manual(root, TODAY).manual
    assert manual is not None
    engine = open_records(root, db)
    for person, pin in PINS.items():
        set_pin(engine, person, pin)
    clock = Clock(datetime(TODAY.year, TODAY.month, TODAY.day, 6, 50))
    port = _free_port()
    config = uvicorn.Config(create_app(manual, engine, clock=clock), host="127.0.0.1", port=port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", root, db
    server.should_exit = True
    thread.join(10)
    engine.dispose()


def _sign_in(tab: Any, url: str, name: str, person: str) -> None:
    tab.goto(url + "/signin")
    tab.get_by_label(name).check()
    tab.get_by_label("PIN").fill(PINS[person])
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url("**/today")


@pytest.mark.parametrize("size", [(390, 844), (1024, 768)], ids=["phone", "tablet"])
def test_a_cook_runs_the_opening_checklist(browser: Any, served: tuple[str, Path, str], size: tuple[int, int]) -> None:  # noqa: F811
    url, root, db = served
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    _sign_in(tab, url, "Ben Osei", "ben-osei")
    assert "Now: Opening" in tab.locator("main").inner_text()
    tab.get_by_role("link", name="Opening — kitchen and front of house").click()
    assert tab.evaluate("document.documentElement.scrollWidth") <= size[0], "nothing runs off the screen"

    arrive = tab.locator('[id="open-the-cafe.arrive"]')
    arrive.get_by_role("button", name="Done").click()
    box = tab.locator('[id="open-the-cafe.arrive"] button.tick.ticked')
    box.wait_for()  # saved, and the page shows the row as the server has it
    assert "Saved at 06:50 · BO" in tab.locator('[id="open-the-cafe.arrive"] .status').inner_text()
    assert box.inner_text().startswith("✓"), "ticked"
    assert box.bounding_box()["height"] >= 44, "a touch target"

    cooler = tab.locator(f'[id="{COOLER}"]')
    action = cooler.locator(".action")
    assert action.is_hidden()
    cooler.locator('input[name="value"]').press_sequentially("9", delay=30)
    assert action.is_visible(), "out of range: the corrective action opens as it is typed"
    assert "move high-risk food" in action.inner_text(), "the procedure's if_out_of_range, shown at once"
    cooler.get_by_role("button", name="Save").click()
    tab.wait_for_timeout(300)
    assert cooler.locator(".status").inner_text() == "", "not saved without what was done"
    cooler.locator('textarea[name="action"]').fill("Moved the stock to the reach-in cooler and called Dana")
    cooler.get_by_role("button", name="Save").click()
    cooler.locator(".status", has_text="Saved at 06:50").wait_for()

    freezer = tab.locator('[id="check-cooler-and-freezer.read-freezer"]')
    freezer.locator('input[name="value"]').fill("-20")
    assert freezer.locator(".action").is_hidden()
    freezer.get_by_role("button", name="Save").click()
    freezer.locator(".status", has_text="Saved at").wait_for()

    tab.locator(".signline", has_text="Opening cook").get_by_role("button", name="Sign off").click()
    tab.locator(".signed", has_text="Signed by Ben Osei at 06:50").wait_for()
    assert dialogs == []
    assert [r for r in requests if not r.startswith(url + "/")] == [], "nothing from another origin"
    context.close()

    report = run_cli(
        "records", "report", root, "--db", db, "--from", TODAY.isoformat(), "--format", "json",
        "--today", TODAY.isoformat(),
    )  # fmt: skip
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    cooler_row = next(r for r in data["readings"] if r["what"] == "Walk-in cooler temperature")
    assert cooler_row["value"] == 9 and cooler_row["time"] == "06:50" and cooler_row["in_range"] is False
    assert "reach-in" in (cooler_row["action"] or "") and cooler_row["initials"] == "BO", cooler_row


def test_a_row_saved_without_a_connection_is_kept_and_sent_when_it_is_back(
    browser: Any,  # noqa: F811
    served: tuple[str, Path, str],
) -> None:
    url, root, db = served
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    tab = context.new_page()
    _sign_in(tab, url, "Ben Osei", "ben-osei")
    tab.goto(url + "/run/opening")
    freezer = tab.locator('[id="check-cooler-and-freezer.read-freezer"]')
    freezer.locator('input[name="value"]').fill("-19")
    context.set_offline(True)
    freezer.get_by_role("button", name="Save").click()
    freezer.locator(".status.retry").wait_for()
    assert "trying again" in freezer.locator(".status").inner_text()
    waiting = tab.locator("#waiting")
    assert waiting.is_visible() and "1 rows waiting" in waiting.inner_text()
    assert _rows(root, db) == [], "not recorded yet"
    context.set_offline(False)
    freezer.locator(".status", has_text="Saved at").wait_for(timeout=15000)
    assert waiting.is_hidden()
    assert [r["key"] for r in _rows(root, db)] == ["check-cooler-and-freezer.read-freezer"]
    context.close()


def _rows(root: Path, db: str) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from opsmanual.records.schema import entries

    engine = open_records(root, db, create=False)
    with engine.connect() as connection:
        found = connection.execute(select(entries.c.content).where(entries.c.kind == "row")).scalars().all()
    engine.dispose()
    return [json.loads(c)["row"] for c in found]


def test_a_server_killed_mid_run_loses_no_saved_row(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """`records serve` killed (SIGKILL) after three rows: they are there, and the run goes on after a restart."""
    import httpx2 as httpx

    root = _copy_manual(tmp_path / "manual")
    db = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    for person in ("ben-osei",):
        pin = subprocess.run(
            [str(Path(sys.executable).parent / "opsmanual"), "records", "set-pin", person, "--root", str(root),
             "--db", db],
            input=PINS[person] + "\n", capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert pin.returncode == 0, pin.stderr
    port = _free_port()

    def start() -> subprocess.Popen[bytes]:
        command = [str(Path(sys.executable).parent / "opsmanual"), "records", "serve", str(root), "--db", db]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        process = subprocess.Popen([*command, "--port", str(port)], **quiet)
        for _ in range(200):
            try:
                httpx.get(f"http://127.0.0.1:{port}/signin", timeout=1)
                return process
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    server = start()
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}")
    request.addfinalizer(client.close)
    token = _token(client.get("/signin").text)
    signed = client.post("/signin", data={"csrf": token, "person": "ben-osei", "pin": PINS["ben-osei"]})
    assert signed.status_code == 303
    token = _token(client.get("/run/opening").text)
    headers = {"Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token}
    keys = ["open-the-cafe.arrive", "open-the-cafe.wash-hands", "open-the-cafe.equipment-on"]
    for key in keys:
        saved = client.post("/run/opening/row", content=json.dumps({"key": key, "done": True}), headers=headers)
        assert saved.status_code == 200, saved.text
    os.kill(server.pid, signal.SIGKILL)
    server.wait(10)
    assert [r["key"] for r in _rows(root, db)] == keys, "every row the server said it saved"
    server = start()
    try:  # the same session goes on: its secret is in the database
        more = client.post("/run/opening/row", content=json.dumps({"key": COOLER, "value": "3"}), headers=headers)
        assert more.status_code == 200, more.text
    finally:
        server.terminate()
        server.wait(10)
    assert len(_rows(root, db)) == 4
    assert run_cli("records", "verify", root, "--db", db).returncode == 0
