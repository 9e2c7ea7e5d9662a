"""opsmanual build and opsmanual serve: the site and the checklists, built whole or previewed live."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path
from typing import Any

from opsmanual.cli.common import add_format, add_root, add_today, checked, port
from opsmanual.i18n.messages import _, ngettext
from opsmanual.mkdocs.engines import ENGINES


def add(commands: Any) -> None:
    build = commands.add_parser(
        "build",
        help=_("check the manual, then build its site and checklists"),
        description=_(
            "Check the manual; when it has no errors, build the site (MkDocs with Material) and the "
            "checklists' PDFs into a temporary folder beside the site, and swap it into place. A failed or "
            "interrupted build leaves the previous site as it was. Uses ROOT/mkdocs.yml when there is one "
            "(it must list the opsmanual plugin), else a built-in configuration. Each language in manual.yaml's "
            "'translations' gets its own site, with its checklists, under DIR/<language>/."
        ),
    )
    add_root(build)
    build.add_argument(
        "--site-dir",
        type=Path,
        metavar="DIR",
        help=_("where the site goes (default: site_dir of mkdocs.yml, or ROOT/site)"),
    )
    build.add_argument(
        "--offline",
        action="store_true",
        help=_(
            "a site that works opened from a folder, a USB stick or a shared drive (file://), search included: "
            "its pages end in .html (default: from mkdocs.yml's opsmanual plugin option 'offline', else off)"
        ),
    )
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help=_(
            "what builds the site: mkdocs (default), properdocs (the maintained fork of MkDocs 1.x, same site) "
            "or zensical (Material's successor: it builds the plain Markdown export, with its own search)"
        ),
    )
    add_today(build, _("the date for review badges (default: today)"))
    add_format(build)
    build.set_defaults(run=run_build)

    serve = commands.add_parser(
        "serve",
        help=_("preview the site; every saved edit shows in the browser"),
        description=_(
            "Serve the manual's site on 127.0.0.1. Every save under sops/ or checklists/ makes again "
            "the pages it changes (a title, a new file or manual.yaml: the whole site) and reloads the browser; "
            "a mistake is shown in the browser page and the terminal until it is fixed. Stop it with Ctrl+C."
        ),
    )
    add_root(serve)
    serve.add_argument("--port", type=port, default=8000, help=_("the port on 127.0.0.1 (default: 8000)"))
    add_format(serve)
    serve.set_defaults(run=run_serve, today=None)


def run_build(args: argparse.Namespace) -> int:
    from opsmanual.mkdocs.driver import build_site
    from opsmanual.mkdocs.engines import use_engine

    use_engine(args.engine, offline=args.offline)  # before MkDocs is imported: ProperDocs takes its place
    result = checked(args, _load_the_builder)
    if result is None or result.manual is None:
        return 1
    manual = result.manual
    procedures = ngettext("{n} procedure", "{n} procedures", len(manual.procedures)).format(n=len(manual.procedures))
    checklists = ngettext("{n} checklist", "{n} checklists", len(manual.checklists)).format(n=len(manual.checklists))
    sys.stderr.write(_("building {procedures} and {checklists}…").format(procedures=procedures, checklists=checklists))
    sys.stderr.write("\n")
    started = time.perf_counter()
    site = build_site(args.root, args.site_dir, args.today, result, offline=args.offline, engine=args.engine)
    seconds = f"{time.perf_counter() - started:.1f}"
    print(_("built the site in {seconds} s: {page}").format(seconds=seconds, page=f"{site}/index.html"))
    if manual.checklists:
        print(_("checklists: {pdfs}").format(pdfs=f"{site}/checklists/*.pdf"))
    return 0


def _load_the_builder() -> None:
    """MkDocs and its theme's plugins, loaded while the check runs: none of them needs it. (The PDF library is
    loaded by the worker that writes the checklists, alongside MkDocs.)"""
    import importlib

    for module in (
        "mkdocs.commands.build",
        "mkdocs.config.defaults",
        "material.plugins.search.plugin",
        "material.plugins.tags.plugin",
        "opsmanual.mkdocs.plugin",
    ):
        importlib.import_module(module)


def run_serve(args: argparse.Namespace) -> int:
    from opsmanual.check.run import Memory, check_manual
    from opsmanual.mkdocs.driver import serve_site
    from opsmanual.report import report_text

    memory = Memory()  # what the check read, kept: an edit reads the edited file again, not the whole manual
    result = check_manual(args.root, args.today, memory)
    if result.errors:  # served all the same: the page shows the mistakes until they are fixed
        report_text(result.report, args.root, sys.stderr)
    address = f"127.0.0.1:{args.port}"
    opening = _("Open {url} in your browser; it shows each change as you save. Ctrl+C stops it.")
    print(opening.format(url=f"http://{address}/"), flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        serve_site(args.root, address, None, result, memory)
    return 0
