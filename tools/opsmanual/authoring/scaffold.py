"""`init` and `new`: a manual, a procedure or a checklist that passes `check` the moment it is written."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from opsmanual.check.schema import KINDS, schema_text
from opsmanual.diagnostics import refuse
from opsmanual.i18n import scaffold
from opsmanual.i18n.messages import _
from opsmanual.outputs import SOURCES, write_file
from opsmanual.values import DEFAULT_REVIEW, ID, Duration, parse_duration, slug

LONGEST_ID = 200  # an id is a file name, with ".yaml" after it
MODELINE = "# yaml-language-server: $schema={path}\n"
VSCODE = {
    "yaml.schemas": {
        "./schema/manual.schema.json": "sops/manual.yaml",
        "./schema/sop.schema.json": "sops/*/*.yaml",
        "./schema/checklist.schema.json": "checklists/*.yaml",
        "./schema/team.schema.json": "sops/team.yaml",
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


# The site is made from the manual (its lock file is a build's); the records are the business's operational data,
# not the manual's history.
GITIGNORE = "site/\n.site.opsmanual.lock\nrecords/\n"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def manual_yaml(name: str, language: str, words: Mapping[str, Any]) -> str:
    lines = [
        MODELINE.format(path="../schema/manual.schema.json").rstrip(),
        f"name: {_quoted(name)}",
        f"language: {language}",
        f"paper: {words['paper']}",
        "review_every: 12 months",
        "roles:",
    ]
    for role in words["roles"]:
        lines += [f"  - id: {role['id']}", f"    name: {role['name']}", f"    description: {role['description']}"]
    area = words["area"]
    lines += [
        "areas:",
        f"  - id: {area['id']}",
        f"    name: {area['name']}",
        f"    description: {area['description']}",
        "shifts:",
    ]
    for shift in words["shifts"]:
        lines += [
            f"  - id: {shift['id']}",
            f"    name: {shift['name']}",
            f'    starts: "{shift["starts"]}"',
            f'    ends: "{shift["ends"]}"',
        ]
    return "\n".join(lines) + "\n"


def init_manual(folder: Path, name: str, language: str, today: date) -> list[Path]:
    """Write a new manual into `folder`, which must be empty or not exist yet; the files written."""
    if folder.is_symlink() and not folder.exists():
        raise refuse(
            "output-is-link",
            _("{folder} is a link to a place that does not exist").format(folder=folder),
            _("choose a new folder's name, or remove the link"),
            file=str(folder),
        )
    real = Path(os.path.realpath(folder))
    for manual in (p for p in real.parents if (p / "sops" / "manual.yaml").is_file()):
        for source in SOURCES:
            if real.is_relative_to(manual / source):
                raise refuse(
                    "output-in-sources",
                    _("{folder} is inside {source} of the manual in {manual}").format(
                        folder=folder, source=f"{source}/", manual=manual
                    ),
                    _("start the new manual in a folder of its own, outside another manual's files"),
                    file=str(folder),
                )
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise refuse(
            "folder-not-empty",
            _("{folder} already holds files").format(folder=folder),
            _("opsmanual init only writes into an empty or new folder: choose another name"),
            file=str(folder),
        )
    _check_title(name, "name")
    words = scaffold(language)
    area = words["area"]["id"]
    files = {
        "sops/manual.yaml": manual_yaml(name, language, words),
        f"sops/{area}/{words['procedure_id']}.yaml": MODELINE.format(path="../../schema/sop.schema.json")
        + words["procedure"].format(today=today.isoformat()),
        f"checklists/{words['shifts'][0]['id']}.yaml": MODELINE.format(path="../schema/checklist.schema.json")
        + words["checklist"],
        "sops/team.yaml": MODELINE.format(path="../schema/team.schema.json") + words["team"],
        ".vscode/settings.json": json.dumps(VSCODE, indent=2) + "\n",
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".gitignore": GITIGNORE,
        "README.md": words["readme"].replace("{name}", name),
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


def manual_facts(root: Path) -> tuple[str, list[str], list[str], Duration]:
    """The manual's language, declared areas, role ids and review interval, read with the strict loader."""
    from opsmanual.i18n import languages
    from opsmanual.load.yaml import read_yaml

    path = root / "sops" / "manual.yaml"
    if not path.is_file():
        raise refuse(
            "no-manual",
            _("there is no manual at {root} (no sops/manual.yaml)").format(root=root),
            _("pass the manual's folder with --root, or start one with opsmanual init"),
            file=str(root),
        )
    data = read_yaml(path, "sops/manual.yaml").data
    if data is None or not isinstance(data.get("areas"), list):
        message, hint = _("sops/manual.yaml cannot be read"), _("run opsmanual check to see why")
        raise refuse("manual-unreadable", message, hint, file=str(path))
    areas = [a["id"] for a in data["areas"] if isinstance(a, dict) and isinstance(a.get("id"), str)]
    language = data.get("language") if data.get("language") in languages() else "en"
    roles = data.get("roles")
    roles = roles if isinstance(roles, list) else []
    role_ids = [
        r["id"] for r in roles if isinstance(r, dict) and isinstance(r.get("id"), str) and ID.fullmatch(r["id"])
    ]
    every = DEFAULT_REVIEW
    if isinstance(data.get("review_every"), str):
        with contextlib.suppress(ValueError):
            every = parse_duration(data["review_every"])
    return str(language), areas, role_ids, every


def _check_new_id(kind: str, new_id: str) -> None:
    procedure = kind == "procedure"
    if len(new_id) > LONGEST_ID:
        long = (
            _("the procedure id is {length} characters long; it names a file, which holds at most {most}")
            if procedure
            else _("the checklist id is {length} characters long; it names a file, which holds at most {most}")
        )
        raise refuse(
            "id-too-long",
            long.format(length=len(new_id), most=LONGEST_ID),
            _("choose a shorter id: a few words that say what it is"),
        )
    if not ID.fullmatch(new_id):
        suggestion = slug(new_id)
        bad = _("'{id}' is not a valid procedure id") if procedure else _("'{id}' is not a valid checklist id")
        rule = _("ids are lowercase letters and digits in words joined by hyphens")
        raise refuse(
            "bad-id",
            bad.format(id=new_id),
            _("try '{id}': {rule}").format(id=suggestion, rule=rule) if suggestion else rule,
        )


def _check_title(title: str, what: str = "title") -> None:
    if not title.strip() or "\n" in title or "\r" in title:
        if what == "name":
            message, hint = _("the name must be one line of text"), _("write the name on one line")
        else:
            message, hint = _("the title must be one line of text"), _("write the title on one line")
        raise refuse("not-one-line", message, hint)


def _refuse_existing(target: Path) -> None:
    if target.exists() or target.is_symlink():
        raise refuse(
            "file-exists",
            _("{path} already exists").format(path=target),
            _("opsmanual new never overwrites a file: choose another id, or edit the file"),
            file=str(target),
        )


def new_procedure(root: Path, area: str, procedure_id: str, title: str) -> Path:
    """Write sops/AREA/ID.yaml as a draft (on the site, marked, never on a checklist), with the required fields
    filled with sample text that check flags until it is replaced, and the optional ones as commented examples."""
    from opsmanual.suggest import close_matches

    _check_new_id("procedure", procedure_id)
    _check_title(title)
    language, areas, roles, _every = manual_facts(root)
    if area not in areas:
        hint = close_matches(area, areas) or _("the areas are: {ids}").format(ids=", ".join(areas))
        hint += " (" + _("areas are declared in sops/manual.yaml") + ")"
        raise refuse("unknown-area", _("'{id}' is not a declared area").format(id=area), hint)
    target = root / "sops" / area / f"{procedure_id}.yaml"
    _refuse_existing(target)
    for other in (root / "sops").glob(f"*/{procedure_id}.yaml"):
        raise refuse(
            "duplicate-procedure",
            _("the procedure id '{id}' is already used by {file}").format(id=procedure_id, file=other),
            _("ids are unique in a manual: choose another id"),
        )
    words = scaffold(language)
    owner = f"owner: {roles[0]}  # who keeps this procedure right\n" if roles else ""
    text = (
        MODELINE.format(path="../../schema/sop.schema.json") + f"title: {_quoted(title)}\n"
        f"purpose: {_quoted(words['purpose_placeholder'])}\n{owner}"
        "status: draft  # opsmanual publish makes it effective, with its date and first change-log entry\n"
        "revision: 1\n"
        f"steps:\n  - do: {_quoted(words['step_placeholder'])}\n" + PROCEDURE_EXAMPLES
    )
    write_file(target, text.encode("utf-8"))
    return target


def new_checklist(root: Path, checklist_id: str, title: str) -> Path:
    """Write checklists/ID.yaml with one section and one item, and the rest as commented examples."""
    _check_new_id("checklist", checklist_id)
    _check_title(title)
    language, _areas, _roles, _every = manual_facts(root)
    target = root / "checklists" / f"{checklist_id}.yaml"
    _refuse_existing(target)
    words = scaffold(language)
    section, task = _quoted(words["section"]), _quoted(words["task_placeholder"])
    text = (
        MODELINE.format(path="../schema/checklist.schema.json") + f"title: {_quoted(title)}\n"
        f"sections:\n  - title: {section}\n    items:\n      - task: {task}\n" + CHECKLIST_EXAMPLES
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
# review_every: 6 months            # overrides the manual's interval
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
