"""`export-markdown`: the manual as plain Markdown and a mkdocs.yml that builds it with no plugin."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from opsmanual.mkdocs.defaults import brand, mkdocs_config, mkdocs_yaml
from opsmanual.model import Manual
from opsmanual.outputs import locked, mark, output_folder, swap_into_place, temporary_beside, write_file
from opsmanual.render.checklist import write_checklist_pdfs
from opsmanual.render.site.markup import SCRIPT, text
from opsmanual.render.site.pages import STYLESHEET, build_site_content, publishable, script, stylesheet


def export_markdown(manual: Manual, root: Path, out: Path, today: date) -> int:
    """Write the pages under OUT/docs/ and OUT/mkdocs.yml, replacing OUT whole; returns the number of pages.

    OUT must be new, empty or an earlier export (`outputs.output_folder` says why not, before anything is written).
    """
    content = build_site_content(manual, today)
    target = output_folder(out, root, "export", "-o")
    with locked(target):
        temporary = temporary_beside(target)
        try:
            docs = temporary / "docs"
            for page in content.pages:
                write_file(docs / page.path, page.markdown.encode("utf-8"))
            write_file(docs / STYLESHEET, stylesheet().encode("utf-8"))
            write_file(docs / SCRIPT, script().encode("utf-8"))
            for picture in publishable(root, content.media):
                (docs / picture).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(root / "sops" / picture, docs / picture)
            write_checklist_pdfs(manual, docs / "checklists")
            config = mkdocs_config(
                text(manual.name),
                manual.language,
                docs_dir="docs",
                plugin=False,
                nav=content.nav,
                extra_css=[STYLESHEET],
                extra_javascript=[SCRIPT],
            )
            brand(config["theme"], manual.logo, manual.color)
            header = (
                "# Exported by `opsmanual export-markdown`: builds with plain `mkdocs build`, no plugin.\n"
                "# Regenerate it from sops/ and checklists/ rather than editing it.\n"
            )
            write_file(temporary / "mkdocs.yml", (header + mkdocs_yaml(config)).encode("utf-8"))
            mark(temporary, "export")
            swap_into_place(temporary, target)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
    return len(content.pages)
