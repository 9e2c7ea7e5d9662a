"""The review calendar: what is overdue, what is due soon, what is still a draft, who owns what."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
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


_HEADINGS = {"overdue": "Overdue", "due-soon": "Due soon", "draft": "Drafts", "no-date": "No review date"}


def review_text(entries: list[ReviewEntry], today: date, window: timedelta, training: Sequence[Any] = ()) -> str:
    out = [f"Review calendar on {today.isoformat()} (due soon: within {window.days} days)"]
    for state, heading in _HEADINGS.items():
        mine = [e for e in entries if e.state == state]
        out.append(f"\n{heading}: {len(mine)}")
        out += [f"  {e.next_review or '—':<10}  {e.title}  ({e.file})" for e in mine]
    no_owner = [e for e in entries if not e.owner]
    out.append(f"\nNo owner: {len(no_owner)}")
    out += [f"  {e.title}  ({e.file})" for e in no_owner]
    out.append("\nBy owner:")
    for owner in sorted({e.owner for e in entries if e.owner}):
        out.append(f"  {owner}")
        out += [f"    {e.next_review or '—':<10}  {e.state:<8}  {e.title}" for e in entries if e.owner == owner]
    if training:
        out.append(f"\nTraining to sign: {len(training)} people (opsmanual training status)")
        for gap in training:
            late = "  past the time to sign" if gap.overdue else ""
            out.append(f"  {gap.name} ({gap.person}): {gap.stale} stale, {gap.missing} missing{late}")
    return "\n".join(out) + "\n"


def review_json(entries: list[ReviewEntry], today: date, window: timedelta, training: Sequence[Any] = ()) -> str:
    counts = {state: sum(e.state == state for e in entries) for state in ("overdue", "due-soon", "draft", "no-date")}
    document = {
        "today": today.isoformat(),
        "window_days": window.days,
        "counts": counts,
        "no_owner": sum(not e.owner for e in entries),
        "procedures": [asdict(e) for e in entries],
        "training": [asdict(gap) for gap in training],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def review_csv(entries: list[ReviewEntry], today: date, window: timedelta, training: Sequence[Any] = ()) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["id", "title", "file", "owner", "status", "next_review", "state", "days"])
    for e in entries:
        writer.writerow(
            [e.id, e.title, e.file, e.owner, e.status, e.next_review, e.state, "" if e.days is None else e.days]
        )
    return stream.getvalue()


REVIEW_FORMATS = {"text": review_text, "json": review_json, "csv": review_csv}
