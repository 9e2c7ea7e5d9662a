"""Value grammars of the format that the schema's patterns cannot compute with."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_UNITS = {
    "s": "second",
    "sec": "second",
    "second": "second",
    "seconds": "second",
    "segundo": "second",
    "segundos": "second",
    "min": "minute",
    "minute": "minute",
    "minutes": "minute",
    "minuto": "minute",
    "minutos": "minute",
    "h": "hour",
    "hour": "hour",
    "hours": "hour",
    "hora": "hour",
    "horas": "hour",
    "day": "day",
    "days": "day",
    "día": "day",
    "días": "day",
    "week": "week",
    "weeks": "week",
    "semana": "week",
    "semanas": "week",
    "month": "month",
    "months": "month",
    "mes": "month",
    "meses": "month",
    "year": "year",
    "years": "year",
    "año": "year",
    "años": "year",
}
_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?) ?([a-zñí]+)")
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}


@dataclass(frozen=True)
class Duration:
    """An amount of a unit, as written: `3 min`, `6 months`."""

    amount: float
    unit: str  # second, minute, hour, day, week, month or year
    text: str

    def after(self, start: date) -> date:
        """The date this long after `start`; months are calendar months, clamped to the month's end."""
        if self.unit in ("month", "year"):
            months = self.amount * (12 if self.unit == "year" else 1)
            whole = int(months)
            year, month = divmod(start.month - 1 + whole, 12)
            year += start.year
            day = min(start.day, calendar.monthrange(year, month + 1)[1])
            return date(year, month + 1, day) + timedelta(days=round((months - whole) * 30.44))
        return start + timedelta(seconds=self.amount * _SECONDS[self.unit])

    @property
    def seconds(self) -> float:
        """Length in seconds (months as 30.44 days), for sums and comparisons."""
        if self.unit in ("month", "year"):
            return self.amount * (12 if self.unit == "year" else 1) * 30.44 * 86400
        return self.amount * _SECONDS[self.unit]


def parse_duration(text: str) -> Duration:
    """A duration the schema has already accepted."""
    match = _DURATION.fullmatch(text)
    if match is None or match.group(2) not in _UNITS:
        raise ValueError(f"not a duration: {text!r}")
    return Duration(float(match.group(1)), _UNITS[match.group(2)], text)


def parse_date(text: str) -> date:
    return date.fromisoformat(text)


def review_due(effective: date | None, next_review: date | None, interval: Duration) -> date | None:
    """The explicit next review, else the effective date plus the interval, else None."""
    if next_review is not None:
        return next_review
    return interval.after(effective) if effective is not None else None


DEFAULT_REVIEW = parse_duration("12 months")
