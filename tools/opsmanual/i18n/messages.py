"""The command line's words in the user's language, from gettext catalogs (stdlib `gettext` only: `check` stays lean).

Catalogs live in `locale/<lang>/LC_MESSAGES/opsmanual.po`; the build compiles them to `.mo`
(tools/hatch_build.py). A message no catalog translates is shown in English.

The language is, in this order: `OPSMANUAL_LANG`; the manual's own `language` (sops/manual.yaml,
peeked at, not parsed); the system's locale (LC_ALL, LC_MESSAGES, LANG); English.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from pathlib import Path

DOMAIN = "opsmanual"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENGLISH = "en"

_catalog: _gettext.NullTranslations = _gettext.NullTranslations()
_current = ENGLISH

# `language: es` at the top level of manual.yaml; a peek at the text, so a broken file costs nothing here.
_MANUAL_LANGUAGE = re.compile(
    r"""^language:[ \t]*["']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?["']?[ \t]*(?:#.*)?$""", re.M
)
_PEEK_BYTES = 64 * 1024


def _(message: str) -> str:
    """`message` in the current language (English when the catalog does not have it)."""
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for `n` things, by the current language's plural rules."""
    return _catalog.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for the catalog where it is defined (a module constant), to be translated with `_()` at use."""
    return message


def language() -> str:
    """The code of the language messages are shown in now."""
    return _current


def _code(value: str) -> str | None:
    """The language of a locale or language name: 'es_ES.UTF-8' -> 'es'; 'C' and 'POSIX' -> None."""
    code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code.isalpha() and code not in ("c", "posix") else None


def manual_language(root: Path) -> str | None:
    """The `language` written in ROOT's sops/manual.yaml, or None when there is none to read."""
    try:
        with open(root / "sops" / "manual.yaml", "rb") as file:
            head = file.read(_PEEK_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    match = _MANUAL_LANGUAGE.search(head)
    return match[1].lower() if match else None


def choose_language(root: Path | None = None) -> str:
    """The language to speak for a command run on `root` (None: no manual), by the order in this module's docstring."""
    chosen = _code(os.environ.get("OPSMANUAL_LANG", ""))
    if chosen is None and root is not None:
        chosen = manual_language(root)
    if chosen is None:
        for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
            value = os.environ.get(variable, "")
            if value:  # the first one set decides, as in POSIX, even when it says C
                chosen = _code(value)
                break
    return chosen or ENGLISH


def use_language(code: str) -> None:
    """Speak `code` from now on, argparse's own words ('usage:', 'options') included."""
    global _catalog, _current
    _catalog = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    _current = code
    import argparse

    # argparse translates its words with gettext's global domain: route them to this catalog instead.
    vars(argparse)["_"] = _
    vars(argparse)["ngettext"] = ngettext
