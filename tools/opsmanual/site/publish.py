"""What the plugin adds to a built site: accent-forgiving search and the checklists' PDFs."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

FOLD_SEARCH_MARK = "opsmanual-fold-search"


def fold_search_script() -> str:
    return (resources.files("opsmanual") / "site" / "fold-search.js").read_text(encoding="utf-8")


def search_worker_files(site: Path) -> list[Path]:
    """Material's search worker(s) in a built site."""
    return sorted((site / "assets" / "javascripts" / "workers").glob("search.*.js"))


def write_checklist_pdfs(manual: Any, folder: Path) -> list[Path]:
    """Each checklist's PDF in `folder`, written to a temporary file and renamed into place."""
    try:
        from opsmanual.checklist_pdf import render_checklist_pdf
    except ImportError:  # pragma: no cover - the PDF renderer ships with the package
        return []
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for checklist in manual.checklists:
        target = folder / f"{checklist.id}.pdf"
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(render_checklist_pdf(manual, checklist))
        temporary.replace(target)
        written.append(target)
    return written
