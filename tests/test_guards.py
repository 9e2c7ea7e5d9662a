"""Guards for the repository's own rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO, TODAY, run_cli
from opsmanual.check.schema import KINDS, schema_text
from opsmanual.load.yaml import read_yaml


@pytest.mark.parametrize("kind", KINDS)
def test_the_package_carries_the_published_schemas(kind: str) -> None:
    published = (REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert schema_text(kind) == published, "run: make schemas (copies schema/ into the package)"


def test_shared_definitions_are_the_same_in_every_schema() -> None:
    schemas = [json.loads((REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")) for kind in KINDS]
    seen: dict[str, object] = {}
    for schema in schemas:
        for name, definition in schema["$defs"].items():
            assert seen.setdefault(name, definition) == definition, f"$defs/{name} differs between the schemas"


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_a_title_and_a_description(kind: str) -> None:
    schema = json.loads(schema_text(kind))
    assert schema["$id"].endswith(f"/{kind}.schema.json") and schema["title"] and schema["description"]

    def visit(node: object, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert prop.get("title") and prop.get("description"), f"{where}.{name} lacks a title or description"
            for key, value in node.items():
                visit(value, f"{where}.{key}")
        elif isinstance(node, list):
            for item in node:
                visit(item, where)

    visit(schema, kind)


def test_the_example_manual_is_clean_under_strict() -> None:
    proc = run_cli("check", REPO, "--strict", "--today", TODAY)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip().endswith(": 0 errors, 0 warnings")


def test_the_example_manual_stays_clean_for_a_while() -> None:
    """Review dates are far enough ahead that the example does not go stale soon."""
    assert run_cli("check", REPO, "--strict", "--today", "2027-01-31").returncode == 0


def test_the_example_uses_every_field_of_the_format() -> None:
    used: set[str] = set()

    def keys(node: object) -> None:
        if isinstance(node, dict):
            used.update(node)
            for value in node.values():
                keys(value)
        elif isinstance(node, list):
            for item in node:
                keys(item)

    for path in [*REPO.glob("sops/**/*.yaml"), *REPO.glob("checklists/*.yaml")]:
        keys(read_yaml(path, path.name).data)
    fields: set[str] = set()

    def properties(node: object) -> None:
        if isinstance(node, dict):
            fields.update(node.get("properties", {}))
            for value in node.values():
                properties(value)
        elif isinstance(node, list):
            for item in node:
                properties(item)

    for kind in KINDS:
        properties(json.loads(schema_text(kind)))
    assert len(fields) > 50
    assert fields - used == set()


@pytest.mark.parametrize(
    "path",
    sorted(p.relative_to(REPO).as_posix() for p in [*REPO.glob("sops/**/*.yaml"), *REPO.glob("checklists/*.yaml")]),
)
def test_each_example_file_names_its_schema(path: str) -> None:
    loaded = read_yaml(REPO / path, path)
    special = {"sops/manual.yaml": "manual", "sops/team.yaml": "team"}
    kind = special.get(path) or ("checklist" if path.startswith("checklists/") else "sop")
    if path.count(".") == 2:  # a translation overlay, `<id>.<language>.yaml`
        kind = ("manual" if path.startswith("sops/manual.") else kind) + "-translation"
    assert loaded.schema_modeline is not None, f"{path} has no yaml-language-server modeline"
    target = (REPO / path).parent / loaded.schema_modeline
    assert target.resolve() == (REPO / "schema" / f"{kind}.schema.json").resolve()


def _commands(text: str) -> list[str]:
    lines = (line.split("  #", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_readme_quick_start_is_what_ci_and_make_run() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", quick_start, re.S)
    commands = [c for block in blocks for c in _commands(block)]
    assert commands == ["make demo", "make test"]
    ci = _commands((REPO / ".ci" / "run").read_text(encoding="utf-8"))
    assert "make test" in ci
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_readme_documents_every_command_and_option() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for word in ("opsmanual check", "--format", "--strict", "--today", "yaml-language-server", "yaml.schemas"):
        assert word in readme


def test_no_module_is_too_large() -> None:
    """Modules that fit in a head: none over 400 lines, in any subpackage."""
    modules = sorted((REPO / "tools" / "opsmanual").rglob("*.py"))
    assert len(modules) > 40
    for path in modules:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 400, f"{path.relative_to(REPO)} has {lines} lines; split it along what it does"


def test_the_folder_listing_shows_the_pipeline() -> None:
    package = REPO / "tools" / "opsmanual"
    stages = {"load", "check", "render", "mkdocs", "authoring", "cli", "i18n"}
    assert stages <= {p.name for p in package.iterdir() if p.is_dir()}
    for stage in stages - {"i18n"}:
        assert (package / stage / "__init__.py").read_text(encoding="utf-8").startswith('"""'), stage


def test_check_and_the_core_never_import_mkdocs() -> None:
    """The generated Markdown stands on its own: only opsmanual/mkdocs/ may import MkDocs."""
    for path in (REPO / "tools" / "opsmanual").rglob("*.py"):
        if "mkdocs" in path.relative_to(REPO / "tools" / "opsmanual").parts[:-1]:
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) mkdocs\b", text, re.M), path.name


def test_the_schemas_speak_every_language_file() -> None:
    """The language enum and the duration words come from tools/opsmanual/i18n (run: make schemas)."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(REPO / "tools" / "make_schemas.py"), "--check"], capture_output=True)
    assert proc.returncode == 0, proc.stdout.decode() + "run: make schemas"


def test_benchmark_and_generator_exist_and_the_generated_manual_is_clean(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(REPO / "tools"))
    from generate_manual import generate

    generate(tmp_path, 30)
    proc = run_cli("check", tmp_path, "--strict", "--today", TODAY)
    assert proc.returncode == 0, proc.stdout


def test_readme_examples_are_valid() -> None:
    """The manual, procedure and checklist shown in the README pass the schemas and the loader."""
    from opsmanual.check.schema import check_against_schema
    from opsmanual.diagnostics import Collector
    from opsmanual.load.yaml import parse_text

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks: dict[str, str] = {}
    for block in re.findall(r"```yaml\n(.*?)```", readme, re.S):
        for kind in KINDS:
            if f"schema/{kind}.schema.json" in block and len(block) > len(blocks.get(kind, "")):
                blocks[kind] = block
    assert set(blocks) == set(KINDS), "the README shows a complete file of each kind"
    for kind, block in blocks.items():
        out = Collector(kind)
        data = parse_text(block, out)
        assert data is not None and check_against_schema(kind, data, out), [d.message for d in out.items]
