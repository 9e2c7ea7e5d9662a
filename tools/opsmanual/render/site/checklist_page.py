"""A checklist's twin page in the site: the same sections and items as the PDF, printable from the browser."""

from __future__ import annotations

from collections.abc import Mapping

from opsmanual.markdown import SCROLLER, to_html
from opsmanual.model import Checklist, Log, Manual
from opsmanual.render.rows import CRITICAL_MARK, Row, checklist_rows, if_clause, range_text
from opsmanual.render.site.markup import href, markdown_inline, text
from opsmanual.render.site.procedure import procedure_path
from opsmanual.schedule import describe


def _facts(checklist: Checklist, manual: Manual, labels: Mapping[str, str]) -> list[str]:
    shift = manual.shifts_by_id.get(checklist.shift or "")
    facts = [f"{text(labels['shift'])}: {text(shift.name)}"] if shift else []
    if checklist.due:
        facts.append(f"{text(labels['due'])}: {text(checklist.due)}")
    if checklist.schedule is not None:
        facts.append(text(describe(checklist.schedule, shift, manual.language)))
    if checklist.code:
        facts.append(f"{text(labels['code'])} {text(checklist.code)}")
    facts.append(f"{text(labels['revision'])} {checklist.revision}")
    return facts


def in_shift_order(manual: Manual) -> list[Checklist]:
    """The checklists as a shift runs them: by their shift's place in manual.yaml, then by due time; the rest last."""
    order = {s.id: n for n, s in enumerate(manual.shifts)}
    return sorted(manual.checklists, key=lambda c: (order.get(c.shift or "", len(order)), c.due or "99:99"))


def checklists_index_markdown(manual: Manual, labels: Mapping[str, str], directory_urls: bool) -> str:
    here = "checklists/index.md"
    items = []
    for checklist in in_shift_order(manual):
        shift = manual.shifts_by_id.get(checklist.shift or "")
        facts = [text(shift.name)] if shift else []
        if checklist.due:
            facts.append(f"{text(labels['due'])} {text(checklist.due)}")
        if checklist.schedule is not None:
            facts.append(text(describe(checklist.schedule, shift, manual.language)))
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
    pdf = href(here, f"checklists/{checklist.id}.pdf", directory_urls)
    out = [
        f"# {markdown_inline(checklist.title)}",
        "",
        f'<p class="om-checklist-facts">{" · ".join(_facts(checklist, manual, labels))}</p>',
        f'<p class="om-pdf-link"><a class="md-button" href="{pdf}">{text(labels["download_pdf"])}</a></p>',
        "",
    ]
    if checklist.notes:
        out += [f'<div class="om-notes">{to_html(checklist.notes)}</div>', ""]
    sections = checklist_rows(manual, checklist)
    if any(row.critical for section in sections for row in section.rows):
        mark = f'<span class="om-critical-mark" aria-hidden="true">{CRITICAL_MARK}</span>'
        legend = f"{mark} {text(labels['critical_legend'])}"
        out += [f'<p class="om-legend">{legend}</p>', ""]
    for section in sections:
        out += [f"## {markdown_inline(section.title)}", ""]
        table: list[Row] = []
        for row in (*section.rows, None):
            if row is not None and row.kind != "log":
                table.append(row)
                continue
            if table:
                out += [_rows(tuple(table), manual, labels, here, directory_urls), ""]
                table = []
            if row is not None and row.log is not None:
                out += [_log(row.log, manual, labels), ""]
    if checklist.signoff:
        out += [f"## {markdown_inline(labels['signoff'])}", "", _lines(checklist.signoff, labels), ""]
    out += [f"## {markdown_inline(labels['verification'])}", "", _lines([_verifier(checklist, manual, labels)], labels)]
    if manual.keep_records is not None:
        out += ["", f'<p class="om-keep">{text(labels["keep_record"].format(keep=manual.keep_records.text))}</p>']
    return "\n".join(out)


def _verifier(checklist: Checklist, manual: Manual, labels: Mapping[str, str]) -> str:
    verify = checklist.verify
    if verify is None:
        return labels["verified_by"]
    names = {r.id: r.name for r in manual.roles}
    said = labels["verify_role"].format(role=names.get(verify.role, verify.role))
    return said + (" " + labels["verify_within"].format(within=verify.within.text) if verify.within else "")


def _lines(labels_of_lines: tuple[str, ...] | list[str], labels: Mapping[str, str]) -> str:
    head = "".join(f"<th>{text(labels[k])}</th>" for k in ("name", "signature", "time_of_day"))
    body = "".join(f'<tr><th scope="row">{text(s)}</th><td></td><td></td><td></td></tr>' for s in labels_of_lines)
    return f'<table class="om-signoff"><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>'


def _log(log: Log, manual: Manual, labels: Mapping[str, str]) -> str:
    """A log table with its blank rows, to print from the browser as well as from the PDF."""
    heads = []
    for column in log.columns:
        detail = range_text(column.min, column.max, column.unit, manual.temperature) if column.kind == "number" else ""
        heads.append(f"<th>{text(column.label)}" + (f"<br><small>{text(detail)}</small>" if detail else "") + "</th>")
    row = "".join("<td></td>" for _ in log.columns)
    body = "".join(f"<tr><td>{n}</td>{row}</tr>" for n in range(1, log.rows + 1))
    return (
        f'<div class="om-log"><p class="om-log-title"><strong>{text(log.title)}</strong></p>'
        f"{SCROLLER}<table><thead><tr><th>#</th>{''.join(heads)}</tr></thead>"
        f"<tbody>{body}</tbody></table></div></div>"
    )


def _rows(rows: tuple[Row, ...], manual: Manual, labels: Mapping[str, str], here: str, directory_urls: bool) -> str:
    """The same rows as the PDF: a box to tick, the text, the time, a reading's range or answer, the initials.

    On a phone the table becomes one card per row (opsmanual.css): the text, the mark, the range and the action,
    and a link to the procedure's step; the time and initials columns are for paper and are left out there.
    """
    head = "".join(f'<th class="om-{k}">{text(labels[k])}</th>' for k in ("done", "item", "time", "value", "initials"))
    by_id = manual.procedures_by_id
    body = []
    for row in rows:
        words = if_clause(row.text, labels["if"]) if row.kind == "decision" else row.text
        cell = f"<strong>{text(words)}</strong>" if row.kind == "note" else text(words)
        if row.critical:
            mark = (
                f'<span class="om-critical-mark" aria-hidden="true">{CRITICAL_MARK}</span>'
                f'<span class="om-sr">{text(labels["critical"])}: </span>'
            )
            cell = f"{mark} {cell}"
        if row.procedure in by_id:
            target = href(here, procedure_path(by_id[row.procedure]), directory_urls)
            step = f"#step-{row.step}" if row.step else ""
            cell += f' <a class="om-row-how" href="{target}{step}">{text(labels["how_to_do_it"])}</a>'
        if row.due:
            due = labels["due_within"].format(within=row.due.within, step=row.due.after)
            cell += f'<span class="om-row-due">{text(due)}</span>'
        if row.warning:
            cell += f'<span class="om-row-warning">{text(labels["warning"])}: {text(row.warning)}</span>'
        if row.kind == "note":
            cell += f'<span class="om-note-space om-note-{min(row.lines, 8)}"></span>'
        value = ""
        if row.reading:
            reading = row.reading
            if reading.answer is not None:
                value = f"{text(labels['expected'])}: {text(labels['answer_' + reading.answer])}"
            elif reading.aim:
                value = f"{text(labels['aim'])}: {text(reading.aim)} · {text(labels['limit'])}: {text(reading.allowed)}"
            else:
                value = f"{text(labels['range'])}: {text(reading.allowed)}"
            if reading.action:
                cell += (
                    f'<span class="om-row-action">{text(labels["out_of_range_action"])} {text(reading.action)}</span>'
                )
        box = "" if row.kind in ("decision", "note") else '<span class="om-box-mark"></span>'
        body.append(
            f'<tr class="om-row-{row.kind}"><td class="om-box">{box}</td>'
            f'<td class="om-col-item om-depth-{min(row.depth, 2)}">{cell}</td>'
            f'<td class="om-col-time">{text(row.time or "")}</td>'
            f'<td class="om-blank om-col-value">{value}</td><td class="om-blank om-col-initials"></td></tr>'
        )
    return f'<table class="om-checklist"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
