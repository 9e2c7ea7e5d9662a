"""The new hire's pages: a "Start here" path per role, and the team when the manual shows it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import partial

from opsmanual.model import Manual, Procedure, Role
from opsmanual.render.site.markup import href, markdown_inline, text
from opsmanual.render.site.procedure import procedure_path


def start_path(role: Role) -> str:
    return f"start/{role.id}.md"


def roles_with_a_path(manual: Manual) -> list[Role]:
    """The roles whose path has at least one procedure, in the manual's order."""
    return [role for role in manual.roles if manual.path(role)]


def learned_box(procedure: Procedure) -> str:
    """The id of a procedure's "learned" tick: a new revision asks to be learned again."""
    return f"learned-{procedure.id}-r{procedure.revision}"


def start_here_markdown(role: Role, manual: Manual, labels: Mapping[str, str], directory_urls: bool) -> str:
    """A role's path in order: each procedure with its summary, time and standard, and a tick for the reader."""
    here = start_path(role)
    path = manual.path(role)
    body = [f"# {markdown_inline(labels['path_of_role'].format(role=role.name))}", ""]
    if role.description:
        body += [f"<p>{text(role.description)}</p>", ""]
    count = labels["learned_count"].format(done='<span class="om-done">0</span>', total=len(path))
    body += [
        f'<p class="om-path-intro">{text(labels["path_progress"])}<br>'
        f'<strong class="om-path-count">{count}</strong></p>',
        "",
    ]
    items = []
    for procedure in path:
        link = href(here, procedure_path(procedure), directory_urls)
        facts = [text(procedure.time.text)] if procedure.time else []
        facts.append(f"{text(labels['revision'])} {procedure.revision}")
        lines = [
            f'<a href="{link}"><strong>{text(procedure.title)}</strong></a>',
            f'<span class="om-facts">{" · ".join(facts)}</span>',
        ]
        if procedure.summary:
            lines.append(f'<span class="om-summary">{text(procedure.summary)}</span>')
        parts = ["<br>".join(lines)]
        if procedure.standard:
            standard = "".join(f"<li>{text(item)}</li>" for item in procedure.standard)
            parts.append(
                f'<span class="om-should">{text(labels["you_should_be_able_to"])}:</span>'
                f'<ul class="om-standard">{standard}</ul>'
            )
        box = learned_box(procedure)
        parts.append(
            f'<label class="om-learn"><input type="checkbox" class="om-learned" id="{box}" disabled> '
            f"{text(labels['learned'])}</label>"
        )
        items.append("<li>" + "".join(parts) + "</li>")
    body.append('<ol class="om-path">' + "".join(items) + "</ol>")
    return "\n".join(body)


def start_here_links(manual: Manual, labels: Mapping[str, str], here: str, directory_urls: bool) -> str:
    """The home page's pointer for a new hire: one link per role's path."""
    roles = roles_with_a_path(manual)
    if not roles:
        return ""
    link = partial(href, here, directory_urls=directory_urls)
    links = "".join(f'<li><a href="{link(start_path(r))}">{text(r.name)}</a></li>' for r in roles)
    return f'<p>{text(labels["new_here"])}</p>\n\n<ul class="om-start">{links}</ul>'


def team_markdown(manual: Manual, today: date, labels: Mapping[str, str], directory_urls: bool) -> str:
    """Who works here now (someone who left is not shown), with links to their roles' paths."""
    link = partial(href, "team.md", directory_urls=directory_urls)
    with_path = {r.id for r in roles_with_a_path(manual)}
    names = {r.id: r.name for r in manual.roles}
    rows = []
    for person in manual.people:
        if not person.current(today):
            continue
        named = [(r, text(names.get(r, r))) for r in person.roles]
        roles = ", ".join(f'<a href="{link(f"start/{r}.md")}">{n}</a>' if r in with_path else n for r, n in named)
        started = person.started.isoformat() if person.started else ""
        if started:
            started = f'<time datetime="{started}">{started}</time>'
        rows.append(f"<tr><td>{text(person.name)}</td><td>{roles}</td><td>{started}</td></tr>")
    head = "".join(f"<th>{text(labels[k])}</th>" for k in ("name", "roles", "started"))
    table = (
        f'<div class="om-team"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        if rows
        else f"<p>{text(labels['none'])}</p>"
    )
    return "\n".join([f"# {markdown_inline(labels['team'])}", "", f"<p>{text(labels['team_intro'])}</p>", "", table])
