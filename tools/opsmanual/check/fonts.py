"""font-missing: text the printed forms cannot print, because no font on this machine has its letters.

The PDFs print with DejaVu Sans and, for the scripts it lacks, with fonts found on the machine
(render/pdf/scripts). Told from tables, without loading a font or the PDF library, so `check`
stays lean; a warning names the script, a character and the Debian package that prints it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import fields

from opsmanual.diagnostics import NOWHERE, Collector
from opsmanual.i18n.messages import _
from opsmanual.load.discover import MANUAL_FILE, TEAM_FILE
from opsmanual.model import Manual
from opsmanual.render.pdf.scripts import fonts_for, not_dejavu, script_of

_ELSEWHERE = ("procedures", "checklists", "people", "overlays")  # the fields whose text is in files of their own


def check_fonts(manual: Manual, output: Callable[[str], Collector]) -> None:
    """Warn once per file whose text needs letters that no font found here prints; `output(rel)` collects them."""
    files: list[tuple[str, list[str]]] = [
        (MANUAL_FILE, _texts(tuple(getattr(manual, f.name) for f in fields(manual) if f.name not in _ELSEWHERE))),
        (TEAM_FILE, _texts(manual.people)),
        *((p.file, _texts(p)) for p in manual.procedures),
        *((c.file, _texts(c)) for c in manual.checklists),
        *((o.file, _texts(o.texts)) for o in manual.overlays),
    ]
    for rel, texts in files:
        missing = unprintable(texts)
        if missing:
            what = "; ".join(_("{name} (such as '{example}')").format(name=n, example=e) for n, e in missing.items())
            message = _(
                "the printed forms would show empty boxes for {what}: no font found on this machine has them"
            ).format(what=what)
            output(rel).warning(NOWHERE, "font-missing", message, _hint(missing.values()))


def _hint(examples: Iterable[str]) -> str:
    scripts = [s for s in map(script_of, map(ord, examples)) if s is not None]
    if not scripts:
        return _("write these characters another way: no font that opsmanual knows of prints them")
    packages = sorted({s.package for s in scripts})
    files = ", ".join(dict.fromkeys(s.files[0] for s in scripts))
    return _(
        "install Debian's {packages} (apt-get install {names}), "
        "or set OPSMANUAL_FONT_DIRS to the folders that hold {files}"
    ).format(packages=", ".join(packages), names=" ".join(packages), files=files)


def unprintable(texts: Iterable[str]) -> dict[str, str]:
    """The scripts (or characters, by name) among `texts` that no available font prints, each with an example."""
    found: dict[str, str] = {}
    for character in dict.fromkeys(not_dejavu().findall("\n".join(texts))):
        script = script_of(ord(character))
        if script is None:
            name = unicodedata.name(character, f"U+{ord(character):04X}")
            found.setdefault(_("the character {name}").format(name=name.lower()), character)
        elif not fonts_for(script):
            found.setdefault(script.name, character)
    return found


def _texts(value: object) -> list[str]:
    """The strings in a part of the model that are not plain ASCII (ids, dates and most text are passed over)."""
    found: list[str] = []
    _collect(value, found)
    return found


def _collect(value: object, found: list[str]) -> None:
    if isinstance(value, str):
        if not value.isascii():
            found.append(value)
    elif isinstance(value, tuple | list):
        for item in value:
            if not isinstance(item, str) or not item.isascii():
                _collect(item, found)
    elif isinstance(value, dict):
        _collect(tuple(value.values()), found)
    elif (names := getattr(type(value), "__dataclass_fields__", None)) is not None:
        for name in names:
            item = getattr(value, name)
            if item is not None and not isinstance(item, int | float):
                _collect(item, found)
