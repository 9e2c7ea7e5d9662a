"""The tablet app in process (Starlette's TestClient), as a shift lead uses it and as an attacker tries it.

Runs on SQLite and on the tests' own PostgreSQL server, as the other records tests do. The
browser tests (phone, tablet, a dropped connection) are in test_app_browser.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from starlette.testclient import TestClient

from conftest import REPO, run_cli
from opsmanual.check import check_manual
from opsmanual.model import Manual
from opsmanual.records.chain import verify as verify_chain
from opsmanual.records.db import open_records
from opsmanual.records.schema import entries, pins
from opsmanual.web.app import create_app
from opsmanual.web.pins import set_pin
from test_records import _copy_manual

pytestmark = pytest.mark.e2e

PINS = {"dana-kim": "4826", "ben-osei": "7391", "chloe-martin": "5082"}
COOLER = "check-cooler-and-freezer.read-cooler"
ARRIVE = "open-the-cafe.arrive"
HOSTILE = '\'); DROP TABLE entries; -- <script>alert("x")</script><img src=x onerror=alert(1)>'


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Site:
    root: Path
    db: str
    manual: Manual
    clock: Clock
    app: Any

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://testserver", follow_redirects=False)

    def signed_in(self, person: str) -> TestClient:
        client = self.client()
        token = _token(client.get("/signin").text)
        answer = client.post("/signin", data={"csrf": token, "person": person, "pin": PINS[person]})
        assert answer.status_code == 303 and answer.headers["location"] == "/today", answer.text
        return client

    def entries(self, kind: str) -> list[dict[str, Any]]:
        engine = open_records(self.root, self.db, create=False)
        with engine.connect() as connection:
            query = select(entries.c.person, entries.c.content).where(entries.c.kind == kind).order_by(entries.c.id)
            found = [{"person": p, **json.loads(c)} for p, c in connection.execute(query)]
        engine.dispose()
        return found


def _token(page: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', page)
    assert found is not None, page[:500]
    return found.group(1)


@pytest.fixture
def site(tmp_path: Path, db: str) -> Iterator[Site]:
    root = _copy_manual(tmp_path / "manual")
    manual = check_manual(root, date(2026, 12, 2)).manual
    assert manual is not None
    engine = open_records(root, db)
    for person, pin in PINS.items():
        set_pin(engine, person, pin)
    clock = Clock(datetime(2026, 12, 2, 6, 50))  # in the opening shift
    yield Site(root, db, manual, clock, create_app(manual, engine, clock=clock))
    engine.dispose()


def _save(client: TestClient, checklist: str, **row: Any) -> Any:
    token = _token(client.get(f"/run/{checklist}").text)
    return client.post(
        f"/run/{checklist}/row",
        content=json.dumps(row),
        headers={"Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token},
    )


def test_nothing_without_a_session(site: Site) -> None:
    client = site.client()
    for path in ("/today", "/run/opening", "/history", "/verify"):
        answer = client.get(path)
        assert answer.status_code == 303 and answer.headers["location"] == "/signin", path
    token = _token(client.get("/signin").text)  # an anonymous session has a token, and still may not write
    for path in ("/run/opening/row", "/run/opening/signoff", "/verify/1"):
        answer = client.post(path, data={"csrf": token, "key": ARRIVE, "done": "true", "n": "1"})
        assert answer.status_code == 401, path
    assert site.entries("row") == []


def test_every_response_carries_the_security_headers(site: Site) -> None:
    client = site.signed_in("dana-kim")
    for path in ("/signin", "/today", "/run/opening", "/history", "/static/app.js", "/nowhere"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"
    cookie = site.client().get("/signin").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_a_forged_or_missing_csrf_token_is_refused(site: Site) -> None:
    client = site.signed_in("ben-osei")
    assert client.post("/run/opening/row", data={"key": ARRIVE, "done": "true"}).status_code == 403
    assert client.post("/run/opening/row", data={"csrf": "forged", "key": ARRIVE, "done": "true"}).status_code == 403
    other = site.signed_in("dana-kim")  # a real token, of another session
    stolen = _token(other.get("/today").text)
    assert client.post("/run/opening/row", data={"csrf": stolen, "key": ARRIVE, "done": "true"}).status_code == 403
    json_headers = {"Content-Type": "application/json", "X-CSRF-Token": "forged"}
    body = json.dumps({"key": ARRIVE, "done": True})
    assert client.post("/run/opening/row", content=body, headers=json_headers).status_code == 403
    assert site.entries("row") == [], "nothing was recorded"
    token = _token(client.get("/run/opening").text)
    assert client.post("/run/opening/row", data={"csrf": token, "key": ARRIVE, "done": "true"}).status_code == 303
    assert len(site.entries("row")) == 1


def test_five_wrong_pins_lock_a_person_for_fifteen_minutes(site: Site) -> None:
    client = site.client()
    token = _token(client.get("/signin").text)
    for left in (4, 3, 2, 1):
        answer = client.post("/signin", data={"csrf": token, "person": "ben-osei", "pin": "0000"})
        assert answer.status_code == 401 and f"{left} more tries" in answer.text
    answer = client.post("/signin", data={"csrf": token, "person": "ben-osei", "pin": "0000"})
    assert answer.status_code == 401 and "Locked after five wrong PINs" in answer.text
    answer = client.post("/signin", data={"csrf": token, "person": "ben-osei", "pin": PINS["ben-osei"]})
    assert answer.status_code == 401 and "Locked" in answer.text, "the right PIN waits for the lock to lift"
    assert site.signed_in("dana-kim"), "the lock is one person's"
    engine = open_records(site.root, site.db, create=False)
    with engine.begin() as connection:  # fifteen minutes later
        row = connection.execute(select(pins.c.locked_until).where(pins.c.person == "ben-osei")).scalar()
        assert row is not None
        lifted = (datetime.fromisoformat(row) - timedelta(minutes=16)).isoformat()
        connection.execute(update(pins).where(pins.c.person == "ben-osei").values(locked_until=lifted))
        stored = connection.execute(select(pins.c.hash)).scalars().all()
    engine.dispose()
    assert all(h.startswith("$argon2id$") and PINS["ben-osei"] not in h for h in stored), "only Argon2 hashes"
    assert site.signed_in("ben-osei")


def test_a_session_ends_with_the_shift(site: Site) -> None:
    client = site.signed_in("ben-osei")
    assert client.get("/today").status_code == 200
    site.clock.now = datetime(2026, 12, 2, 11, 1)  # the opening shift ended at 11:00
    answer = client.get("/today")
    assert answer.status_code == 303 and answer.headers["location"] == "/signin"


def test_an_out_of_range_reading_needs_what_was_done(site: Site) -> None:
    client = site.signed_in("ben-osei")
    answer = _save(client, "opening", key=COOLER, value="9")
    assert answer.status_code == 422 and answer.json()["field"] == "action"
    assert _save(client, "opening", key=COOLER, value="nine").json()["field"] == "value"
    assert site.entries("row") == []
    answer = _save(client, "opening", key=COOLER, value="9", action="Moved the stock to the reach-in, called Dana")
    assert answer.status_code == 200 and answer.json() == {"ok": True, "time": "06:50", "in_range": False}
    assert _save(client, "opening", key=COOLER, value="3,5").json()["field"] == "value", "no decimal comma in English"
    saved = site.entries("row")
    assert saved[0]["person"] == "ben-osei" and saved[0]["row"]["time"] == "06:50"
    assert saved[0]["row"]["initials"] == "BO" and saved[0]["row"]["value"] == 9


def test_roles_decide_who_fills_verifies_and_reads_the_history(site: Site) -> None:
    server = site.signed_in("chloe-martin")  # a server: not on the opening checklist, no verifier
    assert _save(server, "opening", key=ARRIVE, done=True).status_code == 403
    assert server.get("/history").status_code == 403
    cook = site.signed_in("ben-osei")
    assert _save(cook, "opening", key=ARRIVE, done=True).status_code == 200
    token = _token(cook.get("/run/opening").text)
    for n in (1, 2):
        assert cook.post("/run/opening/signoff", data={"csrf": token, "n": str(n)}).status_code == 303
    run = site.entries("run")[0]
    run_id = int(re.findall(r'action="/verify/(\d+)', site.signed_in("dana-kim").get("/verify").text)[0])
    assert cook.post(f"/verify/{run_id}", data={"csrf": token}).status_code == 403, "a cook does not verify"
    assert cook.get("/verify").status_code == 403
    assert site.entries("verification") == []
    site.clock.now = datetime(2026, 12, 3, 9, 0)  # the manager verifies the next morning
    manager = site.signed_in("dana-kim")
    waiting = manager.get("/verify").text
    assert run["form"]["title"] in waiting and "2026-12-02" in waiting
    token = _token(waiting)
    assert manager.post(f"/verify/{run_id}", data={"csrf": token}).status_code == 303
    assert manager.post(f"/verify/{run_id}", data={"csrf": token}).status_code == 422, "once"
    verified = site.entries("verification")
    assert [(v["person"], v["date"]) for v in verified] == [("dana-kim", "2026-12-03")]
    assert "Nothing is waiting for you to verify" in manager.get("/verify").text
    history = manager.get("/history")
    assert history.status_code == 200 and "Records of Hazel Street" in history.text
    styles = history.headers["content-security-policy"]
    assert "'sha256-" in styles and "unsafe-inline" not in styles, "the report's own style, by hash"


def test_sql_and_script_in_every_text_field_are_kept_as_text(site: Site) -> None:
    client = site.signed_in("ben-osei")
    assert _save(client, "opening", key=COOLER, value="12", action=HOSTILE).status_code == 200
    lead = site.signed_in("dana-kim")  # the kitchen diary is the shift lead's
    diary = _save(lead, "kitchen-diary", key="note.deliveries-refused-and-why", column="wednesday", note=HOSTILE)
    assert diary.status_code == 200, diary.text
    sheet = client.get("/run/cooling-and-deliveries").text
    column = re.findall(r'name="cell\.([^"]+)"', sheet.split('id="log.goods-in-sheet"')[1])[0]
    log = _save(client, "cooling-and-deliveries", key="log.goods-in-sheet", cells={column: HOSTILE})
    assert log.status_code == 200, log.text
    assert "&lt;script&gt;alert" in client.get("/run/cooling-and-deliveries").text
    page = client.get("/run/opening").text
    assert HOSTILE not in page and "&lt;script&gt;" in page and "<img src=x" not in page
    assert "DROP TABLE entries" in page, "shown as written"
    diary_page = lead.get("/run/kitchen-diary").text
    assert "&lt;script&gt;alert" in diary_page and "<script>alert" not in diary_page
    assert site.entries("row")[0]["row"]["action"] == HOSTILE, "stored as written"
    engine = open_records(site.root, site.db, create=False)
    with engine.connect() as connection:
        assert verify_chain(connection).intact
    engine.dispose()


def test_a_log_line_adds_to_the_lines_before_it(site: Site) -> None:
    client = site.signed_in("ben-osei")
    sheet = client.get("/run/cooling-and-deliveries").text
    names = re.findall(r'name="cell\.([^"]+)"', sheet.split('id="log.cooling-chart"')[1].split("</form>")[0])
    first = {names[0]: "Chicken stock", names[1]: "68"}
    assert _save(client, "cooling-and-deliveries", key="log.cooling-chart", cells=first).status_code == 200
    second = {names[0]: "Rice", names[1]: "71"}
    assert _save(client, "cooling-and-deliveries", key="log.cooling-chart", cells=second).status_code == 200
    rows = site.entries("row")
    assert [line["cells"][names[0]] for line in rows[-1]["row"]["cells"]] == ["Chicken stock", "Rice"]
    assert "Chicken stock" in client.get("/run/cooling-and-deliveries").text


def test_only_what_is_due_today_can_be_filled(site: Site) -> None:
    client = site.signed_in("dana-kim")
    assert client.get("/run/four-weekly-review").status_code == 404, "not due on this day"
    assert _save(client, "opening", key="no-such-row", done=True).json()["field"] == "key"
    week = _save(client, "kitchen-diary", key="task.opening-checklist-done-and-signed", column="monday", done=True)
    assert week.status_code == 200, "a week sheet: the column is chosen, the run is the week's"
    assert site.entries("run")[0]["date"] == "2026-11-30"


def test_the_live_run_is_in_the_inspectors_report(site: Site) -> None:
    client = site.signed_in("ben-osei")
    _save(client, "opening", key=COOLER, value="3.5")
    _save(client, "opening", key="check-cooler-and-freezer.read-freezer", value="-21")
    _save(client, "opening", key=ARRIVE, done=True)
    token = _token(client.get("/run/opening").text)
    client.post("/run/opening/signoff", data={"csrf": token, "n": "1"})
    proc = run_cli(
        "records", "report", site.root, "--db", site.db, "--from", "2026-12-02", "--to", "2026-12-02",
        "--format", "csv", "--today", "2026-12-02",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    cooler = [line for line in proc.stdout.splitlines() if "Walk-in cooler temperature" in line]
    assert cooler and "3.5" in cooler[0] and "06:50" in cooler[0], proc.stdout[:2000]
    assert run_cli("records", "verify", site.root, "--db", site.db).returncode == 0
    page = client.get("/today").text
    assert "Opening — kitchen and front of house" in page and "In progress" in page


def test_set_pin_asks_and_refuses_a_weak_or_unknown_one(tmp_path: Path) -> None:
    root = _copy_manual(tmp_path / "manual")
    db = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    opsmanual = str(Path(sys.executable).parent / "opsmanual")

    def set_pin_(person: str, typed: str) -> subprocess.CompletedProcess[str]:
        command = [opsmanual, "records", "set-pin", person, "--root", str(root), "--db", db]
        return subprocess.run(command, input=typed, capture_output=True, text=True, timeout=120)

    weak = set_pin_("ben-osei", "1111\n")
    assert weak.returncode == 1 and "error[bad-pin]" in weak.stderr
    unknown = set_pin_("ben-osie", "7391\n")
    assert unknown.returncode == 1 and "ben-osei" in unknown.stderr, "a suggestion"
    done = set_pin_("ben-osei", "7391\n")
    assert done.returncode == 0 and "PIN set for Ben Osei" in done.stdout
    assert "7391" not in Path(db.removeprefix("sqlite:///")).read_bytes().decode("latin-1")
    help_text = run_cli("records", "set-pin", "--help").stdout
    assert "--pin" not in help_text, "never on the command line"


def test_twenty_tablets_at_once_lose_no_row() -> None:
    """The load benchmark, briefly: 20 signed-in tablets saving rows on loopback; every answered save recorded."""
    bench = Path(__file__).resolve().parent.parent / "tools" / "bench_app.py"
    command = [sys.executable, str(bench), "--tablets", "20", "--seconds", "5", "--pause", "0.1"]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ", 0 errors" in proc.stdout and "; lost 0" in proc.stdout, proc.stdout
    saves = int(re.search(r"saves\s+([\d,]+) answered", proc.stdout).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert saves >= 100, proc.stdout


def test_the_app_speaks_the_manuals_language(tmp_path: Path) -> None:
    root = _copy_manual(tmp_path / "manual")
    manual_yaml = root / "sops" / "manual.yaml"
    written = manual_yaml.read_text(encoding="utf-8").replace("language: en", "language: es", 1)
    manual_yaml.write_text(re.sub(r"(?m)^translations: .*\n", "", written), encoding="utf-8")
    for overlay in root.rglob("*.es.yaml"):  # a Spanish manual has no Spanish translation
        overlay.unlink()
    manual = check_manual(root, date(2026, 12, 2)).manual
    assert manual is not None and manual.language == "es"
    engine = open_records(root, f"sqlite:///{tmp_path / 'records.sqlite3'}")
    set_pin(engine, "ben-osei", PINS["ben-osei"])
    site = Site(root, "", manual, Clock(datetime(2026, 12, 2, 6, 50)), None)
    site.app = create_app(manual, engine, clock=site.clock)
    client = site.client()
    page = client.get("/signin").text
    assert '<html lang="es">' in page and "¿Quién es usted?" in page and ">Entrar<" in page
    token = _token(page)
    wrong = client.post("/signin", data={"csrf": token, "person": "ben-osei", "pin": "0000"})
    assert "PIN incorrecto: le quedan 4 intentos" in wrong.text
    client = site.signed_in("ben-osei")
    assert "Ahora: Opening" in client.get("/today").text
    run = client.get("/run/opening").text
    assert "¿Qué hizo?" in run and "Fuera de rango" in run and ">Guardar<" in run
    answer = _save(client, "opening", key=COOLER, value="3,5")
    assert answer.status_code == 200, "a decimal comma, in Spanish"
    engine.dispose()


def test_today_says_what_is_late_in_progress_and_done(site: Site) -> None:
    client = site.signed_in("dana-kim")
    today = client.get("/today").text
    opening = today.split("Opening — kitchen and front of house")[1][:300]
    assert "Not started" in opening and "Now: Opening" in today
    assert today.index("Now: Opening") < today.index("Closing"), "the current shift first"
    _save(client, "opening", key=ARRIVE, done=True)
    assert "In progress" in client.get("/today").text.split("Opening — kitchen")[1][:300]
    site.clock.now = datetime(2026, 12, 2, 7, 30)  # past the opening checklist's due time, 07:25
    assert "Late" in client.get("/today").text.split("Opening — kitchen")[1][:300]
    token = _token(client.get("/run/opening").text)
    for n in (1, 2):
        client.post("/run/opening/signoff", data={"csrf": token, "n": str(n)})
    assert "Done" in client.get("/today").text.split("Opening — kitchen")[1][:300]


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        "null",
        json.dumps({"key": ["open-the-cafe.arrive"], "done": True}),
        json.dumps({"key": COOLER, "value": {"a": 1}}),
        json.dumps({"key": COOLER, "value": "NaN"}),
        json.dumps({"key": COOLER, "value": 1e308 * 10}),
        json.dumps({"key": COOLER, "value": "9", "action": 5}),
        json.dumps({"key": COOLER, "value": "3", "column": ["x"]}),
        json.dumps({"key": ARRIVE, "done": "yes"}),
        json.dumps({"key": "log.cooling-chart", "cells": [1, 2]}),
        json.dumps({"key": COOLER, "value": "3", "action": "x" * 5000}),
    ],
)
def test_a_malformed_save_is_refused_not_a_crash(site: Site, body: str) -> None:
    client = site.signed_in("ben-osei")
    token = _token(client.get("/run/opening").text)
    headers = {"Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token}
    answer = client.post("/run/opening/row", content=body, headers=headers)
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text)
    assert site.entries("row") == []


def test_a_session_lasts_to_the_end_of_the_shift_it_began_in() -> None:
    from opsmanual.web.guard import session_end

    manual = check_manual(REPO, date(2026, 12, 2)).manual
    assert manual is not None
    ends = {t: session_end(manual, datetime(2026, 12, 2, *t)) for t in ((6, 50), (21, 45), (0, 10), (5, 0))}
    assert ends[(6, 50)] == datetime(2026, 12, 2, 11, 0), "the opening shift"
    assert ends[(21, 45)] == datetime(2026, 12, 3, 0, 30), "dinner and closing overlap: the later end"
    assert ends[(0, 10)] == datetime(2026, 12, 2, 0, 30), "after midnight, in the closing shift"
    assert ends[(5, 0)] == datetime(2026, 12, 2, 17, 0), "no shift: twelve hours at most"
