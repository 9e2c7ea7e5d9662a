"""A checklist's twin page in the site: the same sections and items as the PDF, printable from the browser."""

from __future__ import annotations

from collections.abc import Mapping

from opsmanual.markdown import to_html
from opsmanual.model import Checklist, Manual
from opsmanual.render.rows import CRITICAL_MARK, Row, checklist_rows, if_clause
from opsmanual.render.site.markup import href, markdown_inline, text


def checklists_index_markdown(manual: Manual, labels: Mapping[str, str], directory_urls: bool) -> str:
    here = "checklists/index.md"
    shifts = {s.id: s.name for s in manual.shifts}
    items = []
    for checklist in manual.checklists:
        facts = [text(shifts.get(checklist.shift, checklist.shift))] if checklist.shift else []
        if checklist.due:
            facts.append(f"{text(labels['due'])} {text(checklist.due)}")
        pdf = href(here, f"checklists/{checklist.id}.pdf", directory_urls)
        items.append(
            f'<li><a href="{href(here, f"checklists/{checklist.id}.md", directory_urls)}">'
            f"<strong>{text(checklist.title)}</strong></a>"
            + (f" · {' · '.join(facts)}" if facts else "")
            + f' · <a class="om-pdf" href="{pdf}">PDF</a></li>'
        )
    listing = '<ul class="om-checklists">' + "".join(items) + "</ul>" if items else f"<p>{text(labels['none'])}</p>"
    return f"# {markdown_inline(labels['checklists'])}\n\n{listing}\n"


def checklist_markdown(
    checklist: Checklist, manual: Manual, labels: Mapping[str, str], here: str, directory_urls: bool
) -> str:
    shifts = {s.id: s.name for s in manual.shifts}
    pdf = href(here, f"checklists/{checklist.id}.pdf", directory_urls)
    facts = []
    if checklist.shift:
        facts.append(f"{text(labels['shift'])}: {text(shifts.get(checklist.shift, checklist.shift))}")
    if checklist.due:
        facts.append(f"{text(labels['due'])}: {text(checklist.due)}")
    out = [
        f"# {markdown_inline(checklist.title)}",
        "",
        f'<p class="om-checklist-facts">{" · ".join(facts)}</p>' if facts else "",
        f'<p class="om-pdf-link"><a class="md-button" href="{pdf}">{text(labels["download_pdf"])}</a></p>',
        "",
    ]
    if checklist.notes:
        out += [f'<div class="om-notes">{to_html(checklist.notes)}</div>', ""]
    sections = checklist_rows(manual, checklist)
    if any(row.critical for section in sections for row in section.rows):
        out += [f'<p class="om-legend">{CRITICAL_MARK} {text(labels["critical_legend"])}</p>', ""]
    for section in sections:
        out += [f"## {markdown_inline(section.title)}", "", _rows(section.rows, labels), ""]
    if checklist.signoff:
        out += [
            f"## {markdown_inline(labels['signoff'])}",
            "",
            '<table class="om-signoff"><thead><tr><th></th>'
            + "".join(f"<th>{text(labels[k])}</th>" for k in ("name", "signature", "time"))
            + "</tr></thead><tbody>"
            + "".join(f'<tr><th scope="row">{text(s)}</th><td></td><td></td><td></td></tr>' for s in checklist.signoff)
            + "</tbody></table>",
            "",
        ]
    return "\n".join(out)


def _rows(rows: tuple[Row, ...], labels: Mapping[str, str]) -> str:
    """The same rows as the PDF: a box to tick, the text, the time, a reading's range, the initials."""
    head = "".join(f"<th>{text(labels[k])}</th>" for k in ("done", "item", "time", "value", "initials"))
    body = []
    for row in rows:
        words = if_clause(row.text, labels["if"]) if row.kind == "decision" else row.text
        cell = text(words)
        if row.critical:
            cell = (
                f'<strong class="om-critical-mark" title="{text(labels["critical"])}">{CRITICAL_MARK}</strong> ' + cell
            )
        if row.warning:
            cell += f'<span class="om-row-warning">{text(labels["warning"])}: {text(row.warning)}</span>'
        value = ""
        if row.reading:
            value = f"{text(labels['range'])}: {text(row.reading.allowed)}"
            if row.reading.action:
                cell += (
                    f'<span class="om-row-action">{text(labels["out_of_range_action"])} '
                    f"{text(row.reading.action)}</span>"
                )
        box = "" if row.kind == "decision" else '<span class="om-box-mark"></span>'
        body.append(
            f'<tr class="om-row-{row.kind}"><td class="om-box">{box}</td>'
            f'<td class="om-depth-{min(row.depth, 2)}">{cell}</td><td>{text(row.time or "")}</td>'
            f'<td class="om-blank">{value}</td><td class="om-blank"></td></tr>'
        )
    return f'<table class="om-checklist"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
