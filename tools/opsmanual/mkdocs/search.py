"""Accent-forgiving search: the fold-and-stem script appended to Material's search worker after a build."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

FOLD_SEARCH_MARK = "opsmanual-fold-search"


def search_plugin(config: Any) -> Any:
    """The site's search plugin (Material's, under either of its names), or None when it has none."""
    return config.plugins.get("material/search") or config.plugins.get("search")


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


OFFLINE_SCRIPT = "assets/opsmanual-offline.js"  # search from file://: Material's worker, run in a frame


def offline_script() -> str:
    return (resources.files("opsmanual") / "mkdocs" / "offline.js").read_text(encoding="utf-8")


def write_search_index_script(site: Path) -> None:
    """search/search_index.js: the index as a script, which a page opened from file:// can load."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        (site / "search" / "search_index.js").write_text(
            "var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8"
        )
