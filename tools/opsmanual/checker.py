"""`check` as a function: read every file of a manual, report every finding, build the model.

Files are read one at a time and their position trees dropped once checked;
only the few facts that other files refer to are kept, so memory grows with
the largest file, not with the manual.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from opsmanual import model
from opsmanual.diagnostics import START, Collector, Diagnostic
from opsmanual.discover import ID, MANUAL_FILE, SourceFile, discover, slug
from opsmanual.rules import (
    MediaFolder,
    Names,
    all_step_ids,
    check_changes,
    check_markdown,
    check_record,
    check_reference,
    check_role_names,
    check_shift_names,
    check_steps,
    ids_at,
    top_step_ids,
)
from opsmanual.schemas import KINDS, check_against_schema, close_matches, schema_text
from opsmanual.values import DEFAULT_REVIEW, Duration, parse_duration, review_due
from opsmanual.yamlload import YamlList, YamlMap, read_yaml


@dataclass
class CheckResult:
    """Everything `check` found, and the manual's model when there were no errors."""

    root: Path
    diagnostics: list[Diagnostic]
    procedures: int
    checklists: int
    manual: model.Manual | None = None

    @property
    def errors(self) -> int:
        return sum(d.is_error for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


@dataclass
class _ProcedureFacts:
    """What other files may ask of a procedure."""

    file: str
    status: str = "effective"
    top_steps: list[str] = field(default_factory=list)
    all_steps: set[str] = field(default_factory=set)
    readable: bool = True  # False when its own errors make its contents unreliable


def _checklist_items(data: YamlMap) -> list[tuple[YamlMap, int]]:
    """Each item of each section, with its position, skipping what is not shaped as one."""
    found = []
    sections = data.get("sections")
    for section in sections if isinstance(sections, YamlList) else ():
        items = section.get("items") if isinstance(section, YamlMap) else None
        if isinstance(items, YamlList):
            found += [(i, p) for i, p in zip(items, items.item_positions, strict=True) if isinstance(i, YamlMap)]
    return found


def check_manual(root: Path, today: date | None = None) -> CheckResult:
    return _Check(root, today or date.today()).run()


class _Check:
    def __init__(self, root: Path, today: date) -> None:
        self.root = root
        self.today = today
        self.layout = discover(root)
        self.outputs: list[Collector] = list(self.layout.problems)
        self.names = Names(None, None, True)
        self.review_every: Duration = DEFAULT_REVIEW
        self.manual_data: YamlMap | None = None
        self.facts: dict[str, _ProcedureFacts] = {}
        self.procedures: list[model.Procedure] = []
        self.checklists: list[model.Checklist] = []
        self.codes: dict[str, str] = {}
        self.related: list[tuple[Collector, int, str]] = []
        self.shift_claims: list[tuple[Collector, int, str, str]] = []  # out, position, shift, procedure
        self.on_checklists: set[tuple[str, str]] = set()  # (shift, procedure)
        self.media = MediaFolder(root)

    def run(self) -> CheckResult:
        areas = self.check_manual_file()
        self.check_area_folders(areas)
        for file in self.layout.checklists:
            self.check_checklist(file)
        self.check_cross_references()
        self.check_schema_copies()
        diagnostics = sorted(d for out in self.outputs for d in out.items)
        result = CheckResult(
            self.root, diagnostics, sum(len(f) for f in self.layout.area_folders.values()), len(self.layout.checklists)
        )
        if result.errors == 0 and self.manual_data is not None:
            order = {a: i for i, a in enumerate(areas or ())}
            procedures = tuple(sorted(self.procedures, key=lambda p: (order.get(p.area, len(order)), p.id)))
            result.manual = model.manual_from(self.manual_data, procedures, tuple(self.checklists))
        return result

    def new_output(self, rel: str) -> Collector:
        out = Collector(rel)
        self.outputs.append(out)
        return out

    # sops/manual.yaml

    def check_manual_file(self) -> dict[str, int] | None:
        """Read manual.yaml; the declared areas with their positions (None when unknown)."""
        if not self.layout.has_manual:
            out = self.new_output(MANUAL_FILE)
            out.error(
                START,
                "no-manual",
                "the manual has no sops/manual.yaml",
                "is ROOT the manual's folder (the one holding sops/)? If so, create sops/manual.yaml with "
                "'name', 'roles' and 'areas'",
            )
            return None
        loaded = read_yaml(self.root / MANUAL_FILE, MANUAL_FILE)
        out = loaded.diagnostics
        self.outputs.append(out)
        data = loaded.data
        if data is None:
            return None
        valid = check_against_schema("manual", data, out)
        roles = self._declared(out, data, "roles", "role")
        areas = self._declared(out, data, "areas", "area")
        shifts = self._declared(out, data, "shifts", "shift")
        if areas and "media" in areas:
            out.error(
                areas["media"],
                "reserved-area",
                "'media' cannot be an area; sops/media/ holds the pictures",
                "give the area another id",
            )
        self.names = Names(roles, shifts, "shifts" in data)
        if isinstance(data.get("review_every"), str):
            with suppress(ValueError):
                self.review_every = parse_duration(data["review_every"])
        if valid and not out.has_errors:
            self.manual_data = data
        return areas

    @staticmethod
    def _declared(out: Collector, data: YamlMap, key: str, kind: str) -> dict[str, int] | None:
        """The ids of a list of {id, name} in manual.yaml, reporting ids declared twice; None when unknown."""
        found: dict[str, int] = {}
        items = data.get(key)
        if key == "shifts" and key not in data:
            return found
        if not isinstance(items, YamlList):
            return None
        for item in items:
            if isinstance(item, YamlMap) and isinstance(item.get("id"), str) and ID.fullmatch(item["id"]):
                position = item.value_positions["id"]
                if item["id"] in found:
                    out.error(
                        position,
                        f"duplicate-{kind}",
                        f"the {kind} id '{item['id']}' is declared twice",
                        f"give each {kind} its own id",
                    )
                else:
                    found[item["id"]] = position
        return found

    # sops/<area>/<id>.yaml

    def check_area_folders(self, areas: dict[str, int] | None) -> None:
        owners: dict[str, list[SourceFile]] = {}
        for folder, files in self.layout.area_folders.items():
            if areas is not None and folder not in areas:
                self._undeclared(folder, files, areas)
                continue
            for file in files:
                owners.setdefault(file.id, []).append(file)
        manual_out = next((o for o in self.outputs if o.file == MANUAL_FILE), None)
        if areas and manual_out is not None:
            for area, position in areas.items():
                if area not in self.layout.area_folders and area != "media":
                    manual_out.warning(
                        position,
                        "empty-area",
                        f"the area '{area}' has no folder sops/{area}/",
                        f"create sops/{area}/ and put the area's procedures in it, or remove the area",
                    )
        for procedure_id, files in owners.items():
            if len(files) > 1:
                for file in files:
                    others = ", ".join(f.rel for f in files if f is not file)
                    out = self.new_output(file.rel)
                    out.error(
                        START,
                        "duplicate-procedure",
                        f"the procedure id '{procedure_id}' is also used by {others}",
                        "rename one of the files; procedure ids are unique across the manual",
                    )
            for file in files:
                self.check_procedure(file)

    def _undeclared(self, folder: str, files: list[SourceFile], areas: dict[str, int]) -> None:
        known = close_matches(folder, areas)
        if ID.fullmatch(folder):
            hint = f"add {{id: {folder}, name: ...}} to 'areas' in sops/manual.yaml"
        else:
            hint = f"area folders are named by an id, like '{slug(folder)}': rename it and add it to 'areas'"
        hint += f", or move the file into a declared area ({known})" if known else ""
        message = f"the folder sops/{folder}/ is not a declared area"
        for rel in [file.rel for file in files] or [f"sops/{folder}"]:
            self.new_output(rel).error(START, "undeclared-area", message, hint)

    def check_procedure(self, file: SourceFile) -> None:
        loaded = read_yaml(file.path, file.rel)
        out = loaded.diagnostics
        self.outputs.append(out)
        data = loaded.data
        facts = self.facts.setdefault(file.id, _ProcedureFacts(file.rel, readable=False))
        if data is None:
            return
        valid = check_against_schema("sop", data, out)
        if valid:
            facts.status = data.get("status", "effective")
            facts.top_steps = top_step_ids(data)
            facts.all_steps = all_step_ids(data)
            facts.readable = True
        check_role_names(out, data, self.names)
        check_shift_names(out, list(ids_at(data, "shifts")), self.names)
        if isinstance(data.get("steps"), YamlList):
            check_steps(out, data["steps"], self.media)
        check_changes(out, data)
        check_markdown(out, data)
        for target, position in ids_at(data, "related"):
            if target == file.id:
                out.error(
                    position,
                    "related-self",
                    "'related' names this procedure itself",
                    "remove it; 'related' lists other procedures",
                )
            else:
                self.related.append((out, position, target))
        if valid and facts.status == "effective":
            self.shift_claims += [(out, position, shift, file.id) for shift, position in ids_at(data, "shifts")]
        if isinstance(data.get("code"), str):
            code = data["code"]
            if code in self.codes:
                out.error(
                    data.value_positions["code"],
                    "duplicate-code",
                    f"the code '{code}' is also used by {self.codes[code]}",
                    "give each procedure its own code",
                )
            else:
                self.codes[code] = file.rel
        if out.has_errors:
            return
        for key, what in (
            ("roles", "who does it"),
            ("owner", "who keeps it right"),
            ("standard", "what done right looks like"),
        ):
            if key not in data:
                out.warning(
                    data.position,
                    f"no-{key}",
                    f"the procedure has no '{key}' ({what})",
                    f"add '{key}' so that the manual says {what}",
                )
        self._check_review(out, data)
        self.procedures.append(model.procedure_from(file.id, file.folder, file.rel, data))

    def _check_review(self, out: Collector, data: YamlMap) -> None:
        if data.get("status", "effective") != "effective":
            return  # drafts are not in use yet, retired ones no longer
        due = review_due(
            model.date_field(data, "effective"),
            model.date_field(data, "next_review"),
            parse_duration(data["review_every"]) if "review_every" in data else self.review_every,
        )
        if due is not None and self.today > due:
            key = "next_review" if "next_review" in data else "effective"
            days = (self.today - due).days
            out.warning(
                data.value_positions[key],
                "review-overdue",
                f"the review was due on {due.isoformat()}, {days} day{'s' if days != 1 else ''} ago",
                "review the procedure; then raise 'revision' and set 'effective' to the day it takes "
                "effect, or set 'next_review'",
            )

    # checklists/<id>.yaml

    def check_checklist(self, file: SourceFile) -> None:
        loaded = read_yaml(file.path, file.rel)
        out = loaded.diagnostics
        self.outputs.append(out)
        data = loaded.data
        if data is None:
            return
        valid = check_against_schema("checklist", data, out)
        shift = data.get("shift") if isinstance(data.get("shift"), str) else None
        if shift is not None:
            check_shift_names(out, [(shift, data.value_positions["shift"])], self.names)
        check_role_names(out, data, self.names)
        check_markdown(out, data)
        for item, item_position in _checklist_items(data):
            if isinstance(item.get("record"), YamlMap):
                check_record(out, item["record"])
            if isinstance(item.get("sop"), str):
                self._check_item(out, item, item_position, shift)
        if valid and not out.has_errors:
            self.checklists.append(model.checklist_from(file.id, file.rel, data))

    def _check_item(self, out: Collector, item: YamlMap, item_position: int, shift: str | None) -> None:
        procedure_id = item["sop"]
        if not check_reference(out, "procedure", procedure_id, item.value_positions["sop"], self.facts):
            return
        facts = self.facts.get(procedure_id)
        if facts is None or not facts.readable:
            return
        if facts.status != "effective":
            out.error(
                item_position,
                "not-effective",
                f"the procedure '{procedure_id}' is {facts.status}; "
                "drafts and retired procedures may not appear on checklists",
                f"make it effective (status: effective in {facts.file}), or remove this item",
            )
        for step_id, position in ids_at(item, "steps"):
            if step_id in facts.top_steps:
                continue
            if step_id in facts.all_steps:
                out.error(
                    position,
                    "not-top-step",
                    f"'{step_id}' is a sub-step of '{procedure_id}'; only top-level steps can be picked",
                    "pick the top-level step that holds it",
                )
                continue
            hint = close_matches(step_id, facts.top_steps) or (
                "its top-level step ids are: " + ", ".join(facts.top_steps)
                if facts.top_steps
                else f"give the step an 'id' in {facts.file}"
            )
            out.error(
                position, "unknown-step", f"the procedure '{procedure_id}' has no top-level step '{step_id}'", hint
            )
        if shift is not None:
            self.on_checklists.add((shift, procedure_id))

    # across files

    def check_schema_copies(self) -> None:
        """The manual's schema/ (for editors) should be this opsmanual's own, or editors and check disagree."""
        for kind in KINDS:
            rel = f"schema/{kind}.schema.json"
            try:
                copy = (self.root / rel).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if copy != schema_text(kind):
                self.new_output(rel).warning(
                    START,
                    "schema-stale",
                    f"{rel} is not the schema this opsmanual checks with, so editors may accept what check refuses",
                    "refresh the copies with: opsmanual schemas ROOT",
                )

    def check_cross_references(self) -> None:
        for out, position, target in self.related:
            known = check_reference(out, "procedure", target, position, self.facts)
            if known and target in self.facts and self.facts[target].status == "retired":
                out.warning(
                    position,
                    "related-retired",
                    f"'related' points at '{target}', which is retired",
                    "remove it, or point at the procedure that replaced it",
                )
        for out, position, shift, procedure_id in self.shift_claims:
            if (
                self.names.shifts is not None
                and shift in self.names.shifts
                and (shift, procedure_id) not in self.on_checklists
            ):
                out.warning(
                    position,
                    "not-on-checklist",
                    f"no checklist of the shift '{shift}' includes this procedure",
                    f"add '- sop: {procedure_id}' to a checklist with 'shift: {shift}', or remove the shift here",
                )
