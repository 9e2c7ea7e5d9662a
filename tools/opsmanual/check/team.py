"""The team (sops/team.yaml) and the training paths (a role's `training` in manual.yaml).

The team file's own rules run when it is read; a path names procedures, so it is
checked across files, once every procedure has been read.
"""

from __future__ import annotations

from opsmanual.check.index import Claim, Index
from opsmanual.check.walk import Document, Rule, check_reference, ids_at
from opsmanual.i18n.messages import _
from opsmanual.load.tree import YamlList, YamlMap
from opsmanual.values import parse_date


def _people(doc: Document) -> list[tuple[int, YamlMap]]:
    people = doc.data.get("people")
    return [(n, p) for n, p in enumerate(people) if isinstance(p, YamlMap)] if isinstance(people, YamlList) else []


def people_have_declared_roles(doc: Document, index: Index) -> None:
    for n, person in _people(doc):
        for role, position, path in ids_at(person, "roles", ("people", n)):
            check_reference(doc.out, "role", role, position, index.names.roles, path)


def person_ids_are_unique(doc: Document, index: Index) -> None:
    seen: dict[str, str] = {}
    for n, person in _people(doc):
        person_id = person.get("id")
        if not isinstance(person_id, str):
            continue
        if person_id in seen:
            doc.out.error(
                person.value_positions["id"],
                "duplicate-person",
                _("the person id '{id}' is already {name}'s").format(id=person_id, name=seen[person_id]),
                _("give each person their own id; two people with the same name get ids like ana-ruiz and ana-ruiz-2"),
                ("people", n, "id"),
            )
        else:
            seen[person_id] = str(person.get("name", person_id))


def left_after_started(doc: Document, index: Index) -> None:
    for n, person in _people(doc):
        started, left = person.get("started"), person.get("left")
        if not (isinstance(started, str) and isinstance(left, str)):
            continue
        try:
            wrong = parse_date(left) < parse_date(started)
        except ValueError:
            continue  # not a date: the schema says so
        if wrong:
            doc.out.error(
                person.value_positions["left"],
                "left-before-started",
                _("'{name}' left on {left}, before they started on {started}").format(
                    name=person.get("name", person.get("id")), left=left, started=started
                ),
                _("correct one of the two dates"),
                ("people", n, "left"),
            )


TEAM_RULES: tuple[Rule, ...] = (people_have_declared_roles, person_ids_are_unique, left_after_started)


def training_claims(data: YamlMap, index: Index) -> None:
    """Note each procedure a role's `training` path names, to check once every procedure is read."""
    out = index.manual_out
    roles = data.get("roles")
    if out is None or not isinstance(roles, YamlList):
        return
    for n, role in enumerate(roles):
        for procedure, position, path in ids_at(role, "training", ("roles", n)):
            index.training.append(Claim(out, position, procedure, path))


def training_paths_take_effective_procedures(index: Index) -> None:
    known = index.procedure_names()
    for claim in index.training:
        if not check_reference(claim.out, "procedure", claim.target, claim.position, known, claim.path):
            continue
        facts = index.procedures.get(claim.target)
        if facts is not None and facts.status != "effective":
            claim.out.error(
                claim.position,
                "not-effective",
                _("the procedure '{id}' is {status}; drafts and retired procedures are on no path").format(
                    id=claim.target, status=facts.status
                ),
                _("make it effective (status: effective in {file}), or take it off the path").format(file=facts.file),
                claim.path,
            )
