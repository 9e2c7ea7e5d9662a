"""Nothing is lost: outputs are made beside their target and swapped into place only when complete."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

_MARK = ".opsmanual-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def leftovers(target: Path) -> list[Path]:
    """Temporary folders that an interrupted run left beside `target`."""
    return sorted(target.parent.glob(f".{target.name}{_MARK}*"))


def temporary_beside(target: Path) -> Path:
    """A new empty folder next to `target` (same file system, so the final rename is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in leftovers(target):  # from a run that was killed before it could clean up
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
