"""Benchmark `opsmanual check` against its floor and against check-jsonschema, in one run.

usage: python tools/bench_check.py [--procedures N] [--repeat R]

Generates a realistic manual of N procedures (default 1,000), then times whole
commands, each a fresh process (start-up included), best of R runs:
  floor            PyYAML's C loader reading the same files, nothing else
  opsmanual check  everything: strict loading, schema, cross-file checks
  check-jsonschema schema/sop.schema.json on the procedures only (no positions
                   for cross-file checks, no cross-file checks)
and prints each one's time and peak memory, and the ratios. Also times
`opsmanual check` on the example manual in the repository.
Targets: check <= 4x the floor; >= 3x faster than check-jsonschema; under
200 MiB at 1,000 procedures; the example manual under 0.5 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from benchlib import compile_opsmanual, measure, tool  # noqa: E402
from generate_manual import generate  # noqa: E402

FLOOR = """
import sys, yaml
for name in sys.argv[1:]:
    with open(name, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--procedures", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compile_opsmanual()
    opsmanual = tool("opsmanual")
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        root = Path(tmp)
        generate(root, args.procedures)
        procedures = sorted(str(p) for p in (root / "sops").glob("*/*.yaml"))
        everything = [str(root / "sops" / "manual.yaml"), *procedures, *map(str, (root / "checklists").glob("*.yaml"))]
        size = sum(Path(p).stat().st_size for p in everything)
        print(f"generated manual: {args.procedures} procedures, {len(everything)} files, {size / 1024:.0f} KiB")
        floor = measure([sys.executable, "-c", FLOOR, *everything], args.repeat)
        check = measure([opsmanual, "check", str(root), "--format", "json"], args.repeat)
        jsonschema = measure(
            [tool("check-jsonschema"), "--schemafile", str(REPO / "schema" / "sop.schema.json"), *procedures],
            max(1, args.repeat - 2),
        )
        example = measure([opsmanual, "check", str(REPO)], args.repeat)
    with tempfile.TemporaryDirectory(prefix="bench-check-small-") as tmp:
        generate(Path(tmp), max(1, args.procedures // 10))
        small = measure([opsmanual, "check", tmp, "--format", "json"], args.repeat)
    rows = [
        ("PyYAML C loader (floor)", floor),
        ("opsmanual check", check),
        ("check-jsonschema (sop schema only)", jsonschema),
        (f"opsmanual check, {max(1, args.procedures // 10)} procedures", small),
        ("opsmanual check, example manual", example),
    ]
    for label, (seconds, mib) in rows:
        print(f"{label:<36} {seconds:7.3f} s  {mib:7.1f} MiB peak")
    print(f"check / floor:              {check[0] / floor[0]:5.2f}x   (target <= 4x)")
    print(f"check-jsonschema / check:   {jsonschema[0] / check[0]:5.2f}x   (target >= 3x)")
    print(
        f"check peak memory:          {check[1]:5.1f} MiB (target < 200 MiB); "
        f"{check[1] / small[1]:.2f}x that of a manual a tenth the size"
    )
    print(f"example manual:             {example[0]:5.3f} s  (target < 0.5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
