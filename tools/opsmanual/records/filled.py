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
from typing import Any

from opsmanual import forms
from opsmanual.diagnostics import Diagnostic, Severity

_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:h.]([0-5][0-9])")
_NUMBER = re.compile(r"[-+]?([0-9]+([.,][0-9]+)?|[.,][0-9]+)")
COMMA_LANGUAGES = frozenset(("es", "fr"))


# What a form's description must look like before anything is read from it: a PDF is anyone's file, and a
# description with the right fingerprint may still be made up. Sizes are bounded, so no form is too big to read.
_TEXT = {"type": "string", "maxLength": 5000}
_OPTIONAL = {"type": ["string", "null"], "maxLength": 5000}
_AMOUNT = {"type": ["number", "null"]}
_READING = {
    "type": "object",
    "required": ["what"],
    "properties": {
        "what": _TEXT,
        "unit": _OPTIONAL,
        "min": _AMOUNT,
        "max": _AMOUNT,
        "answer": {"enum": ["yes", "no", None]},
    },
}
_LOG = {
    "type": "object",
    "required": ["title", "rows", "columns"],
    "properties": {
        "title": _TEXT,
        "rows": {"type": "integer", "minimum": 1, "maximum": 100},
        "columns": {
            "type": "array",
            "maxItems": 40,
            "items": {
                "type": "object",
                "required": ["key", "label", "kind"],
                "properties": {
                    "key": _TEXT,
                    "label": _TEXT,
                    "kind": {"enum": ["text", "time", "number", "yesno", "initials"]},
                    "unit": _OPTIONAL,
                    "min": _AMOUNT,
                    "max": _AMOUNT,
                },
            },
        },
    },
}
_ROW = {
    "type": "object",
    "required": ["key", "kind", "text"],
    "properties": {
        "key": _TEXT,
        "kind": {"enum": ["action", "decision", "task", "reading", "note", "log"]},
        "text": _TEXT,
        "depth": {"type": "integer", "minimum": 0, "maximum": 10},
        "critical": {"type": "boolean"},
        "procedure": _OPTIONAL,
        "step": _OPTIONAL,
        "reading": _READING,
        "log": _LOG,
        "due": {"type": ["object", "null"]},
    },
}
DESCRIPTION = {
    "type": "object",
    "required": ["form", "manual", "checklist", "sections", "signoff", "fingerprint"],
    "properties": {
        "manual": {"type": "object", "required": ["name"], "properties": {"name": _TEXT, "language": _OPTIONAL}},
        "checklist": {
            "type": "object",
            "required": ["id", "title", "revision"],
            "properties": {
                "id": _TEXT,
                "title": _TEXT,
                "revision": {"type": "integer", "minimum": 0},
                "code": _OPTIONAL,
                "shift": _OPTIONAL,
            },
        },
        "columns": {
            "type": "array",
            "maxItems": 100,
            "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": _TEXT},
        },
        "sections": {
            "type": "array",
            "maxItems": 1000,
            "items": {
                "type": "object",
                "required": ["title", "rows"],
                "properties": {"title": _TEXT, "rows": {"type": "array", "maxItems": 5000, "items": _ROW}},
            },
        },
        "signoff": {"type": "array", "maxItems": 50, "items": _TEXT},
        "verify": {
            "type": ["object", "null"],
            "properties": {"role": _OPTIONAL, "within": {"type": ["string", "null"], "maxLength": 50}},
        },
        "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    },
}


def _well_formed(form: Any) -> bool:
    from jsonschema import Draft202012Validator

    return isinstance(form, dict) and Draft202012Validator(DESCRIPTION).is_valid(form)


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
        return refusal(file, "not-a-pdf", "the file is not a PDF", "import the PDF of a filled checklist")
    try:
        reader = PdfReader(io.BytesIO(data))
        attachments = reader.attachments
        fields = reader.get_fields() or {}
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        return refusal(
            file,
            "damaged-pdf",
            f"the PDF cannot be read: {str(error)[:120]}",
            "save it again from the app it was filled in, or scan the paper sheet into the tablet again",
        )
    found = attachments.get(forms.ATTACHMENT) if hasattr(attachments, "get") else None
    if not found:
        return refusal(
            file,
            "not-a-form",
            "the PDF is not an opsmanual checklist (it carries no description of its form)",
            "fill in a checklist printed by opsmanual checklist or opsmanual build, and import that",
        )
    try:
        form = json.loads(found[0])
    except (ValueError, UnicodeDecodeError):
        form = None
    if not isinstance(form, dict) or form.get("form") != forms.FORM or not _well_formed(form):
        return refusal(file, "not-a-form", "the PDF's form description cannot be read", "print the checklist again")
    if form.get("fingerprint") != forms.fingerprint(form):
        return refusal(
            file,
            "form-altered",
            "the form's description does not match its fingerprint: it was changed after it was printed",
            "fill in a checklist as opsmanual printed it",
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
