"""How a message names what it is about: a node by its path, a value, a type, and the hint for each kind of value.

Tables of words are marked here (`N_`) and translated where they are used, so a message speaks the language
chosen when it is made, not the one at import.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from opsmanual.i18n.messages import N_, _


def subject(path: list[Any]) -> str:
    """How to name the node at `path` in a message: 'title', item 2 of 'roles', step 1.2."""
    if not path:
        return _("the file")
    last = path[-1]
    if isinstance(last, str):
        return f"'{last}'"
    owner = next((p for p in reversed(path[:-1]) if isinstance(p, str)), None)
    if owner in ("steps", "then") and path[0] == "steps":
        numbers = [str(n + 1) for k, n in pairwise(path) if k in ("steps", "then") and isinstance(n, int)]
        return _("step {number}").format(number=".".join(numbers))
    if owner is None:
        return _("item {number}").format(number=last + 1)
    return _("item {number} of '{key}'").format(number=last + 1, key=owner)


def inside(path: list[Any]) -> str:
    """' in step 3', to follow a message about a key of that node ('' at the top of the file)."""
    return " " + _("in {place}").format(place=subject(path)) if path else ""


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return _("a set of keys")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


TYPE_WORDS = {
    "string": N_("text"),
    "boolean": N_("true or false"),
    "array": N_("a list"),
    "object": N_("a set of keys"),
    "integer": N_("a whole number"),
    "number": N_("a number"),
}
TYPE_HINTS = {
    "boolean": N_("use true or false (yes, no, on and off are text)"),
    "array": N_("write a list: one '- item' per line, or [first, second] on one line"),
    "object": N_("write the keys on their own lines, indented under this one"),
    "integer": N_("write digits only, like 2"),
    "number": N_("write a number, like 5 or -18"),
}
PATTERN_HINTS = {
    "id": N_("use lowercase letters and digits in words joined by hyphens, like 'line-cook' or 'check-cooler'"),
    "duration": N_("write a number above zero and a unit, like '30 s', '3 min', '1.5 h', '2 days' or '6 months'"),
    "date": N_("write the date as YYYY-MM-DD, like 2026-09-01"),
    "time-of-day": N_('write a 24-hour time as HH:MM, like "06:30" or "22:00"'),
    "markdown": N_("write some text, or remove the key"),
    "URL": N_("write a web address that starts with https:// or http://, like https://manual.example.com"),
    "File": N_(
        "put the picture in sops/media/ and write its path from sops/, like media/house-salad.jpg "
        "(no '..'; png, jpg, jpeg, gif, webp or svg)"
    ),
}
PATTERN_WHAT = {
    "id": N_("an id"),
    "duration": N_("a duration"),
    "date": N_("a date"),
    "time-of-day": N_("a time of day (HH:MM)"),
    "URL": N_("an http or https address"),
    "File": N_("a picture under media/"),
}
DEPENDENT_HINTS = {
    ("if", "then"): N_("a decision needs 'then:' with the steps to follow when the condition holds"),
    ("then", "if"): N_("'then' belongs to a decision: add 'if: <condition>', or use 'steps' for sub-steps"),
    ("steps", "sop"): N_("'steps' picks steps of a procedure: add 'sop: <procedure id>'"),
    ("lines", "note"): N_("'lines' sizes a note's box: add 'note: <label>', or remove 'lines'"),
}


def word(table: dict[Any, str], key: Any, default: str = "") -> str:
    """The translated entry of a table above, or `default` when it has none."""
    return _(table[key]) if key in table else default
