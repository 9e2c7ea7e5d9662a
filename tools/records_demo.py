"""The whole loop on the example manual: print the opening checklist, fill it in, import it, report.

usage: python tools/records_demo.py [ROOT] [--days 14] [--site DIR]

Prints the opening checklist, fills one in for each of the last --days days with sample
values (opsmanual.records.sample, through the documented field names, as a tablet's PDF app
would), imports them into a scratch database with `opsmanual records import`, and writes
the report to SITE/records-example.html with `opsmanual records report`. Each command is
shown as it runs. The scratch database is removed afterwards; the manual's own records/
folder is never touched.
"""

from __future__ import annotations

import argparse
import random
import shlex
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchlib import tool  # noqa: E402


def _run(*command: str | Path, scratch: Path) -> None:
    """Run an opsmanual command as shown (the scratch folder as SCRATCH, the filled forms as one glob)."""
    shown, forms = [Path(command[0]).name], 0
    for part in map(str, command[1:]):
        if part.endswith(".pdf") and "/filled/" in part:
            forms += 1
            if forms > 1:
                continue
            part = str(Path(part).parent / "opening-*.pdf")
        shown.append(part.replace(str(scratch), "SCRATCH"))
    print(
        "$ " + shlex.join(shown).replace("'SCRATCH/filled/opening-*.pdf'", "SCRATCH/filled/opening-*.pdf"), flush=True
    )
    done = subprocess.run([str(c) for c in command], text=True, capture_output=True)
    for line in (done.stdout + done.stderr).splitlines()[-4:]:
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
