"""What the plugin adds to a built site: accent-forgiving search and the checklists' PDFs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path

from opsmanual.atomic import write_file
from opsmanual.model import Manual

FOLD_SEARCH_MARK = "opsmanual-fold-search"


def fold_search_script() -> str:
    return (resources.files("opsmanual") / "site" / "fold-search.js").read_text(encoding="utf-8")


def search_worker_files(site: Path) -> list[Path]:
    """Material's search worker(s) in a built site."""
    return sorted((site / "assets" / "javascripts" / "workers").glob("search.*.js"))


def write_checklist_pdfs(
    manual: Manual,
    folder: Path,
    *,
    only: Iterable[str] | None = None,
    paper: str | None = None,
    printed_on: date | None = None,
) -> list[Path]:
    """Each checklist's PDF (or only those named) in `folder`, each written aside and renamed into place."""
    from opsmanual.checklist_pdf import render_checklist_pdf

    wanted = set(only) if only is not None else None
    written = []
    for checklist in manual.checklists:
        if wanted is None or checklist.id in wanted:
            target = folder / f"{checklist.id}.pdf"
            write_file(target, render_checklist_pdf(manual, checklist, paper=paper, printed_on=printed_on))
            written.append(target)
    return written
