"""The strict loader, with libyaml's C parser and with PyYAML's pure-Python one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CASES, REPO
from opsmanual.diagnostics import Collector, unpack
from opsmanual.load import yaml as yamlload
from opsmanual.load.yaml import MAX_BYTES, YamlList, YamlMap, parse_text, read_yaml

PARSERS = {"c": getattr(yaml, "CBaseLoader", None), "pure": yaml.BaseLoader}


@pytest.fixture(params=sorted(PARSERS))
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    loader = PARSERS[request.param]
    if loader is None:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(yamlload, "_Loader", loader)
    return str(request.param)


def _with_positions(node: Any) -> Any:
    if isinstance(node, YamlMap):
        return {
            k: (unpack(node.key_positions[k]), unpack(node.value_positions[k]), _with_positions(v))
            for k, v in node.items()
        }
    if isinstance(node, YamlList):
        return [(unpack(p), _with_positions(v)) for p, v in zip(node.item_positions, node, strict=True)]
    return repr(node) if isinstance(node, float) else node  # NaN is not equal to itself


def _load(text: str) -> tuple[Any, list[tuple[int, int, str]]]:
    out = Collector("x.yaml")
    tree = parse_text(text, out)
    return tree, [(d.line, d.column, d.code) for d in out.items]


EXAMPLES = sorted([*REPO.glob("sops/**/*.yaml"), *REPO.glob("checklists/*.yaml"), *CASES.glob("invalid/*/**/*.yaml")])


def test_both_parsers_agree_on_every_example(monkeypatch: pytest.MonkeyPatch) -> None:
    if PARSERS["c"] is None:
        pytest.skip("PyYAML was built without libyaml")
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        results = []
        for loader in (PARSERS["c"], PARSERS["pure"]):
            monkeypatch.setattr(yamlload, "_Loader", loader)
            tree, found = _load(text)
            results.append((_with_positions(tree), [f for f in found if f[2] != "yaml-syntax"]))
        assert results[0] == results[1], path


def test_positions_are_one_based_and_count_characters(parser: str) -> None:
    tree, found = _load("\ufefftitle: cámara\r\nsteps:\r\n  - do: é\r\n    why: x\r\n")
    assert found == []
    assert unpack(tree.key_positions["steps"]) == (2, 1)
    step = tree["steps"][0]
    assert unpack(tree["steps"].item_positions[0]) == (3, 5)
    assert unpack(step.key_positions["why"]) == (4, 5) and unpack(step.value_positions["why"]) == (4, 10)


def test_yaml_1_2_core_scalars(parser: str) -> None:
    tree, found = _load(
        "a: no\nb: on\nc: 12:30\nd: 2026-03-01\ne: 010\nf: 1.10\ng: True\nh: 0o17\ni: 0x1F\n"
        "j: '1.10'\nk: -3\nl: 1e3\nm: yes\n"
    )
    assert found == []
    assert dict(tree) == {
        "a": "no",
        "b": "on",
        "c": "12:30",
        "d": "2026-03-01",
        "e": 10,
        "f": 1.1,
        "g": True,
        "h": 15,
        "i": 31,
        "j": "1.10",
        "k": -3,
        "l": 1000.0,
        "m": "yes",
    }


@pytest.mark.parametrize(("levels", "ok"), [(64, True), (65, False)])
def test_nesting_limit(parser: str, levels: int, ok: bool) -> None:
    # the top-level mapping is level 1; each flow list adds one
    text = "a: " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"
    _tree, found = _load(text)
    assert (found == []) is ok
    if not ok:
        assert found == [(1, 3 + levels - 1, "too-deep")]


def test_deep_nesting_is_refused_before_it_is_built(parser: str) -> None:
    tree, found = _load("a: " + "[" * 200_000 + "]" * 200_000 + "\n")
    assert tree is None and found == [(1, 67, "too-deep")]


def test_alias_bombs_are_refused(parser: str) -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    _tree, found = _load(text)
    codes = [code for _, _, code in found]
    assert codes.count("alias") == 1 and codes.count("anchor") == 9


@pytest.mark.parametrize(("size", "ok"), [(MAX_BYTES, True), (MAX_BYTES + 1, False)])
def test_size_limit(tmp_path: Path, size: int, ok: bool) -> None:
    head = "title: x\n# "
    path = tmp_path / "x.yaml"
    path.write_text(head + "c" * (size - len(head) - 1) + "\n", encoding="utf-8")
    assert path.stat().st_size == size
    loaded = read_yaml(path, "x.yaml")
    assert (loaded.data is not None) is ok
    assert [d.code for d in loaded.diagnostics.items] == ([] if ok else ["file-too-large"])


def test_modeline_is_read_and_ignored(parser: str) -> None:
    out = Collector("x.yaml")
    tree = parse_text("# yaml-language-server: $schema=../../schema/sop.schema.json\ntitle: x\n", out)
    assert dict(tree) == {"title": "x"} and out.items == []


def test_line_and_paragraph_separators_are_ordinary_characters(parser: str) -> None:
    """YAML 1.2 does not break lines at U+2028 or U+2029: the text keeps them and later positions stay right."""
    tree, found = _load("title: one\u2028two\nsummary: three\u2029four\nwhen: 'five\u2028six'\nnext: 7\n")
    assert found == []
    assert tree == {"title": "one\u2028two", "summary": "three\u2029four", "when": "five\u2028six", "next": 7}
    assert unpack(tree.key_positions["next"]) == (4, 1)


@pytest.mark.parametrize("written", ["0x1F", "0o17", "+5"])
def test_integers_not_in_plain_digits_are_marked(parser: str, written: str) -> None:
    from opsmanual.load.tree import WrittenInt, is_integer, is_number

    tree, found = _load(f"revision: {written}\n")
    value = tree["revision"]
    assert found == [] and isinstance(value, WrittenInt) and value.written == written
    assert not is_integer(value) and is_number(value) == written.startswith("+")


def test_a_partly_read_file_keeps_what_came_before_the_error(parser: str) -> None:
    out = Collector("x.yaml")
    tree, partial = yamlload.compose("title: T\nsteps:\n  - id: a\n    do: A\ntags:\n\t- x\n", out)
    assert tree is None and partial is not None
    assert partial["title"] == "T" and [s["id"] for s in partial["steps"]] == ["a"]
    assert [d.code for d in out.items] == ["tab"]
