"""A compiled yes/no check of a document against one of our schemas: the fast path.

jsonschema walks a schema generically and spends most of `check`'s time doing
it; almost every file of a manual is valid, so each file is first put through
this check, which compiles the schema's keywords into plain closures. Only a
file it rejects goes to jsonschema, which finds and explains every error. It
knows exactly the keywords our schemas use and refuses to compile any other,
so a schema change cannot silently make it laxer than jsonschema; a
property-based test holds the two to the same verdicts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from opsmanual.load.tree import is_integer, is_number

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset(("title", "description", "$schema", "$id", "$defs", "$comment"))
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": is_integer,
    "number": is_number,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def _is_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, pointer: str) -> Check:
        """A check for `#/$defs/name`, compiled once; recursion goes through the table."""
        if not pointer.startswith("#/$defs/"):
            raise ValueError(f"unsupported $ref {pointer}")
        table = self.refs
        if pointer not in table:
            table[pointer] = _never  # stands in while a recursive definition compiles
            table[pointer] = self.compile(self.root["$defs"][pointer[len("#/$defs/") :]])

        def check(v: Any) -> bool:
            return table[pointer](v)

        return check

    def compile(self, schema: dict[str, Any]) -> Check:
        checks = []
        for keyword, value in schema.items():
            if keyword in _ANNOTATIONS or keyword == "then":  # "then" is compiled with "if"
                continue
            if keyword not in _KEYWORDS:
                raise ValueError(f"the fast schema check does not know the keyword {keyword!r}")
            checks.append(_KEYWORDS[keyword](self, value, schema))
        if len(checks) == 1:
            return checks[0]

        def check(v: Any) -> bool:
            return all(c(v) for c in checks)

        return check


Builder = Callable[[_Compiler, Any, dict[str, Any]], Check]


def _type(compiler: _Compiler, name: str, schema: dict[str, Any]) -> Check:
    return TYPES[name]


def _ref(compiler: _Compiler, pointer: str, schema: dict[str, Any]) -> Check:
    return compiler.ref(pointer)


def _properties(compiler: _Compiler, properties: dict[str, Any], schema: dict[str, Any]) -> Check:
    compiled = {name: compiler.compile(sub) for name, sub in properties.items()}

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        for key, value in v.items():
            sub = compiled.get(key)
            if sub is not None and not sub(value):
                return False
        return True

    return check


def _additional_properties(compiler: _Compiler, allowed: Any, schema: dict[str, Any]) -> Check:
    if allowed is not False:
        raise ValueError("only additionalProperties: false is supported")
    known = frozenset(schema.get("properties", {}))

    def check(v: Any) -> bool:
        return not isinstance(v, dict) or known.issuperset(v)

    return check


def _required(compiler: _Compiler, names: list[str], schema: dict[str, Any]) -> Check:
    def check(v: Any) -> bool:
        return not isinstance(v, dict) or all(n in v for n in names)

    return check


def _items(compiler: _Compiler, item_schema: dict[str, Any], schema: dict[str, Any]) -> Check:
    item = compiler.compile(item_schema)

    def check(v: Any) -> bool:
        return not isinstance(v, list) or all(item(i) for i in v)

    return check


def _min_items(compiler: _Compiler, least: int, schema: dict[str, Any]) -> Check:
    def check(v: Any) -> bool:
        return not isinstance(v, list) or len(v) >= least

    return check


def _unique_items(compiler: _Compiler, unique: bool, schema: dict[str, Any]) -> Check:
    return _unique if unique else _always


def _pattern(compiler: _Compiler, pattern: str, schema: dict[str, Any]) -> Check:
    search = re.compile(pattern).search

    def check(v: Any) -> bool:
        return not isinstance(v, str) or search(v) is not None

    return check


def _format(compiler: _Compiler, name: str, schema: dict[str, Any]) -> Check:
    if name != "date":
        raise ValueError(f"unsupported format {name}")
    return lambda v: not isinstance(v, str) or _is_date(v)


def _enum(compiler: _Compiler, values: list[Any], schema: dict[str, Any]) -> Check:
    if not all(isinstance(e, str) for e in values):
        raise ValueError("only enums of strings are supported")
    allowed = frozenset(values)
    return lambda v: isinstance(v, str) and v in allowed


def _minimum(compiler: _Compiler, low: float, schema: dict[str, Any]) -> Check:
    return lambda v: not is_number(v) or v >= low


def _maximum(compiler: _Compiler, high: float, schema: dict[str, Any]) -> Check:
    return lambda v: not is_number(v) or v <= high


def _any_of(compiler: _Compiler, schemas: list[dict[str, Any]], schema: dict[str, Any]) -> Check:
    options = [compiler.compile(s) for s in schemas]
    return lambda v: any(o(v) for o in options)


def _one_of(compiler: _Compiler, schemas: list[dict[str, Any]], schema: dict[str, Any]) -> Check:
    options = [compiler.compile(s) for s in schemas]
    return lambda v: sum(o(v) for o in options) == 1


def _dependent_required(compiler: _Compiler, value: dict[str, list[str]], schema: dict[str, Any]) -> Check:
    pairs = tuple(value.items())

    def check(v: Any) -> bool:
        return not isinstance(v, dict) or all(all(n in v for n in names) for k, names in pairs if k in v)

    return check


def _if(compiler: _Compiler, condition_schema: dict[str, Any], schema: dict[str, Any]) -> Check:
    condition = compiler.compile(condition_schema)
    then = compiler.compile(schema.get("then", {}))
    return lambda v: not condition(v) or then(v)


def _property_names(compiler: _Compiler, name_schema: dict[str, Any], schema: dict[str, Any]) -> Check:
    name = compiler.compile(name_schema)
    return lambda v: not isinstance(v, dict) or all(name(k) for k in v)


_KEYWORDS: dict[str, Builder] = dict(
    type=_type,
    properties=_properties,
    additionalProperties=_additional_properties,
    required=_required,
    items=_items,
    minItems=_min_items,
    uniqueItems=_unique_items,
    pattern=_pattern,
    format=_format,
    enum=_enum,
    minimum=_minimum,
    maximum=_maximum,
    anyOf=_any_of,
    oneOf=_one_of,
    dependentRequired=_dependent_required,
    propertyNames=_property_names,
    **{"$ref": _ref, "if": _if},
)


def _never(v: Any) -> bool:
    return False


def _always(v: Any) -> bool:
    return True


def _unique(v: Any) -> bool:
    if not isinstance(v, list):
        return True
    if all(isinstance(i, str) or (isinstance(i, int) and not isinstance(i, bool)) for i in v):
        return len(set(v)) == len(v)  # texts and whole numbers (days of the month) are equal only when the same
    return False  # let jsonschema decide what counts as equal


def compile_schema(schema: dict[str, Any]) -> Check:
    """A function telling whether a document is valid against `schema`."""
    return _Compiler(schema).compile(schema)
