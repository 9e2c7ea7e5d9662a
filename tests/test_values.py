"""Durations and review dates, as the format defines them."""

from __future__ import annotations

from datetime import date

import pytest

from opsmanual.values import parse_duration, review_due


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("30 s", 30, "second"),
        ("3 min", 3, "minute"),
        ("1.5 h", 1.5, "hour"),
        ("6 months", 6, "month"),
        ("6 meses", 6, "month"),
        ("1 mes", 1, "month"),
        ("2 días", 2, "day"),
        ("1 año", 1, "year"),
        ("10min", 10, "minute"),
        ("2 weeks", 2, "week"),
        ("45 segundos", 45, "second"),
    ],
)
def test_durations(text: str, amount: float, unit: str) -> None:
    duration = parse_duration(text)
    assert (duration.amount, duration.unit) == (amount, unit)


@pytest.mark.parametrize(
    ("start", "text", "expected"),
    [
        ("2026-01-31", "1 month", "2026-02-28"),  # clamped to the month's end
        ("2024-01-31", "1 month", "2024-02-29"),
        ("2026-03-15", "12 months", "2027-03-15"),
        ("2024-02-29", "1 year", "2025-02-28"),
        ("2026-11-30", "3 months", "2027-02-28"),
        ("2026-01-01", "2 weeks", "2026-01-15"),
        ("2026-01-01", "36 h", "2026-01-02"),
    ],
)
def test_calendar_arithmetic(start: str, text: str, expected: str) -> None:
    assert parse_duration(text).after(date.fromisoformat(start)) == date.fromisoformat(expected)


def test_review_due_prefers_the_explicit_date() -> None:
    interval = parse_duration("12 months")
    assert review_due(date(2026, 1, 1), date(2026, 6, 1), interval) == date(2026, 6, 1)
    assert review_due(date(2026, 1, 1), None, interval) == date(2027, 1, 1)
    assert review_due(None, None, interval) is None
