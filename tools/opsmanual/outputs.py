"""Nothing is lost: where opsmanual may write, and how it replaces what it made before.

Every command that writes a folder (the site, the Markdown export, the checklists'
PDFs) asks `output_folder` first. It refuses, after following links, the manual's
own folder or any folder holding it, anything inside sops/, checklists/, schema/
or .git, a regular file, and a folder that holds files opsmanual did not make.
What opsmanual makes carries a marker file, so it replaces only its own output; a
site or export made before markers existed is recognised by its files, accepted
once and marked. Outputs are made beside their target and swapped into place only
when complete, under a lock, so two builds never write one site at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from opsmanual.diagnostics import refuse
from opsmanual.i18n.messages import _

MARKER = ".opsmanual"
SOURCES = ("sops", "checklists", "schema", ".git")
_MARK = ".opsmanual-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_WHAT = {
    "site": "made by opsmanual build: this folder is replaced whole by the next build\n",
    "export": "made by opsmanual export-markdown: this folder is replaced whole by the next export\n",
    "pdfs": "made by opsmanual checklist: its PDFs are replaced by the next run\n",
}


def _made_by_an_earlier_opsmanual(folder: Path, kind: str) -> bool:
    """A site or export from before outputs carried a marker, recognised by what only opsmanual writes."""
    if kind == "site":
        return (folder / "index.html").is_file() and (folder / "assets" / "opsmanual.css").is_file()
    if kind == "export":
        config = folder / "mkdocs.yml"
        with contextlib.suppress(OSError, UnicodeDecodeError):
            return (folder / "docs").is_dir() and config.read_text(encoding="utf-8").startswith(
                "# Exported by `opsmanual export-markdown`"
            )
        return False
    # the PDFs of a site: the checklists/ folder of an opsmanual site
    return folder.name == "checklists" and _is_ours(folder.parent, "site")


def _is_ours(folder: Path, kind: str) -> bool:
    """Marked, recognised, or holding only folders opsmanual made (a site/ with just its checklists/ PDFs)."""
    if (folder / MARKER).is_file() or _made_by_an_earlier_opsmanual(folder, kind):
        return True
    try:
        entries = [e for e in folder.iterdir() if not e.name.startswith(".")]
    except OSError:
        return False
    return bool(entries) and all(e.is_dir() and not e.is_symlink() and (e / MARKER).is_file() for e in entries)


def mark(folder: Path, kind: str) -> None:
    """Sign a folder opsmanual made, so that the next run may replace it."""
    (folder / MARKER).write_text(_WHAT[kind], encoding="utf-8")


def _holds_files(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError:
        return True  # unreadable: assume it holds something


def output_folder(target: Path, root: Path, kind: str, option: str) -> Path:
    """`target` resolved after links, when opsmanual may write its `kind` of output there; else a refusal.

    `option` names where the folder came from (`--site-dir`, `-o`, `site_dir in mkdocs.yml`), for the hint.
    """
    resolved = Path(os.path.realpath(target))
    manual = Path(os.path.realpath(root))
    shown = str(target)
    choose = _("choose another folder with {option}").format(option=option)
    if resolved == manual or manual.is_relative_to(resolved):
        if resolved == manual:
            message = _("{folder} is the manual's folder; writing there would replace the manual")
        else:
            message = _("{folder} holds the manual; writing there would replace the manual")
        raise refuse(
            "output-is-manual",
            message.format(folder=shown),
            _("{choose}, like {example}").format(choose=choose, example=manual / "site"),
            file=shown,
        )
    for source in SOURCES:
        if resolved.is_relative_to(manual / source):
            raise refuse(
                "output-in-sources",
                _("{folder} is inside {source}, among the manual's own files").format(
                    folder=shown, source=f"{source}/"
                ),
                _("{choose}, outside sops/, checklists/, schema/ and .git, like {example}").format(
                    choose=choose, example=manual / "site"
                ),
                file=shown,
            )
    if resolved.exists() and not resolved.is_dir():
        message = _("{folder} is a file, not a folder").format(folder=shown)
        hint = _("{choose}; the file is left as it is").format(choose=choose)
        raise refuse("output-is-file", message, hint, file=shown)
    if resolved.is_dir() and _holds_files(resolved) and not _is_ours(resolved, kind):
        raise refuse(
            "output-not-ours",
            _("{folder} holds files that opsmanual did not make").format(folder=shown),
            _("{choose}: an empty or new folder, or one opsmanual made before; nothing was written").format(
                choose=choose
            ),
            file=shown,
        )
    return resolved


# Replacing a folder whole: a temporary folder beside it, then one rename, under a lock


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold the lock of `target` (a file beside it), waiting while another opsmanual holds it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.parent / f".{target.name}.opsmanual.lock"
    with open(lock, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.stderr.write(
                _("another opsmanual is writing {target}; waiting for it to finish…").format(target=target)
            )
            sys.stderr.write("\n")

            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def leftovers(target: Path) -> list[Path]:
    """Temporary folders that an interrupted run left beside `target`."""
    return sorted(target.parent.glob(f".{target.name}{_MARK}*"))


def temporary_beside(target: Path) -> Path:
    """A new empty folder next to `target` (same file system, so the final rename is atomic).

    Call it holding `locked(target)`: then no live run uses the leftovers of a killed one, which it clears.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in leftovers(target):
        shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}{_MARK}", dir=target.parent))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    function = getattr(libc, "renameat2", None)
    if function is None:
        return False
    result = function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def swap_into_place(new: Path, target: Path) -> None:
    """Put the complete folder `new` where `target` is; the old one is removed afterwards."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the previous output
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}{_MARK}", dir=target.parent))
    old.rmdir()
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write_file(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}{_MARK}", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
