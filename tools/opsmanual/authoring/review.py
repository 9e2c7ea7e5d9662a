"""The review calendar: what is overdue, what is due soon, what is still a draft, who owns what."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from opsmanual.model import Manual
from opsmanual.values import ReviewState, parse_duration

_SHORT = re.compile(r"(\d+)\s*([dw])")


def parse_window(text: str) -> timedelta:
    """`30d`, `2w`, or any duration of the format (`30 days`, `1 month`)."""
    try:
        short = _SHORT.fullmatch(text.strip())
        if short:
            return timedelta(days=int(short.group(1)) * (7 if short.group(2) == "w" else 1))
        return timedelta(seconds=parse_duration(text.strip()).seconds)
    except OverflowError:
        raise ValueError(f"the window {text!r} is longer than a calendar can count") from None


@dataclass(frozen=True)
class ReviewEntry:
    id: str
    title: str
    file: str
    owner: str  # the role's name, or "" when the procedure has none
    status: str  # draft, effective or retired
    next_review: str  # YYYY-MM-DD, or "" when there is no date
    state: str  # overdue, due-soon, ok, draft or no-date
    days: int | None  # days until the review (negative: days overdue)


def review_entries(manual: Manual, today: date, window: timedelta) -> list[ReviewEntry]:
    """Every procedure that is not retired, most urgent first."""
    roles = {r.id: r.name for r in manual.roles}
    entries = []
    for p in manual.procedures:
        review = p.review(manual.review_every, today, window.days)
        if review.state is ReviewState.RETIRED:
            continue
        due, days, state = review.due, review.days, review.state.value
        entries.append(
            ReviewEntry(
                p.id,
                p.title,
                p.file,
                roles.get(p.owner, p.owner) if p.owner else "",
                p.status,
                due.isoformat() if due else "",
                state,
                days,
            )
        )
    order = {"overdue": 0, "due-soon": 1, "draft": 2, "no-date": 3, "ok": 4}
    return sorted(entries, key=lambda e: (order[e.state], e.next_review or "9999", e.id))


def _counts(entries: Sequence[ReviewEntry]) -> dict[str, int]:
    """How many entries are in each state that needs someone: overdue, due soon, draft, no review date."""
    return {state: sum(e.state == state for e in entries) for state in ("overdue", "due-soon", "draft", "no-date")}


def review_text(
    entries: list[ReviewEntry],
    today: date,
    window: timedelta,
    training: Sequence[Any] = (),
    language: str = "en",
    stale: Sequence[Any] = (),
) -> str:
    """For people, in the manual's language: by owner, each state in words, with the command that clears it."""
    from opsmanual.i18n import labels

    words = labels(language)
    count = _counts(entries)
    out = [
        words["cli_review_title"].format(today=today.isoformat(), days=window.days),
        words["cli_review_counts"].format(
            overdue=count["overdue"], soon=count["due-soon"], drafts=count["draft"], none=count["no-date"]
        ),
    ]
    for owner in [*sorted({e.owner for e in entries if e.owner}), ""]:
        mine = [e for e in entries if e.owner == owner]
        if mine:
            out += ["", owner or words["no_owner"]]
        for e in mine:
            out.append(f"  {_in_words(e, words):<26}  {e.title}  ({e.file})")
            out += [f"      {command}    ({why})" for command, why in _clearing(e, words)]
    if training:
        out += ["", words["cli_training"].format(n=len(training))]
        for gap in training:
            said = words["cli_training_gap"].format(
                name=gap.name, person=gap.person, stale=gap.stale, missing=gap.missing
            )
            out.append(f"  {said}" + (f" ({words['cli_training_late']})" if gap.overdue else ""))
    if stale:  # translations behind their source, by the source's owner (authoring.translations.behind)
        out += ["", words["cli_translations_behind"].format(n=len(stale))]
        for owner in dict.fromkeys(b.owner for b in stale):
            out.append(f"  {owner or words['no_owner']}")
            for b in (b for b in stale if b.owner == owner):
                said = words["cli_translation_behind"].format(
                    file=b.file, old=b.translated_from, source=b.source, new=b.revision
                )
                out.append(f"    {said}")
    return "\n".join(out) + "\n"


def _in_words(entry: ReviewEntry, words: Mapping[str, str]) -> str:
    days = entry.days or 0
    if entry.state == "overdue":
        return words["cli_overdue_by_one"] if days == -1 else words["cli_overdue_by"].format(days=-days)
    if entry.state == "due-soon":
        return {0: words["cli_due_today"], 1: words["cli_due_tomorrow"]}.get(days) or words["cli_due_in"].format(
            days=days
        )
    if entry.state == "ok":
        return words["cli_next_review"].format(date=entry.next_review)
    return words["cli_draft"] if entry.state == "draft" else words["cli_no_review_date"]


def _clearing(entry: ReviewEntry, words: Mapping[str, str]) -> list[tuple[str, str]]:
    """The commands that clear this entry's state, and when to use each."""
    if entry.state == "draft":
        return [(f"opsmanual publish {entry.id}", words["cli_when_ready"])]
    if entry.state in ("overdue", "due-soon", "no-date"):
        return [
            (f"opsmanual review --mark-reviewed {entry.id}", words["cli_if_unchanged"]),
            (f'opsmanual bump {entry.id} --note "…"', words["cli_if_changed"]),
        ]
    return []


def review_json(
    entries: list[ReviewEntry],
    today: date,
    window: timedelta,
    training: Sequence[Any] = (),
    language: str = "en",
    stale: Sequence[Any] = (),
) -> str:
    counts = _counts(entries)
    document = {
        "today": today.isoformat(),
        "window_days": window.days,
        "counts": counts,
        "no_owner": sum(not e.owner for e in entries),
        "procedures": [asdict(e) for e in entries],
        "training": [asdict(gap) for gap in training],
        "translations_behind": [asdict(b) for b in stale],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def review_csv(
    entries: list[ReviewEntry],
    today: date,
    window: timedelta,
    training: Sequence[Any] = (),
    language: str = "en",
    stale: Sequence[Any] = (),
) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["id", "title", "file", "owner", "status", "next_review", "state", "days"])
    for e in entries:
        writer.writerow(
            [e.id, e.title, e.file, e.owner, e.status, e.next_review, e.state, "" if e.days is None else e.days]
        )
    return stream.getvalue()


REVIEW_FORMATS = {"text": review_text, "json": review_json, "csv": review_csv}
