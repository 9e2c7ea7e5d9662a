"""How often: which days something is due, the times within a shift, the words for it, and `opsmanual today`."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from conftest import REPO, run_cli
from opsmanual.model import Schedule, Shift
from opsmanual.schedule import Period, describe, is_due, occurrence, repetitions
from opsmanual.values import parse_duration

DINNER = Shift("dinner", "Dinner", "16:00", "22:00")
CLOSING = Shift("closing", "Closing", "21:30", "00:30")


def every(text: str, weekdays: tuple[int, ...] = (), days: tuple[int, ...] = (), start: date | None = None) -> Schedule:
    return Schedule(parse_duration(text), weekdays, days, start)


def due_days(schedule: Schedule | None, shift: Shift | None, first: date, count: int) -> list[date]:
    return [first + timedelta(days=n) for n in range(count) if is_due(schedule, shift, first + timedelta(days=n))]


MONDAY = date(2026, 11, 2)


def test_a_checklist_with_a_shift_is_due_every_day_and_one_without_only_when_asked() -> None:
    assert due_days(None, DINNER, MONDAY, 7) == [MONDAY + timedelta(days=n) for n in range(7)]
    assert occurrence(None, None, MONDAY) is None


def test_weekdays_narrow_a_week_and_a_cycle_counts_from_its_first_week() -> None:
    assert due_days(every("1 week", (0,)), None, MONDAY, 14) == [MONDAY, MONDAY + timedelta(days=7)]
    fortnight = every("2 weeks", (0, 3), start=date(2026, 11, 4))  # a Wednesday: weeks count from its Monday
    assert due_days(fortnight, None, MONDAY, 28) == [
        MONDAY,
        MONDAY + timedelta(days=3),
        MONDAY + timedelta(days=14),
        MONDAY + timedelta(days=17),
    ]


def test_a_cycle_without_days_is_due_on_its_first_day_and_every_cycle_after() -> None:
    four_weeks = every("4 weeks", start=MONDAY)
    assert due_days(four_weeks, None, MONDAY, 60) == [MONDAY, MONDAY + timedelta(days=28), MONDAY + timedelta(days=56)]
    assert due_days(every("3 days", start=MONDAY), None, MONDAY, 7) == [
        MONDAY,
        MONDAY + timedelta(days=3),
        MONDAY + timedelta(days=6),
    ]
    quarterly = every("3 months", start=date(2026, 1, 31))  # clamped to the end of shorter months
    assert due_days(quarterly, None, date(2026, 1, 1), 220) == [date(2026, 1, 31), date(2026, 4, 30), date(2026, 7, 31)]


def test_days_of_the_month_and_periods_without_a_day() -> None:
    assert due_days(every("1 month", days=(1, 15)), None, date(2026, 11, 1), 30) == [
        date(2026, 11, 1),
        date(2026, 11, 15),
    ]
    weekly = occurrence(every("1 week"), None, MONDAY)
    assert weekly is not None and weekly.period is Period.WEEK and not is_due(every("1 week"), None, MONDAY)
    monthly = occurrence(every("1 month"), None, MONDAY)
    assert monthly is not None and monthly.period is Period.MONTH


def test_an_every_below_a_day_repeats_from_the_shifts_start_to_its_end() -> None:
    assert repetitions(parse_duration("2 h").seconds, DINNER) == ("16:00", "18:00", "20:00", "22:00")
    assert repetitions(parse_duration("1 h").seconds, CLOSING) == ("21:30", "22:30", "23:30", "00:30")
    found = occurrence(every("90 min"), DINNER, MONDAY)
    assert found is not None and found.times == ("16:00", "17:30", "19:00", "20:30", "22:00")


@pytest.mark.parametrize(
    ("schedule", "shift", "language", "said"),
    [
        (None, DINNER, "en", "Every Dinner shift"),
        (None, None, "en", "As needed"),
        (every("1 day"), None, "en", "Every day"),
        (every("1 week", (0, 3)), None, "en", "Every Monday and Thursday"),
        (every("1 week", (0, 2, 4)), None, "es", "Cada lunes, miércoles y viernes"),
        (every("1 month", days=(1, 15)), None, "fr", "Chaque mois, le 1 et 15"),
        (every("4 weeks", start=MONDAY), None, "en", "Every 4 weeks from 2026-11-02"),
        (every("2 h"), DINNER, "en", "Every 2 h during Dinner"),
        (every("2 h"), DINNER, "es", "Cada 2 h durante Dinner"),
        (every("1 year"), None, "en", "Once a year"),
    ],
)
def test_how_often_in_words(schedule: Schedule | None, shift: Shift | None, language: str, said: str) -> None:
    assert describe(schedule, shift, language) == said


@pytest.mark.e2e
def test_today_lists_the_weekly_clean_on_a_monday_and_not_on_a_tuesday() -> None:
    monday = run_cli("today", REPO, "--date", "2026-11-30")
    assert monday.returncode == 0, monday.stderr
    assert "Weekly deep clean — kitchen" in monday.stdout and "Four-weekly food safety review" in monday.stdout
    tuesday = run_cli("today", REPO, "--date", "2026-12-01", "--format", "json")
    found = {(d["kind"], d["id"]): d for d in json.loads(tuesday.stdout)["due"]}
    assert ("checklist", "deep-clean") not in found and ("checklist", "four-weekly-review") not in found
    assert found[("checklist", "opening")]["due"] == "07:25" and found[("checklist", "opening")]["shift"] == "opening"
    assert found[("checklist", "hot-holding")]["times"] == ["11:00", "13:00", "15:00"]
    assert found[("checklist", "kitchen-diary")]["period"] == "week"
    assert found[("procedure", "check-hot-holding")]["how_often"] == "Every 2 h during Lunch"
