"""`opsmanual serve`: the site built once into a folder of its own, then kept up to date edit by edit.

A whole MkDocs build of a large manual takes a while: every page carries the whole navigation. Most
edits change a procedure's text, which shows on its own page and on the few pages that list or quote it
(its area, the checklists that take its steps, the review and change pages). Those pages alone are made
again, through MkDocs' own page pipeline and the theme's plugins, and the search index is rewritten. An
edit that changes what every page shows (a title, a tag, a status, a file added or removed, manual.yaml,
team.yaml, a picture, mkdocs.yml) builds the whole site again, as does every build while the manual has
mistakes (the preview then shows them).
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from opsmanual.check import CheckResult
from opsmanual.check.run import Memory, check_manual
from opsmanual.diagnostics import UserError

_WATCHED = ("sops", "checklists")


class Preview:
    """What `serve` keeps between edits: the folder it serves, the last whole build, what check remembers."""

    def __init__(self, root: Path, today: date | None, address: str, memory: Memory | None = None) -> None:
        self.root, self.today, self.address = root, today, address
        self.site = Path(tempfile.mkdtemp(prefix="opsmanual-serve-"))
        self.memory = memory or Memory()
        self.config: Any = None  # the last whole build's MkDocs configuration, its plugin holding pages and files
        self.seen: dict[str, tuple[int, int]] = {}  # every file the site is made from -> (modified, size)
        # what no reader waits for is done after the reload: the search index, the checklists' PDFs
        self.later = ThreadPoolExecutor(1, thread_name_prefix="opsmanual-after-reload")
        self.pending: list[Future[Any]] = []

    def finished(self) -> None:
        """What the last edit left for after the reload is done (before anything touches the site again)."""
        pending, self.pending = self.pending, []
        for future in pending:
            try:
                future.result()
            except Exception as exc:  # said; the next whole build writes it again
                sys.stderr.write(f"the preview's search index or checklists could not be written: {exc}\n")

    def close(self) -> None:
        self.finished()
        self.later.shutdown()
        shutil.rmtree(self.site, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"http://{self.address}/"

    def watched(self) -> list[Path]:
        own = self.root / "mkdocs.yml"
        return [self.root / f for f in _WATCHED if (self.root / f).is_dir()] + ([own] if own.is_file() else [])

    def build(self, result: CheckResult | None = None) -> None:
        """The whole site, as MkDocs builds it (the first time, and after an edit that changes every page)."""
        from mkdocs.commands.build import build

        from opsmanual.mkdocs.driver import load_mkdocs_config, mkdocs_logging

        self.finished()
        gc.unfreeze()  # the last whole build's pages may be collected once this one replaces them
        self.seen = _files(self.root)
        result = result or check_manual(self.root, self.today, self.memory)
        config = load_mkdocs_config(self.root, self.today, result, site_dir=str(self.site))
        config.site_url = self.url
        config.plugins.on_startup(command="serve", dirty=False)
        config.plugins["opsmanual"].memory = self.memory
        with mkdocs_logging():
            build(config, serve_url=self.url)
        self.config = config
        gc.collect()
        gc.freeze()  # the whole site's pages stay for good: no collection after an edit walks them again

    def update(self) -> None:
        """After an edit: the pages it changes, or the whole site; says which, and how long it took."""
        started = time.perf_counter()
        before, self.seen = self.seen, _files(self.root)
        changed = {rel for rel in before.keys() | self.seen.keys() if before.get(rel) != self.seen.get(rel)}
        if not changed:
            return
        self.finished()
        pages: list[str] | CheckResult | None
        try:
            pages = self._pages_only(changed)
        except Exception as exc:  # a page that fails alone is made again with all the others
            sys.stderr.write(f"the changed pages could not be made on their own ({exc}); building the whole site\n")
            pages = None
        if not isinstance(pages, list):
            try:
                self.build(pages)
            except UserError as refusal:  # mkdocs.yml made unusable while serving: said, and the last site stays
                for problem in refusal.diagnostics:
                    sys.stderr.write(f"{problem.file}: {problem.message}\n    hint: {problem.hint}\n")
                return
            said = "the whole site"
        else:
            said = ", ".join(pages[:3]) + (f" and {len(pages) - 3} more pages" if len(pages) > 3 else "")
            said = said or "no page (nothing they show changed)"
        sys.stderr.write(f"updated {said} in {time.perf_counter() - started:.2f} s\n")

    def _pages_only(self, changed: set[str]) -> list[str] | CheckResult | None:
        """Make again the pages whose content changed, and name them; else the whole site must be built (with
        the check's result, when there is one)."""
        from opsmanual.render.site.pages import build_site_content
        from opsmanual.render.site.procedure import procedure_path

        plugin = self.config.plugins["opsmanual"] if self.config is not None else None
        if plugin is None or plugin.failed or plugin.manual is None or not all(map(_one_page_file, changed)):
            return None
        result = check_manual(self.root, self.today, self.memory)
        manual, before = result.manual, plugin.manual
        if result.errors or manual is None:
            return result  # the preview shows the mistakes
        content = build_site_content(manual, self.today or date.today(), directory_urls=self.config.use_directory_urls)
        if (
            content.nav != plugin.content.nav
            or content.media != plugin.content.media
            or _shown(manual) != _shown(before)
        ):
            return result
        old = {p.id: p for p in before.procedures}
        procedures = {procedure_path(p) for p in manual.procedures}
        edited = {procedure_path(p) for p in manual.procedures if old.get(p.id) != p}
        previous = {page.path: page for page in plugin.content.pages}
        pages = [
            page.path
            for page in content.pages
            if page.path in edited or (page.path not in procedures and page.render() != previous[page.path].render())
        ]
        plugin.use(manual, content)
        search = _make_again(self.config, plugin, pages)
        if search is not None:
            self.pending.append(self.later.submit(search.on_post_build, config=self.config))
        checklists = [c.id for c in manual.checklists if f"checklists/{c.id}.md" in pages]
        if checklists and plugin.config.checklists:  # after the reload: the pages are what the reader waits for
            from opsmanual.render.checklist import write_checklist_pdfs

            folder = self.site / "checklists"
            self.pending.append(self.later.submit(write_checklist_pdfs, manual, folder, only=checklists))
        return pages


def _make_again(config: Any, plugin: Any, paths: list[str]) -> Any:
    """These pages through MkDocs' own steps (Markdown, plugins, theme), their search entries replaced; returns
    the search plugin, whose index is to be written again."""
    from mkdocs.commands.build import _build_page, _populate_page
    from mkdocs.structure.files import InclusionLevel

    from opsmanual.mkdocs.search import search_plugin

    files, nav, env = plugin.files, plugin.nav, plugin.env
    pages = [files.get_file_from_path(path).page for path in paths]
    for page in pages:
        _populate_page(page, config, files)
    search = search_plugin(config)
    if search is not None:
        urls = {page.url for page in pages}
        entries = search.search_index.entries
        entries[:] = [e for e in entries if e["location"].partition("#")[0] not in urls]
    documentation = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for page in pages:
        _build_page(page, config, documentation, nav, env)
    return search


def _one_page_file(rel: str) -> bool:
    """A procedure's or a checklist's file: an edit to it may change a few pages, not every one."""
    parts = rel.split("/")
    procedure = len(parts) == 3 and parts[0] == "sops" and parts[1] != "media"
    checklist = len(parts) == 2 and parts[0] == "checklists"
    return (procedure or checklist) and parts[-1].endswith((".yaml", ".yml"))


def _shown(manual: Any) -> dict[str, Any]:
    """What pages show of other procedures: their titles (related lists) and tags (the tags page)."""
    return {p.id: (p.title, p.tags, p.status, p.area) for p in manual.procedures}


def _files(root: Path) -> dict[str, tuple[int, int]]:
    """Every file the site is made from, but an editor's own (hidden files, backups)."""
    found: dict[str, tuple[int, int]] = {}
    own = root / "mkdocs.yml"
    if own.is_file():
        found["mkdocs.yml"] = _stamp(own)
    folders = [(str(root / top), top) for top in _WATCHED]
    while folders:
        folder, rel = folders.pop()
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") or entry.name.endswith(("~", ".swp", ".tmp")):
                    continue
                with contextlib.suppress(OSError):
                    if entry.is_dir():
                        folders.append((entry.path, f"{rel}/{entry.name}"))
                    else:
                        info = entry.stat()
                        found[f"{rel}/{entry.name}"] = (info.st_mtime_ns, info.st_size)
    return found


def _stamp(path: Path) -> tuple[int, int]:
    with contextlib.suppress(OSError):
        info = path.stat()
        return (info.st_mtime_ns, info.st_size)
    return (0, 0)


def serve(root: Path, address: str, today: date | None, result: CheckResult, memory: Memory | None = None) -> None:
    """Serve the preview on `address` until interrupted; every save updates it and reloads the browser. `result`
    is the manual's check, made with `memory` when given."""
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers import Observer

    host, port = address.rsplit(":", 1)
    preview = Preview(root, today, address, memory)
    try:
        preview.build(result)
        server = LiveReloadServer(builder=preview.update, host=host, port=int(port), root=str(preview.site))
        # told of a save by the system (inotify), not by reading every folder twice a second
        server.observer = Observer()  # type: ignore[assignment]
        server.build_delay = 0.05  # an editor's save in several writes is one change
        server.error_handler = lambda code: _error_page(preview.site, code)
        for path in preview.watched():
            server.watch(str(path))
        try:
            server.serve()
        finally:
            server.shutdown()
    finally:
        if preview.config is not None:
            preview.config.plugins.on_shutdown()
        preview.close()


def _error_page(site: Path, code: int) -> bytes | None:
    page = site / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
