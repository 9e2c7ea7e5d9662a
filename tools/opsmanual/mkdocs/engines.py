"""The engines a site builds with: MkDocs (the default), ProperDocs (its maintained fork, which runs the plugin
unchanged) and Zensical (Material's successor, which builds the manual's plain Markdown export)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from opsmanual.diagnostics import START, Collector, UserError

ENGINES = ("mkdocs", "properdocs", "zensical")


def site_problem(code: str, message: str, hint: str) -> UserError:
    """A refusal about building the site, said of mkdocs.yml (the site's configuration, written or built in)."""
    out = Collector("mkdocs.yml")
    out.error(START, code, message, hint)
    return UserError(out.items)


def use_engine(engine: str, *, offline: bool) -> None:
    """Make ready to build with `engine`, before MkDocs is first imported; a refusal when it cannot be used."""
    if engine == "properdocs":
        try:
            import properdocs.replacement  # noqa: F401  # from now on, every `mkdocs.` import is ProperDocs'
        except ImportError:
            raise site_problem(
                "engine-missing",
                "ProperDocs is not installed",
                "install it (pip install properdocs), or build with --engine mkdocs",
            ) from None
    elif engine == "zensical":
        if offline:
            raise site_problem(
                "engine-offline",
                "--offline needs the opsmanual plugin, which Zensical does not run",
                "build the folder copy with --engine mkdocs (the default) or --engine properdocs",
            )
        if _zensical() is None:
            raise site_problem(
                "engine-missing",
                "Zensical is not installed",
                "install it (pip install zensical), or build with --engine mkdocs",
            )


def _zensical() -> str | None:
    return shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")


def build_with_zensical(manual: Any, root: Path, site: Path, today: date) -> None:
    """The manual's plain Markdown export built by Zensical into `site` (an empty folder opsmanual made), each of
    its translations into `site/<language>/`, with the checklists' PDFs and the language switcher."""
    from opsmanual.render.markdown_export import write_export

    zensical = _zensical()
    assert zensical is not None  # use_engine has said so otherwise
    with tempfile.TemporaryDirectory(prefix="opsmanual-zensical-") as scratch:
        for language in (None, *manual.translations):
            export = Path(scratch) / (language or manual.language)
            write_export(manual, root, export, today, language=language, switcher=True)
            done = subprocess.run(
                [zensical, "build", "--clean", "-f", str(export / "mkdocs.yml")],
                cwd=export,
                capture_output=True,
                text=True,
                env={**os.environ, "NO_COLOR": "1"},
            )
            if done.returncode != 0:
                said = (done.stdout + done.stderr).strip().splitlines()[-5:]
                raise site_problem(
                    "build-failed",
                    "Zensical failed, and the previous site is kept: " + " / ".join(said),
                    "build with --engine mkdocs (the default), or report what Zensical said",
                )
            if manual.translations:
                _switch_to_same_page(export / "site", language is not None)
            target = site / language if language else site  # Zensical builds only inside the export's folder
            target.mkdir(exist_ok=True)
            for built in (export / "site").iterdir():
                shutil.move(built, target / built.name)


def _switch_to_same_page(site: Path, in_translation: bool) -> None:
    """The language switcher of each page leads to the same page in the other language, as under the plugin."""
    from opsmanual.mkdocs.defaults import same_page_in_each_language

    for page in site.rglob("*.html"):
        where = page.relative_to(site).as_posix()
        if where == "404.html":  # shown at any address: its links stay on the sites' roots
            continue
        url = where.removesuffix("index.html")  # the page's address, as MkDocs gives it (directory URLs)
        html = page.read_text(encoding="utf-8")
        switched = same_page_in_each_language(html, url, in_translation)
        if switched != html:
            page.write_text(switched, encoding="utf-8")
