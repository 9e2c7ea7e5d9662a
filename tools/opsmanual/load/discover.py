"""Which files make up a manual, and which files and folders do not belong in it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from opsmanual.diagnostics import START, Collector
from opsmanual.values import ID, slug

MANUAL_FILE = "sops/manual.yaml"
TEAM_FILE = "sops/team.yaml"


@dataclass(frozen=True)
class SourceFile:
    id: str
    path: Path
    rel: str  # relative to the manual's root, POSIX form
    folder: str  # the area folder for a procedure, "checklists" for a checklist
    language: str | None = None  # a translation overlay's language: `wash-hands.es.yaml`


@dataclass
class Layout:
    """The manual's files as found on disk, before any of them is read."""

    root: Path
    has_manual: bool = False
    has_team: bool = False
    area_folders: dict[str, list[SourceFile]] = field(default_factory=dict)
    checklists: list[SourceFile] = field(default_factory=list)
    translations: list[SourceFile] = field(default_factory=list)  # overlays, `<id>.<lang>.yaml`, beside sources
    problems: list[Collector] = field(default_factory=list)

    def problem(self, rel: str, code: str, message: str, hint: str) -> None:
        out = Collector(rel)
        out.error(START, code, message, hint)
        self.problems.append(out)


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return []


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link that loops
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _inside(root: Path, entry: os.DirEntry[str]) -> bool:
    return not entry.is_symlink() or _inside_path(root, Path(entry.path))


def _inside_path(root: Path, path: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(root)


def _id_hint(name: str) -> str:
    suggestion = slug(name)
    return (
        f"rename it to '{suggestion}.yaml': " if suggestion else ""
    ) + "ids are lowercase letters and digits in words joined by hyphens"


def _yaml_files(layout: Layout, folder: Path, rel_folder: str, kind: str) -> list[SourceFile]:
    """The `<id>.yaml` files of an area folder or checklists/, reporting anything else in it."""
    found = []
    for entry in _entries(folder):
        rel = f"{rel_folder}/{entry.name}"
        if not _inside(layout.root, entry):
            layout.problem(
                rel,
                "outside",
                f"'{rel}' is a link to a place outside the manual's folder",
                "copy the file into the manual instead of linking to it",
            )
        elif _is_dir(entry):
            layout.problem(
                rel,
                "stray-folder",
                f"the folder '{rel}' does not belong in {rel_folder}/",
                f"{kind} files sit directly in {rel_folder}/; move its files up or out of the manual",
            )
        elif not entry.name.endswith(".yaml"):
            stem, _, ext = entry.name.rpartition(".")
            hint = (
                f"rename it to '{stem}.yaml'"
                if ext == "yml"
                else f"only {kind} files (<id>.yaml) belong in {rel_folder}/; move it elsewhere"
            )
            layout.problem(rel, "stray-file", f"'{entry.name}' is not a {kind} file", hint)
        elif not _is_file(entry):
            layout.problem(
                rel,
                "not-a-file",
                f"'{rel}' is not a regular file (a broken link?)",
                f"replace it with a {kind} file, or remove it",
            )
        elif _is_translation(entry.name):
            name, language = entry.name[:-5].rsplit(".", 1)
            layout.translations.append(SourceFile(name, Path(entry.path), rel, rel_folder.rpartition("/")[2], language))
        elif not ID.fullmatch(entry.name[:-5]):
            layout.problem(
                rel, "bad-file-name", f"'{entry.name[:-5]}' is not a valid {kind} id", _id_hint(entry.name[:-5])
            )
        else:
            found.append(SourceFile(entry.name[:-5], Path(entry.path), rel, rel_folder.rpartition("/")[2]))
    return found


_TRANSLATION = re.compile(r"(?P<id>[^.]+)\.(?P<language>[a-z]{2,3}(?:-[A-Za-z]{2,4})?)\.yaml")


def _is_translation(name: str) -> bool:
    """`wash-hands.es.yaml`: a translation of the file beside it (its id and language are checked later)."""
    found = _TRANSLATION.fullmatch(name)
    return found is not None and ID.fullmatch(found["id"]) is not None


def _outside(layout: Layout, folder: Path, rel: str) -> bool:
    """True (after reporting it) when `folder` is a link that leads out of the manual's folder."""
    if not folder.is_symlink() or _inside_path(layout.root, folder):
        return False
    layout.problem(
        rel,
        "outside",
        f"'{rel}' is a link to a place outside the manual's folder; nothing in it is read",
        "copy the folder into the manual instead of linking to it",
    )
    return True


def discover(root: Path) -> Layout:
    layout = Layout(root.resolve())
    sops = root / "sops"
    if _outside(layout, sops, "sops"):
        return layout
    manual = sops / "manual.yaml"
    layout.has_manual = manual.is_file() and (not manual.is_symlink() or _inside_path(layout.root, manual))
    for entry in _entries(sops):
        rel = f"sops/{entry.name}"
        if entry.name == "manual.yaml":
            continue
        if entry.name == "team.yaml" and _is_file(entry) and _inside(layout.root, entry):
            layout.has_team = True
            continue
        if entry.name.startswith("manual.") and _is_translation(entry.name) and _is_file(entry):
            language = entry.name[:-5].rsplit(".", 1)[1]  # sops/manual.es.yaml: manual.yaml's words in Spanish
            layout.translations.append(SourceFile("manual", Path(entry.path), rel, "sops", language))
            continue
        if not _inside(layout.root, entry):
            layout.problem(
                rel,
                "outside",
                f"'{rel}' is a link to a place outside the manual's folder; nothing in it is read",
                "copy the folder into the manual instead of linking to it",
            )
        elif entry.name == "media" and _is_dir(entry):
            continue
        elif _is_dir(entry):
            layout.area_folders[entry.name] = _yaml_files(layout, Path(entry.path), rel, "procedure")
        else:
            hint = (
                "rename it to 'manual.yaml'"
                if entry.name.startswith("manual.")
                else "rename it to 'team.yaml'"
                if entry.name.startswith("team.")
                else "procedures go in an area folder: sops/<area>/<id>.yaml; the team in sops/team.yaml"
            )
            layout.problem(rel, "stray-file", f"'{entry.name}' does not belong directly in sops/", hint)
    checklists = root / "checklists"
    if checklists.is_dir() and not _outside(layout, checklists, "checklists"):
        layout.checklists = _yaml_files(layout, checklists, "checklists", "checklist")
    return layout
