"""Languages as data: every word opsmanual writes itself, one YAML file per language in this folder.

Adding a language is adding a file (`fr.yaml`) with the same keys as `en.yaml`, then
`make schemas`, which writes the language list and the duration words into the schemas.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

_FOLDER = resources.files("opsmanual") / "i18n"


@cache
def languages() -> tuple[str, ...]:
    """The codes of the languages opsmanual speaks, from the files in this folder."""
    return tuple(sorted(f.name[:-5] for f in _FOLDER.iterdir() if f.name.endswith(".yaml")))


@cache
def _language(code: str) -> dict[str, Any]:
    if code not in languages():
        raise ValueError(f"opsmanual has no language {code!r}; it has {', '.join(languages())}")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document: dict[str, Any] = yaml.load((_FOLDER / f"{code}.yaml").read_text(encoding="utf-8"), Loader=loader)
    return document


def language_name(code: str) -> str:
    return str(_language(code)["name"])


def labels(code: str) -> Mapping[str, str]:
    """The labels of one language, by key."""
    table: Mapping[str, str] = _language(code)["labels"]
    return table


def scaffold(code: str) -> Mapping[str, Any]:
    """What `init` and `new` write in this language: the sample manual and the placeholders."""
    words: Mapping[str, Any] = _language(code)["scaffold"]
    return words


@cache
def sample_texts() -> frozenset[str]:
    """The sample text `opsmanual new` writes, in every language, for `check` to recognise."""
    keys = ("purpose_placeholder", "step_placeholder", "task_placeholder")
    return frozenset(scaffold(code)[key].strip() for code in languages() for key in keys)


@cache
def unit_words() -> dict[str, str]:
    """Every word for a unit of time in every language, and the unit it names: {"min": "minute", "horas": "hour"}."""
    found: dict[str, str] = {}
    for code in languages():
        for unit, words in _language(code)["units"].items():
            for word in words:
                if found.setdefault(word, unit) != unit:
                    raise ValueError(f"{code}.yaml: the unit word {word!r} names two units")
    return found


@cache
def weekday_names() -> dict[str, int]:
    """Every weekday name in every language, and its day (0 for Monday): {"monday": 0, "lunes": 0}."""
    found: dict[str, int] = {}
    for code in languages():
        for day, name in enumerate(_language(code)["weekdays"]):
            if found.setdefault(name, day) != day:
                raise ValueError(f"{code}.yaml: the weekday name {name!r} names two days")
    return found


def weekdays(code: str) -> tuple[str, ...]:
    """The weekday names of one language, Monday first, as written in `on:`."""
    return tuple(_language(code)["weekdays"])


def weekday_display(code: str) -> tuple[str, ...]:
    """The weekday names as shown on pages and printouts, Monday first."""
    return tuple(_language(code)["weekday_names"])
