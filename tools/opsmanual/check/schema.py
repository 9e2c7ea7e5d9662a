"""The JSON Schemas: loaded from the package, checked fast when a file is valid, explained when it is not."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from opsmanual.check.hints import explain
from opsmanual.check.schema_fast import Check, compile_schema
from opsmanual.diagnostics import Collector
from opsmanual.load.tree import YamlMap, is_integer, is_number

KINDS = ("manual", "sop", "checklist", "team", "sop-translation", "checklist-translation", "manual-translation")
MAX_REPORTED_PER_FILE = 100


def schema_text(kind: str) -> str:
    """The schema file as shipped inside the package."""
    return (resources.files("opsmanual") / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")


@cache
def schema(kind: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(schema_text(kind))
    return result


@cache
def fast_check(kind: str) -> Check:
    return compile_schema(schema(kind))


@cache
def validator(kind: str) -> tuple[Any, dict[int, str]]:
    """jsonschema's validator with the format's integers, and the names of the schema's definitions by id."""
    from jsonschema import Draft202012Validator, FormatChecker, validators

    types = Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"integer": lambda checker, value: is_integer(value), "number": lambda checker, value: is_number(value)}
    )
    strict = validators.extend(Draft202012Validator, type_checker=types)  # type: ignore[no-untyped-call]
    document = schema(kind)
    names = {id(definition): name for name, definition in document.get("$defs", {}).items()}
    return strict(document, format_checker=FormatChecker(formats=["date"])), names


@cache
def image_file_pattern() -> re.Pattern[str]:
    """The schema's own pattern for a step picture's path."""
    step = schema("sop")["$defs"]["step"]
    return re.compile(step["properties"]["image"]["properties"]["file"]["pattern"])


def check_against_schema(kind: str, data: YamlMap, out: Collector) -> bool:
    """Report every schema failure of `data`; True when there was none."""
    if fast_check(kind)(data):
        return True
    checker, names = validator(kind)
    found = Collector(out.file)
    valid = True
    for count, error in enumerate(checker.iter_errors(data)):
        valid = False
        if count >= MAX_REPORTED_PER_FILE:
            break
        explain(error, data, names, found)
    out.items += dict.fromkeys(found.items)  # one mistake can fail several keywords alike
    return valid
