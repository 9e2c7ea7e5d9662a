"""opsmanual checklist: the printable, fillable checklists as PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from opsmanual.cli.common import add_format, add_root, add_today, checked, day, refused
from opsmanual.i18n.messages import _


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "checklist",
        help=_("write the printable checklists as PDF"),
        description=_(
            "Check the manual; when it has no errors, write one PDF per checklist (all of them, or those "
            "named with --only) into DIR, each to a temporary file renamed into place. The PDFs are "
            "fillable: checkboxes, readings and initials are form fields."
        ),
    )
    add_root(parser)
    parser.add_argument("--only", nargs="+", metavar="ID", help=_("only these checklists (their file names)"))
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help=_("where the PDFs go (default: ROOT/site/checklists, or ROOT/site/CODE/checklists with --language)"),
    )
    parser.add_argument(
        "--paper", choices=("letter", "a4"), help=_("the paper size (default: the checklist's, then the manual's)")
    )
    parser.add_argument(
        "--date",
        type=day,
        metavar="YYYY-MM-DD",
        dest="printed_on",
        help=_("print this date on the form (default: a blank to fill in)"),
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        help=_(
            "print in this one of the manual's translations (manual.yaml 'translations'); untranslated texts stay "
            "in the manual's language (default: the manual's language)"
        ),
    )
    parser.add_argument(
        "--bilingual",
        action="store_true",
        help=_(
            "print each text in two languages, the second smaller under the first: the manual's and its first "
            "translation (or, with --language, that one's and the manual's); a checklist with 'bilingual: true' "
            "always is"
        ),
    )
    add_today(parser, argparse.SUPPRESS)
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from opsmanual.diagnostics import refuse
    from opsmanual.outputs import output_folder
    from opsmanual.render.checklist import write_checklist_pdfs
    from opsmanual.suggest import close_matches

    result = checked(args)
    if result is None or result.manual is None:
        return 1
    known = [c.id for c in result.manual.checklists]
    for wanted in args.only or ():
        if wanted not in known:
            listed = _("the checklists are: {ids}").format(ids=", ".join(known)) if known else ""
            hint = close_matches(wanted, known) or listed
            message = _("there is no checklist '{id}'").format(id=wanted)
            refused(refuse("unknown-checklist", message, hint).diagnostics, args)
            return 2  # a word of the command line, not of the manual
    manual = result.manual
    language = args.language if args.language != manual.language else None
    if language is not None and language not in manual.translations:
        published = ", ".join(manual.translations)
        hint = (
            _("the manual is published in: {languages}").format(languages=published)
            if published
            else _("add 'translations: [{code}]' to sops/manual.yaml and translate into it").format(code=language)
        )
        message = _("the manual has no translation '{code}'").format(code=language)
        refused(refuse("unknown-language", message, hint).diagnostics, args)
        return 2
    default = args.root / "site" / (f"{language}/checklists" if language else "checklists")
    folder = output_folder(args.output or default, args.root, "pdfs", "-o")
    written = write_checklist_pdfs(
        manual,
        folder,
        only=args.only,
        paper=args.paper,
        printed_on=args.printed_on,
        language=language,
        bilingual=args.bilingual,
    )
    for path in written:
        print(path)
    if not written:
        sys.stderr.write(_("the manual has no checklists (checklists/<id>.yaml)") + "\n")

    return 0
