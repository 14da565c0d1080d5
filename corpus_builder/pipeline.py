"""The work of one shard, a pure function of its input files: read -> extract -> annotate ->
record -> validate -> per-shard part file + MinHash signatures. Engines decide only where this
runs; splits and near-duplicates are decided at assembly, over all shards."""

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
from .write.parquet import shard_name, to_arrow_row


@dataclass
class ShardResult:
    index: int
    units: int = 0
    records: int = 0  # rows of the part file (split and dedup are decided at assembly)
    rejects: list[dict[str, str]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    # annotations dropped from kept records because they broke an invariant, by reason
    annotations_dropped: dict[str, int] = field(default_factory=dict)
    models: list[str] = field(default_factory=list)
    # per stage (read, extract, ner, entities, quotes, validate, write); never written to output
    seconds: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ShardResult:
        return cls(**json.loads(text))


# A shard writes one part file; RotatingWriter names it on close, so the name is the
# writer's (`<prefix>-00000-of-00001.parquet`) with the shard as prefix.
ONE_FILE = 1 << 62


def part_prefix(index: int) -> str:
    return f"shard-{index:06d}"


def part_path(work_dir: Path, index: int) -> Path:
    return work_dir / "parts" / shard_name(part_prefix(index), 0, 1)


def signature_path(work_dir: Path, index: int) -> Path:
    return work_dir / "signatures" / f"{part_prefix(index)}.parquet"


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
    """Build one shard into `work_dir/parts/shard-<index>...parquet` and its signatures."""
    from .dedup.minhash import signature
    from .dedup.store import SignatureWriter
    from .extract import extract
    from .schema import article_arrow_schema
    from .write.rotating import RotatingWriter

    result = ShardResult(index)
    secs: dict[str, float] = {}
    writer = RotatingWriter(
        part_path(work_dir, index).parent,
        part_prefix(index),
        article_arrow_schema(),
        rows_per_file=ONE_FILE,
    )
    signatures = SignatureWriter(signature_path(work_dir, index))
    dropped: Counter[str] = Counter()
    models: set[str] = set()

    def flush(batch: list[Document]) -> None:
        # Annotation's parts ("ner", "entities", "quotes") are timed inside `annotate`.
        annotated = _annotate_isolated(batch, options, result, secs)
        for ad in annotated:
            t = time.perf_counter()
            record, drops, problems = checked_record(ad)
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
            dropped.update(drops)
            models.update(ad.models)
            writer.write(to_arrow_row(record))
            t = _timed(secs, "write", t)
            signatures.add(record["id"], ad.document.source.path, *signature(record["text"]))
            _timed(secs, "dedup", t)

    batch: list[Document] = []
    t = time.perf_counter()
    for page in iter_pages(files, options, result):
        t = _timed(secs, "read", t)
        try:
            doc = extract(page, templates, options.keep_non_articles)
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
        if not _language_kept(doc, options):  # before annotation: a dropped page costs nothing
            language = doc.metadata.language or "unknown"
            _reject(
                result,
                page.source.path,
                "language",
                f"{page.source.path}: language {language!r} is not among --languages "
                f"{','.join(options.languages or ())}",
            )
            continue
        batch.append(doc)
        if len(batch) >= options.batch_size:
            flush(batch)
            batch = []
            t = time.perf_counter()
    if batch:
        flush(batch)
    t = time.perf_counter()
    writer.close()  # writes the part file
    signatures.close()
    result.records = writer.count
    _timed(secs, "write", t)
    result.annotations_dropped = dict(sorted(dropped.items()))
    result.models = sorted(models)
    result.seconds = secs
    return result


def checked_record(ad: Any) -> tuple[dict[str, Any], Counter[str], list[Any]]:
    """The record of an AnnotatedDocument, without the annotations that break its invariants
    (dropped and counted by reason: an annotation never costs the article), and the problems
    left, which are not an annotation's: the record is then an `invalid_record` reject."""
    from .annotation_repair import drop_bad_annotations
    from .record import to_record
    from .validate import record_problems

    record = to_record(ad)
    problems = record_problems(record)
    drops: Counter[str] = Counter()
    if problems:
        record, drops = drop_bad_annotations(record)
        problems = record_problems(record)
    return record, drops, problems


def _language_kept(doc: Document, options: BuildOptions) -> bool:
    return options.languages is None or (doc.metadata.language or "unknown") in options.languages


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


def template_stats_for(files: list[InputFile], options: BuildOptions) -> tuple[Any, int]:
    """Pass 1 of cross-page template learning over one shard's pages: the statistics, and the
    number of pages read (the progress bar's total)."""
    from .extract.textdump.template import template_stats

    counted = ShardResult(-1)
    return template_stats(iter_pages(files, options, counted)), counted.units
