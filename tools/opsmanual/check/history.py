"""A source's texts at an earlier revision, from git when the manual is kept in it, to say what changed since."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from opsmanual.model.translate import LISTS, TEXTS, plain_steps

LOOK_BACK = 50  # commits of one file searched for the revision a translation was made from
STEP_KEYS = ("do", "check", "why", "tip", "warning", "if")


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8", timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _load(text: str) -> Mapping[str, Any] | None:
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, Mapping) else None


def at_revision(root: Path, rel: str, revision: int) -> Mapping[str, Any] | None:
    """The file `rel` as it was committed when it was last at `revision`; None when git does not have it."""
    prefix = _git(root, "rev-parse", "--show-prefix")
    if prefix is None:
        return None
    path = prefix.strip() + rel
    commits = _git(root, "log", f"-{LOOK_BACK}", "--format=%H", "--", rel)
    for commit in (commits or "").split():
        text = _git(root, "show", f"{commit}:{path}")
        data = _load(text) if text is not None else None
        if data is not None and data.get("revision", 1) == revision:
            return data
    return None


def texts(data: Mapping[str, Any]) -> dict[str, Any]:
    """A procedure's or checklist's words by where they stand: "purpose", "steps.wash.do", "sections.1.title"."""
    found = {key: data[key] for key in (*TEXTS, *LISTS, "notes", "signoff") if key in data}
    for step in plain_steps(data.get("steps")):
        if isinstance(step.get("id"), str):
            found.update({f"steps.{step['id']}.{key}": step[key] for key in STEP_KEYS if key in step})
            record = step.get("record")
            if isinstance(record, Mapping):
                found.update({f"steps.{step['id']}.record.{k}": v for k, v in record.items() if isinstance(v, str)})
    for s, section in enumerate(data.get("sections") or ()):
        if isinstance(section, Mapping):
            found[f"sections.{s + 1}.title"] = section.get("title")
            for i, item in enumerate(section.get("items") or ()):
                if isinstance(item, Mapping):
                    found.update(
                        {f"sections.{s + 1}.items.{i + 1}.{k}": item[k] for k in ("task", "note") if k in item}
                    )
    return found


def changed_texts(root: Path, rel: str, revision: int) -> list[str] | None:
    """The texts of `rel` that differ from when it was at `revision`; None when git cannot tell."""
    then = at_revision(root, rel, revision)
    try:
        now = _load((root / rel).read_text(encoding="utf-8"))
    except OSError:
        return None
    if then is None or now is None:
        return None
    before, after = texts(then), texts(now)
    return [key for key in dict.fromkeys([*before, *after]) if before.get(key) != after.get(key)]
