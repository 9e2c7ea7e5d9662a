"""The training matrix written out: text, JSON, CSV, and an HTML table a manager reads at a glance.

Each cell says its state in words and in a mark, not in colour alone; the HTML page runs
no script, loads nothing from elsewhere, and escapes every text it shows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from html import escape

from opsmanual.records.report_html import page
from opsmanual.records.training import Status

MARKS = {"current": "✓", "stale": "!", "missing": "✗", "not-required": "–"}
SHOWN = {"current": "✓", "stale": "! stale", "missing": "✗ missing", "not-required": "–"}  # a cell: a mark and a word
LEGEND = {
    "current": "signed the current revision",
    "stale": "signed an older revision: the procedure changed since",
    "missing": "not signed yet",
    "not-required": "not on their path",
}


def as_text(status: Status) -> str:
    out = [f"Training at {status.manual} on {status.today.isoformat()}: {len(status.people)} people", ""]
    for person in status.people:
        counts = status.person_summary(person)
        late = "  (past sign_within)" if person.id in status.overdue else ""
        out.append(
            f"{person.name} ({person.id}): {status.percent(person)}% current; "
            f"{counts['stale']} stale, {counts['missing']} missing{late}"
        )
        for procedure, cell in status.kept(person):
            if cell.state == "stale":
                out.append(f"  stale    {procedure.title}: signed revision {cell.revision} on {cell.day}")
                out += [f"             {change}" for change in cell.changes]
            elif cell.state == "missing":
                out.append(f"  missing  {procedure.title}")
    out += ["", "By procedure"]
    for procedure in status.procedures:
        counts = status.procedure_summary(procedure)
        out.append(
            f"  {procedure.title} (revision {procedure.revision}): {counts['current']} current, "
            f"{counts['stale']} stale, {counts['missing']} missing"
        )
    return "\n".join(out) + "\n"


def as_json(status: Status) -> str:
    data = {
        "manual": status.manual,
        "today": status.today.isoformat(),
        "overdue": status.overdue,
        "people": [
            {
                "id": person.id,
                "name": person.name,
                "roles": list(person.roles),
                "percent_current": status.percent(person),
                "procedures": {
                    procedure.id: {
                        "state": cell.state,
                        "signed_revision": cell.revision,
                        "signed_on": cell.day,
                        "changes": list(cell.changes),
                    }
                    for procedure, cell in status.kept(person)
                },
            }
            for person in status.people
        ],
        "procedures": [
            {"id": p.id, "title": p.title, "revision": p.revision, **status.procedure_summary(p)}
            for p in status.procedures
        ],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"  # large: no indent, C speed


def as_csv(status: Status) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(("person", "name", "procedure", "title", "revision", "state", "signed_revision", "signed_on"))
    for person in status.people:
        for procedure, cell in status.kept(person):
            signed = "" if cell.revision is None else cell.revision
            row = (person.id, person.name, procedure.id, procedure.title, procedure.revision, cell.state, signed)
            writer.writerow((*row, cell.day or ""))
    return stream.getvalue()


STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; color: #1a1a1a; margin: 2em auto; max-width: 72em; padding: 0 1em; }
table { border-collapse: collapse; font-size: .9em; } th, td { border: 1px solid #ccc; padding: .3em .45em; }
thead th { background: #f2f2f2; vertical-align: bottom; white-space: nowrap; }
th.person { text-align: left; white-space: nowrap; position: sticky; left: 0; background: #fff; }
td { text-align: center; white-space: nowrap; min-width: 5.5em; } .scroll { overflow-x: auto; } .meta { color: #555; }
.current { background: #e8f5e9; } .stale { background: #fff3e0; } .missing { background: #ffebee; }
.not-required { color: #888; } .legend span { display: inline-block; margin-right: 1.2em; padding: 0 .4em; }
"""


def as_html(status: Status) -> str:
    e = escape
    head = "".join(
        f'<th scope="col" title="{e(p.title)}">{e(p.code or p.title)}<br><small>rev. {p.revision}</small></th>'
        for p in status.procedures
    )
    rows = []
    for person in status.people:
        cells = []
        for procedure in status.procedures:
            cell = status.cell(person, procedure)
            said = LEGEND[cell.state] + (f" (revision {cell.revision}, {cell.day})" if cell.revision else "")
            said += "".join(f"; {c}" for c in cell.changes)
            cells.append(f'<td class="{cell.state}" title="{e(said)}">{SHOWN[cell.state]}</td>')
        late = " ⚠" if person.id in status.overdue else ""
        rows.append(
            f'<tr><th scope="row" class="person">{e(person.name)}{late}<br><small>{e(person.id)} · '
            f"{status.percent(person)}% current</small></th>{''.join(cells)}</tr>"
        )
    totals = []
    for procedure in status.procedures:
        counts = status.procedure_summary(procedure)
        required = counts["current"] + counts["stale"] + counts["missing"]
        totals.append(f"<td>{counts['current']}/{required}</td>")
    legend = "".join(f'<span class="{s}">{MARKS[s]} {e(s.replace("-", " "))}: {e(t)}</span>' for s, t in LEGEND.items())
    stale = "".join(
        f"<li><strong>{e(person.name)}</strong>, {e(procedure.title)}: {e('; '.join(cell.changes))}</li>"
        for person in status.people
        for procedure, cell in status.kept(person)
        if cell.state == "stale"
    )
    procedures = "".join(
        f"<li><strong>{e(p.code or p.id)}</strong> {e(p.title)} (revision {p.revision})</li>" for p in status.procedures
    )
    title = f"Training at {status.manual}"
    meta = f"{e(status.today.isoformat())} · {len(status.people)} people · ⚠ past the time to sign their path"
    return page(
        title,
        STYLE,
        f"""<p class="meta">{meta}</p>
<p class="legend">{legend}</p>
<div class="scroll"><table><thead><tr><th scope="col">Person</th>{head}</tr></thead>
<tbody>{"".join(rows)}</tbody>
<tfoot><tr><th scope="row" class="person">Current</th>{"".join(totals)}</tr></tfoot></table></div>
<h2>What changed since it was signed</h2><ul>{stale or "<li>Nothing is stale.</li>"}</ul>
<h2>The procedures</h2><ul>{procedures}</ul>""",
    )


FORMATS: dict[str, Callable[[Status], str]] = {"text": as_text, "json": as_json, "csv": as_csv, "html": as_html}
