"""The `opsmanual` MkDocs plugin: every page made in memory from the checked manual; nothing written into docs_dir."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Literal

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from opsmanual.diagnostics import UserError
from opsmanual.mkdocs.config import OpsManualConfig
from opsmanual.mkdocs.defaults import alternates, brand, same_page_in_each_language
from opsmanual.mkdocs.search import (
    OFFLINE_SCRIPT,
    offline_script,
    patch_search_workers,
    search_plugin,
    write_search_index_script,
)
from opsmanual.outputs import mark, output_folder
from opsmanual.parallel import Jobs, batched, in_background
from opsmanual.render.site.pages import publishable
from opsmanual.render.site.procedure import procedure_path

if TYPE_CHECKING:  # the live-reload server (http.server, ssl, watchdog) is loaded by `serve` alone
    from mkdocs.livereload import LiveReloadServer

    from opsmanual.mkdocs.ahead import Made

PREFETCH_ABOVE = 50  # pages: below this, rendering them ahead in a worker costs more than it saves
PAGES_PER_BATCH = 8


class OpsManualPlugin(BasePlugin[OpsManualConfig]):
    def __init__(self) -> None:
        self.root = Path(".")
        self.command: Literal["build", "gh-deploy", "serve"] = "build"
        self.content: Any = None
        self.manual: Any = None
        self.source: Any = None  # the manual as written, when the site is one of its translations
        self.generated: dict[str, int] = {}  # the pages this plugin makes: src_uri -> its index in the jobs
        self.jobs: Jobs[Any] | None = None  # the pages made ahead of MkDocs, when there are many
        self.pdfs: Jobs[None] | None = None  # the checklists' PDFs, written while MkDocs renders the pages
        self.writes_pdfs = False
        self.ahead = False  # the pages are made ahead, by self.jobs
        self.checked: Any = None  # a CheckResult when the caller has checked the manual already
        self.progress: Callable[[int, int], None] | None = None  # (pages done, pages in all), for `build`
        self.pages_done = 0
        self.failed = False  # the last build under `serve` found mistakes in the manual
        self.paths: list[str] = []  # the pages of the last good build, where a page of mistakes goes
        self.language = "en"
        self.anchored: set[str] = set()  # pages whose HTML holds the anchors other pages link to
        self.memory: Any = None  # what check remembers between builds, under `serve`
        self.files: Files | None = None  # the last build's files, navigation and theme, for `serve` to make
        self.nav: Any = None  # pages again one by one (mkdocs/preview.py)
        self.env: Any = None
        self.made: dict[str, Made] = {}  # pages made ahead (mkdocs/ahead.py), until on_page_content takes them

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command

    @event_priority(100)  # before the search plugin reads the theme's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from opsmanual.render.site.markup import SCRIPT, text
        from opsmanual.render.site.pages import STYLESHEET, build_site_content
        from opsmanual.report import report_text

        self.root = Path(self.config.root or Path(config.config_file_path or ".").parent).resolve()
        if self.command != "serve":  # MkDocs empties site_dir before it builds: it must be one opsmanual may replace
            try:
                output_folder(Path(config.site_dir), self.root, "site", "site_dir in mkdocs.yml")
            except UserError as refusal:
                problem = refusal.diagnostics[0]
                raise PluginError(f"{problem.message}\n    hint: {problem.hint}") from None
        if self.config.offline:  # opened from a folder: every link names its .html file, search runs in a frame
            config.use_directory_urls = False
            polyfills = config.extra.get("polyfills") or []
            config.extra["polyfills"] = [*polyfills, OFFLINE_SCRIPT] if OFFLINE_SCRIPT not in polyfills else polyfills
        today = date.fromisoformat(self.config.today) if self.config.today else date.today()
        result = self.checked or _check(self.root, today, self.memory)
        self.checked = None  # a rebuild under `serve` checks the edited files again
        if result.errors or result.manual is None:
            report = io.StringIO()
            report_text(result.report, self.root if self.command != "serve" else PurePath("."), report)
            if self.command != "serve":
                raise PluginError("the manual has errors; nothing was built\n" + report.getvalue().rstrip())
            return self._show_mistakes(config, result.report, report.getvalue())
        if self.failed:
            sys.stderr.write("fixed: the site is up to date\n")
            self.failed = False
        manual = self.source = result.manual
        if self.config.language:  # the site of a translation: the same pages, in its words where it has them
            from opsmanual.model.translate import translated

            manual = translated(manual, self.config.language)
        if manual.translations and self.command != "serve":  # the preview serves the manual's own language only
            config.extra["alternate"] = alternates(manual)
        config.site_name = Markup(text(manual.name))  # themes print it unescaped
        config.theme["language"] = manual.language
        config.extra.setdefault("generator", False)  # no "Made with Material for MkDocs", in English, on every page
        brand(config.theme, manual.logo, manual.color)
        self.use(manual, build_site_content(manual, today, directory_urls=config.use_directory_urls))
        if config.nav is None:
            config.nav = self.content.nav
        search = search_plugin(config)
        if search is not None and getattr(search.config, "pipeline", False) is None:
            search.config.pipeline = ["stemmer", "stopWordFilter", "trimmer"]  # Material leaves stemming out
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        return config

    def use(self, manual: Any, content: Any) -> None:
        """The manual and pages from now on; `serve` gives new ones after an edit that changes a few pages."""
        self.manual, self.content = manual, content
        self.paths, self.language = [page.path for page in content.pages], manual.language
        self.generated = {page.path: index for index, page in enumerate(content.pages)}
        self.anchored = {procedure_path(p) for p in manual.procedures}

    def _show_mistakes(self, config: MkDocsConfig, report: Any, said: str) -> MkDocsConfig:
        """Under `serve`, a manual with errors becomes a site of one page, at every address the last good
        build had, that lists them: the browser shows the mistakes, reloads, and shows the page once fixed."""
        from opsmanual.render.site.pages import mistakes_content

        sys.stderr.write(said + "the preview shows these mistakes until they are fixed\n")
        self.failed = True
        self.manual = None
        self.content = mistakes_content(report, self.language, self.paths or ["index.md"])
        if config.nav is None:
            config.nav = self.content.nav
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        from opsmanual.render.site.markup import SCRIPT
        from opsmanual.render.site.pages import STYLESHEET, script, stylesheet

        sources = (self.root / "sops", self.root / "checklists")
        result = Files([f for f in files if not (f.abs_src_path and _under(Path(f.abs_src_path), sources))])
        pages = self.content.pages
        self.writes_pdfs = bool(self.config.checklists and self.manual is not None and self.manual.checklists)
        self.stop()
        self.generated = {}
        for index, page in enumerate(pages):
            result.append(File.generated(config, page.path, content=""))  # its Markdown is made in on_pre_page
            self.generated[page.path] = index
        self.files = result
        result.append(File.generated(config, STYLESHEET, content=stylesheet()))
        result.append(File.generated(config, SCRIPT, content=script()))
        if self.config.offline:
            result.append(File.generated(config, OFFLINE_SCRIPT, content=offline_script()))
        for picture in publishable(self.root, self.content.media):
            result.append(File.generated(config, picture, abs_src_path=str(self.root / "sops" / picture)))
        self.pages_done, self.made = 0, {}
        return result

    @event_priority(-100)  # the navigation and files are final: the worker starts with them
    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """A large manual's pages are made ahead from now on (mkdocs/ahead.py), every other batch of them by a
        forked worker, the rest here as MkDocs reads them one by one: both cores work."""
        from opsmanual.mkdocs.ahead import ahead

        self.nav = nav
        pages = self.content.pages
        self.stop()
        self.ahead = self.command != "serve" and len(pages) > PREFETCH_ABOVE
        if self.ahead:
            kind = _page_kind(files)
            made = [partial(ahead, page, page.path in self.anchored, files, config, kind) for page in pages]
            self.jobs = Jobs(batched(made, PAGES_PER_BATCH), shared=True)
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is read: the checklists' PDFs are written in a worker while MkDocs renders the pages on
        one core (started any earlier, they would take a core from the pages made ahead)."""
        self.env = env
        self.stop()
        if self.writes_pdfs:
            folder = Path(config.site_dir) / "checklists"  # after MkDocs has cleaned the site's folder
            self.pdfs = in_background(partial(_write_pdfs, self.source, folder, self.config.language))
        return env

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        from opsmanual.mkdocs.ahead import Ahead, inert

        index = self.generated.get(page.file.src_uri)
        if index is not None and self.jobs is not None and self.ahead:
            made = self.jobs.result(*divmod(index, PAGES_PER_BATCH))
            page.file.content_string = made.source
            page.render = Ahead(page, made)  # type: ignore[method-assign]  # converted already, unless changed since
            self.made[page.file.src_uri] = made
        elif index is not None:
            page.file.content_string = self.content.pages[index].render()
            if page.file.src_uri not in self.anchored:
                page.file.content_string = inert(page.file.content_string)
        return page

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.generated:
            page.file.content_string = ""  # the page holds its Markdown now: the build never keeps it twice
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        from opsmanual.mkdocs.ahead import finished

        self.pages_done += 1
        if self.progress is not None:
            self.progress(self.pages_done, len(self.generated))
        if page.file.src_uri in ("roles.md", "shifts.md"):  # their headings carry the ids procedures link to
            page.toc = headings_toc(html)
        made = self.made.pop(page.file.src_uri, None)
        if made is not None and html is made.html:  # as converted ahead: sanitised there too
            return made.safe
        if page.file.src_uri in self.generated and page.file.src_uri != "tags.md":
            return finished(html)  # the second layer: whatever reached the page, no script survives
        return html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.manual is not None and self.manual.translations and self.command != "serve":
            output = same_page_in_each_language(output, page.url, self.config.language is not None)
        return tidy(output) if page.file.src_uri in self.generated else output

    def on_build_error(self, *, error: Exception) -> None:
        self.stop()

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        for folder in ("sops", "checklists"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        patch_search_workers(Path(config.site_dir))
        if self.config.offline:
            write_search_index_script(Path(config.site_dir))
        mark(Path(config.site_dir), "site")
        if self.pdfs is not None:
            self.pdfs.result(0)  # the checklists' PDFs are written
        self.stop()

    def stop(self) -> None:
        """Wait for the workers' current jobs and cancel the rest, so nothing writes into the site after this."""
        for jobs in (self.jobs, self.pdfs):
            if jobs is not None:
                jobs.close()
        self.jobs = self.pdfs = None


_KEPT_AS_WRITTEN = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_INDENTATION = re.compile(r"\n\s+")


def tidy(html: str) -> str:
    """The theme's indentation out of a page: a line break and the white space after it become one line break,
    which a browser shows the same way, except inside pre, textarea, script and style. The navigation's
    indentation grows with the manual; without it a page of a large manual is no larger than of a small one."""
    parts = _KEPT_AS_WRITTEN.split(html)
    # split() gives the text between, then the kept element and its tag's name, for each match
    return "".join(_INDENTATION.sub("\n", part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 < 2)


_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>')


def headings_toc(html: str) -> Any:
    """The page's table of contents from its own <h2 id=...> headings (written as HTML, so Markdown's toc misses
    them)."""
    from mkdocs.structure.toc import get_toc

    return get_toc([{"level": 2, "id": i, "name": name, "children": []} for i, name in _HEADING.findall(html)])


def _check(root: Path, today: date, memory: Any) -> Any:
    """The manual checked here, when the caller has not (mkdocs build with the plugin, serve's rebuilds)."""
    from opsmanual.check import check_manual

    return check_manual(root, today, memory)


def _write_pdfs(manual: Any, folder: Path, language: str | None) -> None:
    """In the worker that writes them: the PDF library is loaded there, never in the process that runs MkDocs.
    `manual` is the manual as written: a translation's sheets have the same fields as the manual's."""
    from opsmanual.render.checklist import write_checklist_pdfs

    write_checklist_pdfs(manual, folder, language=language)


def _page_kind(files: Files) -> type[Page]:
    """The class of page of the engine that runs the plugin (MkDocs, or a fork of it)."""
    for file in files.documentation_pages():
        if file.page is not None:
            return type(file.page)
    return Page


def _under(path: Path, folders: tuple[Path, ...]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(folder) for folder in folders)
