"""opsmanual export-markdown: the pages as plain Markdown with a mkdocs.yml that needs no plugin."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from opsmanual.cli.common import add_format, add_root, add_today, checked
from opsmanual.i18n.messages import _, ngettext


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "export-markdown",
        help=_("write the pages as plain Markdown with a mkdocs.yml"),
        description=_(
            "Write every page of the site as plain Markdown under DIR/docs/, with the pictures, the "
            "checklists' PDFs and a DIR/mkdocs.yml with an explicit navigation, so that the manual builds "
            "with plain `mkdocs build` and no plugin. DIR is replaced whole."
        ),
    )
    add_root(parser)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help=_("the folder to write"))
    add_today(parser, _("the date for review badges (default: today)"))
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from opsmanual.render.markdown_export import export_markdown

    result = checked(args)
    if result is None or result.manual is None:
        return 1
    pages = export_markdown(result.manual, args.root, args.output, args.today or date.today())
    config = args.output / "mkdocs.yml"
    wrote = ngettext(
        "wrote {pages} page and {config}; build them with: mkdocs build -f {config}",
        "wrote {pages} pages and {config}; build them with: mkdocs build -f {config}",
        pages,
    )
    print(wrote.format(pages=pages, config=config))

    return 0
