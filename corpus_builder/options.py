"""One options object for a build, passed down instead of a dozen keyword arguments."""

from __future__ import annotations

from dataclasses import dataclass

from .readers import DEFAULT_MAX_BYTES, SPLIT_BYTES


@dataclass(frozen=True)
class BuildOptions:
    fmt: str | None = None  # force the input format
    model: str | None = None  # spaCy model module/alias/path; None = default English model
    max_bytes: int = DEFAULT_MAX_BYTES  # per page
    templates: bool = True  # learn cross-page boilerplate per site before extracting
    batch_size: int = 32  # documents per nlp.pipe batch
    shard_files: int = 64  # input files per shard (the unit of work and of --resume)
    split_bytes: int = SPLIT_BYTES  # plain JSONL and WARC files above this are split for workers
    linalg: str = "numpy"  # the networks' gemm: "numpy" (numpy's BLAS, 1 thread) or "blis"
