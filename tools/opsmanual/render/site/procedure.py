"""A procedure's page: what a new hire reads before and during the job."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from urllib.parse import quote

from opsmanual.markdown import to_html as markdown
from opsmanual.model import Manual, Procedure, Record, Step
from opsmanual.render.rows import format_range, if_clause
from opsmanual.render.site.markup import markdown_inline, text
from opsmanual.values import ReviewState

Link = Callable[[str], str]  # a path relative to the site's root -> a URL relative to this page


def procedure_path(procedure: Procedure) -> str:
    return f"{procedure.area}/{procedure.id}.md"


def review_badge(procedure: Procedure, manual: Manual, today: date, labels: Mapping[str, str]) -> str:
    """The next review date, with an 'overdue' or 'due soon' badge when it applies."""
    review = procedure.review(manual.review_every, today)
    due = review.due
    if due is None or not procedure.is_effective:
        return text(due.isoformat()) if due else ""
    shown = f'<time datetime="{due.isoformat()}">{due.isoformat()}</time>'
    if review.state is ReviewState.OVERDUE:
        return f'{shown} <span class="om-badge om-badge-overdue">{text(labels["overdue"])}</span>'
    if review.state is ReviewState.DUE_SOON:
        return f'{shown} <span class="om-badge om-badge-soon">{text(labels["due_soon"])}</span>'
    return shown


def _admonition(kind: str, title: str, body_html: str) -> str:
    return f'<div class="admonition {kind}"><p class="admonition-title">{text(title)}</p>{body_html}</div>'


def _record(record: Record, labels: Mapping[str, str]) -> str:
    rows = [
        f'<tr><th scope="row">{text(labels["record"])}</th><td>{text(record.what)}</td></tr>',
        f'<tr><th scope="row">{text(labels["allowed_range"])}</th>'
        f"<td>{text(format_range(record.min, record.max, record.unit))}</td></tr>",
    ]
    table = '<table class="om-record">' + "".join(rows) + "</table>"
    if record.if_out_of_range:
        table += _admonition("failure", labels["if_out_of_range"], markdown(record.if_out_of_range))
    return table


def _step(step: Step, labels: Mapping[str, str], link: Link) -> str:
    classes = ["om-step"] + (["om-critical"] if step.critical else []) + (["om-decision"] if step.is_decision else [])
    anchor = f' id="step-{step.id}"' if step.id else ""
    parts: list[str] = []
    if step.critical:
        parts.append(f'<p class="om-critical-mark"><strong>{text(labels["critical_step"])}</strong></p>')
    if step.is_decision:
        clause = if_clause(step.condition or "", labels["if"])  # "If either reading was out of range:"
        parts.append(f'<p class="om-if"><strong>{text(labels["if"])}</strong>{text(clause[len(labels["if"]) :])}</p>')
    else:
        parts.append(f'<div class="om-do">{markdown(step.do or "")}</div>')
    if step.time:
        parts.append(f'<p class="om-time">{text(labels["time"])}: {text(step.time.text)}</p>')
    if step.image:
        source = link(quote(step.image.file))  # published at the same path under the site's root; # % and spaces too
        parts.append(
            f'<figure class="om-figure"><img src="{source}" alt="{text(step.image.caption)}">'
            f"<figcaption>{text(step.image.caption)}</figcaption></figure>"
        )
    if step.record:
        parts.append(_record(step.record, labels))
    if step.warning:
        parts.append(_admonition("warning", labels["warning"], markdown(step.warning)))
    if step.why:
        parts.append(_admonition("note", labels["why"], markdown(step.why)))
    if step.tip:
        parts.append(_admonition("tip", labels["tip"], markdown(step.tip)))
    children = step.then if step.is_decision else step.steps
    if children:
        parts.append(steps_list(children, labels, link))
    return f'<li class="{" ".join(classes)}"{anchor}>' + "".join(parts) + "</li>"


def steps_list(steps: tuple[Step, ...], labels: Mapping[str, str], link: Link) -> str:
    return '<ol class="om-steps">' + "".join(_step(s, labels, link) for s in steps) + "</ol>"


def _meta_rows(procedure: Procedure, manual: Manual, today: date, labels: Mapping[str, str], link: Link) -> str:
    roles = {r.id: r.name for r in manual.roles}
    shifts = {s.id: s.name for s in manual.shifts}
    rows: list[tuple[str, str]] = []
    if procedure.code:
        rows.append((labels["code"], text(procedure.code)))
    rows.append((labels["revision"], str(procedure.revision)))
    if procedure.effective:
        rows.append((labels["effective"], procedure.effective.isoformat()))
    if procedure.approved_by:
        rows.append((labels["approved_by"], text(procedure.approved_by)))
    if procedure.owner:
        rows.append((labels["owner"], text(roles.get(procedure.owner, procedure.owner))))
    if procedure.roles:
        rows.append(
            (
                labels["roles"],
                ", ".join(
                    f'<a href="{link("roles.md")}#role-{r}">{text(roles.get(r, r))}</a>' for r in procedure.roles
                ),
            )
        )
    if procedure.shifts:
        rows.append(
            (
                labels["shifts"],
                ", ".join(
                    f'<a href="{link("shifts.md")}#shift-{s}">{text(shifts.get(s, s))}</a>' for s in procedure.shifts
                ),
            )
        )
    if procedure.when:
        rows.append((labels["when"], text(procedure.when)))
    if procedure.time:
        rows.append((labels["time"], text(procedure.time.text)))
    status = labels[f"status_{procedure.status}"]
    rows.append((labels["status"], f'<span class="om-status om-status-{procedure.status}">{text(status)}</span>'))
    badge = review_badge(procedure, manual, today, labels)
    if badge:
        rows.append((labels["next_review"], badge))
    body = "".join(f'<tr><th scope="row">{text(k)}</th><td>{v}</td></tr>' for k, v in rows)
    return f'<table class="om-meta">{body}</table>'


def _bullets(items: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{text(i)}</li>" for i in items) + "</ul>"


def procedure_markdown(procedure: Procedure, manual: Manual, today: date, labels: Mapping[str, str], link: Link) -> str:
    """The page's Markdown: headings in Markdown, content as sanitized HTML blocks."""
    out = [f"# {markdown_inline(procedure.title)}", ""]
    if procedure.status != "effective":
        kind = "danger" if procedure.status == "retired" else "warning"
        banner = labels[f"{procedure.status}_banner"]
        out += [
            f'<div class="admonition {kind} om-banner"><p class="admonition-title">'
            f"{text(labels[f'status_{procedure.status}'])}</p><p>{text(banner)}</p></div>",
            "",
        ]
    if procedure.summary:
        out += [f'<p class="om-summary">{text(procedure.summary)}</p>', ""]
    out += [_meta_rows(procedure, manual, today, labels, link), ""]
    out += [
        f"## {markdown_inline(labels['purpose'])}",
        "",
        f'<div class="om-purpose">{markdown(procedure.purpose)}</div>',
        "",
    ]
    for key in ("standard", "materials", "safety"):
        items: tuple[str, ...] = getattr(procedure, key)
        if items:
            out += [f"## {markdown_inline(labels[key])}", "", f'<div class="om-{key}">{_bullets(items)}</div>', ""]
    out += [f"## {markdown_inline(labels['steps'])}", "", steps_list(procedure.steps, labels, link), ""]
    for key in ("escalation", "authority"):
        value: str | None = getattr(procedure, key)
        if value:
            out += [f"## {markdown_inline(labels[key])}", "", f'<div class="om-{key}">{markdown(value)}</div>', ""]
    if procedure.related:
        by_id = manual.procedures_by_id
        links = "".join(
            f'<li><a href="{link(procedure_path(by_id[r]))}">{text(by_id[r].title)}</a></li>'
            for r in procedure.related
            if r in by_id
        )
        out += [f"## {markdown_inline(labels['related'])}", "", f'<ul class="om-related">{links}</ul>', ""]
    if procedure.changes:
        head = "".join(f"<th>{text(labels[k])}</th>" for k in ("revision", "date", "note"))
        body = "".join(
            f"<tr><td>{c.revision}</td><td>{c.date.isoformat()}</td><td>{text(c.note)}</td></tr>"
            for c in procedure.changes
        )
        out += [
            f"## {markdown_inline(labels['changes'])}",
            "",
            f'<div class="om-changes"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>',
            "",
        ]
    return "\n".join(out)
