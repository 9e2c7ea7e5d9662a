"""`export-markdown`: the manual as plain Markdown and a mkdocs.yml that builds it with no plugin."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from opsmanual.mkdocs.defaults import alternates, brand, mkdocs_config, mkdocs_yaml
from opsmanual.model import Manual
from opsmanual.model.translate import translated
from opsmanual.outputs import locked, mark, output_folder, swap_into_place, temporary_beside, write_file
from opsmanual.render.checklist import write_checklist_pdfs
from opsmanual.render.site.markup import SCRIPT, text
from opsmanual.render.site.pages import STYLESHEET, build_site_content, publishable, script, stylesheet


def export_markdown(manual: Manual, root: Path, out: Path, today: date) -> int:
    """Write the pages under OUT/docs/ and OUT/mkdocs.yml, replacing OUT whole; returns the number of pages.

    OUT must be new, empty or an earlier export (`outputs.output_folder` says why not, before anything is written).
    """
    target = output_folder(out, root, "export", "-o")
    with locked(target):
        temporary = temporary_beside(target)
        try:
            pages = write_export(manual, root, temporary, today)
            mark(temporary, "export")
            swap_into_place(temporary, target)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
    return pages


def write_export(
    manual: Manual,
    root: Path,
    folder: Path,
    today: date,
    *,
    language: str | None = None,
    switcher: bool = False,
) -> int:
    """The export into `folder` (new and empty): docs/ and a mkdocs.yml building into folder/site; with `language`,
    the manual in that translation's words, its checklists printed in it; with `switcher`, the theme's language
    switcher to the manual's other sites (when they are built beside it). Returns the number of pages."""
    shown = translated(manual, language) if language else manual
    content = build_site_content(shown, today)
    docs = folder / "docs"
    for page in content.pages:
        write_file(docs / page.path, page.markdown.encode("utf-8"))
    write_file(docs / STYLESHEET, stylesheet().encode("utf-8"))
    write_file(docs / SCRIPT, script().encode("utf-8"))
    for picture in publishable(root, content.media):
        (docs / picture).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / "sops" / picture, docs / picture)
    write_checklist_pdfs(manual, docs / "checklists", language=language)
    config = mkdocs_config(
        text(shown.name),
        shown.language,
        docs_dir="docs",
        plugin=False,
        nav=content.nav,
        extra_css=[STYLESHEET],
        extra_javascript=[SCRIPT],
    )
    brand(config["theme"], shown.logo, shown.color)
    if switcher and shown.translations:
        config["extra"]["alternate"] = alternates(shown)
    header = (
        "# Exported by `opsmanual export-markdown`: builds with plain `mkdocs build`, no plugin.\n"
        "# Regenerate it from sops/ and checklists/ rather than editing it.\n"
    )
    write_file(folder / "mkdocs.yml", (header + mkdocs_yaml(config)).encode("utf-8"))
    return len(content.pages)
