"""The translations' state (`translate status`, `review`) and a new translation's skeleton (`translate new`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from opsmanual.diagnostics import refuse
from opsmanual.i18n import language_name
from opsmanual.i18n.messages import _
from opsmanual.model import Manual, Overlay
from opsmanual.model.translate import LISTS, TEXTS, plain_steps, translate_checklist, translate_procedure
from opsmanual.outputs import write_file


@dataclass(frozen=True)
class AreaState:
    """How far one area (or the checklists) is translated into one language, counted in texts."""

    language: str
    area: str  # an area's id, or "checklists"
    documents: int  # procedures (or checklists)
    translated_documents: int  # those with a translation file
    texts: int  # every text of them
    translated: int  # texts with a translation
    current: int  # texts with a translation of the source's current revision

    @property
    def translated_percent(self) -> float:
        return round(100 * self.translated / self.texts, 1) if self.texts else 100.0

    @property
    def current_percent(self) -> float:
        return round(100 * self.current / self.texts, 1) if self.texts else 100.0


@dataclass(frozen=True)
class Behind:
    """A translation of an older revision than its source's."""

    language: str
    id: str
    title: str
    file: str  # the translation's
    source: str
    translated_from: int
    revision: int
    owner: str  # the source's owner (the role's name), or ""


def status(manual: Manual) -> list[AreaState]:
    """Per language the manual is published in (and any other it has translations in), per area."""
    found = []
    for language in _languages(manual):
        overlays = {(o.kind, o.id): o for o in manual.overlays if o.language == language}
        groups: dict[str, list[tuple[int, int, bool, bool]]] = {}
        for p in manual.procedures:
            overlay = overlays.get(("sop", p.id))
            every = len(translate_procedure(p, None, manual.language)[1])
            missing = len(translate_procedure(p, overlay.texts, manual.language)[1]) if overlay else every
            groups.setdefault(p.area, []).append((every, every - missing, overlay is not None, _current(overlay, p)))
        for c in manual.checklists:
            overlay = overlays.get(("checklist", c.id))
            every = len(translate_checklist(c, None, manual.language)[1])
            missing = len(translate_checklist(c, overlay.texts, manual.language)[1]) if overlay else every
            groups.setdefault("checklists", []).append(
                (every, every - missing, overlay is not None, _current(overlay, c))
            )
        for area, counts in groups.items():
            found.append(
                AreaState(
                    language,
                    area,
                    len(counts),
                    sum(has for _, _, has, _ in counts),
                    sum(every for every, _, _, _ in counts),
                    sum(done for _, done, _, _ in counts),
                    sum(done for _, done, _, current in counts if current),
                )
            )
    return found


def _languages(manual: Manual) -> list[str]:
    return list(dict.fromkeys([*manual.translations, *(o.language for o in manual.overlays)]))


def _current(overlay: Overlay | None, source: Any) -> bool:
    return overlay is not None and overlay.translated_from >= source.revision


def behind(manual: Manual) -> list[Behind]:
    """The stale translations, by owner, then file."""
    roles = {r.id: r.name for r in manual.roles}
    sources: dict[tuple[str, str], Any] = {("sop", p.id): p for p in manual.procedures}
    sources.update({("checklist", c.id): c for c in manual.checklists})
    found = []
    for overlay in manual.overlays:
        source = sources.get((overlay.kind, overlay.id))
        if source is not None and overlay.translated_from < source.revision:
            owner = getattr(source, "owner", None)
            found.append(
                Behind(
                    overlay.language,
                    overlay.id,
                    source.title,
                    overlay.file,
                    source.file,
                    overlay.translated_from,
                    source.revision,
                    roles.get(owner, owner) if owner else "",
                )
            )
    return sorted(found, key=lambda b: (b.owner or "\uffff", b.file))


def status_json(states: Sequence[AreaState], stale: Sequence[Behind]) -> str:
    document = {
        "languages": [
            {
                "language": language,
                "areas": [
                    {**asdict(s), "translated_percent": s.translated_percent, "current_percent": s.current_percent}
                    for s in states
                    if s.language == language
                ],
                "total": _total(states, language),
                "stale": [asdict(b) for b in stale if b.language == language],
            }
            for language in dict.fromkeys(s.language for s in states)
        ]
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _total(states: Sequence[AreaState], language: str) -> dict[str, Any]:
    mine = [s for s in states if s.language == language]
    total = AreaState(
        language,
        "",
        sum(s.documents for s in mine),
        sum(s.translated_documents for s in mine),
        sum(s.texts for s in mine),
        sum(s.translated for s in mine),
        sum(s.current for s in mine),
    )
    return {
        "documents": total.documents,
        "translated_documents": total.translated_documents,
        "texts": total.texts,
        "translated": total.translated,
        "current": total.current,
        "translated_percent": total.translated_percent,
        "current_percent": total.current_percent,
    }


def status_csv(states: Sequence[AreaState], stale: Sequence[Behind]) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(
        [
            "language",
            "area",
            "documents",
            "translated_documents",
            "texts",
            "translated",
            "current",
            "translated_percent",
            "current_percent",
        ]
    )
    for s in states:
        writer.writerow(
            [
                s.language,
                s.area,
                s.documents,
                s.translated_documents,
                s.texts,
                s.translated,
                s.current,
                s.translated_percent,
                s.current_percent,
            ]
        )
    return stream.getvalue()


# A new translation: the source's words as comments, for the translator to replace


def skeleton_path(manual: Manual, root: Path, id_: str, language: str) -> tuple[Any, str, Path]:
    """The source (a procedure or a checklist) named `id_`, its kind, and where its translation goes."""
    from opsmanual.suggest import close_matches

    for procedure in manual.procedures:
        if procedure.id == id_:
            return procedure, "sop", root / "sops" / procedure.area / f"{id_}.{language}.yaml"
    for checklist in manual.checklists:
        if checklist.id == id_:
            return checklist, "checklist", root / "checklists" / f"{id_}.{language}.yaml"
    known = [p.id for p in manual.procedures] + [c.id for c in manual.checklists]
    raise refuse(
        "unknown-procedure",
        _("there is no procedure or checklist '{id}'").format(id=id_),
        close_matches(id_, known) or _("name a procedure or checklist by its id (its file name)"),
    )


def write_skeleton(manual: Manual, root: Path, id_: str, language: str) -> Path:
    """`<id>.<language>.yaml` beside the source, every text of it as a comment to translate; never over a file."""
    source, kind, target = skeleton_path(manual, root, id_, language)
    if target.exists():
        raise refuse(
            "translation-exists",
            _("{path} exists already; it is not replaced").format(path=target.relative_to(root).as_posix()),
            _("edit it, or remove it first to start again"),
            file=target.relative_to(root).as_posix(),
        )
    data = yaml.load(
        (root / source.file).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )
    schema = (
        "../../schema/sop-translation.schema.json" if kind == "sop" else "../schema/checklist-translation.schema.json"
    )
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# {language_name(language)} ({language}) words of {source.file}. Each of its texts is in a comment:",
        "# write its translation in its place and remove the '# '. A text left as a comment shows in the",
        "# manual's language, marked. translated_from is the source's revision the translation matches.",
        f"translated_from: {source.revision}",
    ]
    lines += list(_procedure_lines(data) if kind == "sop" else _checklist_lines(data))
    write_file(target, ("\n".join(lines) + "\n").encode("utf-8"))
    return target


def _comment(key: str, value: Any, indent: str, nested: bool = False) -> list[str]:
    """`# key: value` lines, as they would be written in YAML, for one text or list of texts; `nested` under a
    commented key of their own (`# record:`)."""
    lead = f"{indent}#   " if nested else f"{indent}# "
    more = lead + "  "
    if isinstance(value, list):
        return [f"{lead}{key}:"] + [f"{more}- {_one_line(v)}" for v in value if isinstance(v, str)]
    text = str(value).rstrip("\n")
    if "\n" in text:
        return [f"{lead}{key}: |"] + [f"{more}{line}".rstrip() for line in text.split("\n")]
    return [f"{lead}{key}: {_one_line(text)}"]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _procedure_lines(data: Mapping[str, Any]) -> Iterator[str]:
    for key in (*TEXTS[:4], *LISTS[:3], *TEXTS[4:], LISTS[3]):
        if key in data:
            yield from _comment(key, data[key], "")
    steps = list(plain_steps(data.get("steps")))
    if any(step.get("id") for step in steps):
        yield "steps:"
    for step in steps:
        if not step.get("id"):
            said = _one_line(str(step.get("do") or step.get("if") or ""))
            yield f"  # (no id, so it cannot be translated: give it an 'id' in the source) {said}"
            continue
        yield f"  - id: {step['id']}"
        for key in ("do", "if", "check", "why", "tip", "warning"):
            if key in step:
                yield from _comment(key, step[key], "    ")
        if isinstance(step.get("image"), Mapping):
            yield "    # image:"
            yield from _comment("caption", step["image"].get("caption", ""), "    ", nested=True)
        record = step.get("record")
        if isinstance(record, Mapping):
            yield "    # record:"
            for key in ("what", "if_out_of_range"):  # units are shared by every language
                if key in record:
                    yield from _comment(key, record[key], "    ", nested=True)


def _checklist_lines(data: Mapping[str, Any]) -> Iterator[str]:
    for key in ("title", "notes", "signoff"):
        if key in data:
            yield from _comment(key, data[key], "")
    yield "sections:"
    for section in data.get("sections") or ():
        yield f"  - # title: {_one_line(str(section.get('title', '')))}"
        yield "    items:"
        for item in section.get("items") or ():
            if "sop" in item:
                yield f"      - {{}}  # {item['sop']}: its words are the procedure's, translated in its translation"
            else:
                said = "; ".join(f"{key}: {_one_line(str(item[key]))}" for key in ("task", "note") if key in item)
                what = (item.get("record") or {}).get("what") or (item.get("log") or {}).get("title")
                yield f"      - {{}}  # {said or what or ''}"
