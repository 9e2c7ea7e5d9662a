"""`init` and `new`: a manual, a procedure or a checklist that passes `check` the moment it is written."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from opsmanual.atomic import write_file
from opsmanual.discover import ID, slug
from opsmanual.schemas import KINDS, schema_text


class Refusal(Exception):
    """A command that would destroy something or cannot do what was asked; the message says why."""


@dataclass(frozen=True)
class Words:
    """The sample manual's wording in one language."""

    roles: tuple[tuple[str, str, str], ...]
    area: tuple[str, str, str]
    shifts: tuple[tuple[str, str, str, str], ...]
    procedure_id: str
    procedure: str
    checklist: str
    purpose_placeholder: str
    step_placeholder: str
    task_placeholder: str
    section: str


ENGLISH = Words(
    roles=(
        ("owner", "Owner", "Keeps the manual right and approves every revision."),
        ("shift-lead", "Shift lead", "Opens or closes, and signs the shift checklist."),
        ("staff", "Staff", "Everyone on the floor and in the kitchen."),
    ),
    area=("front-of-house", "Front of house", "The door, the phone and the tables."),
    shifts=(("opening", "Opening", "07:00", "11:00"), ("closing", "Closing", "20:00", "23:00")),
    procedure_id="greet-a-guest",
    procedure="""title: Greet a guest
summary: Every guest is greeted within 30 seconds, by name when we know it.
purpose: |
  The first thirty seconds decide how a guest feels about the whole visit.
  A warm, quick greeting tells them they are expected and welcome.
roles: [staff]
owner: shift-lead
shifts: [opening]
when: Every time a guest comes through the door
time: 1 min
standard:
  - Greeted within 30 seconds of coming in
  - Eye contact, a smile and a hello, even when you are busy
revision: 1
effective: {today}
steps:
  - id: greet
    do: Look up, smile and say **hello** within 30 seconds, even if you are busy.
    why: A guest who is seen waits happily; a guest who is ignored starts counting.
  - id: seat
    do: Ask how many they are and take them to a table, or tell them how long the wait is.
""",
    checklist="""title: Opening
shift: opening
roles: [shift-lead]
due: "08:00"
sections:
  - title: Front of house
    items:
      - task: Lights on, music on, door unlocked at opening time
      - sop: greet-a-guest
signoff: [Shift lead]
""",
    purpose_placeholder="Why this matters to the customer: write the reason behind the rule here.",
    step_placeholder='Write the first step here, as an instruction: "Pick up within three rings."',
    task_placeholder="Write the first item to tick here",
    section="Tasks",
)

SPANISH = Words(
    roles=(
        ("dueno", "Dueño", "Mantiene el manual al día y aprueba cada revisión."),
        ("encargado", "Encargado de turno", "Abre o cierra y firma la lista del turno."),
        ("personal", "Personal", "Todo el equipo de sala y de cocina."),
    ),
    area=("sala", "Sala", "La puerta, el teléfono y las mesas."),
    shifts=(("apertura", "Apertura", "07:00", "11:00"), ("cierre", "Cierre", "20:00", "23:00")),
    procedure_id="recibir-a-un-cliente",
    procedure="""title: Recibir a un cliente
summary: Cada cliente recibe un saludo en menos de 30 segundos, por su nombre si lo conocemos.
purpose: |
  Los primeros treinta segundos deciden cómo se siente el cliente en toda la visita.
  Un saludo rápido y cálido le dice que lo esperábamos y que es bienvenido.
roles: [personal]
owner: encargado
shifts: [apertura]
when: Cada vez que entra un cliente
time: 1 min
standard:
  - Saludado en menos de 30 segundos desde que entra
  - Mirada, sonrisa y saludo, aunque estés ocupado
revision: 1
effective: {today}
steps:
  - id: saludar
    do: Levanta la vista, sonríe y di **hola** en menos de 30 segundos, aunque estés ocupado.
    why: Un cliente al que se ve espera tranquilo; uno al que se ignora empieza a contar.
  - id: sentar
    do: Pregunta cuántos son y acompáñalos a una mesa, o diles cuánto hay que esperar.
""",
    checklist="""title: Apertura
shift: apertura
roles: [encargado]
due: "08:00"
sections:
  - title: Sala
    items:
      - task: Luces y música encendidas, puerta abierta a la hora
      - sop: recibir-a-un-cliente
signoff: [Encargado de turno]
""",
    purpose_placeholder="Por qué le importa al cliente: escribe aquí la razón de la norma.",
    step_placeholder='Escribe aquí el primer paso, como una instrucción: "Contesta antes del tercer tono."',
    task_placeholder="Escribe aquí la primera tarea que marcar",
    section="Tareas",
)

MODELINE = "# yaml-language-server: $schema={path}\n"
VSCODE = {
    "yaml.schemas": {
        "./schema/manual.schema.json": "sops/manual.yaml",
        "./schema/sop.schema.json": "sops/*/*.yaml",
        "./schema/checklist.schema.json": "checklists/*.yaml",
    }
}
PRE_COMMIT = """# Runs `opsmanual check` before every commit (https://pre-commit.com).
# Set it up once: pip install pre-commit && pre-commit install
repos:
  - repo: local
    hooks:
      - id: opsmanual-check
        name: opsmanual check
        entry: opsmanual check --strict
        language: system
        pass_filenames: false
        files: ^(sops/|checklists/|schema/)
"""


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def manual_yaml(name: str, language: str, words: Words) -> str:
    lines = [
        MODELINE.format(path="../schema/manual.schema.json").rstrip(),
        f"name: {_quoted(name)}",
        f"language: {language}",
        "paper: letter",
        "review_every: 12 months",
        "roles:",
    ]
    for role_id, role_name, description in words.roles:
        lines += [f"  - id: {role_id}", f"    name: {role_name}", f"    description: {description}"]
    area_id, area_name, area_description = words.area
    lines += [
        "areas:",
        f"  - id: {area_id}",
        f"    name: {area_name}",
        f"    description: {area_description}",
        "shifts:",
    ]
    for shift_id, shift_name, starts, ends in words.shifts:
        lines += [f"  - id: {shift_id}", f"    name: {shift_name}", f'    starts: "{starts}"', f'    ends: "{ends}"']
    return "\n".join(lines) + "\n"


def init_manual(folder: Path, name: str, language: str, today: date) -> list[Path]:
    """Write a new manual into `folder`, which must be empty or not exist yet; the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise Refusal(f"{folder} already holds files; opsmanual init only writes into an empty or new folder")
    _check_title(name, "name")
    words = SPANISH if language == "es" else ENGLISH
    area = words.area[0]
    files = {
        "sops/manual.yaml": manual_yaml(name, language, words),
        f"sops/{area}/{words.procedure_id}.yaml": MODELINE.format(path="../../schema/sop.schema.json")
        + words.procedure.format(today=today.isoformat()),
        f"checklists/{words.shifts[0][0]}.yaml": MODELINE.format(path="../schema/checklist.schema.json")
        + words.checklist,
        ".vscode/settings.json": json.dumps(VSCODE, indent=2) + "\n",
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".gitignore": "site/\n",
        **{f"schema/{kind}.schema.json": schema_text(kind) for kind in KINDS},
    }
    written = []
    for rel, text in files.items():
        write_file(folder / rel, text.encode("utf-8"))
        written.append(folder / rel)
    (folder / "sops" / "media").mkdir(exist_ok=True)
    return written


def write_schemas(root: Path) -> list[Path]:
    """Copy the installed package's schemas into ROOT/schema/ (for editors that work offline)."""
    written = []
    for kind in KINDS:
        target = root / "schema" / f"{kind}.schema.json"
        write_file(target, schema_text(kind).encode("utf-8"))
        written.append(target)
    return written


def _manual_facts(root: Path) -> tuple[str, list[str], list[str]]:
    """The manual's language, declared areas and role ids, read with the strict loader."""
    from opsmanual.yamlload import read_yaml

    path = root / "sops" / "manual.yaml"
    if not path.is_file():
        raise Refusal(f"there is no manual at {root} (no sops/manual.yaml); pass --root, or run opsmanual init")
    data = read_yaml(path, "sops/manual.yaml").data
    if data is None or not isinstance(data.get("areas"), list):
        raise Refusal("sops/manual.yaml cannot be read; run opsmanual check to see why")
    areas = [a["id"] for a in data["areas"] if isinstance(a, dict) and isinstance(a.get("id"), str)]
    language = data.get("language") if data.get("language") in ("en", "es") else "en"
    roles = data.get("roles")
    roles = roles if isinstance(roles, list) else []
    role_ids = [
        r["id"] for r in roles if isinstance(r, dict) and isinstance(r.get("id"), str) and ID.fullmatch(r["id"])
    ]
    return str(language), areas, role_ids


def _check_new_id(kind: str, new_id: str) -> None:
    if not ID.fullmatch(new_id):
        suggestion = slug(new_id)
        raise Refusal(
            f"'{new_id}' is not a valid {kind} id"
            + (f"; try '{suggestion}'" if suggestion else "")
            + " (lowercase letters and digits in words joined by hyphens)"
        )


def _check_title(title: str, what: str = "title") -> None:
    if not title.strip() or "\n" in title or "\r" in title:
        raise Refusal(f"the {what} must be one line of text")


def new_procedure(root: Path, area: str, procedure_id: str, title: str) -> Path:
    """Write sops/AREA/ID.yaml with the required fields filled and the optional ones as commented examples."""
    from opsmanual.schemas import close_matches

    _check_new_id("procedure", procedure_id)
    _check_title(title)
    language, areas, roles = _manual_facts(root)
    if area not in areas:
        hint = close_matches(area, areas) or ("the areas are: " + ", ".join(areas))
        raise Refusal(f"'{area}' is not a declared area; {hint} (areas are declared in sops/manual.yaml)")
    target = root / "sops" / area / f"{procedure_id}.yaml"
    if target.exists():
        raise Refusal(f"{target} already exists; opsmanual new never overwrites a file")
    for other in (root / "sops").glob(f"*/{procedure_id}.yaml"):
        raise Refusal(f"the procedure id '{procedure_id}' is already used by {other}; ids are unique in a manual")
    words = SPANISH if language == "es" else ENGLISH
    owner = f"owner: {roles[0]}  # who keeps this procedure right\n" if roles else ""
    text = (
        MODELINE.format(path="../../schema/sop.schema.json") + f"title: {_quoted(title)}\n"
        f"purpose: {_quoted(words.purpose_placeholder)}\n{owner}"
        f"steps:\n  - do: {_quoted(words.step_placeholder)}\n" + PROCEDURE_EXAMPLES
    )
    write_file(target, text.encode("utf-8"))
    return target


def new_checklist(root: Path, checklist_id: str, title: str) -> Path:
    """Write checklists/ID.yaml with one section and one item, and the rest as commented examples."""
    _check_new_id("checklist", checklist_id)
    _check_title(title)
    language, _, _ = _manual_facts(root)
    target = root / "checklists" / f"{checklist_id}.yaml"
    if target.exists():
        raise Refusal(f"{target} already exists; opsmanual new never overwrites a file")
    words = SPANISH if language == "es" else ENGLISH
    text = (
        MODELINE.format(path="../schema/checklist.schema.json") + f"title: {_quoted(title)}\n"
        f"sections:\n  - title: {_quoted(words.section)}\n    items:\n      - task: {_quoted(words.task_placeholder)}\n"
        + CHECKLIST_EXAMPLES
    )
    write_file(target, text.encode("utf-8"))
    return target


PROCEDURE_EXAMPLES = """
# Optional fields: remove the '# ' in front of those you need (see the README for all of them).
# code: FOH-001                     # document number for printouts
# summary: One sentence for lists and search results.
# roles: [staff]                    # who does it (role ids from sops/manual.yaml)
# shifts: [opening]                 # put it on a checklist of that shift too
# when: Every time the phone rings
# time: 3 min
# standard:                         # what "done right" looks like, measurable
#   - Picked up within three rings
# materials: [Booking book, Pen]
# safety: [Wear gloves]
# escalation: Call the manager when ...
# authority: You may comp up to $25 to make it right.
# related: [another-procedure]
# tags: [phone, bookings]
# status: draft                     # draft, effective or retired
# revision: 1
# effective: 2026-01-31
# approved_by: The owner
# review_every: 6 months
#
# More steps go under 'steps:'; a step can have: id, check, why, tip, warning,
# critical: true, time, image: {file: media/x.jpg, caption: ...},
# record: {what: ..., unit: °C, min: 0, max: 5, if_out_of_range: ...},
# sub-steps under 'steps:', or be a decision: 'if: ...' with 'then:' and its steps.
"""

CHECKLIST_EXAMPLES = """
# Optional fields: remove the '# ' in front of those you need (see the README for all of them).
# shift: opening                    # a shift id from sops/manual.yaml
# roles: [shift-lead]
# due: "07:30"
# paper: a4                         # letter or a4
# notes: Tick each box as you go.
# signoff: [Shift lead, Manager]
#
# More items go under 'items:', each one of:
#   - sop: a-procedure-id             (all its top-level steps)
#   - sop: a-procedure-id
#     steps: [a-step-id]              (only those steps)
#   - task: A line to tick
#   - record: {what: Fridge, unit: °C, min: 0, max: 5}
"""
