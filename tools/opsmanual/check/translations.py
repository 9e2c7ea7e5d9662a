"""Translation overlays (`sops/<area>/<id>.<lang>.yaml`, `checklists/<id>.<lang>.yaml`): strict as any file.

An overlay must sit beside the file it translates, be in a language the manual can publish
in, hold only words its source has (a key the source lacks is an error at that key, a step
id the source lacks an error with a suggestion), and say which revision it was made from. A
translation of an older revision is stale (`translation-stale`, with the change notes and,
where git has the source at that revision, the texts that changed); texts it leaves out are
counted in one warning per file (`translation-missing`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from opsmanual import model
from opsmanual.check.history import changed_texts
from opsmanual.check.index import Index, Known, Path_
from opsmanual.check.schema import check_against_schema
from opsmanual.check.walk import walk_steps
from opsmanual.diagnostics import START, Collector
from opsmanual.i18n import language_name, languages
from opsmanual.i18n.messages import N_, _, ngettext
from opsmanual.load.discover import SourceFile
from opsmanual.load.tree import YamlList, YamlMap
from opsmanual.load.yaml import read_yaml
from opsmanual.model.translate import LISTS, TEXTS, plain, translate_checklist, translate_procedure

SHOWN = 4  # untranslated texts named in the warning; the rest are counted


def check_translations(
    index: Index,
    procedures: Sequence[model.Procedure],
    checklists: Sequence[model.Checklist],
    manual: Mapping[str, Any] | None,
) -> list[model.Overlay]:
    """Check every overlay against its source; the overlays that passed, as the model's plain data."""
    own = manual.get("language", "en") if manual is not None else None
    published = list(manual.get("translations") or ()) if manual is not None else []
    sources: dict[tuple[str, str], Any] = {("sop", p.id): p for p in procedures}
    sources.update({("checklist", c.id): c for c in checklists})
    found = []
    for file in index.layout.translations:
        overlay = _check_one(file, index, sources, own, published)
        if overlay is not None:
            found.append(overlay)
    if manual is not None and not published:
        for checklist in (c for c in checklists if c.bilingual):
            index.output(checklist.file).warning(
                START,
                "bilingual-without-translation",
                _("the checklist is bilingual, but the manual is published in no other language"),
                _("list the second language in manual.yaml's 'translations' (e.g. [es]), or remove 'bilingual'"),
                ("bilingual",),
            )
    return found


def _check_one(
    file: SourceFile, index: Index, sources: Mapping[tuple[str, str], Any], own: str | None, published: list[str]
) -> model.Overlay | None:
    loaded = read_yaml(file.path, file.rel)
    out = loaded.diagnostics
    index.outputs.append(out)
    data, language = loaded.data, file.language or ""
    kind = "checklist" if file.folder == "checklists" else "manual" if file.folder == "sops" else "sop"
    if not _is_beside_its_source(file, kind, index, out) or not _language_is_known(language, own, out):
        return None
    if data is None or not check_against_schema(f"{kind}-translation", data, out):
        return None
    if language not in published and own is not None:
        listed = ", ".join([*published, language])
        out.warning(
            START,
            "translation-unlisted",
            _("this translation is not published: manual.yaml's 'translations' does not list '{code}'").format(
                code=language
            ),
            _("add 'translations: [{codes}]' to sops/manual.yaml to publish it").format(codes=listed),
        )
    if kind == "manual":  # its words are checked against manual.yaml as read
        return _check_manual_words(file, data, index, out, language)
    source = sources.get((kind, file.id))
    if source is None:  # the source has mistakes of its own: they are reported there
        return None
    _check_against_source(kind, data, source, out)
    if out.has_errors:
        return None
    overlay = model.Overlay(kind, file.id, language, file.rel, data["translated_from"], plain(data))
    _warn_missing(overlay, source, own or "en", out, language)
    _warn_stale(overlay, source, index, out, data)
    return overlay


def _is_beside_its_source(file: SourceFile, kind: str, index: Index, out: Collector) -> bool:
    layout = index.layout
    if kind == "manual":
        return layout.has_manual
    beside = {f.id for f in (layout.checklists if kind == "checklist" else layout.area_folders.get(file.folder, ()))}
    if file.id in beside:
        return True
    elsewhere = [f.rel for files in layout.area_folders.values() for f in files if f.id == file.id]
    if kind == "sop" and elsewhere:
        hint = _("the procedure is {file}: move the translation beside it").format(file=elsewhere[0])
    else:
        close = Known(dict.fromkeys(beside, START)).hint(file.id)
        hint = (close + " " if close else "") + _(
            "a translation sits beside the file it translates: <id>.<language>.yaml"
        )
    if kind == "checklist":
        message = _("there is no checklist '{id}' in checklists/ for this translation").format(id=file.id)
    else:
        message = _("there is no procedure '{id}' in {folder} for this translation").format(
            id=file.id, folder=f"sops/{file.folder}/"
        )
    out.error(START, "translation-orphan", message, hint)
    return False


def _language_is_known(language: str, own: str | None, out: Collector) -> bool:
    if language not in languages():
        codes = ", ".join(f"{code} ({language_name(code)})" for code in languages())
        out.error(
            START,
            "unknown-language",
            _("'{code}' is not a language opsmanual publishes in").format(code=language),
            _("name the file <id>.<language>.yaml with one of: {codes}").format(codes=codes),
        )
        return False
    if language == own:
        out.error(
            START,
            "translation-of-own-language",
            _("the manual is written in {language}; this file translates it into the same language").format(
                language=language_name(language)
            ),
            _("edit the procedure itself, or name the file for another language"),
        )
        return False
    return True


# The overlay against its source: only words the source has, in the source's shape


# What a key names in the source, for "the source has no ... to translate"
_TEXT = N_("the source has no '{key}' text to translate")
_LIST = N_("the source has no '{key}' list to translate")
_STEP_TEXT = N_("this step of the source has no '{key}' to translate")
_READING_TEXT = N_("this reading of the source has no '{key}' to translate")
_ITEM_TEXT = N_("this item of the source has no '{key}' to translate")


def _extra(out: Collector, node: YamlMap, key: str, path: Path_, message: str) -> None:
    out.error(
        node.key_positions[key],
        "translation-extra",
        _(message).format(key=key),
        _("remove '{key}' here, or add it to the source first").format(key=key),
        (*path, key),
    )


def _lengths(out: Collector, node: YamlMap, key: str, wanted: int, path: Path_) -> None:
    given = node[key]
    if isinstance(given, YamlList) and len(given) != wanted:
        out.error(
            node.value_positions[key],
            "translation-length",
            ngettext(
                "'{key}' has {count} entry; the source has {wanted}",
                "'{key}' has {count} entries; the source has {wanted}",
                len(given),
            ).format(key=key, count=len(given), wanted=wanted),
            _("translate each of the source's entries ({wanted}), in its order").format(wanted=wanted),
            (*path, key),
        )


def _check_against_source(kind: str, data: YamlMap, source: Any, out: Collector) -> None:
    given = data["translated_from"]
    if given > source.revision:
        out.error(
            data.value_positions["translated_from"],
            "translation-ahead",
            _("'translated_from' is {given}, but the source is at revision {revision}").format(
                given=given, revision=source.revision
            ),
            _("write the revision the translation was made from: {revision} or lower").format(revision=source.revision),
            ("translated_from",),
        )
    if kind == "sop":
        _check_procedure_words(data, source, out)
    else:
        _check_checklist_words(data, source, out)


def _check_procedure_words(data: YamlMap, procedure: model.Procedure, out: Collector) -> None:
    for key in TEXTS:
        if key in data and getattr(procedure, key) is None:
            _extra(out, data, key, (), _TEXT)
    for key in LISTS:
        if key in data:
            if not getattr(procedure, key):
                _extra(out, data, key, (), _LIST)
            else:
                _lengths(out, data, key, len(getattr(procedure, key)), ())
    steps = _source_steps(procedure.steps)
    known = Known(dict.fromkeys(steps, START))
    seen: set[str] = set()
    steps_given = data.get("steps")
    for step, _level, path in walk_steps(steps_given) if isinstance(steps_given, YamlList) else ():
        id_ = step["id"]
        if id_ in seen:
            out.error(
                step.value_positions["id"],
                "duplicate-step",
                _("the step '{id}' is translated twice").format(id=id_),
                _("keep one"),
                (*path, "id"),
            )
        seen.add(id_)
        if id_ not in steps:
            ids = _("the source's step ids are {ids}").format(ids=", ".join(steps))
            hint = known.hint(id_) or (ids if steps else "")
            unnamed = _("a step without an id cannot be translated: give it an 'id' in the source")
            out.error(
                step.value_positions["id"],
                "unknown-step",
                _("the source has no step '{id}'").format(id=id_),
                f"{hint} ({unnamed})" if hint else unnamed,
                (*path, "id"),
            )
            continue
        _check_step_words(step, steps[id_], path, out)


def _source_steps(steps: tuple[model.Step, ...]) -> dict[str, model.Step]:
    found: dict[str, model.Step] = {}
    for step in steps:
        if step.id:
            found[step.id] = step
        found.update(_source_steps(step.steps + step.then))
    return found


_STEP_FIELDS = {"do": "do", "check": "check", "why": "why", "tip": "tip", "warning": "warning", "if": "condition"}


def _check_step_words(step: YamlMap, source: model.Step, path: Path_, out: Collector) -> None:
    for key, attr in _STEP_FIELDS.items():
        if key in step and getattr(source, attr) is None:
            _extra(out, step, key, path, _STEP_TEXT)
    if "image" in step and source.image is None:
        _extra(out, step, "image", path, _STEP_TEXT)
    if "record" in step:
        _check_record_words(step, source.record, path, out)


def _check_record_words(node: YamlMap, record: model.Record | None, path: Path_, out: Collector) -> None:
    if record is None:
        _extra(out, node, "record", path, _STEP_TEXT if "do" in node or "id" in node else _ITEM_TEXT)
        return
    words = node["record"]
    for key in ("unit", "if_out_of_range"):
        if key in words and getattr(record, key) is None:
            _extra(out, words, key, (*path, "record"), _READING_TEXT)


def _check_checklist_words(data: YamlMap, checklist: model.Checklist, out: Collector) -> None:
    if "notes" in data and checklist.notes is None:
        _extra(out, data, "notes", (), _TEXT)
    if "signoff" in data:
        if not checklist.signoff:
            _extra(out, data, "signoff", (), _LIST)
        else:
            _lengths(out, data, "signoff", len(checklist.signoff), ())
    sections = data.get("sections")
    if not isinstance(sections, YamlList):
        return
    _lengths(out, data, "sections", len(checklist.sections), ())
    for s, (section, source) in enumerate(zip(sections, checklist.sections, strict=False)):
        items = section.get("items")
        if not isinstance(items, YamlList):
            continue
        here = ("sections", s)
        _lengths(out, section, "items", len(source.items), here)
        for i, (item, wanted) in enumerate(zip(items, source.items, strict=False)):
            _check_item_words(item, wanted, (*here, "items", i), out)


def _check_item_words(item: YamlMap, source: model.ChecklistItem, path: Path_, out: Collector) -> None:
    if source.sop is not None:
        for key in item:
            out.error(
                item.key_positions[key],
                "translation-extra",
                _("this item takes its words from the procedure '{id}'; they are translated in its translation").format(
                    id=source.sop
                ),
                _("write {{}} for this item here").format(),
                (*path, key),
            )
        return
    for key in ("task", "note"):
        if key in item and getattr(source, key) is None:
            _extra(out, item, key, path, _ITEM_TEXT)
    if "record" in item:
        _check_record_words(item, source.record, path, out)
    if "log" in item:
        if source.log is None:
            _extra(out, item, "log", path, _ITEM_TEXT)
        elif isinstance(item["log"].get("columns"), YamlList):
            _lengths(out, item["log"], "columns", len(source.log.columns), (*path, "log"))


_UNKNOWN = {
    "roles": N_("manual.yaml has no role '{id}'"),
    "areas": N_("manual.yaml has no area '{id}'"),
    "shifts": N_("manual.yaml has no shift '{id}'"),
}


def _check_manual_words(
    file: SourceFile, data: YamlMap, index: Index, out: Collector, language: str
) -> model.Overlay | None:
    """sops/manual.<language>.yaml: roles, areas and shifts by the ids manual.yaml declares."""
    names = index.names
    declared = {"roles": names.roles, "areas": Known(names.areas) if names.areas is not None else None}
    declared["shifts"] = names.shifts
    for key, known in declared.items():
        entries = data.get(key)
        if known is None or not isinstance(entries, YamlList):
            continue
        seen: set[str] = set()
        for number, entry in enumerate(entries):
            id_, here = entry["id"], (key, number, "id")
            if id_ in seen:
                said = _("'{id}' is translated twice").format(id=id_)
                out.error(entry.value_positions["id"], "duplicate-id", said, _("keep one"), here)
            seen.add(id_)
            if id_ not in known:
                listed = _("the ids in manual.yaml's '{key}': {ids}").format(key=key, ids=", ".join(known))
                message = _(_UNKNOWN[key]).format(id=id_)
                out.error(entry.value_positions["id"], f"unknown-{key[:-1]}", message, known.hint(id_) or listed, here)
    if out.has_errors:
        return None
    return model.Overlay("manual", "manual", language, file.rel, 0, plain(data))


# What a translation lacks, and what changed since it was made


def _warn_missing(overlay: model.Overlay, source: Any, own: str, out: Collector, language: str) -> None:
    if overlay.kind == "sop":
        missing = translate_procedure(source, overlay.texts, own)[1]
    else:
        missing = translate_checklist(source, overlay.texts, own)[1]
    if not missing:
        return
    shown = ", ".join(missing[:SHOWN])
    if len(missing) > SHOWN:
        shown = _("{shown} and {more} more").format(shown=shown, more=len(missing) - SHOWN)
    message = ngettext(
        "{count} text is not translated yet: {shown}", "{count} texts are not translated yet: {shown}", len(missing)
    ).format(count=len(missing), shown=shown)
    hint = _("until they are, the site and checklists in '{code}' show them in '{own}', marked").format(
        code=language, own=own
    )
    if any("(no id)" in where for where in missing):
        hint += "; " + _("a step without an id cannot be translated: give it an 'id' in the source")
    out.warning(START, "translation-missing", message, hint)


def _warn_stale(overlay: model.Overlay, source: Any, index: Index, out: Collector, data: YamlMap) -> None:
    if overlay.translated_from >= source.revision:
        return
    notes = [
        _("revision {revision} ({date}): {note}").format(revision=c.revision, date=c.date.isoformat(), note=c.note)
        for c in getattr(source, "changes", ())
        if c.revision > overlay.translated_from
    ]
    changed = changed_texts(index.root, source.file, overlay.translated_from)
    hint = _("since then: {changes}").format(changes="; ".join(notes) if notes else _("no change notes"))
    if changed is not None:
        hint += "; " + _("texts changed: {texts}").format(texts=", ".join(changed) if changed else _("none"))
    hint += "; " + _("bring the translation up to date, then set 'translated_from: {revision}'").format(
        revision=source.revision
    )
    message = _("this translation is of revision {old}; the source is at revision {new}").format(
        old=overlay.translated_from, new=source.revision
    )
    out.warning(data.value_positions["translated_from"], "translation-stale", message, hint, ("translated_from",))
