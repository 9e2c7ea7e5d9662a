"""The report's pictures, drawn on the server: a chart per reading and a month calendar per checklist.

The geometry is worked out once, as plain data (`ChartShape`, `month_grid`); report_html.py
draws it as SVG and report_pdf.py as ReportLab graphics, so the two agree. No script runs,
and every text is escaped by the one that draws it.
"""

from __future__ import annotations

import calendar as months
from dataclasses import dataclass
from datetime import date

from opsmanual.records.report import Series

WIDTH, HEIGHT = 640.0, 170.0
LEFT, RIGHT, TOP, BOTTOM = 52.0, 12.0, 18.0, 26.0
INSET = 8.0  # between the axis and the first point
TICK_ROOM = 11.0  # the least distance between two labels on the axis


@dataclass(frozen=True)
class ChartShape:
    title: str
    band: tuple[float, float] | None  # the allowed band, top and bottom y
    points: list[tuple[float, float, bool]]  # x, y, in range
    ticks: list[tuple[float, str]]  # y, label (the limits, and the lowest and highest value)
    first: str  # the first and last point's day, under the axis
    last: str


def chart(series: Series) -> ChartShape:
    values = [v for _, v, _ in series.points]
    limits = [x for x in (series.min, series.max) if x is not None]
    low, high = min(values + limits), max(values + limits)
    pad = (high - low) * 0.12 or 1.0
    low, high = low - pad, high + pad
    plot_h, plot_w = HEIGHT - TOP - BOTTOM, WIDTH - LEFT - RIGHT

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    def x(n: int) -> float:  # the first and last points a little inside the axis, clear of its labels
        inner = plot_w - 2 * INSET
        return LEFT + INSET + (inner * n / (len(series.points) - 1) if len(series.points) > 1 else inner / 2)

    band = None
    if limits:
        band = (y(series.max if series.max is not None else high), y(series.min if series.min is not None else low))
    unit = f" {series.unit}" if series.unit else ""
    ticks: list[tuple[float, str]] = []
    for v in [*limits, min(values), max(values)]:  # the limits first; a value only where its label has room
        if all(abs(y(v) - at) >= TICK_ROOM for at, _ in ticks):
            ticks.append((y(v), f"{v:g}{unit}"))
    ticks.sort()
    points = [(x(n), y(v), ok) for n, (_, v, ok) in enumerate(series.points)]
    return ChartShape(
        f"{series.what}" + (f" ({series.unit})" if series.unit else ""),
        band,
        points,
        ticks,
        series.points[0][0],
        series.points[-1][0],
    )


STATES = {
    "done": ("✓", "#2e7d32"),
    "flagged": ("!", "#b26a00"),
    "missing": ("✗", "#b71c1c"),
}


def month_grid(days: dict[str, str], since: date, until: date) -> list[tuple[str, list[list[tuple[int, str]]]]]:
    """Each month of the period: its name and its weeks, each day as (day of month, state or "")."""
    found = []
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        weeks = []
        for week in months.Calendar(firstweekday=0).monthdayscalendar(year, month):
            weeks.append([(d, days.get(date(year, month, d).isoformat(), "") if d else "") for d in week])
        found.append((f"{months.month_name[month]} {year}", weeks))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found
