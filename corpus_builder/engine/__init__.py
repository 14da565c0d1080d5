"""Engines decide WHERE shard functions run; what runs is in corpus_builder.pipeline.

Every engine returns results in submission order, so the output never depends on which
worker finished first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol


class Engine(Protocol):
    name: str
    workers: int

    def map(self, fn: Callable[..., Any], items: Sequence[tuple]) -> Iterator[Any]:
        """fn(*item) for every item, yielded in order."""

    def close(self) -> None: ...


def make_engine(
    kind: str = "local", workers: int | None = None, scheduler: str | None = None
) -> Engine:
    if kind == "local":
        from .local import LocalEngine

        return LocalEngine(workers)
    if kind == "dask":
        from .dask import DaskEngine

        return DaskEngine(scheduler=scheduler, workers=workers)
    raise ValueError(f"unknown engine {kind!r} (choose local or dask)")
