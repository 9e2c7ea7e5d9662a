"""A procedure's page: what a new hire reads before and during the job."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date
from urllib.parse import quote

from opsmanual.markdown import to_html as markdown
from opsmanual.model import Manual, Procedure, Record, Step
from opsmanual.render.rows import if_clause, range_text
from opsmanual.render.site.markup import markdown_inline, marked, text
from opsmanual.schedule import describe
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


class _Steps:
    """What the steps of one page need: the words, the links, the manual's temperature unit, the steps' texts."""

    def __init__(self, procedure: Procedure, manual: Manual, labels: Mapping[str, str], link: Link) -> None:
        self.labels, self.link, self.printed = labels, link, manual.temperature
        self.steps = procedure.steps

    @functools.cached_property
    def texts(self) -> dict[str, str]:
        """Each step's text by its id, for a step due after another (the only one that names another step)."""
        return _step_texts(self.steps)

    def record(self, record: Record) -> str:
        labels = self.labels
        rows = [
            f'<tr><th scope="row">{text(labels["record"])}</th><td>{marked(record.what, text(record.what))}</td></tr>'
        ]
        if record.answer is not None:
            answer = labels["answer_" + record.answer]
            rows.append(f'<tr><th scope="row">{text(labels["expected"])}</th><td>{text(answer)}</td></tr>')
        else:
            allowed = range_text(record.min, record.max, record.unit, self.printed)
            if record.target is not None:
                aim = range_text(record.target.min, record.target.max, record.unit, self.printed)
                allowed = f"{labels['aim']} {aim} · {labels['limit']} {allowed}"
            rows.append(f'<tr><th scope="row">{text(labels["allowed_range"])}</th><td>{text(allowed)}</td></tr>')
        table = '<table class="om-record">' + "".join(rows) + "</table>"
        if record.if_out_of_range:
            title = labels["if_out_of_range"]
            if record.answer is not None:
                title = labels["if_other_answer"].format(answer=labels["answer_" + record.answer].lower()).rstrip(":")
            table += _admonition("failure", title, _md(record.if_out_of_range))
        return table

    def step(self, step: Step) -> str:
        labels, link = self.labels, self.link
        classes = (
            ["om-step"] + (["om-critical"] if step.critical else []) + (["om-decision"] if step.is_decision else [])
        )
        anchor = f' id="step-{step.id}"' if step.id else ""
        parts: list[str] = []
        if step.critical:
            parts.append(f'<p class="om-critical-mark"><strong>{text(labels["critical_step"])}</strong></p>')
        if step.is_decision:
            clause = if_clause(step.condition or "", labels["if"])  # "If either reading was out of range:"
            said = marked(step.condition, text(clause[len(labels["if"]) :]))
            parts.append(f'<p class="om-if"><strong>{text(labels["if"])}</strong>{said}</p>')
        else:
            parts.append(f'<div class="om-do">{_md(step.do or "")}</div>')
        if step.time:
            parts.append(f'<p class="om-time">{text(labels["time"])}: {text(step.time.text)}</p>')
        if step.due:
            after = self.texts.get(step.due.after, step.due.after)
            said = labels["due_within"].format(within=step.due.within.text, step=after)
            parts.append(f'<p class="om-due"><a href="#step-{step.due.after}">{text(said)}</a></p>')
        if step.image:
            source = link(
                quote(step.image.file)
            )  # published at the same path under the site's root; # % and spaces too
            # A tap opens it full size (opsmanual.js; without script, the browser opens the file); the caption is
            # read once, as the alt text; the close button's word rides along, hidden.
            caption, full = text(step.image.caption), text(self.labels["picture_full_size"])
            shown = marked(step.image.caption, caption)
            close = f'<span class="om-sr om-close" aria-hidden="true">{text(self.labels["close"])}</span>'
            parts.append(
                f'<figure class="om-figure"><a class="om-zoom" href="{source}" title="{full}">'
                f'<img src="{source}" alt="{caption}">{close}</a>'
                f'<figcaption aria-hidden="true">{shown}</figcaption></figure>'
            )
        if step.record:
            parts.append(self.record(step.record))
        if step.warning:
            parts.append(_admonition("warning", labels["warning"], _md(step.warning)))
        if step.why:
            parts.append(_admonition("note", labels["why"], _md(step.why)))
        if step.tip:
            parts.append(_admonition("tip", labels["tip"], _md(step.tip)))
        children = step.then if step.is_decision else step.steps
        if children:
            parts.append(self.list(children))
        return f'<li class="{" ".join(classes)}"{anchor}>' + "".join(parts) + "</li>"

    def list(self, steps: tuple[Step, ...]) -> str:
        return '<ol class="om-steps">' + "".join(self.step(s) for s in steps) + "</ol>"


def _step_texts(steps: tuple[Step, ...]) -> dict[str, str]:
    from opsmanual.markdown import plain_text

    found: dict[str, str] = {}
    for step in steps:
        if step.id:
            found[step.id] = step.check or step.condition or plain_text(step.do or "")
        found.update(_step_texts(step.steps + step.then))
    return found


def _facts_line(procedure: Procedure, manual: Manual, labels: Mapping[str, str], link: Link) -> str:
    """One compact line under the summary: when, who (linked to their role), how long, how often."""
    roles = {r.id: r.name for r in manual.roles}
    facts: list[str] = []
    if procedure.when:
        when = marked(procedure.when, text(procedure.when))
        facts.append(f'<span class="om-fact" title="{text(labels["when"])}">{when}</span>')
    if procedure.roles:
        who = ", ".join(f'<a href="{link("roles.md")}#role-{r}">{text(roles.get(r, r))}</a>' for r in procedure.roles)
        facts.append(f'<span class="om-fact" title="{text(labels["roles"])}">{who}</span>')
    if procedure.time:
        facts.append(f'<span class="om-fact" title="{text(labels["time"])}">{text(procedure.time.text)}</span>')
    if procedure.schedule is not None:
        shift = manual.shifts_by_id.get(procedure.shifts[0]) if procedure.shifts else None
        said = describe(procedure.schedule, shift, manual.language)
        facts.append(f'<span class="om-fact" title="{text(labels["how_often"])}">{text(said)}</span>')
    return f'<p class="om-facts-line">{" · ".join(facts)}</p>' if facts else ""


def _document_control(procedure: Procedure, manual: Manual, today: date, labels: Mapping[str, str], link: Link) -> str:
    """Code, revision, dates, approval, owner, shifts, status and review: complete, at the end, not searched."""
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
    if procedure.shifts:
        rows.append(
            (
                labels["shifts"],
                ", ".join(
                    f'<a href="{link("shifts.md")}#shift-{s}">{text(shifts.get(s, s))}</a>' for s in procedure.shifts
                ),
            )
        )
    status = labels[f"status_{procedure.status}"]
    rows.append((labels["status"], f'<span class="om-status om-status-{procedure.status}">{text(status)}</span>'))
    badge = review_badge(procedure, manual, today, labels)
    if badge:
        rows.append((labels["next_review"], badge))
    body = "".join(f'<tr><th scope="row">{text(k)}</th><td>{v}</td></tr>' for k, v in rows)
    return f'<div class="om-control" data-search-exclude><table class="om-meta">{body}</table></div>'


def _print_head(procedure: Procedure, manual: Manual, labels: Mapping[str, str]) -> str:
    """The line a printout starts with (shown only in print): whose manual, which document, which revision."""
    said = [text(manual.name)]
    if procedure.code:
        said.append(text(procedure.code))
    said.append(f"{text(labels['revision'])} {procedure.revision}")
    if procedure.effective:
        said.append(f"{text(labels['effective'])} {procedure.effective.isoformat()}")
    said.append(f"<strong>{text(labels['uncontrolled'])}</strong>")
    return f'<div class="om-print-head" data-search-exclude>{" · ".join(said)}</div>'


def _bullets(items: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{marked(i, text(i))}</li>" for i in items) + "</ul>"


def _md(value: str) -> str:
    """A Markdown field's HTML, marked when a translated page shows it untranslated."""
    return marked(value, markdown(value), block=True)


def _translation_banner(procedure: Procedure, labels: Mapping[str, str]) -> str:
    """On a translated page: that it is stale (with the change notes since), untranslated, or partly so."""
    state = procedure.translation
    if state is None:
        return ""
    source = labels.get(f"language_{state.source_language}", state.source_language)
    if state.translated_from is None:
        said_none = text(labels["translation_none"].format(language=source))
        return f'<div class="admonition info om-banner om-translation-none"><p>{said_none}</p></div>'
    said: list[str] = []
    if state.stale:
        notes = "".join(
            f'<li lang="{text(state.source_language)}">{c.revision} ({c.date.isoformat()}): {text(c.note)}</li>'
            for c in state.changes
        )
        words = labels["translation_stale"].format(translated=state.translated_from, revision=state.revision)
        said.append(f"<p>{text(words)}</p>" + (f"<ul>{notes}</ul>" if notes else ""))
    if state.untranslated:
        said.append(f"<p>{text(labels['translation_partial'].format(language=source))}</p>")
    if not said:
        return ""
    kind = "warning" if state.stale else "info"
    return f'<div class="admonition {kind} om-banner om-translation">{"".join(said)}</div>'


def procedure_markdown(procedure: Procedure, manual: Manual, today: date, labels: Mapping[str, str], link: Link) -> str:
    """The page's Markdown: headings in Markdown, content as sanitized HTML blocks."""
    out = [f"# {markdown_inline(procedure.title)}", "", _print_head(procedure, manual, labels), ""]
    if procedure.status != "effective":
        kind = "danger" if procedure.status == "retired" else "warning"
        banner = labels[f"{procedure.status}_banner"]
        out += [
            f'<div class="admonition {kind} om-banner"><p class="admonition-title">'
            f"{text(labels[f'status_{procedure.status}'])}</p><p>{text(banner)}</p></div>",
            "",
        ]
    banner = _translation_banner(procedure, labels)
    if banner:
        out += [banner, ""]
    if procedure.summary:
        out += [f'<p class="om-summary">{marked(procedure.summary, text(procedure.summary))}</p>', ""]
    facts = _facts_line(procedure, manual, labels, link)
    if facts:
        out += [facts, ""]
    out += [
        f"## {markdown_inline(labels['purpose'])}",
        "",
        f'<div class="om-purpose">{_md(procedure.purpose)}</div>',
        "",
    ]
    for key in ("standard", "materials", "safety"):
        items: tuple[str, ...] = getattr(procedure, key)
        if items:
            out += [f"## {markdown_inline(labels[key])}", "", f'<div class="om-{key}">{_bullets(items)}</div>', ""]
    out += [
        f"## {markdown_inline(labels['steps'])}",
        "",
        _Steps(procedure, manual, labels, link).list(procedure.steps),
        "",
    ]
    for key in ("escalation", "authority"):
        value: str | None = getattr(procedure, key)
        if value:
            out += [f"## {markdown_inline(labels[key])}", "", f'<div class="om-{key}">{_md(value)}</div>', ""]
    if procedure.related:
        by_id = manual.procedures_by_id
        links = "".join(
            f'<li><a href="{link(procedure_path(by_id[r]))}">{text(by_id[r].title)}</a></li>'
            for r in procedure.related
            if r in by_id
        )
        related = f'<div class="om-related" data-search-exclude><ul>{links}</ul></div>'  # links, not content
        out += [f"## {markdown_inline(labels['related'])}", "", related, ""]
    if procedure.references:
        cited = "".join(
            f'<li><a href="{text(r.url)}">{text(r.title)}</a></li>' if r.url else f"<li>{text(r.title)}</li>"
            for r in procedure.references
        )
        out += [f"## {markdown_inline(labels['references'])}", "", f'<ul class="om-references">{cited}</ul>', ""]
    out += [
        f"## {markdown_inline(labels['document_control'])}",
        "",
        _document_control(procedure, manual, today, labels, link),
        "",
    ]
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
