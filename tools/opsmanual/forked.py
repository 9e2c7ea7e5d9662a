"""Work done in a forked child, so that a build uses both cores and keeps only the results.

The child is forked, so it starts with everything the parent has and only the
result travels back. Where forking is not safe (other threads are running) or
not possible, the work is simply done in this process when its result is asked
for; if the child fails, the work is done here too, so a bug shows its real
traceback.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


_LIVE: set[Any] = set()  # children still running
_PR_SET_PDEATHSIG = 1


def fork_is_safe() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1


def _die_with_parent() -> None:
    """Linux: a child whose parent is killed is killed too, so it never writes into a folder left behind."""
    name = ctypes.util.find_library("c")
    if name is not None:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(name).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _child(target: Callable[..., None], *args: Any) -> None:
    _die_with_parent()
    target(*args)


def start(target: Callable[..., None], *args: Any) -> tuple[Connection, Any]:
    """A forked child running target(*args, connection); the parent's end of the connection and the child."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(target, *args, child), daemon=True)
    process.start()
    child.close()
    _LIVE.add(process)
    return parent, process


def finish(process: Any) -> None:
    process.join(timeout=10)
    if process.is_alive():
        process.kill()
        process.join()
    _LIVE.discard(process)


def stop_all() -> None:
    """Stop every child still at work (a build that failed or was interrupted), before its files are removed."""
    for process in list(_LIVE):
        process.kill()
        process.join()
        _LIVE.discard(process)


def _run(work: Callable[[], Any], out: Connection) -> None:
    try:
        out.send((True, work()))
    except BaseException:  # the parent does the work again and shows what went wrong
        out.send((False, None))
    finally:
        out.close()


class Background(Generic[T]):
    """`Background(work).result()`: work() done alongside this process, or here when it must be."""

    def __init__(self, work: Callable[[], T]) -> None:
        self.work = work
        self.connection: Connection | None = None
        self.process: Any = None
        if fork_is_safe():
            self.connection, self.process = start(_run, work)

    def result(self) -> T:
        if self.connection is not None:
            try:
                done, value = self.connection.recv()
            except (EOFError, OSError):
                done, value = False, None
            finally:
                self.connection.close()
                self.connection = None
                finish(self.process)
            if done:
                return value  # type: ignore[no-any-return]
        return self.work()
