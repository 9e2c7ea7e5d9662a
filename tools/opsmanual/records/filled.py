"""A filled checklist form, read back: what it was printed from, and what was written in each field.

Field values are read as the person wrote them; `number` and `clock` say whether a
value is a number in the printed unit, or a time of day, the way people write them
(a decimal comma in a Spanish or French manual, a leading zero left out).
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from opsmanual import forms
from opsmanual.diagnostics import Diagnostic, Severity
from opsmanual.i18n.messages import _
from opsmanual.records.descriptions import well_formed

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:h.]([0-5][0-9])")
_NUMBER = re.compile(r"[-+]?([0-9]+([.,][0-9]+)?|[.,][0-9]+)")
COMMA_LANGUAGES = frozenset(("es", "fr"))


@dataclass(frozen=True)
class Filled:
    """A form's description and the values of its fields (as text; "" when left empty)."""

    form: dict[str, Any]
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def ticked(self, name: str) -> bool:
        return self.get(name) not in ("", "Off")

    @property
    def language(self) -> str:
        return str(self.form.get("manual", {}).get("language") or "en")


def refusal(file: str, code: str, message: str, hint: str, field: str = "") -> Diagnostic:
    """A finding about a form: the field's name is its place."""
    return Diagnostic(file, 0, 0, Severity.ERROR, code, message, hint, field=field)


def flag(file: str, code: str, message: str, hint: str, field: str = "") -> Diagnostic:
    return Diagnostic(file, 0, 0, Severity.WARNING, code, message, hint, field=field)


def _value(field: Any) -> str:
    raw = field.get("/V")
    text = str(raw) if raw is not None else ""
    if field.get("/FT") == "/Btn" and text.startswith("/"):
        return text[1:]  # a button's state is a name: /Yes, /no, /Off
    return text


def read_filled(data: bytes, file: str) -> Filled | Diagnostic:
    """The form inside a PDF and its fields' values, or why it cannot be read as one of ours."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip()[:5].startswith(b"%PDF-"):
        return refusal(file, "not-a-pdf", _("the file is not a PDF"), _("import the PDF of a filled checklist"))
    try:
        reader = PdfReader(io.BytesIO(data))
        attachments = reader.attachments
        fields = reader.get_fields() or {}
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        return refusal(
            file,
            "damaged-pdf",
            _("the PDF cannot be read: {error}").format(error=str(error)[:120]),
            _("save it again from the app it was filled in, or scan the paper sheet into the tablet again"),
        )
    found = attachments.get(forms.ATTACHMENT) if hasattr(attachments, "get") else None
    if not found:
        return refusal(
            file,
            "not-a-form",
            _("the PDF is not an opsmanual checklist or training sheet (it carries no description of its form)"),
            _("fill in a checklist or training sheet printed by opsmanual, and import that"),
        )
    try:
        form = json.loads(found[0])
    except (ValueError, UnicodeDecodeError):
        form = None
    if not well_formed(form):
        message, hint = _("the PDF's form description cannot be read"), _("print the checklist again")
        return refusal(file, "not-a-form", message, hint)
    if form.get("fingerprint") != forms.fingerprint(form):
        return refusal(
            file,
            "form-altered",
            _("the form's description does not match its fingerprint: it was changed after it was printed"),
            _("fill in a checklist as opsmanual printed it"),
        )
    values = {str(name): _value(field) for name, field in fields.items()}
    return Filled(form, values)


def number(text: str, language: str, unit: str | None = None) -> float | None:
    """The number written in a value box, or None when it is not one ("eight", "8,5" in English)."""
    written = text.strip().replace("−", "-").replace("\u00a0", " ")
    if unit and written.endswith(unit):
        written = written[: -len(unit)].strip()
    if not _NUMBER.fullmatch(written):
        return None
    if "," in written:
        if language not in COMMA_LANGUAGES:
            return None
        written = written.replace(",", ".")
    return float(written)


def clock(text: str) -> str | None:
    """A time of day as HH:MM ("7:05" is "07:05"), or None when it is not one."""
    match = _TIME.fullmatch(text.strip())
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


class FormReader:
    """Reads a filled form's fields, collecting refusals and flags as it goes."""

    def __init__(self, filled: Filled, file: str) -> None:
        self.filled, self.file = filled, file
        self.errors: list[Diagnostic] = []
        self.flags: list[Diagnostic] = []

    def of_manual(self, name: str, what: str) -> bool:
        """Whether the form was printed for the manual `name`; refused when it was not."""
        printed = str(self.filled.form["manual"]["name"])
        if printed != name:
            self.refuse(
                "other-manual",
                _("the {what} was printed for '{printed}', not for '{name}'").format(
                    what=what, printed=printed, name=name
                ),
                _("import it into that manual's records (--root), or print this manual's {what}").format(what=what),
            )
        return printed == name

    def refuse(self, code: str, message: str, hint: str, name: str = "") -> None:
        self.errors.append(refusal(self.file, code, message, hint, name))

    def warn(self, code: str, message: str, hint: str, name: str = "") -> None:
        self.flags.append(flag(self.file, code, message, hint, name))

    def number(self, name: str, unit: str | None, what: str) -> float | None:
        text = self.filled.get(name).strip()
        if not text:
            return None
        found = number(text, self.filled.language, unit)
        if found is None:
            comma = self.filled.language not in ("es", "fr") and "," in text
            self.refuse(
                "not-a-number",
                _("'{text}' in {what} is not a number").format(text=text, what=what),
                _("write the number with a decimal point, like 8.5")
                if comma
                else _("write the reading in digits, like 3.5"),
                name,
            )
        return found

    def clock(self, name: str, what: str) -> str | None:
        text = self.filled.get(name).strip()
        if not text:
            return None
        found = clock(text)
        if found is None:
            message = _("'{text}' in {what} is not a time of day").format(text=text, what=what)
            self.refuse("not-a-time", message, _("write it as HH:MM, like 07:05"), name)
        return found


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if _DATE.fullmatch(text) else None
    except ValueError:
        return None


def written_date(reader: FormReader, name: str, what: str) -> str | None:
    """A date written in a field, as YYYY-MM-DD; None when it is blank or refused."""
    text = reader.filled.get(name).strip()
    if not text:
        return None
    if parse_day(text) is None:
        message = _("'{text}' in {what} is not a date").format(text=text, what=what)
        reader.refuse("bad-date", message, _("write it as YYYY-MM-DD, like 2026-11-24"), name)

        return None
    return text
