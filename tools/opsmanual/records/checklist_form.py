"""A filled checklist form read into a run's content: every row, cell and log line, checked field by field.

The form says what was printed (its description); the fields say what was written. Every
value is checked before anything is recorded: a form with one bad field is refused and the
field named. What is worth a second look (a reading out of range with no action written, a
critical row left blank, no sign-off) is flagged.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from opsmanual import forms
from opsmanual.i18n.messages import _
from opsmanual.model import Manual
from opsmanual.records.filled import Filled, FormReader, parse_day, written_date
from opsmanual.records.runs import form_of_run, printed_row, within

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class ChecklistReader(FormReader):
    """A checklist form's rows, cells and log lines, as the content of a run."""

    def reading(self, key: str, reading: dict[str, Any], name: str, label: str) -> dict[str, Any]:
        """The value of a reading's box: a number in the printed unit, or the yes/no answer ticked."""
        if reading.get("answer"):
            answer = self.filled.get(name).lower() or None
            answer = answer if answer in ("yes", "no") else None
            return {"answer": answer, "in_range": None if answer is None else answer == reading["answer"]}
        value = self.number(name, reading.get("unit"), label)
        return {"value": value, "in_range": within(value, reading.get("min"), reading.get("max"))}

    def row(self, row: dict[str, Any], section: str) -> list[dict[str, Any]]:
        key, kind, reading = row["key"], row["kind"], row.get("reading")
        common = {"key": key, **printed_row(row, section)}
        if kind == "log":
            return [{**common, "cells": self.log(key, row["log"])}]
        if kind == "decision":
            return [common]
        initials = self.filled.get(forms.initials(key)).strip() or None
        if kind == "note":
            return [{**common, "note": self.filled.get(forms.text(key)).strip() or None, "initials": initials}]
        found = dict(common)
        if row.get("depth", 0) == 0 or reading is not None:  # a sub-step has a tick, and no initials of its own
            found["initials"] = initials
        if reading is None:
            found["done"] = self.filled.ticked(forms.done(key))
        else:
            found |= self.reading(key, reading, forms.value(key), f"'{reading['what']}'")
            found["time"] = self.clock(forms.time(key), f"the time of '{reading['what']}'")
            found["action"] = self.filled.get(forms.action(key)).strip() or None
        if row.get("due"):
            found["due"] = self.clock(forms.due(key), f"the due time of '{row['text']}'")
        return [found]

    def grid_row(self, row: dict[str, Any], section: str, columns: list[list[str]], days: dict[str, str]) -> list[Any]:
        """A row of a week sheet or of a shift's repetitions: one record per column."""
        if row["kind"] == "decision":
            return []
        found = []
        key, reading, printed = row["key"], row.get("reading"), printed_row(row, section)
        for column, heading in columns:
            cell: dict[str, Any] = {
                "key": key,
                **printed,
                "column": column,
                "day": days.get(column),
                "at": None if column in days else heading,
                "initials": self.filled.get(forms.column_initials(column)).strip() or None,
            }
            if row["kind"] == "note":
                cell["note"] = self.filled.get(forms.grid_cell(key, column, "text")).strip() or None
            elif reading is not None:
                name = forms.grid_cell(key, column, "value")
                cell |= self.reading(key, reading, name, f"'{reading['what']}' ({heading})")
                cell["time"] = cell["at"]
            else:
                cell["done"] = self.filled.ticked(forms.grid_cell(key, column, "done"))
            found.append(cell)
        return found

    def log(self, key: str, log: dict[str, Any]) -> list[dict[str, Any]]:
        rows = []
        for n in range(1, int(log["rows"]) + 1):
            cells: dict[str, Any] = {}
            for number_, column in enumerate(log["columns"], 1):
                name = forms.log_cell(key, n, column["label"], number_)
                what = f"'{column['label']}' in row {n} of '{log['title']}'"
                kind = column["kind"]
                if kind == "number":
                    value: Any = self.number(name, column.get("unit"), what)
                elif kind == "time":
                    value = self.clock(name, what)
                else:
                    value = self.filled.get(name).strip() or None
                if value is not None:
                    cells[column["key"]] = value
            if cells:
                rows.append({"n": n, "cells": cells})
        return rows


def _day(reader: ChecklistReader, today: date) -> date | None:
    filled = reader.filled
    text = filled.get(forms.RUN_DATE).strip() or (filled.form.get("printed_on") or "")
    if not text:
        message, hint = _("the form has no date"), _("write the date at the top of the sheet, YYYY-MM-DD")
        reader.refuse("no-date", message, hint, forms.RUN_DATE)
        return None
    day = parse_day(text)
    if day is None:
        message, hint = (
            _("'{text}' is not a date").format(text=text),
            _("write the date as YYYY-MM-DD, like 2026-11-24"),
        )
        reader.refuse("bad-date", message, hint, forms.RUN_DATE)
        return None
    if day > today:
        reader.refuse(
            "date-in-future",
            _("the form is dated {day}, after today ({today})").format(day=day.isoformat(), today=today.isoformat()),
            _("correct the date on the sheet: records are made on or after the day they are for"),
            forms.RUN_DATE,
        )
        return None
    return day


def read_run(filled: Filled, file: str, manual: Manual, today: date) -> tuple[dict[str, Any] | None, ChecklistReader]:
    """The run a filled form records (None when it is refused), with its refusals and flags."""
    reader, form = ChecklistReader(filled, file), filled.form
    if not reader.of_manual(manual.name, _("checklist")):
        return None, reader
    day = _day(reader, today)
    checklist = form["checklist"]
    columns = form.get("columns") or []
    days = {}
    if day is not None and columns and columns[0][0] in _DAYS:
        monday = day - timedelta(days=day.weekday())
        days = {c: (monday + timedelta(days=_DAYS.index(c))).isoformat() for c, _ in columns}
    records: list[dict[str, Any]] = []
    for section in form["sections"]:
        for row in section["rows"]:
            if columns:
                records += reader.grid_row(row, section["title"], columns, days)
            else:
                records += reader.row(row, section["title"])
    if columns:
        for column, heading in columns:
            records.append(
                {
                    "key": "column",
                    "kind": "column",
                    "column": column,
                    "day": days.get(column),
                    "at": None if column in days else heading,
                    "note": filled.get(forms.column_note(column)).strip() or None,
                    "initials": filled.get(forms.column_initials(column)).strip() or None,
                }
            )
    signoffs = [
        {"n": n, "label": label, "name": filled.get(forms.signoff_name(n)).strip() or None}
        | {"time": reader.clock(forms.signoff_time(n), f"the time of '{label}'")}
        for n, label in enumerate(form["signoff"], 1)
    ]
    verified = filled.get(forms.VERIFY_NAME).strip() or None
    verify_day = written_date(reader, forms.VERIFY_DATE, "the verification date")
    if reader.errors or day is None:  # every field is read first, so that one import names every mistake
        return None, reader
    content = {
        "source": "pdf",
        "form": form_of_run(form),
        "date": day.isoformat(),
        "shift": checklist.get("shift"),
        "lead": filled.get(forms.RUN_LEAD).strip() or None,
        "rows": records,
        "signoffs": signoffs,
        "verification": {"name": verified, "date": verify_day} if verified or verify_day else None,
        "verify": form.get("verify"),
    }
    _flag(reader, content, manual)
    return (None if reader.errors else content), reader


def _flag(reader: ChecklistReader, content: dict[str, Any], manual: Manual) -> None:
    """What is recorded but worth a second look."""
    for row in content["rows"]:
        if row.get("in_range") is False and not row.get("action") and not row.get("column"):
            reader.warn(
                "no-action",
                f"'{row['what']}' is out of range and no action taken is written",
                "write what was done under the reading, or record a correction",
                forms.action(row["key"]),
            )
        if row.get("critical") and row["kind"] in ("action", "task", "reading"):
            left = row.get("done") is False or (
                row["kind"] == "reading" and row.get("value") is None and row.get("answer") is None
            )
            if left:
                if row.get("column"):
                    blank = forms.grid_cell(row["key"], row["column"], "value" if row.get("what") else "done")
                else:
                    blank = forms.value(row["key"]) if row["kind"] == "reading" else forms.done(row["key"])
                reader.warn(
                    "critical-not-done",
                    f"the critical row '{row['text']}' was left blank"
                    + (f" ({row['column']})" if row.get("column") else ""),
                    "ask the shift lead why",
                    blank,
                )
            elif not row.get("column") and "initials" in row and not row["initials"]:
                reader.warn(
                    "critical-no-initials",
                    f"the critical row '{row['text']}' has no initials",
                    "initial every critical row",
                    forms.initials(row["key"]),
                )
    if content["signoffs"] and not any(s["name"] for s in content["signoffs"]):
        reader.warn(
            "no-signoff",
            "nobody signed the sheet off",
            "the shift lead signs the sheet off at the end of the shift",
            forms.signoff_name(1),
        )
    current = next((c for c in manual.checklists if c.id == content["form"]["checklist"]), None)
    if current is None:
        reader.warn(
            "checklist-gone", f"the manual has no checklist '{content['form']['checklist']}' now", "recorded as printed"
        )
    elif current.revision != content["form"]["revision"]:
        reader.warn(
            "old-revision",
            f"the form is revision {content['form']['revision']}; the checklist is now at revision {current.revision}",
            "recorded with the rows as printed; print the current revision for the next shift",
        )
