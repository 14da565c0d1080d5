"""Local engine: a process pool over the machine's cores (models load once per worker)."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def _call(fn: Callable[..., Any], item: tuple) -> Any:
    return fn(*item)


class LocalEngine:
    name = "local"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[..., Any], items: Sequence[tuple]) -> Iterator[Any]:
        if self.workers == 1 or len(items) <= 1:
            # In-process: no pool start-up cost, and the model stays loaded for the next call.
            for item in items:
                yield fn(*item)
            return
        if self._pool is None:
            # forkserver: a fork of a process holding threads (tqdm, torch, BLAS) can deadlock.
            ctx = mp.get_context("forkserver")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
        futures = [self._pool.submit(_call, fn, item) for item in items]
        for fut in futures:
            yield fut.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
