"""Render pages in a second process while MkDocs works on the ones before them.

A build spends most of its time in MkDocs; on a machine with two cores the
pages can be made alongside it. The child is forked, so it has the manual
already and nothing is pickled but the finished Markdown. Wherever forking is
not safe or not possible, pages are rendered in-process as they are asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from opsmanual.forked import finish, fork_is_safe, start

Render = Callable[[], str]


def _render_all(renders: Sequence[Render], out: Connection) -> None:
    try:
        for index, render in enumerate(renders):
            out.send((index, render()))
    finally:
        out.close()


class Prefetcher:
    """`get(i)` gives page i's Markdown, rendered ahead by a forked child when that is safe."""

    def __init__(self, renders: Sequence[Render]) -> None:
        self.renders = renders
        self.ready: dict[int, str] = {}
        self.done: set[int] = set()
        self.connection: Connection | None = None
        self.process: Any = None
        if len(renders) > 50 and fork_is_safe():
            self.connection, self.process = start(_render_all, renders)

    def get(self, index: int) -> str:
        if index in self.ready:
            self.done.add(index)
            return self.ready.pop(index)
        while self.connection is not None and index not in self.done:
            try:
                number, markdown = self.connection.recv()
            except (EOFError, OSError):  # the child stopped early: render the rest here
                self.close()
                break
            if number == index:
                self.done.add(index)
                return str(markdown)
            if number not in self.done:
                self.ready[number] = markdown
        return self.renders[index]()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        if self.process is not None:
            finish(self.process)
            self.process = None
