"""Checklist forms filled in by a program the way a shift lead fills them in: for the demo, the benchmark and tests.

`fill` writes values into a printed form's fields with pypdf, as any PDF filler would,
using only the field names that forms.py documents. `sample_values` makes a plausible
shift: most readings in range, now and then one out of range with the action written,
times through the shift, initials, a sign-off and a manager's verification a day later.
"""

from __future__ import annotations

import io
import random
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from opsmanual import forms

LEADS = ("Ana Ruiz", "Ben Osei", "Chloé Martin")
INITIALS = ("AR", "BO", "CM", "DK")
MANAGER = "Dana Kim"


def fill(pdf: bytes, values: Mapping[str, str]) -> bytes:
    """The form with `values` written into its fields (ticks as "/Yes", a yes/no answer as "/yes" or "/no")."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, dict(values), auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read_form(pdf: bytes) -> dict[str, Any]:
    """The description a printed form carries."""
    import json

    from pypdf import PdfReader

    return dict(json.loads(PdfReader(io.BytesIO(pdf)).attachments[forms.ATTACHMENT][0]))


class _Shift:
    def __init__(self, rng: random.Random, out_of_range: float, start: int) -> None:
        self.rng, self.out_of_range, self.minute = rng, out_of_range, start

    def clock(self) -> str:
        self.minute += self.rng.randint(1, 6)
        return f"{self.minute // 60 % 24:02d}:{self.minute % 60:02d}"

    def number(self, reading: Mapping[str, Any]) -> tuple[str, bool]:
        """A value for a reading, and whether it is out of its range."""
        low: float | None = reading.get("min")
        high: float | None = reading.get("max")
        if low is None and high is None:
            return str(self.rng.choice((150, 150, 150.5, 149))), False
        bottom = low if low is not None else (high or 0.0) - 6
        top = high if high is not None else (low or 0.0) + 12
        if self.rng.random() < self.out_of_range:
            value = top + self.rng.uniform(0.5, 4) if high is not None else bottom - self.rng.uniform(0.5, 4)
            return f"{value:.1f}", True
        return f"{self.rng.uniform(bottom, top):.1f}", False

    def answer(self, reading: Mapping[str, Any]) -> tuple[str, bool]:
        expected = reading["answer"]
        if self.rng.random() < self.out_of_range:
            return ("/no" if expected == "yes" else "/yes"), True
        return f"/{expected}", False


def sample_values(
    form: Mapping[str, Any], day: date, rng: random.Random, *, out_of_range: float = 0.03, start: str = "07:00"
) -> dict[str, str]:
    """The fields of one shift's form, filled in."""
    hours, minutes = start.split(":")
    shift = _Shift(rng, out_of_range, int(hours) * 60 + int(minutes))
    lead = rng.choice(LEADS)
    values = {forms.RUN_DATE: day.isoformat(), forms.RUN_LEAD: lead}
    columns = [c for c, _ in form.get("columns") or []]
    for section in form["sections"]:
        for row in section["rows"]:
            if columns:
                _grid(values, row, columns, shift)
            else:
                _row(values, row, shift)
    for column in columns:
        values[forms.column_initials(column)] = rng.choice(INITIALS)
    for n, _ in enumerate(form["signoff"], 1):
        values[forms.signoff_name(n)] = lead if n == 1 else rng.choice([name for name in LEADS if name != lead])
        values[forms.signoff_time(n)] = shift.clock()
    if form.get("verify"):
        values[forms.VERIFY_NAME] = MANAGER
        values[forms.VERIFY_DATE] = (day + timedelta(days=1)).isoformat()
    return values


def _row(values: dict[str, str], row: Mapping[str, Any], shift: _Shift) -> None:
    key, kind, reading, rng = row["key"], row["kind"], row.get("reading"), shift.rng
    if kind == "decision":
        return
    if kind == "note":
        if rng.random() < 0.3:
            values[forms.text(key)] = rng.choice(("Dishwasher door sticks.", "Low on oat milk.", "All fine."))
            values[forms.initials(key)] = rng.choice(INITIALS)
        return
    if kind == "log":
        _log(values, key, row["log"], shift)
        return
    if row.get("depth", 0) == 0 or reading is not None:  # a sub-step has a tick, and no initials of its own
        values[forms.initials(key)] = rng.choice(INITIALS)
    if row.get("due"):
        values[forms.due(key)] = shift.clock()
    if reading is None:
        values[forms.done(key)] = "/Yes"
        return
    value, out = shift.answer(reading) if reading.get("answer") else shift.number(reading)
    values[forms.value(key)] = value
    values[forms.time(key)] = shift.clock()
    if out:
        values[forms.action(key)] = "Moved the food, told the manager, checked again in 30 minutes."


def _grid(values: dict[str, str], row: Mapping[str, Any], columns: list[str], shift: _Shift) -> None:
    key, kind, reading = row["key"], row["kind"], row.get("reading")
    for column in columns:
        if kind == "decision":
            return
        if kind == "note":
            continue
        if reading is None:
            values[forms.grid_cell(key, column, "done")] = "/Yes"
        else:
            answer = shift.answer(reading) if reading.get("answer") else shift.number(reading)
            values[forms.grid_cell(key, column, "value")] = answer[0]


def _log(values: dict[str, str], key: str, log: Mapping[str, Any], shift: _Shift) -> None:
    rng = shift.rng
    for n in range(1, rng.randint(1, min(3, int(log["rows"]))) + 1):
        for number, column in enumerate(log["columns"], 1):
            name = forms.log_cell(key, n, column["label"], number)
            kind = column["kind"]
            if kind == "number":
                values[name] = shift.number(column)[0]
            elif kind == "time":
                values[name] = shift.clock()
            elif kind == "yesno":
                values[name] = "/yes"
            elif kind == "initials":
                values[name] = rng.choice(INITIALS)
            else:
                values[name] = rng.choice(("Beef stew", "Chicken stock", "Rice", "Bidfood", "Brakes"))


def sample_training_values(form: Mapping[str, Any], day: date, *, only: set[str] | None = None) -> dict[str, str]:
    """A training sheet signed on `day`: each procedure (or those in `only`) initialled, dated and trained."""
    person = form["person"]
    initials = "".join(word[0] for word in person["name"].split()[:3]).upper()
    values = {forms.PERSON_SIGNATURE: person["name"], forms.PERSON_DATE: day.isoformat()}
    for procedure in form["procedures"]:
        if only is None or procedure["id"] in only:
            values[forms.ack(procedure["id"], "initials")] = initials
            values[forms.ack(procedure["id"], "date")] = day.isoformat()
            values[forms.ack(procedure["id"], "trainer")] = "DK"
    return values
