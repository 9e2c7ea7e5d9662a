"""Benchmark the inputs that are large or odd but valid (or merely wrong): none may cost more than linear time.

usage: python tools/bench_trust.py [--repeat 3]

Times whole commands (best of --repeat), each beside the same command on the example
manual in the same run (the baseline), and prints the times and their ratio:
  references   1,500 misspelt role ids and 1,500 misspelt step ids against 1,500 declared
               of each: `check` suggests a close match for every one (target: under 1 s)
  long title   a checklist with a 6,000-character title, a 3,000-character word in a task, a
               500-character section title and sign-off label: `checklist` (target: under 1 s)
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchlib import compile_opsmanual, measure, tool  # noqa: E402

REPO = HERE.parent
BASE = REPO / "tests" / "cases" / "base"
N = 1500


def many_references(root: Path) -> None:
    """1,500 roles and a procedure of 1,500 steps; a procedure and a checklist that misspell every one."""
    shutil.copytree(BASE, root)
    manual = root / "sops" / "manual.yaml"
    roles = "".join(f"  - {{id: role-{i:04d}-cook, name: Role {i}}}\n" for i in range(N))
    text = manual.read_text(encoding="utf-8").replace("roles:\n", "roles:\n" + roles, 1)
    manual.write_text(text, encoding="utf-8")
    steps = "".join(f"  - {{id: step-{i:04d}-done, do: Step {i}.}}\n" for i in range(N))
    (root / "sops" / "kitchen" / "long-procedure.yaml").write_text(
        "title: A long procedure\npurpose: Many steps.\nsteps:\n" + steps, encoding="utf-8"
    )
    wrong_roles = ", ".join(f"role-{i:04d}-coo" for i in range(N))
    (root / "sops" / "kitchen" / "many-roles.yaml").write_text(
        f"title: Many roles\npurpose: Every role misspelt.\nroles: [{wrong_roles}]\nsteps:\n  - do: Work.\n",
        encoding="utf-8",
    )
    wrong_steps = ", ".join(f"step-{i:04d}-don" for i in range(N))
    (root / "checklists" / "many-steps.yaml").write_text(
        f"title: Many steps\nsections:\n  - title: All\n    items:\n"
        f"      - sop: long-procedure\n        steps: [{wrong_steps}]\n",
        encoding="utf-8",
    )


def long_texts(root: Path) -> None:
    shutil.copytree(BASE, root)
    path = root / "checklists" / "opening.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Opening", "title: " + " ".join(["Opening"] * 750))
    text = text.replace("      - task: Turn on the lights", "      - task: " + "W" * 3000)
    text = text.replace("  - title: Kitchen", "  - title: " + "K" * 500)
    text = text.replace("signoff: [Shift lead]", "signoff: [" + "S" * 500 + "]")
    path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compile_opsmanual()
    opsmanual = tool("opsmanual")
    with tempfile.TemporaryDirectory(prefix="bench-trust-") as tmp:
        base_check = measure([opsmanual, "check", str(BASE)], args.repeat, ok=(0,))[0]
        refs = Path(tmp) / "refs"
        many_references(refs)
        check = measure([opsmanual, "check", str(refs)], args.repeat, ok=(1,))[0]
        print(
            f"references: check with {N:,} misspelt roles and {N:,} misspelt steps {check:5.2f} s "
            f"(the small manual: {base_check:.2f} s; {check / base_check:.1f}x; target: under 1 s)"
        )
        out = Path(tmp) / "pdfs"
        base_pdf = measure([opsmanual, "checklist", str(BASE), "-o", str(out)], args.repeat)[0]
        long = Path(tmp) / "long"
        long_texts(long)
        pdf = measure([opsmanual, "checklist", str(long), "-o", str(Path(tmp) / "long-pdfs")], args.repeat)[0]
        print(
            f"long title: checklist with a 6,000-character title and a 3,000-character word {pdf:5.2f} s "
            f"(the small manual: {base_pdf:.2f} s; {pdf / base_pdf:.1f}x; target: under 1 s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
