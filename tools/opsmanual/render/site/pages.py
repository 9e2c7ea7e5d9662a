"""Every page of the manual's site, its navigation and its files, from the checked model."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from opsmanual.i18n import labels as labels_for
from opsmanual.markdown import to_html
from opsmanual.model import Manual, Procedure, Schedule
from opsmanual.render.site.changes import mistakes_markdown, what_changed_markdown
from opsmanual.render.site.checklist_page import checklist_markdown, checklists_index_markdown, in_shift_order
from opsmanual.render.site.markup import SCRIPT, href, markdown_inline, text
from opsmanual.render.site.procedure import procedure_markdown, procedure_path, review_badge
from opsmanual.render.site.training import (
    roles_with_a_path,
    start_here_links,
    start_here_markdown,
    start_path,
    team_markdown,
)
from opsmanual.schedule import describe
from opsmanual.values import ReviewState

STYLESHEET = "assets/opsmanual.css"
NAV_GROUP_ABOVE = 30


@dataclass(frozen=True)
class Page:
    """A page of the site; its Markdown is made when asked for, so a build never holds every page twice."""

    path: str  # the Markdown file, relative to the site's root: kitchen/check-cooler.md
    title: str
    render: Callable[[], str]

    @property
    def markdown(self) -> str:
        return self.render()


@dataclass(frozen=True)
class SiteContent:
    pages: tuple[Page, ...]
    nav: list[Any]  # MkDocs' nav, titles as HTML text: [{"Home": "index.md"}, {"Kitchen": [...]}, ...]
    media: tuple[str, ...]  # pictures to publish, relative to sops/ (media/...)


def publishable(root: Path, pictures: Iterable[str]) -> list[str]:
    """The pictures (paths under sops/) that are safe to publish: checked again here, never trusted blindly."""
    from opsmanual.check.media import MediaFolder

    media = MediaFolder(root)
    return [picture for picture in pictures if media.problem(picture) is None]


def stylesheet() -> str:
    from opsmanual.render.site.palette import palette_css

    return _asset("opsmanual.css") + "\n/* each palette colour at a readable shade (palette.py) */\n" + palette_css()


def script() -> str:
    """The site's one script of its own: Start here ticks (kept in the reader's browser), pictures full size."""
    return _asset(Path(SCRIPT).name)


def _asset(name: str) -> str:
    return (resources.files("opsmanual") / "render" / "site" / name).read_text(encoding="utf-8")


def _front_matter(title: str, **extra: Any) -> str:
    # Themes print titles and tags into HTML unescaped: they are given as HTML text already.
    meta = {"title": text(title), **{k: v for k, v in extra.items() if v}}
    dumped = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
    return "---\n" + dumped + "---\n\n"


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter, when PyYAML has it: faster, same values


def _page(path: str, title: str, body: str, *, searched: bool = False) -> Page:
    """A page; only procedures and checklists are searched: an index page would only repeat them in the results."""
    meta = {} if searched else {"search": {"exclude": True}}
    return Page(path, title, partial(_with_front_matter, title, body, meta))


def _with_front_matter(title: str, body: str, meta: dict[str, Any]) -> str:
    return _front_matter(title, **meta) + body.rstrip() + "\n"


def _procedure_page(
    procedure: Procedure, manual: Manual, today: date, labels: Mapping[str, str], directory_urls: bool
) -> str:
    link = partial(href, procedure_path(procedure), directory_urls=directory_urls)
    body = procedure_markdown(procedure, manual, today, labels, link)
    return _with_front_matter(procedure.title, body, {"tags": [text(t) for t in procedure.tags]})


def _procedure_list(
    procedures: list[Procedure], manual: Manual, labels: Mapping[str, str], here: str, directory_urls: bool
) -> str:
    roles = {r.id: r.name for r in manual.roles}
    items = []
    for p in procedures:
        details = [text(p.summary)] if p.summary else []
        facts = []
        if p.roles:
            facts.append(", ".join(text(roles.get(r, r)) for r in p.roles))
        if p.time:
            facts.append(text(p.time.text))
        if p.status != "effective":
            facts.append(f'<span class="om-status om-status-{p.status}">{text(labels[f"status_{p.status}"])}</span>')
        if facts:
            details.append(f'<span class="om-facts">{" · ".join(facts)}</span>')
        link = href(here, procedure_path(p), directory_urls)
        items.append(
            f'<li><a href="{link}"><strong>{text(p.title)}</strong></a>'
            + (f"<br>{'<br>'.join(details)}" if details else "")
            + "</li>"
        )
    return '<ul class="om-procedures">' + "".join(items) + "</ul>" if items else f"<p>{text(labels['none'])}</p>"


def _home(manual: Manual, labels: Mapping[str, str], directory_urls: bool) -> Page:
    link = partial(href, "index.md", directory_urls=directory_urls)
    areas = "".join(
        f'<li><a href="{link(f"{a.id}/index.md")}"><strong>{text(a.name)}</strong></a>'
        + (f"<br>{text(a.description)}" if a.description else "")
        + "</li>"
        for a in manual.areas
    )
    more = [
        ("roles.md", labels["by_role"]),
        ("shifts.md", labels["by_shift"]),
        ("frequency.md", labels["by_frequency"]),
        ("checklists/index.md", labels["checklists"]),
        ("review.md", labels["review_status"]),
        ("changes.md", labels["what_changed"]),
        ("tags.md", labels["tags"]),
    ]
    if not manual.shifts:
        more = [m for m in more if m[0] != "shifts.md"]
    if manual.show_team:
        more.insert(1, ("team.md", labels["team"]))
    start = start_here_links(manual, labels, "index.md", directory_urls)
    body = [
        f"# {markdown_inline(manual.name)}",
        "",
        *([start, ""] if start else []),
        f"## {markdown_inline(labels['how_to_use'])}",
        "",
        '<ul class="om-howto">'
        + "".join(f"<li>{_emphasis(labels[k])}</li>" for k in ("how_find", "how_read", "how_print"))
        + "</ul>",
        "",
        f"## {markdown_inline(labels['areas'])}",
        "",
        f'<ul class="om-areas">{areas}</ul>',
        "",
        '<ul class="om-more">' + "".join(f'<li><a href="{link(p)}">{text(t)}</a></li>' for p, t in more) + "</ul>",
    ]
    return _page("index.md", manual.name, "\n".join(body))


def _emphasis(label: str) -> str:
    """Our own labels use **bold** and *italics*; nothing else."""
    return to_html(label).removeprefix("<p>").removesuffix("</p>")


def _by(manual: Manual, labels: Mapping[str, str], kind: str, directory_urls: bool) -> Page:
    path = f"{kind}s.md"
    title = labels["by_role"] if kind == "role" else labels["by_shift"]
    effective = [p for p in manual.procedures if p.is_effective]
    body = [f"# {markdown_inline(title)}", ""]
    entries = manual.roles if kind == "role" else manual.shifts
    for entry in entries:
        body.append(f'<h2 id="{kind}-{entry.id}">{text(entry.name)}</h2>')
        body.append("")
        about = getattr(entry, "description", None)
        if kind == "shift":
            starts, ends = getattr(entry, "starts", None), getattr(entry, "ends", None)
            if starts or ends:
                about = f"{starts or '…'}–{ends or '…'}" + (
                    f" ({labels['overnight']})" if getattr(entry, "overnight", False) else ""
                )
        if about:
            body += [f"<p>{text(about)}</p>", ""]
        chosen = [p for p in effective if entry.id in (p.roles if kind == "role" else p.shifts)]
        body += [_procedure_list(chosen, manual, labels, path, directory_urls), ""]
    return _page(path, title, "\n".join(body))


_GROUPS = ("within", "day", "week", "month", "longer", "none")


def _group(schedule: Schedule | None, has_shift: bool) -> str:
    if schedule is None:
        return "day" if has_shift else "none"
    if schedule.within_a_day:
        return "within"
    unit, n = schedule.every.unit, schedule.every.amount
    if unit == "day":
        return "day"
    if unit == "week":
        return "week" if n <= 2 else "month"
    if unit == "month" and n <= 1:
        return "month"
    return "longer"


def _by_frequency(manual: Manual, labels: Mapping[str, str], directory_urls: bool) -> Page:
    """Every effective procedure with a frequency and every checklist, from the most frequent to as needed."""
    path = "frequency.md"
    link = partial(href, path, directory_urls=directory_urls)
    entries: dict[str, list[str]] = {group: [] for group in _GROUPS}
    for p in manual.procedures:
        if p.is_effective and p.schedule is not None:
            shift = manual.shifts_by_id.get(p.shifts[0]) if p.shifts else None
            said = describe(p.schedule, shift, manual.language)
            entries[_group(p.schedule, False)].append(
                f'<li><a href="{link(procedure_path(p))}">{text(p.title)}</a> · {text(said)}</li>'
            )
    for c in manual.checklists:
        shift = manual.shifts_by_id.get(c.shift or "")
        said = describe(c.schedule, shift, manual.language)
        entries[_group(c.schedule, shift is not None)].append(
            f'<li><a href="{link(f"checklists/{c.id}.md")}">{text(c.title)}</a> '
            f"({text(labels['checklist'].lower())}) · {text(said)}</li>"
        )
    body = [f"# {markdown_inline(labels['by_frequency'])}", ""]
    for group in _GROUPS:
        if entries[group]:
            body += [f"## {markdown_inline(labels['freq_group_' + group])}", ""]
            body += [f'<ul class="om-frequency">{"".join(entries[group])}</ul>', ""]
    return _page(path, labels["by_frequency"], "\n".join(body))


def _review(manual: Manual, today: date, labels: Mapping[str, str], directory_urls: bool) -> Page:
    link = partial(href, "review.md", directory_urls=directory_urls)
    effective = [p for p in manual.procedures if p.is_effective]
    reviews = [(p.review(manual.review_every, today), p) for p in effective]
    dated = [(r.due, p) for r, p in reviews]
    overdue = sorted((r.due, p.id, p) for r, p in reviews if r.state is ReviewState.OVERDUE)
    soon = sorted((r.due, p.id, p) for r, p in reviews if r.state is ReviewState.DUE_SOON)
    drafts = [p for p in manual.procedures if p.status == "draft"]
    roles = {r.id: r.name for r in manual.roles}

    def rows(procedures: list[Procedure]) -> str:
        if not procedures:
            return f"<p>{text(labels['none'])}</p>"
        cells = "".join(
            f'<tr><td><a href="{link(procedure_path(p))}">{text(p.title)}</a></td>'
            f"<td>{text(roles.get(p.owner, p.owner) if p.owner else labels['no_owner'])}</td>"
            f"<td>{review_badge(p, manual, today, labels) or text(labels['no_review_date'])}</td></tr>"
            for p in procedures
        )
        head = "".join(f"<th>{text(labels[k])}</th>" for k in ("procedure", "owner", "next_review"))
        return f'<div class="om-review"><table><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table></div>'

    body = [
        f"# {markdown_inline(labels['review_status'])}",
        "",
        f"## {markdown_inline(labels['review_overdue'])}",
        "",
        rows([p for _, _, p in overdue]),
        "",
        f"## {markdown_inline(labels['review_due_30'])}",
        "",
        rows([p for _, _, p in soon]),
        "",
        f"## {markdown_inline(labels['review_drafts'])}",
        "",
        rows(drafts),
        "",
        f"## {markdown_inline(labels['review_by_owner'])}",
        "",
    ]
    owners = sorted({p.owner or "" for p in effective}, key=lambda o: (o == "", roles.get(o, o)))
    for owner in owners:
        mine = sorted(((d or date.max), p.id, p) for d, p in dated if (p.owner or "") == owner)
        body += [
            f"### {markdown_inline(roles.get(owner, owner) if owner else labels['no_owner'])}",
            "",
            rows([p for _, _, p in mine]),
            "",
        ]
    return _page("review.md", labels["review_status"], "\n".join(body))


def _what_changed(manual: Manual, labels: Mapping[str, str], directory_urls: bool) -> Page:
    return _page("changes.md", labels["what_changed"], what_changed_markdown(manual, labels, directory_urls))


def mistakes_content(report: Any, language: str, paths: list[str]) -> SiteContent:
    """The preview of a manual with errors: one page listing them (file, line, message, hint), at every path."""
    labels = labels_for(language)
    body = mistakes_markdown(report, labels)
    pages = tuple(_page(path, labels["mistakes_title"], body) for path in dict.fromkeys(["index.md", *paths]))
    return SiteContent(pages, [{text(labels["mistakes_title"]): "index.md"}], ())


def build_site_content(manual: Manual, today: date, *, directory_urls: bool = True) -> SiteContent:
    """All pages of the site, in navigation order."""
    labels = labels_for(manual.language)
    pages = [_home(manual, labels, directory_urls)]
    nav: list[Any] = [{text(labels["home"]): "index.md"}]
    media: list[str] = [manual.logo] if manual.logo else []
    paths: list[Any] = []
    for role in roles_with_a_path(manual):
        markdown = start_here_markdown(role, manual, labels, directory_urls)
        title = labels["path_of_role"].format(role=role.name)
        pages.append(_page(start_path(role), title, markdown))
        paths.append({text(role.name): start_path(role)})
    if paths:
        nav.append({text(labels["start_here"]): paths})
    for area in manual.areas:
        mine = [p for p in manual.procedures if p.area == area.id]
        index_path = f"{area.id}/index.md"
        body = [f"# {markdown_inline(area.name)}", ""]
        if area.description:
            body += [f"<p>{text(area.description)}</p>", ""]
        current = [p for p in mine if p.status != "retired"]  # a retired page stays, out of the way
        body.append(_procedure_list(current, manual, labels, index_path, directory_urls))
        pages.append(_page(index_path, area.name, "\n".join(body)))
        for procedure in mine:
            render = partial(_procedure_page, procedure, manual, today, labels, directory_urls)
            pages.append(Page(procedure_path(procedure), procedure.title, render))
            media += _pictures(procedure.steps)
        nav.append({text(area.name): [index_path, *_area_nav(current)]})
    pages.append(_by(manual, labels, "role", directory_urls))
    nav.append({text(labels["by_role"]): "roles.md"})
    if manual.show_team:
        pages.append(_page("team.md", labels["team"], team_markdown(manual, today, labels, directory_urls)))
        nav.append({text(labels["team"]): "team.md"})
    if manual.shifts:
        pages.append(_by(manual, labels, "shift", directory_urls))
        nav.append({text(labels["by_shift"]): "shifts.md"})
    pages.append(_by_frequency(manual, labels, directory_urls))
    nav.append({text(labels["by_frequency"]): "frequency.md"})
    checklist_section: list[Any] = ["checklists/index.md"]
    pages.append(
        _page("checklists/index.md", labels["checklists"], checklists_index_markdown(manual, labels, directory_urls))
    )
    for checklist in in_shift_order(manual):
        path = f"checklists/{checklist.id}.md"
        markdown = checklist_markdown(checklist, manual, labels, path, directory_urls)
        pages.append(_page(path, checklist.title, markdown, searched=True))
        checklist_section.append({text(checklist.title): path})
    nav.append({text(labels["checklists"]): checklist_section})
    pages.append(_review(manual, today, labels, directory_urls))
    nav.append({text(labels["review_status"]): "review.md"})
    pages.append(_what_changed(manual, labels, directory_urls))
    nav.append({text(labels["what_changed"]): "changes.md"})
    pages.append(_page("tags.md", labels["tags"], f"# {markdown_inline(labels['tags'])}\n\n<!-- material/tags -->"))
    nav.append({text(labels["tags"]): "tags.md"})
    return SiteContent(tuple(pages), nav, tuple(dict.fromkeys(media)))


def _area_nav(procedures: list[Procedure]) -> list[Any]:
    """An area's procedures; a large area is grouped by initial, so that each page's navigation stays short."""
    entries = [{text(p.title): procedure_path(p)} for p in procedures]
    if len(entries) <= NAV_GROUP_ABOVE:
        return entries
    groups: dict[str, list[Any]] = {}
    for procedure, entry in zip(procedures, entries, strict=True):
        initial = unicodedata.normalize("NFD", procedure.title[:1].upper())[:1] or "#"
        groups.setdefault(initial if initial.isalpha() else "#", []).append(entry)
    return [{initial: groups[initial]} for initial in sorted(groups)]


def _pictures(steps: tuple[Any, ...]) -> list[str]:
    found: list[str] = []
    for step in steps:
        if step.image:
            found.append(step.image.file)
        if step.steps:
            found += _pictures(step.steps)
        if step.then:
            found += _pictures(step.then)
    return found
