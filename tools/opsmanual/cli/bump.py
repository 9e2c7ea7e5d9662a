"""opsmanual bump, publish, retire and schemas: edits of the manual's own files, kept exact."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from opsmanual.cli.common import add_format, add_root, add_root_option, add_today, day
from opsmanual.i18n.messages import _


def add(commands: Any) -> None:
    bump = commands.add_parser(
        "bump",
        help=_("record a new revision of a procedure"),
        description=_(
            "Raise the procedure's revision by one, set 'effective' to today and add the change on top of "
            "'changes', keeping the file's comments, key order and layout. The result is checked before it "
            "replaces the file."
        ),
    )
    bump.add_argument("id", metavar="ID", help=_("the procedure's id (its file name)"))
    bump.add_argument("--note", required=True, help=_('what changed, in one line: "Comp limit raised to $25"'))
    bump.add_argument("--approved-by", help=_("who approved this revision"))
    add_root_option(bump)
    bump.add_argument(
        "--db", metavar="URL", help=_("the records database, to say who must sign the new revision (default: ROOT's)")
    )
    add_today(bump, _("the effective date (default: today)"))
    add_format(bump)
    bump.set_defaults(run=run_bump)

    publish = commands.add_parser(
        "publish",
        help=_("make a draft procedure effective"),
        description=_(
            "Make a draft procedure effective: set 'status: effective', 'effective' (today, or --date), "
            "'approved_by' and the first entry of its change log, keeping the file's comments and layout. The "
            "result is checked (no sample text left) before it replaces the file."
        ),
    )
    publish.add_argument("id", metavar="ID", help=_("the procedure's id (its file name)"))
    publish.add_argument("--approved-by", help=_('who approved it: "Maya Chen, owner"'))
    publish.add_argument("--date", dest="today", type=day, metavar="YYYY-MM-DD", help=_("the day it takes effect"))
    add_root_option(publish)
    add_format(publish)
    publish.set_defaults(run=run_publish)

    retire = commands.add_parser(
        "retire",
        help=_("take a procedure out of use"),
        description=_(
            "Retire a procedure: set 'status: retired', log why, and name its replacement under "
            "'related'. Its page stays on the site, marked, out of the navigation. Refused while a checklist "
            "still takes it (the checklist and line are named)."
        ),
    )
    retire.add_argument("id", metavar="ID", help=_("the procedure's id (its file name)"))
    retire.add_argument("--note", required=True, help=_('why, in one line: "Replaced by the new till"'))
    retire.add_argument("--replaced-by", metavar="ID", help=_("the procedure that replaces it"))
    add_root_option(retire)
    add_today(retire, _("the date of the change (default: today)"))
    add_format(retire)
    retire.set_defaults(run=run_retire)

    schemas = commands.add_parser(
        "schemas",
        help=_("refresh the manual's copy of the schemas in schema/"),
        description=_(
            "Copy this opsmanual's JSON Schemas into ROOT/schema/, which editors use for completion and checking."
        ),
    )
    add_root(schemas)
    add_format(schemas)
    schemas.set_defaults(run=run_schemas)


def run_bump(args: argparse.Namespace) -> int:
    from opsmanual.authoring.bump import bump

    today = args.today or date.today()
    path, revision = bump(args.root, args.id, args.note, today, args.approved_by)
    print(
        _("{path}: revision {revision}, effective {date}").format(path=path, revision=revision, date=today.isoformat())
    )
    _translations_behind(path)
    _who_must_resign(args.root, args.id, today, args.db)
    return 0


def _translations_behind(path: Path) -> None:
    """The procedure's translations, which are now of an older revision: the owner learns it at once."""
    for overlay in sorted(path.parent.glob(f"{path.stem}.*.yaml")):
        print(_("now behind: {path}; update it, then set its translated_from").format(path=overlay))


def _who_must_resign(root: Path, procedure: str, today: date, db: str | None) -> None:
    """Who signed an older revision and must now sign this one (when the manual has a team and records)."""
    from opsmanual.check import check_manual

    manual = check_manual(root, today).manual
    if manual is None or not any(procedure in {p.id for p in manual.path_of(person)} for person in manual.people):
        return
    from opsmanual.records.training import acknowledgments_of, must_resign

    people = must_resign(manual, acknowledgments_of(root, db), procedure, today)
    if people:
        signed = _("{name} ({id}, signed revision {revision})")
        said = ", ".join(
            signed.format(name=person.name, id=person.id, revision=revision) for person, revision in people
        )
        print(_("must sign the new revision: {people}").format(people=said))
        command = "opsmanual training sheet --person " + " ".join(person.id for person, _revision in people)
        print("    " + _("print their sheets: {command}").format(command=command))
    else:
        print(_("nobody had signed an earlier revision: nobody must re-sign"))


def run_publish(args: argparse.Namespace) -> int:
    from opsmanual.authoring.lifecycle import publish

    today = args.today or date.today()
    path = publish(args.root, args.id, today, args.approved_by)
    print(_("{path}: effective from {date}").format(path=path, date=today.isoformat()))
    return 0


def run_retire(args: argparse.Namespace) -> int:
    from opsmanual.authoring.lifecycle import retire

    path = retire(args.root, args.id, args.today or date.today(), args.note, args.replaced_by)
    if args.replaced_by:
        print(_("{path}: retired, replaced by {id}").format(path=path, id=args.replaced_by))
    else:
        print(_("{path}: retired").format(path=path))

    return 0


def run_schemas(args: argparse.Namespace) -> int:
    from opsmanual.authoring.scaffold import write_schemas

    for path in write_schemas(args.root):
        print(path)
    return 0
