"""Rules across files, over the index that checking each file has filled.

Each rule is a small function over the `Index`; they are listed at the end of
this module, which is where a new one is registered.
"""

from __future__ import annotations

from collections.abc import Callable

from opsmanual.check.index import Index
from opsmanual.check.schema import KINDS, schema_text
from opsmanual.check.team import training_paths_take_effective_procedures
from opsmanual.check.walk import check_reference
from opsmanual.diagnostics import START
from opsmanual.i18n.messages import _
from opsmanual.load.discover import MANUAL_FILE
from opsmanual.suggest import close_matches
from opsmanual.values import ID, slug

CrossRule = Callable[[Index], None]


def area_folders_are_declared(index: Index) -> None:
    areas = index.names.areas
    if areas is None:
        return
    for folder, files in index.layout.area_folders.items():
        if folder in areas:
            continue
        known = close_matches(folder, areas)
        if ID.fullmatch(folder):
            hint = _("add {entry} to 'areas' in sops/manual.yaml").format(entry=f"{{id: {folder}, name: ...}}")
        else:
            hint = _("area folders are named by an id, like '{id}': rename it and add it to 'areas'").format(
                id=slug(folder)
            )
        hint += _(", or move the file into a declared area ({suggestion})").format(suggestion=known) if known else ""
        message = _("the folder {folder} is not a declared area").format(folder=f"sops/{folder}/")
        for rel in [file.rel for file in files] or [f"sops/{folder}"]:
            index.output(rel).error(START, "undeclared-area", message, hint)


def declared_areas_have_folders(index: Index) -> None:
    areas, out = index.names.areas, index.manual_out
    if not areas or out is None:
        return
    for area, position in areas.items():
        if area not in index.layout.area_folders and area != "media":
            out.warning(
                position,
                "empty-area",
                _("the area '{id}' has no folder {folder}").format(id=area, folder=f"sops/{area}/"),
                _("create {folder} and put the area's procedures in it, or remove the area").format(
                    folder=f"sops/{area}/"
                ),
            )


def procedure_ids_are_unique(index: Index) -> None:
    areas = index.names.areas
    owners: dict[str, list[str]] = {}
    for folder, files in index.layout.area_folders.items():
        if areas is None or folder in areas:
            for file in files:
                owners.setdefault(file.id, []).append(file.rel)
    for procedure_id, rels in owners.items():
        if len(rels) > 1:
            for rel in rels:
                others = ", ".join(r for r in rels if r != rel)
                index.output(rel).error(
                    START,
                    "duplicate-procedure",
                    _("the procedure id '{id}' is also used by {files}").format(id=procedure_id, files=others),
                    _("rename one of the files; procedure ids are unique across the manual"),
                )


def codes_are_unique(index: Index) -> None:
    for code, claims in index.codes.items():
        first = claims[0]
        for claim in claims[1:]:
            claim.out.error(
                claim.position,
                "duplicate-code",
                _("the code '{code}' is also used by {file}").format(code=code, file=first.out.file),
                _("give each procedure and checklist its own code"),
                claim.path,
            )


def related_procedures_exist(index: Index) -> None:
    known = index.procedure_names()
    for claim in index.related:
        found = check_reference(claim.out, "procedure", claim.target, claim.position, known, claim.path)
        facts = index.procedures.get(claim.target)
        if found and facts is not None and facts.status == "retired":
            claim.out.warning(
                claim.position,
                "related-retired",
                _("'related' points at '{id}', which is retired").format(id=claim.target),
                _("remove it, or point at the procedure that replaced it"),
                claim.path,
            )


def checklist_items_take_effective_steps(index: Index) -> None:
    known = index.procedure_names()
    for item in index.items:
        sop = item.sop
        if not check_reference(item.out, "procedure", sop.target, sop.position, known, sop.path):
            continue
        facts = index.procedures.get(sop.target)
        if facts is None:
            continue
        if facts.unreadable:
            item.out.warning(
                sop.position,
                "unchecked-reference",
                _("this item could not be checked, because {file} {why}").format(file=facts.file, why=facts.unreadable),
                _("fix {file} first; then check again").format(file=facts.file),
                sop.path,
            )
            continue
        if facts.status != "effective":
            item.out.error(
                item.position,
                "not-effective",
                _(
                    "the procedure '{id}' is {status}; drafts and retired procedures may not appear on checklists"
                ).format(id=sop.target, status=facts.status),
                _("make it effective (status: effective in {file}), or remove this item").format(file=facts.file),
                sop.path[:-1],
            )
        for step in item.steps:
            if step.target in facts.top_steps:
                continue
            if step.target in facts.all_steps:
                item.out.error(
                    step.position,
                    "not-top-step",
                    _("'{step}' is a sub-step of '{id}'; only top-level steps can be picked").format(
                        step=step.target, id=sop.target
                    ),
                    _("pick the top-level step that holds it"),
                    step.path,
                )
            elif not facts.complete:
                item.out.warning(
                    step.position,
                    "unchecked-reference",
                    _("the step '{step}' could not be checked: {file} could be read only in part").format(
                        step=step.target, file=facts.file
                    ),
                    _("fix the errors in {file}; then check again").format(file=facts.file),
                    step.path,
                )
            else:
                hint = facts.top_step_names.hint(step.target) or (
                    _("its top-level step ids are: {ids}").format(ids=", ".join(facts.top_steps))
                    if facts.top_steps
                    else _("give the step an 'id' in {file}").format(file=facts.file)
                )
                item.out.error(
                    step.position,
                    "unknown-step",
                    _("the procedure '{id}' has no top-level step '{step}'").format(id=sop.target, step=step.target),
                    hint,
                    step.path,
                )


def procedures_are_on_their_shifts_checklists(index: Index) -> None:
    shifts = index.names.shifts
    if shifts is None:
        return
    on_checklists = {(item.shift, item.sop.target) for item in index.items if item.shift is not None}
    for claim, procedure_id in index.shift_claims:
        if claim.target in shifts and (claim.target, procedure_id) not in on_checklists:
            claim.out.warning(
                claim.position,
                "not-on-checklist",
                _("no checklist of the shift '{shift}' includes this procedure").format(shift=claim.target),
                _("add {item} to a checklist with {shift}, or remove the shift here").format(
                    item=f"'- sop: {procedure_id}'", shift=f"'shift: {claim.target}'"
                ),
                claim.path,
            )


def schema_copies_are_current(index: Index) -> None:
    """The manual's schema/ (for editors) should be this opsmanual's own, or editors and check disagree."""
    for kind in KINDS:
        rel = f"schema/{kind}.schema.json"
        try:
            copy = (index.root / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if copy != schema_text(kind):
            index.output(rel).warning(
                START,
                "schema-stale",
                _(
                    "{file} is not the schema this opsmanual checks with, so editors may accept what check refuses"
                ).format(file=rel),
                _("refresh the copies with: {command}").format(command="opsmanual schemas ROOT"),
            )


CROSS_RULES: tuple[CrossRule, ...] = (
    area_folders_are_declared,
    declared_areas_have_folders,
    procedure_ids_are_unique,
    codes_are_unique,
    related_procedures_exist,
    checklist_items_take_effective_steps,
    procedures_are_on_their_shifts_checklists,
    schema_copies_are_current,
    training_paths_take_effective_procedures,
)

__all__ = ["CROSS_RULES", "MANUAL_FILE"]
