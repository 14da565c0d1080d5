"""Which linear-algebra library the networks' matrix products run on, and its thread limit.

thinc's default CPU ops call blis for every gemm. blis 1.3.4 picks its kernel from a table
of known CPUs and falls back to a slow generic kernel on the ones it does not know (this
machine's AMD EPYC is one), and the networks' gemms are most of the NER's time. "numpy"
sends the same gemms through numpy's matmul to the BLAS numpy was built with (OpenBLAS in
the wheels), which picks a tuned kernel at run time; "blis" is thinc's default, kept as an
option. Output is deterministic for a given install and path, whatever the engine or worker
count: the model's weights, the batches and the BLAS kernel are the same, and the BLAS is held
to one thread while annotating (`one_blas_thread`), so no thread split can change a sum's
order. spaCy's transition parser loop always calls blis through thinc's C interface for its
hidden layer; the path changes the gemms that go through thinc's ops (tok2vec, the
precomputed lower layer, and the NER decoder's output layer).

On the "numpy" path every gemm runs in blocks of exactly `ROW_BLOCK` rows (the last one padded
with zeros). OpenBLAS picks its kernel, and so the order of a dot product's sums, from the
matrix sizes, so the same row gave different last bits in a batch of 40 rows and in one of
4,000: a paragraph's scores depended on the paragraphs batched with it, and with them on the
shard plan, which changes with the worker count. In a block of fixed size a row's result
depends on that row alone (tests/test_linalg.py), so the NER of a paragraph is a function of
its text, which also makes a paragraph's result safe to reuse from another batch
(`entities/ner.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.metadata import version

import numpy
from thinc.api import NumpyOps
from thinc.model import Model

__all__ = [
    "DEFAULT_LINALG",
    "LINALG_CHOICES",
    "ROW_BLOCK",
    "RowStableOps",
    "describe",
    "one_blas_thread",
    "ops_for",
    "use_ops",
]

LINALG_CHOICES = ("numpy", "blis")
# Measured on this project's benchmarks (README "Measured figures"): NER 1.7x faster through
# numpy/OpenBLAS than through blis's generic kernel, with the CoNLL F1 unchanged.
DEFAULT_LINALG = "numpy"


def _check(linalg: str) -> None:
    if linalg not in LINALG_CHOICES:
        raise ValueError(f"unknown linalg {linalg!r} (choose one of {', '.join(LINALG_CHOICES)})")


# Rows per gemm call on the "numpy" path: the networks' big gemms (thousands of rows) lose
# nothing to it, and padding the per-step decoder gemm (at most a batch of rows) costs little.
ROW_BLOCK = 128


class RowStableOps(NumpyOps):
    """thinc's numpy ops (no blis) whose gemm computes every row in a block of exactly
    `ROW_BLOCK` rows, so that a row's result does not depend on the other rows."""

    def __init__(self) -> None:
        super().__init__(use_blis=False)

    def gemm(self, x, y, out=None, trans1=False, trans2=False):  # noqa: ANN001, ANN201
        if trans1 or x.ndim != 2 or y.ndim != 2:  # training only: not on the annotation path
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
        y = y.T if trans2 else y
        rows = x.shape[0]
        if out is None:
            out = numpy.empty((rows, y.shape[1]), dtype=numpy.result_type(x, y))
        full = rows - rows % ROW_BLOCK
        for start in range(0, full, ROW_BLOCK):
            numpy.dot(x[start : start + ROW_BLOCK], y, out=out[start : start + ROW_BLOCK])
        if full < rows:
            tail = numpy.zeros((ROW_BLOCK, x.shape[1]), dtype=x.dtype)
            tail[: rows - full] = x[full:]
            out[full:] = numpy.dot(tail, y)[: rows - full]
        return out


def ops_for(linalg: str, row_stable: bool = False) -> NumpyOps:
    """The thinc CPU ops of a path; on "numpy", `row_stable` gives `RowStableOps` (for the
    batched NER; a pipe that always runs on one Doc, like the parser on one sentence for
    attribution, is a function of its input without them, and padding its few rows to a
    block would multiply its cost)."""
    _check(linalg)
    return _ops("blis" if linalg == "blis" else "rows" if row_stable else "numpy")


@cache
def _ops(kind: str) -> NumpyOps:
    return RowStableOps() if kind == "rows" else NumpyOps(use_blis=kind == "blis")


def use_ops(models: list[Model], linalg: str, row_stable: bool = False) -> None:
    """Run every layer of `models` on `linalg`'s ops (layers read `self.ops` at each call)."""
    ops = ops_for(linalg, row_stable)
    for model in models:
        for node in model.walk():
            node.ops = ops


@cache
def _controller():  # type: ignore[no-untyped-def]
    import numpy  # noqa: F401  (threadpoolctl sees only libraries already loaded)
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's BLAS held to one thread for the block: the workers are processes (one per
    core), the gemms are small, and one thread keeps every sum in one order."""
    with _controller().limit(limits=1, user_api="blas"):
        yield


@cache
def describe(linalg: str) -> str:
    """The path as recorded in provenance: "blis-1.3.4", or numpy's BLAS with its version,
    the kernel it picked for this CPU and the thread limit, e.g.
    "numpy+openblas-0.3.31.188.0-SkylakeX-1thread"."""
    _check(linalg)
    if linalg == "blis":
        return f"blis-{version('blis')}"
    blas = [lib for lib in _controller().info() if lib.get("user_api") == "blas"]
    if not blas:
        return "numpy+unknown-blas-1thread"
    lib = blas[0]
    parts = [lib.get("internal_api") or "blas", lib.get("version"), lib.get("architecture")]
    return "numpy+" + "-".join(str(p) for p in parts if p) + "-1thread"
