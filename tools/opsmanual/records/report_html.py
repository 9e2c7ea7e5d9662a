"""The records report as one HTML page: tables, an SVG chart per reading, a calendar per checklist.

It loads nothing from anywhere, runs no script, and escapes every text it shows.
"""

from __future__ import annotations

from html import escape

from opsmanual.records.charts import HEIGHT, LEFT, STATES, WIDTH, chart, month_grid
from opsmanual.records.report import RecordsReport, Series, series
from opsmanual.records.report_formats import limits_text, value_text

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; color: #1a1a1a; margin: 2em auto; max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { margin-top: 1.8em; border-bottom: 2px solid #ddd; }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { border: 1px solid #ccc; padding: .3em .5em; }
th { background: #f2f2f2; text-align: left; } tr.out td { background: #fdecea; }
.scroll { overflow-x: auto; } .meta { color: #555; }
.kind { font-size: .8em; background: #eee; border-radius: 3px; padding: 0 .3em; }
.charts figure { margin: 1.2em 0; } figcaption { font-weight: 600; } svg { max-width: 100%; height: auto; }
.calendar { display: inline-block; vertical-align: top; margin: 0 1.5em 1em 0; }
.calendar td { width: 2.2em; height: 2.6em; text-align: center; } td:first-child { white-space: nowrap; }
.done { background: #e8f5e9; } .flagged { background: #fff3e0; } .missing { background: #ffebee; }
"""


def page(title: str, style: str, body: str) -> str:
    """A whole HTML page that runs no script and loads nothing from elsewhere (its CSP says so too)."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>{escape(title)}</title><style>{style}</style></head>
<body>
<h1>{escape(title)}</h1>
{body}
</body></html>
"""


def _svg(reading: Series) -> str:
    shape = chart(reading)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" role="img" '
        f'aria-label="{escape(shape.title)}">',
        f'<rect x="0" y="0" width="{WIDTH:g}" height="{HEIGHT:g}" fill="#fff"/>',
    ]
    if shape.band is not None:
        top, bottom = shape.band
        width, height = WIDTH - LEFT - 12, bottom - top
        parts.append(f'<rect x="{LEFT:g}" y="{top:.1f}" width="{width:g}" height="{height:.1f}" fill="#e8f5e9"/>')
    for y, label in shape.ticks:
        parts.append(f'<line x1="{LEFT:g}" x2="{WIDTH - 12:g}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 4:g}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{escape(label)}</text>')
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in shape.points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="#546e7a" stroke-width="1.2"/>')
    for x, y, ok in shape.points:
        if ok:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#37474f"/>')
        else:  # out of range: red, and a cross, so it shows without colour too
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#c62828"/>')
            parts.append(f'<path d="M{x - 3:.1f},{y - 3:.1f}l6,6m0,-6l-6,6" stroke="#fff" stroke-width="1.5"/>')
    parts.append(f'<text x="{LEFT:g}" y="{HEIGHT - 6:g}" font-size="10">{escape(shape.first)}</text>')
    parts.append(
        f'<text x="{WIDTH - 12:g}" y="{HEIGHT - 6:g}" font-size="10" text-anchor="end">{escape(shape.last)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _calendar(title: str, days: dict[str, str], report: RecordsReport) -> str:
    out = [f'<div class="calendar"><h3>{escape(title)}</h3>']
    for name, weeks in month_grid(days, report.since, report.until):
        head = "".join(f"<th>{d}</th>" for d in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"))
        rows = []
        for week in weeks:
            cells = []
            for day, state in week:
                mark = STATES[state][0] if state in STATES else ""
                label = f' title="{escape(state)}"' if state else ""
                cells.append(f'<td class="{state}"{label}>{day or ""}<br>{mark}</td>' if day else "<td></td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        out.append(f"<table><caption>{escape(name)}</caption><tr>{head}</tr>{''.join(rows)}</table>")
    out.append("</div>")
    return "".join(out)


def _corrected(text: str | None) -> str:
    return f'<br><em class="meta">corrected by {escape(text)}</em>' if text else ""


def as_html(report: RecordsReport) -> str:
    e = escape
    title = f"Records of {report.manual}"
    period = f"{report.since.isoformat()} to {report.until.isoformat()}"
    runs = "".join(
        f"<tr><td>{e(r.day)}</td><td>{e(r.title)}</td><td>{r.id}</td><td>{r.revision}</td><td>{e(r.source)}</td>"
        f"<td>{e(', '.join(r.signed_by) or 'not signed')}</td><td>{e(r.verified_by or 'not verified')}</td>"
        f"<td>{r.flags}</td></tr>"
        for r in report.runs
    )
    readings = "".join(
        f'<tr class="{"out" if r.in_range is False else ""}"><td>{e(r.day)}</td><td>{e(r.time or "")}</td>'
        f"<td>{e(r.label)}</td><td>{e(value_text(r))}</td><td>{e(limits_text(r))}</td>"
        f"<td>{'out of range' if r.in_range is False else 'in range' if r.in_range else ''}</td>"
        f"<td>{e(r.initials or '')}</td><td>{e(r.action or '')}{_corrected(r.corrected)}</td>"
        f"<td>{e(r.verified_by or '')}</td></tr>"
        for r in report.readings
    )
    gaps = "".join(
        f'<li><strong>{e(g.day)}</strong> <span class="kind">{e(g.kind)}</span> {e(g.message)}</li>'
        for g in report.gaps
    )
    charts = "".join(f"<figure><figcaption>{e(s.what)}</figcaption>{_svg(s)}</figure>" for s in series(report.readings))
    calendars = "".join(_calendar(c.title, c.days, report) for c in report.calendars if c.days)
    summary = (
        f"{len(report.runs)} runs, {len(report.readings)} readings, "
        f"{report.out_of_range} out of range, {len(report.gaps)} gaps and flags"
    )
    legend = " · ".join(f"{mark} {state}" for state, (mark, _) in STATES.items())
    eligible = ""
    if report.eligible:
        eligible = (
            f"<h2>Older than {e(report.keep or '')}</h2><p>{len(report.eligible)} runs are older than the manual keeps "
            "records for. They may be removed; opsmanual never removes them itself.</p>"
        )
    return page(
        title,
        STYLE,
        f"""<p class="meta">{e(period)} · generated on {e(report.generated)} · {summary}</p>
<h2>Gaps and flags</h2><ul>{gaps or "<li>None.</li>"}</ul>
<h2>Readings over time</h2>
<p class="meta">The allowed range is shaded; a reading outside it is a red dot with a cross.</p>
<div class="charts">{charts or "<p>Not enough readings for a chart.</p>"}</div>
<h2>Checklists by day</h2><p class="meta">{e(legend)}</p>{calendars or "<p>None.</p>"}
<h2>Runs</h2><div class="scroll"><table><tr><th>Day</th><th>Checklist</th><th>Run</th><th>Revision</th><th>From</th>
<th>Signed by</th><th>Verified by</th><th>Flags</th></tr>{runs}</table></div>
<h2>Readings</h2><div class="scroll"><table><tr><th>Day</th><th>Time</th><th>Reading</th><th>Value</th><th>Limits</th>
<th>Result</th><th>Initials</th><th>Action taken</th><th>Verified by</th></tr>{readings}</table></div>
{eligible}""",
    )
