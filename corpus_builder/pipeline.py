"""The work of one shard, a pure function of its input files: read -> extract -> annotate ->
record -> validate -> per-shard part files. Engines decide only where this runs."""

from __future__ import annotations

import json
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .options import BuildOptions
from .readers import InputFile, read_file
from .types import Document, RawPage, Reject, Skipped
from .write.parquet import SPLITS, shard_name, split_of, to_arrow_row


@dataclass
class ShardResult:
    index: int
    units: int = 0
    records: dict[str, int] = field(default_factory=dict)  # per split
    rejects: list[dict[str, str]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    models: list[str] = field(default_factory=list)
    # per stage (read, extract, ner, entities, quotes, validate, write); never written to output
    seconds: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ShardResult:
        return cls(**json.loads(text))


# A shard writes one part file per split; RotatingWriter names it on close, so the
# name is the writer's (`<prefix>-00000-of-00001.parquet`) with the shard as prefix.
ONE_FILE = 1 << 62


def part_prefix(index: int) -> str:
    return f"shard-{index:06d}"


def part_path(work_dir: Path, split: str, index: int) -> Path:
    return work_dir / "parts" / split / shard_name(part_prefix(index), 0, 1)


def iter_pages(
    files: list[InputFile], options: BuildOptions, result: ShardResult
) -> Iterator[RawPage]:
    skipped: Counter[str] = Counter()
    for f in files:
        for unit in read_file(f, options.fmt, options.max_bytes):
            if isinstance(unit, Skipped):
                skipped[unit.reason] += 1  # not pages (e.g. WARC requests): counted apart
                continue
            result.units += 1
            if isinstance(unit, Reject):
                result.rejects.append(asdict(unit))
            else:
                yield unit
    result.skipped = dict(sorted(skipped.items()))


def _timed(seconds: dict[str, float], stage: str, start: float) -> float:
    now = time.perf_counter()
    seconds[stage] = seconds.get(stage, 0.0) + now - start
    return now


def _reject(result: ShardResult, page_input: str, code: str, message: str) -> None:
    result.rejects.append({"input": page_input, "reason": code, "message": message})


def process_shard(
    index: int,
    files: list[InputFile],
    options: BuildOptions,
    templates: dict[str, Any] | None,
    work_dir: Path,
) -> ShardResult:
    """Build one shard into `work_dir/parts/<split>/shard-<index>.parquet`."""
    from .extract import extract
    from .record import to_record
    from .schema import article_arrow_schema
    from .validate import record_problems
    from .write.rotating import RotatingWriter

    result = ShardResult(index)
    secs: dict[str, float] = {}
    writers = {
        split: RotatingWriter(
            part_path(work_dir, split, index).parent,
            part_prefix(index),
            article_arrow_schema(),
            rows_per_file=ONE_FILE,
        )
        for split in SPLITS
    }
    languages: Counter[str] = Counter()
    models: set[str] = set()

    def flush(batch: list[Document]) -> None:
        # Annotation's parts ("ner", "entities", "quotes") are timed inside `annotate`.
        annotated = _annotate_isolated(batch, options, result, secs)
        for ad in annotated:
            t = time.perf_counter()
            record = to_record(ad)
            problems = record_problems(record)
            t = _timed(secs, "validate", t)
            if problems:
                detail = "; ".join(f"{p.path}: {p.message}" for p in problems[:5])
                _reject(
                    result,
                    ad.document.source.path,
                    "invalid_record",
                    f"{ad.document.source.path}: {detail}",
                )
                continue
            models.update(ad.models)
            languages[record["metadata"]["language"] or "unknown"] += 1
            writers[split_of(record["id"])].write(to_arrow_row(record))
            _timed(secs, "write", t)

    batch: list[Document] = []
    t = time.perf_counter()
    for page in iter_pages(files, options, result):
        t = _timed(secs, "read", t)
        try:
            doc = extract(page, templates)
        except InputError as exc:
            _reject(result, page.source.path, exc.code, exc.message)
            t = _timed(secs, "extract", t)
            continue
        except Exception as exc:  # a bug on one page must not stop the build
            _reject(
                result,
                page.source.path,
                "internal_error",
                f"{page.source.path}: {type(exc).__name__}: {exc} "
                f"[{traceback.extract_tb(exc.__traceback__)[-1].name}]",
            )
            t = _timed(secs, "extract", t)
            continue
        t = _timed(secs, "extract", t)
        batch.append(doc)
        if len(batch) >= options.batch_size:
            flush(batch)
            batch = []
            t = time.perf_counter()
    if batch:
        flush(batch)
    t = time.perf_counter()
    for split, writer in writers.items():
        writer.close()  # writes the part file
        result.records[split] = writer.count
    _timed(secs, "write", t)
    result.languages = dict(sorted(languages.items()))
    result.models = sorted(models)
    result.seconds = secs
    return result


def _annotate_isolated(
    batch: list[Document], options: BuildOptions, result: ShardResult, secs: dict[str, float]
) -> list[Any]:
    """Annotate a batch; if it fails, retry one by one so only the bad document is rejected."""
    from .annotate import annotate

    try:
        return annotate(batch, options.model, options.batch_size, options.linalg, secs)
    except Exception:
        done = []
        for doc in batch:
            try:
                done.extend(annotate([doc], options.model, 1, options.linalg, secs))
            except Exception as exc:
                _reject(
                    result,
                    doc.source.path,
                    "internal_error",
                    f"{doc.source.path}: annotation failed: {type(exc).__name__}: {exc}",
                )
        return done


def template_stats_for(files: list[InputFile], options: BuildOptions) -> Any:
    """Pass 1 of cross-page template learning over one shard's pages."""
    from .extract.template import template_stats

    return template_stats(iter_pages(files, options, ShardResult(-1)))
