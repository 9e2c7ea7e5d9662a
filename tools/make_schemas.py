"""`make schemas`: write the languages opsmanual speaks into the JSON Schemas, then copy them into the package.

schema/*.schema.json are the single source of truth for the format, except for the parts
that come from the language files (tools/opsmanual/i18n/*.yaml): the `language` enums of
manual.yaml and team.yaml, the unit words of a duration and the weekday names of `on`.
This script writes those parts, so adding a language is adding its file and running
`make schemas`; a test fails when they are out of step.

usage: python tools/make_schemas.py [--check]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

from opsmanual.check.schema import KINDS  # noqa: E402
from opsmanual.i18n import language_name, languages, unit_words, weekday_names  # noqa: E402


def duration_pattern() -> str:
    words = "|".join(sorted(unit_words()))
    return f"^(?=[^1-9]*[1-9])[0-9]+(\\.[0-9]+)? ?({words})$"


def with_languages(kind: str, schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with the language enum and the duration words of the language files."""
    definitions = schema.get("$defs", {})
    if "duration" in definitions:
        definitions["duration"]["pattern"] = duration_pattern()
    if "weekday" in definitions:
        definitions["weekday"]["enum"] = list(weekday_names())
    names = ", ".join(f"`{code}` ({language_name(code)})" for code in languages())
    if kind == "manual":
        language = schema["properties"]["language"]
        language["enum"] = list(languages())
        language["description"] = f"Language of the site's and checklists' labels and of search: {names}. Default `en`."
        schema["properties"]["translations"]["items"]["enum"] = list(languages())
    if kind == "team":
        language = schema["properties"]["people"]["items"]["properties"]["language"]
        language["enum"] = list(languages())
        language["description"] = f"The language their sheets are printed in: {names}. Default: the manual's."
    return schema


def text(kind: str) -> str:
    path = REPO / "schema" / f"{kind}.schema.json"
    schema = with_languages(kind, json.loads(path.read_text(encoding="utf-8")))
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only say whether schema/ is in step (exit 1 if not)")
    args = parser.parse_args()
    stale = []
    for kind in KINDS:
        path, wanted = REPO / "schema" / f"{kind}.schema.json", text(kind)
        if path.read_text(encoding="utf-8") != wanted:
            stale.append(path)
            if not args.check:
                path.write_text(wanted, encoding="utf-8")
        if not args.check:
            shutil.copyfile(path, REPO / "tools" / "opsmanual" / "schema" / path.name)
    for path in stale:
        print(f"{'stale' if args.check else 'wrote'}: {path.relative_to(REPO)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
