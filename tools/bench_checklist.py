"""Benchmark the checklist PDF against its floor, in one run.

usage: python tools/bench_checklist.py [--items N] [--repeat R]

Generates a manual (tools/generate_manual.py) and a checklist of N items (default
200) mixing procedure steps with readings, warnings and sub-steps, free tasks and
inline readings, then prints, best of R runs:
  in process       render_checklist_pdf on the checked manual (fonts already loaded)
  floor            ReportLab's canvas drawing the same rows' text and boxes, one line
                   each, with no wrapping, no fields and no pagination logic
  whole command    `opsmanual checklist ROOT --only bench -o DIR` in a fresh process:
                   start-up, checking the whole manual and writing the PDF, with its peak memory
Targets: <= 0.15 s in process, <= 1 s for the whole command, < 150 MiB peak.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchlib import compile_opsmanual, measure, tool  # noqa: E402
from generate_manual import generate  # noqa: E402
from opsmanual.check import check_manual  # noqa: E402
from opsmanual.model import Checklist, Manual  # noqa: E402
from opsmanual.render.checklist import render_checklist_pdf  # noqa: E402
from opsmanual.render.pdf.fonts import REGULAR, register_fonts  # noqa: E402
from opsmanual.render.pdf.page import PAPER  # noqa: E402
from opsmanual.render.rows import checklist_rows  # noqa: E402


def checklist_yaml(items: int, procedures: list[str]) -> str:
    """N items: steps with a reading (critical), steps with a warning and sub-steps, tasks, inline readings."""
    lines = [
        "title: Benchmark — every station",
        "shift: opening",
        'due: "07:25"',
        "notes: |",
        "  Tick each box, write every reading with your **initials**, and hand the sheet in.",
        "signoff: [Shift lead, Manager]",
        "sections:",
    ]
    for n in range(items):
        if n % 25 == 0:
            lines += [f"  - title: Station {n // 25 + 1}", "    items:"]
        procedure = procedures[n % len(procedures)]
        kind = n % 5
        if kind == 0:
            lines.append(f"      - {{sop: {procedure}, steps: [step-2]}}")
        elif kind == 1:
            lines.append(f"      - {{sop: {procedure}, steps: [step-4]}}")
        elif kind == 2:
            lines.append(f"      - task: Wipe and restock station {n}, then check the labels on every container")
        elif kind == 3:
            lines += [
                "      - record:",
                f"          what: Reach-in {n} temperature",
                "          unit: °C",
                "          min: 0",
                "          max: 5",
                "          if_out_of_range: Move the food to the walk-in and tell the shift lead.",
            ]
        else:
            lines.append(f"      - {{sop: {procedure}, steps: [step-1]}}")
    return "\n".join(lines) + "\n"


def floor(manual: Manual, checklist: Checklist, paper: str) -> bytes:
    """The same rows drawn with the bare canvas: one string and one box each, no layout at all."""
    from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=PAPER[paper], invariant=True)
    width, height = PAPER[paper]
    y = height - 72
    for section in checklist_rows(manual, checklist):
        for row in (None, *section.rows):
            if y < 72:
                canvas.showPage()
                y = height - 72
            canvas.setFont(REGULAR, 10)
            canvas.drawString(72, y, section.title if row is None else row.text)
            if row is not None:
                canvas.rect(50, y - 2, 14, 14)
                canvas.rect(width - 100, y - 4, 50, 18)
            y -= 26
    canvas.save()
    return out.getvalue()


def best(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    compile_opsmanual()
    with tempfile.TemporaryDirectory(prefix="bench-checklist-") as tmp:
        root = Path(tmp)
        procedures = generate(root, 50)
        (root / "checklists" / "bench.yaml").write_text(checklist_yaml(args.items, procedures), encoding="utf-8")
        manual = check_manual(root).manual
        if manual is None:
            sys.exit("the generated manual has errors")
        checklist = next(c for c in manual.checklists if c.id == "bench")
        rows = sum(len(s.rows) for s in checklist_rows(manual, checklist))
        start = time.perf_counter()
        pdf = render_checklist_pdf(manual, checklist)
        first = time.perf_counter() - start
        register_fonts()
        in_process = best(lambda: render_checklist_pdf(manual, checklist), args.repeat)
        bare = best(lambda: floor(manual, checklist, "letter"), args.repeat)
        command = [tool("opsmanual"), "checklist", str(root), "--only", "bench", "-o", str(root / "out")]
        wall, peak = measure(command, args.repeat)
        pages = len(re.findall(rb"/Type /Page\b(?!s)", pdf))
    print(f"checklist: {args.items} items, {rows} rows, {pages} pages, {len(pdf) / 1024:.0f} KiB")
    print(f"in process, first call (loads fonts)  {first:7.3f} s")
    print(f"in process                            {in_process:7.3f} s   (target <= 0.15 s)")
    print(f"floor: bare canvas, same rows         {bare:7.3f} s   ({in_process / bare:.1f}x the floor)")
    print(f"whole command (opsmanual checklist)   {wall:7.3f} s   (target <= 1 s)")
    print(f"whole command peak memory             {peak:7.1f} MiB (target < 150 MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
