"""Value grammars of the format that the schema's patterns cannot compute with, and the one review rule."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from opsmanual.i18n import unit_words

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?) ?([^\W\d_]+)")
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}
DUE_SOON_DAYS = 30  # "due soon" everywhere: the site's badges, the review page, `opsmanual review`


def slug(name: str) -> str:
    """The id closest to `name`: 'Front of House' becomes 'front-of-house'."""
    return "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in name.lower()).split())


def _plus_days(start: date, days: float) -> date:
    """`start` + days, or the last representable date: an interval of 10,000 years never comes due."""
    try:
        return start + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


@dataclass(frozen=True)
class Duration:
    """An amount of a unit, as written: `3 min`, `6 months`."""

    amount: float
    unit: str  # second, minute, hour, day, week, month or year
    text: str

    def after(self, start: date) -> date:
        """The date this long after `start`; months are calendar months, clamped to the month's end."""
        if self.unit not in ("month", "year"):
            return _plus_days(start, self.amount * _SECONDS[self.unit] / 86400)
        months = self.amount * (12 if self.unit == "year" else 1)
        whole = int(months)
        year, month = divmod(start.month - 1 + whole, 12)
        year += start.year
        if year > date.max.year:
            return date.max
        day = min(start.day, calendar.monthrange(year, month + 1)[1])
        return _plus_days(date(year, month + 1, day), round((months - whole) * 30.44))

    @property
    def seconds(self) -> float:
        """Length in seconds (months as 30.44 days), for sums and comparisons."""
        if self.unit in ("month", "year"):
            return self.amount * (12 if self.unit == "year" else 1) * 30.44 * 86400
        return self.amount * _SECONDS[self.unit]


def parse_duration(text: str) -> Duration:
    """A duration the schema has already accepted."""
    match = _DURATION.fullmatch(text)
    units = unit_words()
    if match is None or match.group(2) not in units:
        raise ValueError(f"not a duration: {text!r}")
    return Duration(float(match.group(1)), units[match.group(2)], text)


def parse_date(text: str) -> date:
    return date.fromisoformat(text)


DEFAULT_REVIEW = parse_duration("12 months")


class ReviewState(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    OK = "ok"
    DRAFT = "draft"
    NO_DATE = "no-date"
    RETIRED = "retired"


@dataclass(frozen=True)
class Review:
    """Where a procedure stands with its review on a given day."""

    state: ReviewState
    due: date | None  # the explicit next review, else effective + interval, else None
    days: int | None  # days until the review (negative: days overdue)


def review_due(effective: date | None, next_review: date | None, interval: Duration) -> date | None:
    """The explicit next review, else the effective date plus the interval, else None."""
    if next_review is not None:
        return next_review
    return interval.after(effective) if effective is not None else None


def review_state(
    status: str,
    effective: date | None,
    next_review: date | None,
    interval: Duration,
    today: date,
    soon_days: int = DUE_SOON_DAYS,
) -> Review:
    """The one rule for overdue and due soon, used by check, review, the site and the checklists."""
    due = review_due(effective, next_review, interval)
    days = (due - today).days if due is not None else None
    if status == "retired":
        state = ReviewState.RETIRED
    elif status == "draft":
        state = ReviewState.DRAFT
    elif due is None or days is None:
        state = ReviewState.NO_DATE
    elif days < 0:
        state = ReviewState.OVERDUE
    elif days <= soon_days:
        state = ReviewState.DUE_SOON
    else:
        state = ReviewState.OK
    return Review(state, due, days)
