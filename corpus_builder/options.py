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
    keep_non_articles: bool = False  # else listings, forms, ... are rejected as not_article
    batch_size: int = 32  # documents per nlp.pipe batch
    # Input files per shard (the unit of work and of --resume); None = chosen from the number
    # of files so every worker has work (the output bytes never depend on it).
    shard_files: int | None = None
    split_bytes: int = SPLIT_BYTES  # plain JSONL and WARC files above this are split for workers
    dedup: str = "keep-first"  # near-duplicates: keep-first | mark | off (corpus_builder.dedup)
    # Languages kept (sorted codes, `unknown` for undetected); None = all. Others: `language`.
    languages: tuple[str, ...] | None = None
    linalg: str = "numpy"  # the networks' gemm: "numpy" (numpy's BLAS, 1 thread) or "blis"
