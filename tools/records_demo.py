"""The whole loop on the example manual: checklists and training sheets printed, filled in, imported, reported.

usage: python tools/records_demo.py [ROOT] [--days 14] [--site DIR]

Checklists: prints the opening checklist, fills one in for each of the last --days days with
sample values (opsmanual.records.sample, through the documented field names, as a tablet's PDF
app would), imports them into a scratch database with `opsmanual records import`, and writes
the report to SITE/records-example.html with `opsmanual records report`.

Training: in a scratch copy of the manual, prints everyone's read-and-sign sheet, signs them as
a real team would (most fully, the newest hire only her first days' procedures), imports them,
bumps one procedure of the cook's path (so the cook who signed it must sign again), and writes
the matrix to SITE/training-example.html with `opsmanual training status`.

Each command is shown as it runs. The scratch folder is removed afterwards; the manual's own
files and records/ folder are never touched.
"""

from __future__ import annotations

import argparse
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchlib import tool  # noqa: E402

# The example team signs its sheets: these people all of theirs, so many days before today.
SIGNED_ALL = {"dana-kim": 40, "ana-ruiz": 35, "ben-osei": 30, "chloe-martin": 25}
NEWEST = "eli-santos"  # started in late November: signed her first three procedures yesterday
NEWEST_SIGNED = {"wash-hands", "check-cooler-and-freezer", "prepare-an-allergy-order"}
BUMPED = ("plate-house-salad", "Dressing served on the side for every salad, not only on request")


def _run(*command: str | Path, scratch: Path, lines: int = 4) -> None:
    """Run an opsmanual command as shown (the scratch folder as SCRATCH, the filled forms as one glob)."""
    shown, globbed = [Path(command[0]).name], set()
    for part in map(str, command[1:]):
        if part.endswith(".pdf") and "/filled/" in part:
            pattern = str(Path(part).parent / (part.rsplit("/", 1)[1].split("-")[0] + "-*.pdf"))
            if pattern in globbed:
                continue
            globbed.add(pattern)
            part = pattern
        shown.append(part.replace(str(scratch), "SCRATCH"))
    print("$ " + " ".join(p if "*" in p else shlex.quote(p) for p in shown), flush=True)
    done = subprocess.run([str(c) for c in command], text=True, capture_output=True)
    for line in (done.stdout + done.stderr).splitlines()[-lines:]:
        print("  " + line.replace(str(scratch), "SCRATCH"))
    if done.returncode != 0:
        sys.exit(done.returncode)


def main() -> int:
    from opsmanual.records.sample import fill, read_form, sample_values

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path, default=HERE.parent, help="the manual (default: the example)")
    parser.add_argument("--days", type=int, default=14, help="how many days of opening checklists (default: 14)")
    parser.add_argument("--site", type=Path, help="where records-example.html goes (default: ROOT/site)")
    args = parser.parse_args()
    opsmanual, root = tool("opsmanual"), args.root.resolve()
    site = (args.site or root / "site").resolve()
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="opsmanual-records-demo-") as scratch:
        work = Path(scratch)
        _run(opsmanual, "checklist", root, "--only", "opening", "-o", work / "printed", scratch=work)
        printed = (work / "printed" / "opening.pdf").read_bytes()
        form = read_form(printed)
        filled = []
        for n in range(args.days, 0, -1):
            day = today - timedelta(days=n)
            values = sample_values(form, day, random.Random(n), out_of_range=0.04)
            path = work / "filled" / f"opening-{day.isoformat()}.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(fill(printed, values))
            filled.append(path)
        print(f"filled in {len(filled)} opening checklists, one a day, as a shift lead would on a tablet")
        db = f"sqlite:///{work / 'records.sqlite3'}"
        _run(opsmanual, "records", "import", *filled, "--root", root, "--db", db, scratch=work)
        _run(opsmanual, "records", "verify", root, "--db", db, scratch=work)
        since = (today - timedelta(days=args.days)).isoformat()
        target = site / "records-example.html"
        _run(
            opsmanual,
            "records",
            "report",
            root,
            "--db",
            db,
            "--from",
            since,
            "--checklist",
            "opening",
            "--format",
            "html",
            "-o",
            target,
            scratch=work,
        )
        _training(opsmanual, root, site, work, today)
    return 0


def _training(opsmanual: Path, root: Path, site: Path, work: Path, today: date) -> None:
    """Sheets printed and signed, imported, one procedure bumped, and the matrix that shows who must sign again."""
    from opsmanual.records.sample import fill, read_form, sample_training_values

    manual = work / "manual"  # a copy: the bump below must not touch the owner's files
    for folder in ("sops", "checklists"):
        shutil.copytree(root / folder, manual / folder)
    _run(opsmanual, "training", "sheet", manual, "-o", work / "sheets", scratch=work, lines=2)
    signed = []
    for sheet in sorted((work / "sheets").glob("*.pdf")):
        printed = sheet.read_bytes()
        form = read_form(printed)
        person = form["person"]
        if person["id"] in SIGNED_ALL:
            day, only = today - timedelta(days=SIGNED_ALL[person["id"]]), None
        elif person["id"] == NEWEST:
            day, only = today - timedelta(days=1), NEWEST_SIGNED
        else:
            continue
        path = work / "filled" / f"{person['id']}-training.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(fill(printed, sample_training_values(form, day, only=only)))
        signed.append(path)
    print(f"signed {len(signed)} training sheets, as each person and their trainer would")
    db = f"sqlite:///{work / 'training.sqlite3'}"
    _run(opsmanual, "records", "import", *signed, "--root", manual, "--db", db, scratch=work)
    procedure, note = BUMPED
    _run(opsmanual, "bump", procedure, "--root", manual, "--db", db, "--note", note, scratch=work)
    _run(opsmanual, "training", "status", manual, "--db", db, scratch=work, lines=60)
    target = site / "training-example.html"
    _run(opsmanual, "training", "status", manual, "--db", db, "--format", "html", "-o", target, scratch=work)


if __name__ == "__main__":
    sys.exit(main())
