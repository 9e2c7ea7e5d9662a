"""opsmanual init and opsmanual new: a manual, a procedure or a checklist that passes check when written."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from opsmanual.cli.common import add_format, add_root_option
from opsmanual.i18n.messages import _, ngettext


def add(commands: Any) -> None:
    from opsmanual.i18n import languages

    init = commands.add_parser(
        "init",
        help=_("start a new manual in an empty folder"),
        description=_(
            "Write a new manual into DIR (which must be empty or not exist): sops/manual.yaml with a few "
            "roles, one area and two shifts, one sample procedure and one checklist in the chosen language, "
            "the schemas for editors, VS Code settings, a pre-commit hook and a .gitignore. It passes "
            "`opsmanual check --strict` and builds at once. It never writes into a folder that holds files."
        ),
    )
    init.add_argument("dir", type=Path, metavar="DIR", help=_("the new manual's folder"))
    init.add_argument("--name", default="My Café", help=_("the business's name (default: %(default)s)"))
    init.add_argument("--language", choices=languages(), default="en", help=_("labels, search and the sample texts"))
    add_format(init)
    init.set_defaults(run=run_init)

    new = commands.add_parser(
        "new",
        help=_("write a new procedure or checklist from a skeleton"),
        description=_(
            "Write a skeleton with the required fields filled in and the optional "
            "ones as commented examples. Never overwrites a file."
        ),
    )
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    procedure = kinds.add_parser(
        "procedure",
        help=_("sops/AREA/ID.yaml"),
        description=_("Write sops/AREA/ID.yaml; AREA must be declared in sops/manual.yaml."),
    )
    procedure.add_argument(
        "path", metavar="AREA/ID", help=_("the area and the procedure's id, like kitchen/clean-the-grill")
    )
    procedure.add_argument("--title", required=True, help=_('what is done, as an action: "Clean the grill"'))
    add_root_option(procedure)
    add_format(procedure)
    procedure.set_defaults(run=run_new_procedure)
    checklist = kinds.add_parser("checklist", help=_("checklists/ID.yaml"), description=_("Write checklists/ID.yaml."))
    checklist.add_argument("id", metavar="ID", help=_("the checklist's id, like opening"))
    checklist.add_argument("--title", required=True, help=_('the checklist\'s title: "Opening — kitchen"'))
    add_root_option(checklist)
    add_format(checklist)
    checklist.set_defaults(run=run_new_checklist)


def run_init(args: argparse.Namespace) -> int:
    from opsmanual.authoring.scaffold import init_manual

    written = init_manual(args.dir, args.name, args.language, date.today())
    wrote = ngettext(
        "wrote a new manual with {n} file in {dir}", "wrote a new manual with {n} files in {dir}", len(written)
    )
    print(wrote.format(n=len(written), dir=args.dir))
    print(
        _("next: {commands}   (or: opsmanual serve)").format(
            commands=f"cd {args.dir} && opsmanual check && opsmanual build"
        )
    )
    return 0


def run_new_procedure(args: argparse.Namespace) -> int:
    from opsmanual.authoring.scaffold import new_procedure
    from opsmanual.diagnostics import refuse

    area, slash, procedure_id = args.path.partition("/")
    if not slash:
        raise refuse(
            "bad-path",
            _("'{path}' names no area").format(path=args.path),
            _("write the procedure as AREA/ID, like {example}").format(example=f"front-of-house/{args.path}"),
        )
    print(new_procedure(args.root, area, procedure_id, args.title))
    return 0


def run_new_checklist(args: argparse.Namespace) -> int:
    from opsmanual.authoring.scaffold import new_checklist

    print(new_checklist(args.root, args.id, args.title))
    return 0
