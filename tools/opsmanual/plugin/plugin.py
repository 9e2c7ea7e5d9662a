"""Builds every page in memory from the checked manual; never writes into docs_dir."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from opsmanual.forked import Background, stop_all
from opsmanual.plugin.config import OpsManualConfig
from opsmanual.site.prefetch import Prefetcher
from opsmanual.site.publish import (
    FOLD_SEARCH_MARK,
    fold_search_script,
    search_worker_files,
    write_checklist_pdfs,
)


class OpsManualPlugin(BasePlugin[OpsManualConfig]):
    def __init__(self) -> None:
        self.root = Path(".")
        self.content: Any = None
        self.manual: Any = None
        self.generated: set[str] = set()
        self.prefetcher: Prefetcher | None = None
        self.pdfs: Background[list[Path]] | None = None
        self.checked: Any = None  # a CheckResult when the caller has checked the manual already
        self.progress: Callable[[int, int], None] | None = None  # (pages done, pages in all), for `build`
        self.pages_done = 0

    @event_priority(100)  # before the search plugin reads the theme's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from opsmanual.checker import check_manual
        from opsmanual.reporters import report_text
        from opsmanual.site.markup import text
        from opsmanual.site.pages import STYLESHEET, build_site_content

        self.root = Path(self.config.root or Path(config.config_file_path or ".").parent).resolve()
        today = date.fromisoformat(self.config.today) if self.config.today else date.today()
        result = self.checked or check_manual(self.root, today)
        self.checked = None  # a rebuild under `serve` checks the edited files again
        if result.errors or result.manual is None:
            report = io.StringIO()
            report_text(result, self.root, report)
            raise PluginError("the manual has errors; nothing was built\n" + report.getvalue().rstrip())
        self.manual = result.manual
        config.site_name = Markup(text(self.manual.name))  # themes print it unescaped
        config.theme["language"] = self.manual.language
        self.content = build_site_content(self.manual, today, directory_urls=config.use_directory_urls)
        if config.nav is None:
            config.nav = self.content.nav
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None and getattr(search.config, "pipeline", False) is None:
            search.config.pipeline = ["stemmer", "stopWordFilter", "trimmer"]  # Material leaves stemming out
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        from opsmanual.site.pages import STYLESHEET, stylesheet

        sources = (self.root / "sops", self.root / "checklists")
        kept = [f for f in files if not (f.abs_src_path and _under(Path(f.abs_src_path), sources))]
        result = Files(kept)
        self.generated = set()
        self.pdfs = None
        if self.config.checklists and self.manual.checklists:
            folder = Path(config.site_dir) / "checklists"  # after MkDocs has cleaned the site's folder
            self.pdfs = Background(partial(write_checklist_pdfs, self.manual, folder))
        self.prefetcher = Prefetcher([page.render for page in self.content.pages])
        for index, page in enumerate(self.content.pages):
            file = _GeneratedPage.generated(config, page.path, content="")
            assert isinstance(file, _GeneratedPage)
            file.render = partial(self.prefetcher.get, index)
            result.append(file)
            self.generated.add(page.path)
        result.append(File.generated(config, STYLESHEET, content=stylesheet()))
        for picture in self.content.media:
            result.append(File.generated(config, picture, abs_src_path=str(self.root / "sops" / picture)))
        return result

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        from opsmanual.site.markup import sanitize

        self.pages_done += 1
        if self.progress is not None:
            self.progress(self.pages_done, len(self.generated))
        if page.file.src_uri in self.generated and page.file.src_uri != "tags.md":
            return sanitize(html)  # the second layer: whatever reached the page, no script survives
        return html

    def on_build_error(self, *, error: Exception) -> None:
        stop_all()

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        for folder in ("sops", "checklists"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.prefetcher is not None:
            self.prefetcher.close()
        site = Path(config.site_dir)
        script = fold_search_script()
        for worker in search_worker_files(site):
            text = worker.read_text(encoding="utf-8")
            if FOLD_SEARCH_MARK not in text:
                worker.write_text(text + "\n" + script, encoding="utf-8")
        if self.pdfs is not None:
            self.pdfs.result()


class _GeneratedPage(File):
    """A page whose Markdown is made when MkDocs reads it, so that the build does not hold it twice."""

    render: Callable[[], str] | None = None
    _fixed: str | bytes | None = None

    @property
    def _content(self) -> str | bytes | None:
        return self.render() if self.render is not None else self._fixed

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._fixed = value


def _under(path: Path, folders: tuple[Path, ...]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(folder) for folder in folders)
