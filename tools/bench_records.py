"""Benchmark the records: a year of filled checklists imported, reported and verified, on SQLite and PostgreSQL.

usage: python tools/bench_records.py [--days 365] [--repeat 3] [--no-postgres] [--only checklists|training]

Prints each figure beside its target:
  a year       the example manual's opening, closing and hot-holding checklists filled in
               every day for --days days (about 1,100 PDFs and 44,000 recorded rows), by pypdf
               through the documented field names, in a scratch copy of the manual
  import       `records import` of the first 1,000 PDFs in one command, against pypdf merely
               reading the same PDFs' fields and form description in one process (the floor;
               target: at most 2x the floor)
  report       `records report` of the year as CSV and as HTML (target: under 1 s each on SQLite),
               and as PDF (no target: what an owner prints for an inspector)
  verify       `records verify` of the year (target: under 1 s)
  size         the SQLite database after a year (target: under 20 MiB), and the evidence PDFs beside it
  PostgreSQL   the year imported into a throwaway PostgreSQL server (tools/throwaway_postgres.py),
               and the same reports and verify there
  training     a generated manual of 300 procedures and a team of 200 (tools/generate_manual.py),
               each person's read-and-sign sheet printed, signed by pypdf and imported (20,000
               acknowledgments), then 20 procedures revised; `training status` as text, JSON, CSV
               and HTML (target: under 1 s on SQLite)
Whole commands are timed (best of --repeat), as an owner runs them, start-up and the manual's
check included; the report's own part (the database read and the formatting) is printed beside.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchlib import compile_opsmanual, measure, tool  # noqa: E402
from generate_manual import ROLES, generate  # noqa: E402

REPO = HERE.parent
CHECKLISTS = {"opening": "06:45", "closing": "21:30", "hot-holding": "11:00"}  # and when each shift starts
LAST_DAY = date(2026, 11, 30)
FLOOR_FILES = 1000


def copy_manual(dest: Path) -> Path:
    """The example manual, its three daily checklists grown to about 40 rows a day each."""
    dest.mkdir(parents=True)
    for name in ("sops", "checklists", "schema"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    grow = {"opening": (10, 10, 0, 5), "closing": (6, 8, 0, 5), "hot-holding": (0, 9, 63, 90)}
    for checklist, (tasks, readings, low, high) in grow.items():
        path = dest / "checklists" / f"{checklist}.yaml"
        items = "".join(f"      - task: Extra task number {n} of the day\n" for n in range(1, tasks + 1))
        items += "".join(
            f"      - record: {{what: Extra probe {n}, unit: °C, min: {low}, max: {high}}}\n"
            for n in range(1, readings + 1)
        )
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("\nsignoff:", f"\n  - title: More\n    items:\n{items}signoff:", 1), encoding="utf-8"
        )
    return dest


def _fill_day(job: tuple[Path, Path, str, int]) -> list[Path]:
    from opsmanual.records.sample import fill, read_form, sample_values

    printed, out, day, seed = job
    made = []
    for checklist, start in CHECKLISTS.items():
        pdf = (printed / f"{checklist}.pdf").read_bytes()
        values = sample_values(read_form(pdf), date.fromisoformat(day), random.Random(seed), start=start)
        path = out / day / f"{checklist}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(fill(pdf, values))
        made.append(path)
    return made


def a_year(root: Path, out: Path, days: int) -> list[Path]:
    """Every day's three filled checklists, oldest first."""
    import subprocess

    printed = out.parent / "printed"
    subprocess.run([tool("opsmanual"), "checklist", str(root), "-o", str(printed)], check=True, capture_output=True)
    jobs = [(printed, out, (LAST_DAY - timedelta(days=n)).isoformat(), n) for n in range(days - 1, -1, -1)]
    with ProcessPoolExecutor() as pool:
        return [path for made in pool.map(_fill_day, jobs, chunksize=8) for path in made]


def floor(files: list[Path]) -> float:
    """pypdf reading every field and the form's description of each file: what any import must do."""
    from pypdf import PdfReader

    start = time.perf_counter()
    for path in files:
        reader = PdfReader(io.BytesIO(path.read_bytes()))
        reader.get_fields()
        reader.attachments.get("opsmanual-form.json")
    return time.perf_counter() - start


def timed(command: list[str]) -> float:
    return measure(command, 1)[0]


def in_process_report(root: Path, url: str, since: str, until: str, kind: str, repeat: int) -> float:
    """The report's own part: the runs read from the database and written out, without start-up or check."""
    from opsmanual.check import check_manual
    from opsmanual.records.db import open_records
    from opsmanual.records.report import build_report, read_period
    from opsmanual.records.report_formats import FORMATS

    manual = check_manual(root).manual
    assert manual is not None
    engine = open_records(root, url)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        with engine.connect() as connection:
            period = read_period(connection, date.fromisoformat(since), date.fromisoformat(until), None)
            report = build_report(connection, manual, period, LAST_DAY)
        FORMATS[kind](report)
        best = min(best, time.perf_counter() - start)
    engine.dispose()
    return best


def reports(opsmanual: str, root: Path, url: str, days: int, repeat: int, label: str) -> None:
    since, until = (LAST_DAY - timedelta(days=days - 1)).isoformat(), LAST_DAY.isoformat()
    period = ["--from", since, "--to", until, "--today", until]
    for kind, target in (("csv", "under 1 s"), ("html", "under 1 s"), ("pdf", "none")):
        out = root / f"report.{kind}"
        command = [opsmanual, "records", "report", str(root), "--db", url, "--format", kind, "-o", str(out), *period]
        whole = measure(command, repeat if kind != "pdf" else 1)[0]
        own = in_process_report(root, url, since, until, kind, repeat if kind != "pdf" else 1)
        size = out.stat().st_size / 2**20
        print(
            f"{label} report {kind:4}  {whole:6.2f} s the command, {own:5.2f} s its own part "
            f"({size:.1f} MiB; target: {target})"
        )
    verify = measure([opsmanual, "records", "verify", str(root), "--db", url], repeat)[0]
    print(f"{label} verify       {verify:6.2f} s (target: under 1 s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--only", choices=("checklists", "training"), help="one part of the benchmark")
    args = parser.parse_args()
    compile_opsmanual()
    opsmanual = tool("opsmanual")
    if args.only != "training":
        checklists(opsmanual, args)
    if args.only != "checklists":
        training(opsmanual, args.repeat)
    return 0


def checklists(opsmanual: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-records-") as tmp:
        root = copy_manual(Path(tmp) / "manual")
        start = time.perf_counter()
        files = a_year(root, Path(tmp) / "filled", args.days)
        print(f"a year       {len(files):,} filled PDFs for {args.days} days in {time.perf_counter() - start:.0f} s")

        first = files[:FLOOR_FILES]
        base = min(floor(first) for _ in range(2))
        db = Path(tmp) / "db" / "records.sqlite3"
        url = f"sqlite:///{db}"
        today = ["--today", LAST_DAY.isoformat()]
        took = timed([opsmanual, "records", "import", *map(str, first), "--root", str(root), "--db", url, *today])
        print(
            f"import       {len(first):,} PDFs {took:6.2f} s; pypdf reading their fields {base:6.2f} s "
            f"({took / base:.2f}x the floor; target: at most 2x)"
        )
        rest = files[FLOOR_FILES:]
        if rest:
            timed([opsmanual, "records", "import", *map(str, rest), "--root", str(root), "--db", url, *today])
        again = timed([opsmanual, "records", "import", *map(str, first), "--root", str(root), "--db", url, *today])
        print(f"again        the same {len(first):,} PDFs a second time {again:6.2f} s (nothing recorded)")
        rows = row_count(url)
        print(f"records      {rows:,} rows recorded in {len(files):,} runs")

        reports(opsmanual, root, url, args.days, args.repeat, "sqlite    ")
        size = db.stat().st_size / 2**20
        evidence = sum(p.stat().st_size for p in (db.parent / "evidence").rglob("*.pdf")) / 2**20
        print(
            f"size         the database {size:.1f} MiB for {args.days} days (target: under 20 MiB); "
            f"the evidence PDFs beside it {evidence:.0f} MiB"
        )

        if not args.no_postgres:
            from throwaway_postgres import throwaway_postgres

            with throwaway_postgres(durable=True) as server:
                pg = server.create_database("records")
                took = timed(
                    [opsmanual, "records", "import", *map(str, files), "--root", str(root), "--db", pg, *today]
                )
                print(f"postgresql   import of {len(files):,} PDFs {took:6.2f} s")
                reports(opsmanual, root, pg, args.days, args.repeat, "postgresql")


# Training: 200 people x 300 procedures, 20,000 acknowledgments

PEOPLE, PROCEDURES, REVISED = 200, 300, 20
SIGNED_ON = date(2026, 10, 1)


def a_team(root: Path) -> None:
    """200 people, one role each (a path of about 100 procedures); one in ten has signed only part of it."""
    lines = ["people:"]
    for n in range(PEOPLE):
        role = ROLES[n % len(ROLES)]
        lines.append(f"  - {{id: person-{n:03d}, name: Person {n:03d}, roles: [{role}], started: 2025-01-06}}")
    (root / "sops" / "team.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _sign(job: tuple[Path, Path]) -> Path:
    from opsmanual.records.sample import fill, read_form, sample_training_values

    sheet, out = job
    printed = sheet.read_bytes()
    form = read_form(printed)
    ids = [p["id"] for p in form["procedures"]]
    only = set(ids[: len(ids) * 4 // 5]) if int(form["person"]["id"][-3:]) % 10 == 0 else None
    path = out / sheet.name
    path.write_bytes(fill(printed, sample_training_values(form, SIGNED_ON, only=only)))
    return path


def revise(root: Path, ids: list[str]) -> None:
    """A new revision of the first REVISED procedures, with its change note: who signed them is now stale."""
    for procedure in ids[:REVISED]:
        path = next((root / "sops").glob(f"*/{procedure}.yaml"))
        text = path.read_text(encoding="utf-8")
        text = text.replace("revision: 2\n", "revision: 3\n", 1)
        text = text.replace("effective: 2026-06-01", "effective: 2026-11-01")
        change = "  - revision: 3\n    date: 2026-11-01\n    note: Quantities changed for the winter menu\n"
        path.write_text(text.replace("changes:\n", "changes:\n" + change, 1), encoding="utf-8")


def in_process_status(root: Path, url: str, kind: str, repeat: int) -> tuple[float, int, int]:
    """The status's own part: the acknowledgments read, the matrix built and written out; and its size."""
    from opsmanual.check import check_manual
    from opsmanual.records.training import acknowledgments_of, build_status
    from opsmanual.records.training_report import FORMATS

    manual = check_manual(root, LAST_DAY).manual
    assert manual is not None
    best, acks, cells = float("inf"), 0, 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = acknowledgments_of(root, url)
        status = build_status(manual, found, LAST_DAY)
        FORMATS[kind](status)
        best = min(best, time.perf_counter() - start)
        acks, cells = len(found), len(status.cells)
    return best, acks, cells


def training(opsmanual: str, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-training-") as tmp:
        root = Path(tmp) / "manual"
        ids = generate(root, PROCEDURES)
        a_team(root)
        today = ["--today", LAST_DAY.isoformat()]
        start = time.perf_counter()
        sheets = Path(tmp) / "sheets"
        timed([opsmanual, "training", "sheet", str(root), "-o", str(sheets), *today])
        printed = time.perf_counter() - start
        signed = Path(tmp) / "signed"
        signed.mkdir()
        with ProcessPoolExecutor() as pool:
            files = list(pool.map(_sign, [(sheet, signed) for sheet in sorted(sheets.glob("*.pdf"))]))
        url = f"sqlite:///{Path(tmp) / 'db' / 'records.sqlite3'}"
        took = timed([opsmanual, "records", "import", *map(str, files), "--root", str(root), "--db", url, *today])
        print(
            f"training     {len(files)} sheets printed in {printed:.1f} s, signed, imported in {took:.1f} s; "
            f"{REVISED} procedures revised since"
        )
        revise(root, ids)
        for kind in ("text", "json", "csv", "html"):
            out = Path(tmp) / f"status.{kind}"
            command = [opsmanual, "training", "status", str(root), "--db", url, "--format", kind, "-o", str(out)]
            whole = measure([*command, *today], repeat)[0]
            own, acks, cells = in_process_status(root, url, kind, repeat)
            print(
                f"status {kind:5} {whole:6.2f} s the command, {own:5.2f} s its own part "
                f"({acks:,} acknowledgments, {cells:,} cells, {out.stat().st_size / 2**20:.1f} MiB; target: under 1 s)"
            )


def row_count(url: str) -> int:
    import json

    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        contents = connection.execute(text("SELECT content FROM entries WHERE kind = 'run'")).scalars()
        total = sum(len(json.loads(c)["rows"]) for c in contents)
    engine.dispose()
    return total


if __name__ == "__main__":
    sys.exit(main())
