"""Dask engine: the same shard functions on a distributed cluster.

`scheduler` = address of an existing cluster (tcp://host:port); otherwise a LocalCluster of
`workers` single-threaded worker processes is started (spaCy is not thread-parallel, so one
thread per process uses the cores best).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any


class DaskEngine:
    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        from distributed import Client, LocalCluster

        self._cluster = None
        if scheduler:
            self._client = Client(scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                host="127.0.0.1",
            )
            self._client = Client(self._cluster)
        self.workers = len(self._client.scheduler_info().get("workers", {})) or (workers or 1)

    def map(self, fn: Callable[..., Any], items: Sequence[tuple]) -> Iterator[Any]:
        if not items:
            return
        # pure=False: the same inputs may legitimately be rebuilt (e.g. --resume after a change).
        futures = [self._client.submit(fn, *item, pure=False) for item in items]
        for fut in futures:
            yield fut.result()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
