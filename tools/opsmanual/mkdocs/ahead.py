"""Pages made ahead of MkDocs: a page's Markdown written, converted to HTML and sanitised, half of them in a
forked worker.

MkDocs reads every page before it renders any template, one page after the
other. For a large manual, `ahead()` does that reading for MkDocs' own page
step: our Markdown for the page, then the very conversion MkDocs would run
(its `Page.render`, with the site's Markdown extensions, links made relative,
anchors and title taken), then the second layer of sanitising. The parent takes
the result through `Ahead`, which stands in for the page's `render`: if another
plugin changed the page's Markdown since, MkDocs converts it itself, as always.
Whatever MkDocs said while converting (a link it cannot resolve) is said again
in the parent, so a warning counts for `--strict` as it would have.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.meta import get_data

from opsmanual.markdown import sanitize


@dataclass
class Made:
    """One page as MkDocs' page step would leave it, with what it said on the way."""

    source: str  # the page's Markdown as written, front matter included
    markdown: str  # without the front matter: what MkDocs converts
    html: str  # as converted
    safe: str  # as the plugin's on_page_content leaves it
    toc: TableOfContents
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri
    said: list[logging.LogRecord] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info = record.getMessage(), None, None  # it travels between processes
        self.records.append(record)


def ahead(markdown_of: Any, anchored: bool, files: Files, config: MkDocsConfig, kind: type[Page]) -> Made:
    """The page at `markdown_of.path`, whose Markdown `markdown_of.render()` writes, made as MkDocs' `kind` of
    page would make it."""
    file = files.get_file_from_path(markdown_of.path)
    assert file is not None, markdown_of.path
    source = markdown_of.render() if anchored else inert(markdown_of.render())
    markdown, _ = get_data(source)
    page = kind.__new__(kind)  # no __init__: the file keeps its own page, in this process and the parent
    page.file, page.markdown = file, markdown
    logger, collect = logging.getLogger(kind.__module__), _Collect()  # MkDocs' (or ProperDocs') pages module
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        kind.render(page, config, files)
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    html = page.content or ""
    links = page.links_to_anchors
    return Made(
        source=source,
        markdown=markdown,
        html=html,
        safe=finished(html),
        toc=page.toc,
        title=page._title_from_render,
        anchors=page.present_anchor_ids or set(),
        links_to_anchors=None if links is None else {linked.src_uri: anchors for linked, anchors in links.items()},
        said=collect.records,
    )


class Ahead:
    """Stands in for one page's `render`: the page as made ahead, when its Markdown is still what was converted."""

    def __init__(self, page: Page, made: Made) -> None:
        self.page, self.made, self.render = page, made, page.render

    def __call__(self, config: MkDocsConfig, files: Files) -> None:
        page, made = self.page, self.made
        del page.render  # the page's own method again, from now on
        if page.markdown != made.markdown:  # another plugin changed it: MkDocs converts it, as always
            self.render(config, files)
            return
        for record in made.said:
            logging.getLogger(record.name).handle(record)
        page.content, page.toc, page._title_from_render = made.html, made.toc, made.title
        page.present_anchor_ids = made.anchors
        if made.links_to_anchors is not None:
            found = ((files.get_file_from_path(uri), links) for uri, links in made.links_to_anchors.items())
            page.links_to_anchors = {linked: links for linked, links in found if linked is not None}


_BLOCK_END = re.compile(r"(</(?:p|li|td|th|tr|div|h[1-6]|ul|ol|dt|dd|figcaption|caption|table|summary)>)(?=<)")
_BLOCK = re.compile(r"(?<=\n\n)(<(ul|ol|div|table)\b[^\n]*</\2>)(?=\n\n|\n*\Z)")
_INERT = re.compile(r"<!--opsmanual-html (.*?) -->", re.DOTALL)


def inert(markdown: str) -> str:
    """Each block of HTML on a line of its own, as an index page lists hundreds of procedures, held in a comment
    that Markdown passes through as it is: parsing it as HTML, twice (MkDocs for anchors, Markdown for the
    block), costs more than the rest of the page. `finished` takes it out of the comment again."""
    return _BLOCK.sub(lambda m: m[1] if "-->" in m[1] or "<!--" in m[1] else f"<!--opsmanual-html {m[1]} -->", markdown)


def finished(html: str) -> str:
    """The page's HTML as it is published: the blocks held in comments back, then the second layer (whatever
    reached the page, no script survives), then blocks set apart."""
    return apart(sanitize(_INERT.sub(r"\1", html)))


def apart(html: str) -> str:
    """A line break after each block that another follows at once: search reads "complaint Listen", not
    "complaintListen", and its snippets read as sentences."""
    return _BLOCK_END.sub("\\1\n", html)
