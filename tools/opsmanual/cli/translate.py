"""opsmanual translate: how far each translation is, and a new translation's skeleton."""

from __future__ import annotations

import argparse
from typing import Any

from opsmanual.cli.common import add_format, add_root, add_root_option, checked
from opsmanual.i18n.messages import _


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "translate",
        help=_("the translations: how far each is (status), a new one to fill in (new)"),
        description=_(
            "A manual is translated in files beside the procedures and checklists: sops/<area>/<id>.<language>.yaml "
            "and checklists/<id>.<language>.yaml, holding only words. manual.yaml's 'translations' lists the "
            "languages the site and checklists are published in."
        ),
    )
    kinds = parser.add_subparsers(dest="what", metavar="ACTION", required=True)
    state = kinds.add_parser(
        "status",
        help=_("per language and area: how much is translated, and how much of that is current"),
        description=_(
            "For each language, per area (and the checklists): the documents with a translation, the share of "
            "their texts translated, and the share translated from the source's current revision; then the "
            "translations that are behind their source."
        ),
    )
    add_root(state)
    add_format(state, ("text", "json", "csv"), _("text for people (default), json or csv for programs"))
    state.set_defaults(run=run_status, today=None)
    new = kinds.add_parser(
        "new",
        help=_("write a translation's skeleton: every text of the source as a comment to translate"),
        description=_(
            "Write <id>.<language>.yaml beside the procedure or checklist ID, with translated_from at its revision "
            "and each of its texts as a comment to replace with its translation. An existing file is never replaced."
        ),
    )
    new.add_argument("id", metavar="ID", help=_("the procedure or checklist to translate (its file name)"))
    new.add_argument("--to", required=True, metavar="CODE", help=_("the language to translate into: es, fr, en"))
    add_root_option(new)
    add_format(new)
    new.set_defaults(run=run_new, today=None)


def run_status(args: argparse.Namespace) -> int:
    from opsmanual.authoring.translations import behind, status, status_csv, status_json

    result = checked(args)
    if result is None or result.manual is None:
        return 1
    manual = result.manual
    states, stale = status(manual), behind(manual)
    if args.format == "json":
        print(status_json(states, stale), end="")
    elif args.format == "csv":
        print(status_csv(states, stale), end="")
    else:
        print(_status_text(manual, states, stale), end="")
    return 0


def _status_text(manual: Any, states: list[Any], stale: list[Any]) -> str:
    from opsmanual.i18n import language_name

    if not states:
        return _("the manual has no translations: list languages in manual.yaml's 'translations' (e.g. [es])") + "\n"
    from opsmanual.i18n.messages import language as speaking

    if speaking() in manual.translations:  # the areas by the names of the language the command line speaks
        from opsmanual.model.translate import translated

        manual = translated(manual, speaking())
    areas = {a.id: a.name for a in manual.areas} | {"checklists": _("Checklists")}
    out: list[str] = []
    for language in dict.fromkeys(s.language for s in states):
        mine = [s for s in states if s.language == language]
        texts, done, current = (sum(getattr(s, k) for s in mine) for k in ("texts", "translated", "current"))
        out.append(
            _("{name} ({code}): {translated} translated, {current} current").format(
                name=language_name(language),
                code=language,
                translated=f"{_percent(done, texts)}%",
                current=f"{_percent(current, texts)}%",
            )
        )
        if language not in manual.translations:
            out.append("  " + _("not published: add it to manual.yaml's 'translations'"))
        width = max(len(areas.get(s.area, s.area)) for s in mine)
        for s in mine:
            counted = _("{done} of {all} translated").format(done=s.translated_documents, all=s.documents)
            out.append(
                f"  {areas.get(s.area, s.area):<{width}}  {counted:<20}  "
                + _("{translated} of the texts, {current} current").format(
                    translated=f"{s.translated_percent}%", current=f"{s.current_percent}%"
                )
            )
        for b in (b for b in stale if b.language == language):
            out.append(
                "  "
                + _("behind: {file} is of revision {old}; {source} is at revision {new}").format(
                    file=b.file, old=b.translated_from, source=b.source, new=b.revision
                )
            )
        out.append("")
    return "\n".join(out)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 100.0


def run_new(args: argparse.Namespace) -> int:
    from opsmanual.authoring.translations import write_skeleton
    from opsmanual.diagnostics import refuse
    from opsmanual.i18n import languages

    result = checked(args)
    if result is None or result.manual is None:
        return 1
    manual = result.manual
    if args.to not in languages() or args.to == manual.language:
        others = ", ".join(code for code in languages() if code != manual.language)
        raise refuse(
            "unknown-language",
            _("'{code}' is not a language to translate this manual into").format(code=args.to),
            _("use one of: {codes}").format(codes=others),
        )
    target = write_skeleton(manual, args.root, args.id, args.to)
    print(_("wrote {path}: translate each commented text, then run opsmanual check").format(path=target))
    if args.to not in manual.translations:
        listed = ", ".join([*manual.translations, args.to])
        print(_("to publish it, add 'translations: [{codes}]' to sops/manual.yaml").format(codes=listed))
    return 0
