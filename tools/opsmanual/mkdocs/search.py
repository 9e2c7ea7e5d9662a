"""Accent-forgiving search: the fold-and-stem script appended to Material's search worker after a build."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FOLD_SEARCH_MARK = "opsmanual-fold-search"


def fold_search_script() -> str:
    return (resources.files("opsmanual") / "mkdocs" / "fold-search.js").read_text(encoding="utf-8")


def search_worker_files(site: Path) -> list[Path]:
    """Material's search worker(s) in a built site."""
    return sorted((site / "assets" / "javascripts" / "workers").glob("search.*.js"))


def patch_search_workers(site: Path) -> None:
    """Append the fold-and-stem script to each search worker of a built site, once."""
    script = fold_search_script()
    for worker in search_worker_files(site):
        text = worker.read_text(encoding="utf-8")
        if FOLD_SEARCH_MARK not in text:
            worker.write_text(text + "\n" + script, encoding="utf-8")
