"""Work done alongside the main process, so that a build uses both cores: the one way to run work in parallel.

The jobs are known before the workers start, and the workers are forked, so they
begin with everything the parent holds (the manual, the pages to render) and only
results travel back. Jobs go to the workers in batches, in order; the parent takes
results in the same order, and a batch no worker has started yet is done in the
parent instead. When the parent takes results as fast as they come (a build's pages),
it keeps every other batch for itself, so that both processes work. A worker
leaves as soon as the process that started it is gone, so a killed build leaves
nothing writing behind it. Where forking is not safe (other threads run) or there
is one core, every job is done in the parent when its result is asked for.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_JOBS: Sequence[Sequence[Callable[[], Any]]] = ()  # the batches, set in each worker after the fork


def fork_is_safe() -> bool:
    """Forking copies only this thread: with others running it is not safe. OPSMANUAL_PARALLEL=0 turns it off."""
    wanted = os.environ.get("OPSMANUAL_PARALLEL", "1") != "0"
    return wanted and hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)  # the parent is gone: whatever this worker would write, nobody waits for it


def _install(batches: Sequence[Sequence[Callable[[], Any]]], parent: int) -> None:
    global _JOBS
    _JOBS = batches
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _run(batch: int) -> list[Any]:
    return [job() for job in _JOBS[batch]]


class Jobs(Generic[T]):
    """`Jobs(batches).result(b, i)`: the result of job i of batch b, done ahead by a forked worker when that is safe.

    A batch travels as one message: fewer, larger messages, so a worker is never idle waiting for its next job.
    """

    def __init__(self, batches: Sequence[Sequence[Callable[[], T]]], workers: int = 1, shared: bool = False) -> None:
        """With `shared`, this process keeps every other batch for itself, done when its results are asked for:
        a worker takes its batches in order as soon as it can, so when results are taken in order too, none would
        be left for this process to take over, and it would only wait."""
        self.batches = batches
        self.futures: list[Future[list[T]] | None] = []
        self.done: dict[int, list[T]] = {}
        self.pool: ProcessPoolExecutor | None = None
        if batches and fork_is_safe():
            self.pool = ProcessPoolExecutor(
                workers, mp_context=get_context("fork"), initializer=_install, initargs=(batches, os.getpid())
            )
            self.futures = [
                None if shared and number % 2 else self.pool.submit(_run, number) for number in range(len(batches))
            ]

    def _batch(self, number: int) -> list[T]:
        future = self.futures[number] if self.futures else None
        if future is not None:
            self.futures[number] = None  # a done future keeps its result: let it go with the batch
        if future is not None and not future.cancel():
            try:
                return future.result()
            except Exception:
                pass
        return [job() for job in self.batches[number]]

    def result(self, batch: int, index: int = 0) -> T:
        """Job `index` of `batch`; each result is asked for once, so the build does not hold every page twice."""
        if batch not in self.done:
            self.done[batch] = self._batch(batch)
        results = self.done[batch]
        value = results[index]
        if index == len(results) - 1:
            del self.done[batch]
        return value

    def close(self) -> None:
        """Cancel what no worker has started and wait for what one has, so nothing writes after this."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Jobs[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def batched(jobs: Sequence[Callable[[], T]], size: int) -> list[Sequence[Callable[[], T]]]:
    return [jobs[start : start + size] for start in range(0, len(jobs), size)]


def in_background(job: Callable[[], T]) -> Jobs[T]:
    """One job started now; `.result(0)` when it is needed, `.close()` when done."""
    return Jobs([[job]])
