"""Benchmark `opsmanual build` against plain `mkdocs build` of the same pages, in one run.

usage: python tools/bench_site.py [--sizes 100 1000] [--repeat 3]

For each size N, generates a realistic manual of N procedures, then times
  opsmanual build   check, pages, the plugin's passes, checklist PDFs, atomic swap
  mkdocs build      the same pages exported by `opsmanual export-markdown`, with
                    the same theme, features and plugins (search, tags), no opsmanual plugin
  zensical build    the same export built by Zensical (Material's successor), its cache cleared
as whole commands (fresh processes, taken in turn, best of --repeat rounds), and prints the time ratio, the
peak-memory ratio and the average size of a page. Targets: time ratio <= 1.10; the average page at 1,000
procedures within 1.2x of that at 100.

With --serve N, it starts `opsmanual serve` on a manual of N procedures instead, edits one procedure's
step --repeat times (and its summary, which its area's page lists), two seconds apart, and prints how long
each took from the save to the new text in the page served over HTTP. Target: under 1 s at 1,000 procedures.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchlib import compile_opsmanual, side_by_side, tool  # noqa: E402
from generate_manual import generate  # noqa: E402

TODAY = "2026-11-24"


def average_page(site: Path) -> float:
    pages = [p for p in site.rglob("index.html")]
    return sum(p.stat().st_size for p in pages) / len(pages) / 1024


def run(size: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        root = Path(tmp) / "manual"
        generate(root, size)
        build = [tool("opsmanual"), "build", str(root), "--site-dir", str(Path(tmp) / "ours"), "--today", TODAY]
        export = Path(tmp) / "export"
        subprocess.run(
            [tool("opsmanual"), "export-markdown", str(root), "-o", str(export), "--today", TODAY],
            check=True,
            capture_output=True,
        )
        plain_build = [tool("mkdocs"), "build", "-q", "-f", str(export / "mkdocs.yml"), "-d", str(Path(tmp) / "plain")]
        timed = side_by_side(
            {
                "ours": (build, None),
                "plain": (plain_build, None),
                "serial": (build, {"OPSMANUAL_PARALLEL": "0"}),
                "zensical": ([tool("zensical"), "build", "--clean", "-f", str(export / "mkdocs.yml")], None),
            },
            repeat,
        )
        ours, plain, serial, zensical = timed["ours"], timed["plain"], timed["serial"], timed["zensical"]
        return {
            "zensical_s": zensical[0],
            "zensical_mib": zensical[1],
            "ours_s": ours[0],
            "ours_mib": ours[1],
            "serial_s": serial[0],
            "plain_s": plain[0],
            "plain_mib": plain[1],
            "page_kib": average_page(Path(tmp) / "ours"),
            "plain_page_kib": average_page(Path(tmp) / "plain"),
        }


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _until(url: str, words: str, limit: float) -> float:
    """Seconds until the page at `url` shows `words`, polled every 25 ms."""
    started = time.perf_counter()
    while words not in _fetch(url):
        if time.perf_counter() - started > limit:
            sys.exit(f"{url} never showed {words!r}")
        time.sleep(0.025)
    return time.perf_counter() - started


def serve(size: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        root = Path(tmp) / "manual"
        generate(root, size)
        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            port = free.getsockname()[1]
        log = Path(tmp) / "serve.log"
        started = time.perf_counter()
        with log.open("wb") as said:
            server = subprocess.Popen(
                [tool("opsmanual"), "serve", str(root), "--port", str(port)],
                stdout=said,
                stderr=subprocess.STDOUT,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            )
        try:
            procedure = root / "sops" / "kitchen" / "procedure-0000.yaml"
            url = f"http://127.0.0.1:{port}/kitchen/procedure-0000/"
            first = _until(url, "Booking", 600)
            print(f"{size:>5} procedures: serve's first build {first:.1f} s (from the start)")
            source = procedure.read_text(encoding="utf-8")
            for attempt in range(repeat):
                for field, area in (("do: ", False), ("summary: ", True)):
                    time.sleep(2)  # a person's pace: read the page, edit, save (and the checklists are printed)
                    words = f"Edited{attempt}{field[0]}"
                    procedure.write_text(source.replace(field, f"{field}{words} ", 1), encoding="utf-8")
                    took = _until(f"http://127.0.0.1:{port}/kitchen/" if area else url, words, 120)
                    what = "a summary (and its area's page)" if area else "a step"
                    print(f"  edit {attempt + 1}, {what}: in the page {took:.2f} s after the save (target < 1 s)")
                    source = procedure.read_text(encoding="utf-8")
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)
        lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("updated")]
        print("  serve said: " + "; ".join(lines))
        print(f"  in all {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--serve", type=int, metavar="N", help="measure serve's update after an edit instead")
    args = parser.parse_args()
    compile_opsmanual()
    if args.serve:
        serve(args.serve, args.repeat)
        return 0
    results = {}
    for size in args.sizes:
        results[size] = r = run(size, args.repeat)
        print(
            f"{size:>5} procedures: opsmanual build {r['ours_s']:6.2f} s {r['ours_mib']:6.1f} MiB | "
            f"mkdocs build {r['plain_s']:6.2f} s {r['plain_mib']:6.1f} MiB | "
            f"time {r['ours_s'] / r['plain_s']:.2f}x (target <= 1.10), "
            f"memory {r['ours_mib'] / r['plain_mib']:.2f}x | "
            f"without parallel work {r['serial_s']:6.2f} s ({r['serial_s'] / r['ours_s']:.2f}x slower) | "
            f"average page {r['page_kib']:.1f} KiB (plain {r['plain_page_kib']:.1f} KiB) | "
            f"zensical build of the export {r['zensical_s']:6.2f} s {r['zensical_mib']:6.1f} MiB"
        )
    if len(args.sizes) >= 2:
        small, large = results[min(args.sizes)], results[max(args.sizes)]
        print(
            f"average page at {max(args.sizes)} / at {min(args.sizes)}: "
            f"{large['page_kib'] / small['page_kib']:.2f}x (target <= 1.2)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
