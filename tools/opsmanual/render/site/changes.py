"""Two pages that list, rather than teach: every change to the manual, and (under `serve`) its mistakes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import partial
from typing import Any

from opsmanual.model import Manual, Procedure
from opsmanual.render.site.markup import href, markdown_inline, text
from opsmanual.render.site.procedure import procedure_path


def what_changed_markdown(manual: Manual, labels: Mapping[str, str], directory_urls: bool) -> str:
    """Every change-log entry of the manual, newest first, each linking to its procedure."""
    link = partial(href, "changes.md", directory_urls=directory_urls)
    entries = sorted(
        ((c.date, c.revision, p) for p in manual.procedures for c in p.changes),
        key=lambda e: (e[0], e[2].title.casefold(), e[1]),
        reverse=True,
    )
    notes = {(p.id, c.revision): c.note for p in manual.procedures for c in p.changes}
    head = "".join(f"<th>{text(labels[k])}</th>" for k in ("date", "procedure", "revision", "note"))

    def row(day: date, revision: int, procedure: Procedure) -> str:
        status = procedure.status
        badge = f' <span class="om-status om-status-{status}">{text(labels[f"status_{status}"])}</span>'
        return (
            f'<tr><td><time datetime="{day.isoformat()}">{day.isoformat()}</time></td>'
            f'<td><a href="{link(procedure_path(procedure))}">{text(procedure.title)}</a>'
            f"{badge if status != 'effective' else ''}</td><td>{revision}</td>"
            f"<td>{text(notes[(procedure.id, revision)])}</td></tr>"
        )

    rows = "".join(row(day, revision, p) for day, revision, p in entries)
    table = f'<div class="om-review"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
    return f"# {markdown_inline(labels['what_changed'])}\n\n" + (table if entries else f"<p>{text(labels['none'])}</p>")


def mistakes_markdown(report: Any, labels: Mapping[str, str]) -> str:
    """A manual's mistakes as `check` reports them: where (from the manual's folder), what, and the hint."""
    items = []
    for d in report.diagnostics:
        where = f"{d.file}:{d.line}:{d.column}" if d.file and d.line else (d.file or "")
        hint = f'<br><span class="om-hint">{text(d.hint)}</span>' if d.hint else ""
        items.append(
            f'<li class="om-mistake om-mistake-{d.severity.value}"><code>{text(where)}</code> '
            f"<strong>{text(d.severity.value)}[{text(d.code)}]</strong>: {text(d.message)}{hint}</li>"
        )
    return (
        f"# {markdown_inline(labels['mistakes_title'])}\n\n<p>{text(labels['mistakes_intro'])}</p>\n\n"
        f'<ul class="om-mistakes">{"".join(items)}</ul>'
    )
