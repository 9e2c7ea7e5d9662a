"""Load the tablet app: 20 tablets saving rows at once, on loopback, then count what was recorded.

usage: python tools/bench_app.py [--tablets 20] [--seconds 60] [--pause 0.5] [--postgres]

Starts `opsmanual records serve` on a scratch copy of the example manual (its team grown to one
person per tablet, each with a PIN), signs each tablet in, and has every tablet save rows of the
opening checklist (readings in range, ticks) for --seconds, each row --pause seconds after the
answer to the one before (0.5 s: faster than anyone reads a thermometer and types; 0: flat out,
which measures how many saves a second the server takes). Prints the saves, the errors, the rows
the database holds against the saves the server answered (none may be lost), and the save time's
median and 95th percentile (target: median under 50 ms on SQLite).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchlib import compile_opsmanual, tool  # noqa: E402

REPO = HERE.parent
ROWS = [
    ("open-the-cafe.arrive", {"done": True}),
    ("check-cooler-and-freezer.read-cooler", {"value": "3.5"}),
    ("check-cooler-and-freezer.read-freezer", {"value": "-20"}),
    ("record.dishwasher-final-rinse-temperature", {"value": "84"}),
    ("open-the-cafe.dial-in", {"value": "27"}),
    ("task.restock-napkins-sugar-lids-and-cups-at", {"done": True}),
]


def scratch_manual(dest: Path, tablets: int) -> list[str]:
    """The example manual with one more person per tablet (in the opening checklist's roles); their ids."""
    for name in ("sops", "checklists"):
        shutil.copytree(REPO / name, dest / name)
    people = [f"tablet-{n:02d}" for n in range(1, tablets + 1)]
    team = dest / "sops" / "team.yaml"
    lines = "".join(f"  - {{id: {p}, name: Tablet {p[-2:]}, roles: [cook]}}\n" for p in people)
    team.write_text(team.read_text(encoding="utf-8") + lines, encoding="utf-8")
    return people


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Tablet(threading.Thread):
    """One tablet: signs in, waits for the others, then saves rows until its time is up."""

    def __init__(
        self, base: str, person: tuple[str, str], ready: threading.Barrier, seconds: float, pause: float
    ) -> None:
        super().__init__(daemon=True)
        (self.person, self.pin), self.base, self.ready = person, base, ready
        self.seconds, self.pause, self.rng = seconds, pause, random.Random(person[0])
        self.times: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        import httpx2 as httpx

        with httpx.Client(base_url=self.base, timeout=30) as client:
            token = _token(client.get("/signin").text)
            signed = client.post("/signin", data={"csrf": token, "person": self.person, "pin": self.pin})
            token = _token(client.get("/run/opening").text)
            self.ready.wait()  # the clock starts when every tablet is signed in
            until = time.monotonic() + self.seconds
            if signed.status_code != 303:
                self.errors.append(f"sign-in: {signed.status_code}")
                return
            headers = {"Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token}
            time.sleep(self.rng.uniform(0, self.pause))  # the tablets do not start in step
            while time.monotonic() < until:
                key, values = self.rng.choice(ROWS)
                body = json.dumps({"key": key, **values})
                start = time.perf_counter()
                try:
                    answer = client.post("/run/opening/row", content=body, headers=headers)
                except httpx.HTTPError as error:
                    self.errors.append(type(error).__name__)
                    continue
                took = time.perf_counter() - start
                if answer.status_code == 200:
                    self.times.append(took)
                else:
                    self.errors.append(f"{answer.status_code}: {answer.text[:80]}")
                time.sleep(self.pause)


def _token(page: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', page)
    if found is None:
        raise SystemExit("no CSRF token on the page")
    return found.group(1)


def rows_recorded(url: str) -> int:
    from sqlalchemy import create_engine, func, select

    from opsmanual.records.schema import entries

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        found = connection.execute(select(func.count()).select_from(entries).where(entries.c.kind == "row")).scalar()
    engine.dispose()
    return int(found or 0)


def load(tablets: int, seconds: float, pause: float, url: str | None, folder: Path) -> int:
    opsmanual = tool("opsmanual")
    root = folder / "manual"
    people = scratch_manual(root, tablets)
    db = url or f"sqlite:///{folder / 'records.sqlite3'}"
    from opsmanual.records.db import open_records
    from opsmanual.web.pins import set_pin

    pins = {p: f"{5000 + 37 * n:04d}" for n, p in enumerate(people, 1)}
    engine = open_records(root, db)
    for person, pin in pins.items():  # as `records set-pin` does, without a prompt for each
        set_pin(engine, person, pin)
    engine.dispose()
    port = _port()
    log = (folder / "serve.log").open("w")
    server = subprocess.Popen(
        [opsmanual, "records", "serve", str(root), "--db", db, "--port", str(port)], stdout=log, stderr=log
    )
    try:
        import httpx2 as httpx

        for _ in range(300):
            try:
                httpx.get(f"http://127.0.0.1:{port}/signin", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        ready = threading.Barrier(len(people) + 1)
        threads = [Tablet(base, (p, pins[p]), ready, seconds, pause) for p in people]
        for thread in threads:
            thread.start()
        ready.wait(120)
        for thread in threads:
            thread.join(seconds + 60)
    finally:
        server.terminate()
        server.wait(10)
        log.close()
    times = sorted(t for thread in threads for t in thread.times)
    errors = [e for thread in threads for e in thread.errors]
    recorded = rows_recorded(db)
    kind = "PostgreSQL" if db.startswith("postgres") else "SQLite"
    print(f"tablets      {tablets} at once for {seconds:g} s on {kind}, {pause:g} s between a tablet's saves")
    print(f"saves        {len(times):,} answered ({len(times) / seconds:.0f} a second), {len(errors)} errors")
    print(f"recorded     {recorded:,} rows in the database; lost {len(times) - recorded}")
    if times:
        median, p95 = statistics.median(times) * 1000, times[max(int(len(times) * 0.95) - 1, 0)] * 1000
        print(f"save time    median {median:.1f} ms, 95th percentile {p95:.1f} ms (target: median under 50 ms)")
    for error in errors[:5]:
        print(f"error        {error}")
    return 0 if not errors and recorded == len(times) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tablets", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between one tablet's saves (0: flat out)")
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway PostgreSQL server")
    args = parser.parse_args()
    compile_opsmanual()
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        code = load(args.tablets, args.seconds, args.pause, None, Path(tmp) / "sqlite")
        if args.postgres:
            from throwaway_postgres import throwaway_postgres

            with throwaway_postgres() as server:
                url = str(server.create_database("app"))
                code |= load(args.tablets, args.seconds, args.pause, url, Path(tmp) / "postgresql")
    return code


if __name__ == "__main__":
    sys.exit(main())
