"""`check` as a function: read every file of a manual, run every rule, build the model.

The stages, in order: find the files (load/discover), read each with the strict
loader (load/yaml), check it against its schema (check/schema) and its own rules
(check/document), note what other files may refer to (check/index), then run the
rules across files (check/cross). Files are read one at a time and their trees
dropped once checked, so memory grows with the largest file, not with the manual.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from opsmanual import model
from opsmanual.check.cross import CROSS_RULES
from opsmanual.check.document import CHECKLIST_RULES, MANUAL_RULES, PROCEDURE_RULES, PROCEDURE_RULES_WHEN_CLEAN
from opsmanual.check.index import Claim, Index, ItemClaim, Known, Names, ProcedureFacts
from opsmanual.check.schema import check_against_schema
from opsmanual.check.team import TEAM_RULES, training_claims
from opsmanual.check.translations import check_translations
from opsmanual.check.walk import Document, all_step_ids, checklist_items, ids_at, top_step_ids
from opsmanual.diagnostics import START, Collector, Diagnostic
from opsmanual.load.discover import MANUAL_FILE, TEAM_FILE, SourceFile, discover
from opsmanual.load.tree import YamlList, YamlMap
from opsmanual.load.yaml import read_yaml
from opsmanual.report import Counts, Report
from opsmanual.values import ID, parse_duration


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

    @property
    def report(self) -> Report:
        return Report(self.diagnostics, Counts(self.procedures, self.checklists))


def check_manual(root: Path, today: date | None = None, memory: Memory | None = None) -> CheckResult:
    """Check the manual at `root`. With a `memory` of earlier checks (`serve` keeps one), a procedure whose file
    has not changed since, under the same manual.yaml, team.yaml, media and date, is not read again."""
    index = Index(root, today or date.today(), discover(root))
    manual_data = _check_manual_file(index)
    team_data = _check_team_file(index)
    check_procedure = _check_procedure if memory is None else memory.checker(index)
    procedures = [
        procedure
        for folder, files in index.layout.area_folders.items()
        if index.names.areas is None or folder in index.names.areas
        for file in files
        if (procedure := check_procedure(file, index)) is not None
    ]
    checklists = [c for file in index.layout.checklists if (c := _check_checklist(file, index)) is not None]
    overlays = check_translations(index, procedures, checklists, manual_data)
    for rule in CROSS_RULES:
        rule(index)
    diagnostics = sorted(d for out in index.outputs for d in out.items)
    layout = index.layout
    result = CheckResult(root, diagnostics, sum(len(f) for f in layout.area_folders.values()), len(layout.checklists))
    if result.errors == 0 and manual_data is not None and (team_data is not None or not index.layout.has_team):
        order = {a: i for i, a in enumerate(index.names.areas or ())}
        procedures.sort(key=lambda p: (order.get(p.area, len(order)), p.id))
        result.manual = model.manual_from(manual_data, tuple(procedures), tuple(checklists), team_data, tuple(overlays))
        from opsmanual.check.fonts import check_fonts  # letters no font here prints: known once the model is

        check_fonts(result.manual, index.output)
        result.diagnostics = sorted(d for out in index.outputs for d in out.items)
    return result


def _read(path: Path, rel: str, index: Index) -> tuple[YamlMap | None, Collector]:
    loaded = read_yaml(path, rel)
    index.outputs.append(loaded.diagnostics)
    return loaded.data, loaded.diagnostics


# sops/manual.yaml


def _check_manual_file(index: Index) -> YamlMap | None:
    """Read manual.yaml into the index (what it declares); its tree when it is valid."""
    if not index.layout.has_manual:
        index.output(MANUAL_FILE).error(
            START,
            "no-manual",
            "the manual has no sops/manual.yaml",
            "is ROOT the manual's folder (the one holding sops/)? If so, create sops/manual.yaml with "
            "'name', 'roles' and 'areas'",
        )
        return None
    data, out = _read(index.root / MANUAL_FILE, MANUAL_FILE, index)
    index.manual_out = out
    if data is None:
        return None
    valid = check_against_schema("manual", data, out)
    roles = _declared(out, data, "roles", "role")
    areas = _declared(out, data, "areas", "area")
    shifts = _declared(out, data, "shifts", "shift")
    if areas and "media" in areas:
        out.error(
            areas["media"],
            "reserved-area",
            "'media' cannot be an area; sops/media/ holds the pictures",
            "give the area another id",
        )
    index.names = Names(
        Known(roles) if roles is not None else None,
        Known(shifts) if shifts is not None else None,
        "shifts" in data,
        areas,
    )
    shifts_listed = data.get("shifts")
    for shift in shifts_listed if isinstance(shifts_listed, YamlList) else ():
        if isinstance(shift, YamlMap) and isinstance(shift.get("id"), str):
            index.shift_times[shift["id"]] = "starts" in shift and "ends" in shift
    if isinstance(data.get("review_every"), str):
        with suppress(ValueError):
            index.review_every = parse_duration(data["review_every"])
    doc = Document("manual", MANUAL_FILE, data, out, valid)
    for rule in MANUAL_RULES:
        rule(doc, index)
    training_claims(data, index)
    return data if valid and not out.has_errors else None


def _check_team_file(index: Index) -> YamlMap | None:
    """Read sops/team.yaml, when there is one; its tree when it is valid."""
    if not index.layout.has_team:
        return None
    data, out = _read(index.root / TEAM_FILE, TEAM_FILE, index)
    if data is None:
        return None
    valid = check_against_schema("team", data, out)
    doc = Document("team", TEAM_FILE, data, out, valid)
    for rule in TEAM_RULES:
        rule(doc, index)
    return data if valid and not out.has_errors else None


def _declared(out: Collector, data: YamlMap, key: str, kind: str) -> dict[str, int] | None:
    """The ids of a list of {id, name} in manual.yaml, reporting ids declared twice; None when unknown."""
    found: dict[str, int] = {}
    items = data.get(key)
    if key == "shifts" and key not in data:
        return found
    if not isinstance(items, YamlList):
        return None
    for number, item in enumerate(items):
        if isinstance(item, YamlMap) and isinstance(item.get("id"), str) and ID.fullmatch(item["id"]):
            position = item.value_positions["id"]
            if item["id"] in found:
                out.error(
                    position,
                    f"duplicate-{kind}",
                    f"the {kind} id '{item['id']}' is declared twice",
                    f"give each {kind} its own id",
                    (key, number, "id"),
                )
            else:
                found[item["id"]] = position
    return found


# sops/<area>/<id>.yaml


def _check_procedure(file: SourceFile, index: Index) -> model.Procedure | None:
    loaded = read_yaml(file.path, file.rel)
    out = loaded.diagnostics
    index.outputs.append(out)
    data = loaded.data if loaded.data is not None else loaded.partial
    facts = index.procedures.setdefault(file.id, ProcedureFacts(file.rel))
    if data is None:
        facts.unreadable = loaded.why_unreadable()
        return None
    complete = loaded.data is not None
    valid = complete and check_against_schema("sop", data, out)
    status = data.get("status")
    facts.status = status if status in ("draft", "effective", "retired") else "effective"
    # A key of a partly read file is there only once its whole value was read: its steps are complete, or absent.
    facts.top_steps, facts.all_steps, facts.complete = top_step_ids(data), all_step_ids(data), "steps" in data
    if not complete:
        return None
    if not valid and not (isinstance(data.get("steps"), YamlList) and data["steps"]):
        facts.unreadable = "has no steps that can be read"
    doc = Document(file.id, file.rel, data, out, valid)
    for rule in PROCEDURE_RULES:
        rule(doc, index)
    _note_references(doc, index)
    if out.has_errors:
        return None
    for rule in PROCEDURE_RULES_WHEN_CLEAN:
        rule(doc, index)
    return model.procedure_from(file.id, file.folder, file.rel, data)


@dataclass(frozen=True)
class _Given:
    """What checking one procedure file gave the index, before the rules across files ran."""

    stamp: tuple[int, int, int]
    digest: bytes  # of what was read, for a file changed again within its clock's tick
    read_at: int  # the clock, in ns, when it was read
    items: tuple[Diagnostic, ...]
    facts: ProcedureFacts
    related: tuple[Claim, ...]
    code: Claim | None
    shift_claims: tuple[tuple[Claim, str], ...]
    procedure: model.Procedure | None

    def give(self, file: SourceFile, index: Index) -> model.Procedure | None:
        out = Collector(file.rel)
        out.items = list(self.items)
        index.outputs.append(out)
        index.procedures.setdefault(file.id, self.facts)
        index.related += [replace(claim, out=out) for claim in self.related]
        if self.code is not None:
            index.codes.setdefault(self.code.target, []).append(replace(self.code, out=out))
        index.shift_claims += [(replace(claim, out=out), id_) for claim, id_ in self.shift_claims]
        return self.procedure


class Memory:
    """What each procedure file gave the check, kept between checks of one manual, as `serve` does."""

    def __init__(self) -> None:
        self.context: tuple[object, ...] = ()
        self.given: dict[str, _Given] = {}

    def checker(self, index: Index) -> Callable[[SourceFile, Index], model.Procedure | None]:
        context = (index.today, *map(_stamp, _context_files(index.root)))
        if context != self.context:  # what every procedure is checked against has changed: read them all again
            self.context, self.given = context, {}
        return self._check

    def _check(self, file: SourceFile, index: Index) -> model.Procedure | None:
        stamp, read_at = _stamp(file.path), time.time_ns()
        kept = self.given.get(file.rel)
        if (
            kept is not None
            and kept.stamp == stamp
            and (stamp[0] < kept.read_at - RACY or kept.digest == _digest(file))
        ):
            return kept.give(file, index)
        related, shift_claims, outputs = len(index.related), len(index.shift_claims), len(index.outputs)
        procedure = _check_procedure(file, index)
        out = index.outputs[outputs]
        facts = index.procedures[file.id]
        code = next((c for c in index.codes.get(facts.code or "", ()) if c.out is out), None)
        self.given[file.rel] = _Given(
            stamp,
            _digest(file),
            read_at,
            tuple(out.items),
            facts,
            tuple(index.related[related:]),
            code,
            tuple(index.shift_claims[shift_claims:]),
            procedure,
        )
        return procedure


RACY = 2_000_000_000  # ns: a file written this close to when it was read may have changed without a new time


def _digest(file: SourceFile) -> bytes:
    try:
        return hashlib.blake2b(file.path.read_bytes(), digest_size=16).digest()
    except OSError:
        return b""


def _stamp(path: Path) -> tuple[int, int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0, 0)
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _context_files(root: Path) -> list[Path]:
    """What every procedure is checked against: manual.yaml, team.yaml and the pictures."""
    found = [root / MANUAL_FILE, root / TEAM_FILE]
    for folder, _, names in os.walk(root / "sops" / "media"):
        found += [Path(folder), *(Path(folder) / name for name in sorted(names))]
    return found


def _note_references(doc: Document, index: Index) -> None:
    """What the cross-file rules will check of this procedure: related ids, its code, its shifts."""
    data, out = doc.data, doc.out
    for target, position, path in ids_at(data, "related"):
        if target != doc.id:
            index.related.append(Claim(out, position, target, path))
    if isinstance(data.get("code"), str):
        claim = Claim(out, data.value_positions["code"], data["code"], ("code",))
        index.codes.setdefault(data["code"], []).append(claim)
        index.procedures[doc.id].code = data["code"]
    if doc.valid and data.get("status", "effective") == "effective":
        index.shift_claims += [(Claim(out, p, shift, path), doc.id) for shift, p, path in ids_at(data, "shifts")]


# checklists/<id>.yaml


def _check_checklist(file: SourceFile, index: Index) -> model.Checklist | None:
    data, out = _read(file.path, file.rel, index)
    if data is None:
        return None
    doc = Document(file.id, file.rel, data, out, check_against_schema("checklist", data, out))
    for rule in CHECKLIST_RULES:
        rule(doc, index)
    if isinstance(data.get("code"), str):
        claim = Claim(out, data.value_positions["code"], data["code"], ("code",))
        index.codes.setdefault(data["code"], []).append(claim)
    shift = data.get("shift") if isinstance(data.get("shift"), str) else None
    for item, position, path in checklist_items(data):
        if isinstance(item.get("sop"), str):
            sop = Claim(out, item.value_positions["sop"], item["sop"], (*path, "sop"))
            steps = tuple(Claim(out, p, step, step_path) for step, p, step_path in ids_at(item, "steps", path))
            index.items.append(ItemClaim(out, position, sop, steps, shift))
    if doc.valid and not out.has_errors:
        return model.checklist_from(file.id, file.rel, data)
    return None
