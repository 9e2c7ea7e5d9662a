"""Property tests: hostile or random input only ever produces diagnostics, never an exception."""

from __future__ import annotations

import copy
import math
import shutil
from datetime import date
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CASES, REPO, TODAY
from opsmanual.check import check_manual
from opsmanual.check.schema import fast_check
from opsmanual.check.schema import validator as _validator
from opsmanual.diagnostics import Collector
from opsmanual.load.yaml import YamlList, YamlMap, parse_text, resolve_plain

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
YAML_ALPHABET = st.sampled_from([*list("ab1:-[]{}&*!|>'\"%@`#,?~. \n\t\\"), "é", "\u2028", "\x85", "\x07", "\ufeff"])

FIELDS = [
    "title",
    "purpose",
    "steps",
    "do",
    "if",
    "then",
    "id",
    "record",
    "min",
    "max",
    "what",
    "image",
    "file",
    "caption",
    "roles",
    "shifts",
    "related",
    "critical",
    "time",
    "status",
    "revision",
    "changes",
    "date",
    "note",
    "sections",
    "items",
    "sop",
    "task",
    "warnign",
]
scalars = st.one_of(
    st.text(max_size=12),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["5 min", "2026-02-30", "line-cook", "media/x.png"]),
)
keys = st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=8))
structures = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
    max_leaves=25,
)
documents = st.dictionaries(keys, structures, min_size=1, max_size=6)


def _plain(value: Any) -> Any:
    if isinstance(value, YamlMap):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, YamlList):
        return [_plain(v) for v in value]
    return value


def _strings_stay_text(value: Any) -> bool:
    """False where YAML 1.1 (the dumper) and 1.2 (the loader) read the same plain text differently."""
    if isinstance(value, str):
        return resolve_plain(value) == value and value.strip() == value
    if isinstance(value, dict):
        return all(_strings_stay_text(k) and _strings_stay_text(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_strings_stay_text(v) for v in value)
    return True


@SETTINGS
@given(st.text(YAML_ALPHABET, max_size=80))
def test_any_text_gives_a_tree_or_diagnostics(text: str) -> None:
    out = Collector("x.yaml")
    tree = parse_text(text, out)
    assert tree is not None or out.has_errors
    for d in out.items:
        assert d.line >= 1 and d.column >= 1 and d.message and d.hint


@pytest.mark.e2e
@SETTINGS
@given(documents)
def test_structures_round_trip(document: dict[str, Any]) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    out = Collector("x.yaml")
    tree = parse_text(text, out)
    if out.items or not _strings_stay_text(document):
        return
    assert tree is not None
    assert _plain(tree) == document


@pytest.mark.e2e
@SETTINGS
@given(documents, st.sampled_from(["sops/kitchen/check-cooler.yaml", "sops/manual.yaml", "checklists/opening.yaml"]))
def test_the_checker_never_raises(tmp_path_factory: Any, document: dict[str, Any], target: str) -> None:
    root = tmp_path_factory.mktemp("manual")
    shutil.copytree(CASES / "base", root, dirs_exist_ok=True)
    (root / target).write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = check_manual(root, date.fromisoformat(TODAY))
    for d in result.diagnostics:
        assert d.line >= 1 and d.column >= 1 and d.message and d.hint


# The fast path and jsonschema must agree on every document.

_EXAMPLE = _plain(
    parse_text((REPO / "sops" / "front-of-house" / "handle-a-complaint.yaml").read_text("utf-8"), Collector("example"))
)
_REPLACEMENTS = st.one_of(
    scalars,
    st.sampled_from(
        [
            [],
            {},
            ["a"],
            ["a", "a"],
            {"do": "x"},
            {"if": "x"},
            {"then": []},
            {"sop": "x", "task": "y"},
            2.0,
            0,
            None,
            "",
            " ",
            "a\nb",
            "a\n",
            "07:00",
            "1.5 h",
            "0 min",
            "MEDIA/x.png",
            "media/../x.png",
            math.pi,
        ]
    ),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, (*prefix, i))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    document = copy.deepcopy(_EXAMPLE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(document)))
        if not path:
            continue
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(keys)] = copy.deepcopy(draw(_REPLACEMENTS))
        else:
            parent[path[-1]] = copy.deepcopy(draw(_REPLACEMENTS))
    return document


@pytest.mark.e2e
@settings(max_examples=600, deadline=None)
@given(mutated())
def test_fast_check_agrees_with_jsonschema(document: Any) -> None:
    validator, _ = _validator("sop")
    assert fast_check("sop")(document) == validator.is_valid(document)
