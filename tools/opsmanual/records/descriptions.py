"""What the description a form carries must look like before anything is read from it.

A PDF is anyone's file, and a description with the right fingerprint may still be made up;
each kind of form (a checklist, a training sheet) has a schema here, and sizes are bounded so
that no form is too big to read.
"""

from __future__ import annotations

from typing import Any

from opsmanual import forms

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
_MANUAL = {"type": "object", "required": ["name"], "properties": {"name": _TEXT, "language": _OPTIONAL}}
_FINGERPRINT = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
DESCRIPTION: dict[str, Any] = {
    "type": "object",
    "required": ["form", "manual", "checklist", "sections", "signoff", "fingerprint"],
    "properties": {
        "manual": _MANUAL,
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
        "fingerprint": _FINGERPRINT,
    },
}


_PROCEDURE = {
    "type": "object",
    "required": ["id", "title", "revision"],
    "properties": {
        "id": _TEXT,
        "title": _TEXT,
        "code": _OPTIONAL,
        "revision": {"type": "integer", "minimum": 0},
        "effective": _OPTIONAL,
    },
}
TRAINING = {
    "type": "object",
    "required": ["form", "manual", "person", "procedures", "fingerprint"],
    "properties": {
        "manual": _MANUAL,
        "person": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {"id": _TEXT, "name": _TEXT, "roles": {"type": "array", "maxItems": 50, "items": _TEXT}},
        },
        "procedures": {"type": "array", "maxItems": 5000, "items": _PROCEDURE},
        "fingerprint": _FINGERPRINT,
    },
}
SCHEMAS = {forms.FORM: DESCRIPTION, forms.TRAINING_FORM: TRAINING}


def well_formed(form: Any) -> bool:
    """Whether `form` is the description of one of opsmanual's forms, in the shape it is printed in."""
    from jsonschema import Draft202012Validator

    if not isinstance(form, dict) or form.get("form") not in SCHEMAS:
        return False
    return bool(Draft202012Validator(SCHEMAS[form["form"]]).is_valid(form))
