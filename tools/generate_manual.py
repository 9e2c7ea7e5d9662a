"""Write a realistic generated manual of N procedures, for benchmarks and scale tests.

usage: python tools/generate_manual.py DIR [--procedures N]

Each procedure has about twelve steps: sub-steps, a decision, a reading with its
range, a picture, warnings and tips, as an owner would write them.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

AREAS = ("kitchen", "front-of-house", "bar", "catering", "management")
ROLES = ("line-cook", "server", "host", "barista", "shift-lead", "manager")
SHIFTS = ("opening", "lunch", "dinner", "closing")
WORDS = (
    "cooler",
    "freezer",
    "salad",
    "guest",
    "table",
    "menu",
    "booking",
    "delivery",
    "invoice",
    "grill",
    "fryer",
    "espresso",
    "milk",
    "allergen",
    "sanitiser",
    "towel",
    "glassware",
    "cutlery",
    "receipt",
    "float",
    "till",
    "válvula",
    "limón",
    "jamón",
    "cámara",
    "temperature",
    "label",
    "shelf",
    "rotation",
    "apron",
    "gloves",
)
# The smallest valid PNG: 1x1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _step(rng: random.Random, n: int, lines: list[str], indent: str) -> None:
    lines.append(f"{indent}- id: step-{n}")
    lines.append(f"{indent}  do: {_sentence(rng, 9)}, then check the **{rng.choice(WORDS)}** again.")
    kind = n % 6
    if kind == 1:
        lines.append(f"{indent}  why: {_sentence(rng, 12)}.")
        lines.append(f"{indent}  time: {rng.randint(1, 9)} min")
    elif kind == 2:
        lines += [
            f"{indent}  critical: true",
            f"{indent}  record:",
            f"{indent}    what: {_sentence(rng, 3)}",
            f"{indent}    unit: °C",
            f"{indent}    min: 0",
            f"{indent}    max: {rng.randint(3, 8)}",
            f"{indent}    if_out_of_range: Move the food to the reach-in and tell the shift lead.",
        ]
    elif kind == 3:
        lines += [
            f"{indent}  image:",
            f"{indent}    file: media/picture-{n % 4}.png",
            f"{indent}    caption: {_sentence(rng, 5)}",
        ]
    elif kind == 4:
        lines.append(f"{indent}  warning: {_sentence(rng, 8)}.")
        lines.append(f"{indent}  steps:")
        for sub in range(3):
            lines.append(f"{indent}    - do: {_sentence(rng, 7)}.")
            lines.append(f"{indent}      tip: {_sentence(rng, 6)}.")
            if sub == 1:
                lines.append(f"{indent}      check: {_sentence(rng, 4)}")
    elif kind == 5:
        lines += [
            f"{indent}- if: {_sentence(rng, 6)}",
            f"{indent}  then:",
            f"{indent}    - do: {_sentence(rng, 8)}.",
            f"{indent}    - do: {_sentence(rng, 8)}.",
        ]


def procedure_text(rng: random.Random, index: int, ids: list[str]) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schema/sop.schema.json",
        f"title: {_sentence(rng, 5)} {index}",
        f"code: GEN-{index:04d}",
        f"summary: {_sentence(rng, 10)}.",
        "purpose: |",
        f"  {_sentence(rng, 20)}.",
        f"  {_sentence(rng, 15)}, so that every guest gets the same.",
        f"roles: [{', '.join(rng.sample(ROLES, 2))}]",
        f"owner: {rng.choice(ROLES)}",
        "when: Every time it is needed",
        f"time: {rng.randint(2, 30)} min",
        "standard:",
        f"  - {_sentence(rng, 6)}",
        f"  - {rng.randint(100, 250)} g, ±10 g",
        "materials: [Clean towel, Thermometer, Log sheet]",
        f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}-{index}]",
        "revision: 2",
        "effective: 2026-06-01",
        "approved_by: Owner",
        f"related: [{ids[(index + 1) % len(ids)]}]",
        "changes:",
        "  - revision: 2",
        "    date: 2026-06-01",
        f"    note: {_sentence(rng, 6)}",
        "  - revision: 1",
        "    date: 2025-06-01",
        "    note: First written",
        "steps:",
    ]
    for n in range(1, 11):
        _step(rng, n, lines, "  ")
    return "\n".join(lines) + "\n"


def generate(root: Path, procedures: int, seed: int = 7) -> list[str]:
    """Write the manual under `root`; returns the procedure ids."""
    rng = random.Random(seed)
    (root / "sops" / "media").mkdir(parents=True, exist_ok=True)
    for n in range(4):
        (root / "sops" / "media" / f"picture-{n}.png").write_bytes(PNG)
    manual = ["name: Generated Café", "language: en", "review_every: 2 years", "roles:"]
    manual += [f"  - {{id: {r}, name: {r.replace('-', ' ').capitalize()}}}" for r in ROLES]
    manual += ["areas:"] + [f"  - {{id: {a}, name: {a.replace('-', ' ').capitalize()}}}" for a in AREAS]
    manual += ["shifts:"] + [f"  - {{id: {s}, name: {s.capitalize()}}}" for s in SHIFTS]
    (root / "sops" / "manual.yaml").write_text("\n".join(manual) + "\n", encoding="utf-8")
    ids = [f"procedure-{i:04d}" for i in range(procedures)]
    for i, procedure_id in enumerate(ids):
        area = root / "sops" / AREAS[i % len(AREAS)]
        area.mkdir(exist_ok=True)
        (area / f"{procedure_id}.yaml").write_text(procedure_text(rng, i, ids), encoding="utf-8")
    (root / "checklists").mkdir(exist_ok=True)
    for shift in SHIFTS:
        items = "\n".join(f"      - sop: {p}\n        steps: [step-1, step-2]" for p in ids[:20])
        (root / "checklists" / f"{shift}.yaml").write_text(
            f"title: {shift.capitalize()}\nshift: {shift}\nsections:\n  - title: Everything\n    items:\n{items}\n",
            encoding="utf-8",
        )
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--procedures", type=int, default=1000)
    args = parser.parse_args()
    generate(args.dir, args.procedures)


if __name__ == "__main__":
    main()
