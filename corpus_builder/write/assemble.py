"""The final step of a build: cluster near-duplicates over all shards' signatures, then
stream the shards' part files, in shard order, into the dataset folder: article files per
split (the split of the record's cluster; duplicates dropped), the derived `ner` and `quotes`
configs, rejects, statistics, the card, Croissant metadata and the manifest."""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from ..options import BuildOptions
from ..schema import article_arrow_schema
from .append import Previous, history, merged_inputs
from .parquet import SPLITS, from_arrow_row, iter_rows, split_of
from .rotating import RotatingWriter


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def assemble(
    staging: Path,
    results: list[Any],
    part: Callable[[int], Path],
    signatures: Callable[[int], Path],
    *,
    options: BuildOptions,
    builder_version: str,
    schema_version: str,
    files: int,
    inputs: tuple[str, ...] = (),
    previous: Previous | None = None,
    existing: Any = None,
) -> dict[str, Any]:
    """With `previous` (--append) the existing records come first in every split, unchanged,
    and the manifest counts the whole corpus and keeps the history of builds. `existing`:
    that corpus's signatures (dedup.store.read_output), so new pages cluster against it."""
    from ..dedup import store
    from ..dedup.decisions import decide
    from . import derived

    staging.mkdir(parents=True)
    configs = {
        "articles": article_arrow_schema(),
        "ner": derived.ner_arrow_schema(),
        "quotes": derived.quote_arrow_schema(),
    }
    new_rejects: list[dict[str, Any]] = [rj for r in results for rj in r.rejects]
    counts: dict[str, dict[str, int]] = {name: {} for name in configs}
    written: dict[str, list[Path]] = {name: [] for name in configs}
    ner_stats: Counter[str] = Counter()
    example: dict[str, Any] | None = None
    shards = [r for r in results if r.records]
    started = time.perf_counter()
    new = store.read([signatures(r.index) for r in shards])
    # Ids are unique across builds too: an appended copy is a duplicate_id.
    decisions = decide(new, options.dedup, existing, set(previous.ids) if previous else None)
    cluster_seconds = time.perf_counter() - started
    new_rejects.extend(decisions.rejects)
    languages: Counter[str] = Counter()  # of written records, not of rejected copies
    added_languages: Counter[str] = Counter()
    writers = {
        (name, split): RotatingWriter(staging / "data" / name, split, schema)
        for name, schema in configs.items()
        for split in SPLITS
    }
    kept = []  # positions in `new` of the written records, in input order
    for old, split, row in _rows(previous, shards, part, decisions.cluster_ids, new.ids):
        if not old:
            kept.append(row.pop("_at"))
        writers["articles", split].write(row)
        language = (row["metadata"] or {}).get("language") or "unknown"
        languages[language] += 1
        if not old:
            added_languages[language] += 1
        record = from_arrow_row(row)
        if example is None and split == SPLITS[0]:
            example = record
        for ner_row in derived.ner_rows(record, ner_stats):
            writers["ner", split].write(ner_row)
        for quote_row in derived.quote_rows(record):
            writers["quotes", split].write(quote_row)
    for (name, split), writer in writers.items():
        written[name].extend(writer.close())
        if writer.count:
            counts[name][split] = writer.count
    signature_file = _write_signatures(staging, new, kept, decisions.cluster_ids, existing)

    rejects = (previous.rejects if previous else []) + new_rejects
    with open(staging / "rejects.jsonl", "w", encoding="utf-8") as fh:
        for rj in rejects:
            fh.write(json.dumps(rj, ensure_ascii=False, sort_keys=True) + "\n")

    models = sorted(
        {m for r in results for m in r.models}
        | set(previous.manifest.get("models", []) if previous else [])
    )
    provenance = {
        "builder_version": builder_version,
        "schema_version": schema_version,
        "models": models,
        "dedup": options.dedup,
    }
    stats = _write_stats(staging, written["articles"], ner_stats)
    dropped: Counter[str] = Counter()
    for r in results:
        dropped.update(r.annotations_dropped)
    stats["annotations_dropped"] = dict(sorted(dropped.items()))
    _write_card(staging, stats, example, counts, provenance)

    skipped: Counter[str] = Counter()
    for r in results:
        skipped.update(r.skipped)
    units = sum(r.units for r in results)
    records = sum(counts["articles"].values())
    added = sum(added_languages.values())
    this_build = {
        "builder_version": builder_version,
        "schema_version": schema_version,
        "models": sorted({m for r in results for m in r.models}),
        "options": asdict(options),
        "inputs": {
            "given": list(inputs),
            "files": files,
            "units": units,
            "skipped": dict(sorted(skipped.items())),
        },
        "records": added,
        "rejects": dict(sorted(Counter(rj["reason"] for rj in new_rejects).items())),
    }
    corpus_inputs = merged_inputs(
        previous, {"files": files, "units": units, "skipped": dict(sorted(skipped.items()))}
    )
    reasons = Counter(rj["reason"] for rj in rejects)
    manifest = {
        "builder_version": builder_version,
        "schema_version": schema_version,
        "models": models,
        "options": asdict(options),
        "inputs": corpus_inputs,
        "records": {"total": records, "by_split": counts["articles"]},
        "rejects": {"total": len(rejects), "by_reason": dict(sorted(reasons.items()))},
        "accounting_ok": corpus_inputs["units"] == records + len(rejects),
        "languages": dict(sorted(languages.items())),
        "annotations_dropped": stats["annotations_dropped"],
        "configs": counts,
        "dedup": {
            "mode": options.dedup,
            "clusters": decisions.clusters,
            "records_in_clusters": decisions.clustered,
            "candidate_pairs": decisions.candidates,
            "signatures": signature_file.relative_to(staging).as_posix(),  # hash under files
        },
        "builds": history(previous) + [this_build],
        "files": [
            {"path": p.relative_to(staging).as_posix(), "sha256": _sha256(p)}
            for p in [*(p for name in configs for p in written[name]), signature_file]
        ],
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return {
        "units": units,
        "records": added,
        "corpus_records": records,
        "rejects_by_reason": this_build["rejects"],
        "skipped": dict(sorted(skipped.items())),
        "annotations_dropped": stats["annotations_dropped"],
        "languages": dict(sorted(added_languages.items())),
        "cluster_seconds": cluster_seconds,
    }


def _rows(
    previous: Previous | None,
    shards: list[Any],
    part: Callable[[int], Path],
    cluster_ids: list[str | None],
    ids: list[str],
) -> Iterator[tuple[bool, str, dict[str, Any]]]:
    """(old, split, row): the corpus's rows first, unchanged, in their splits; then this
    build's kept rows with their cluster id, in the split of their cluster (so copies never
    straddle train and test), each tagged `_at` = its position among this build's records."""
    for split in SPLITS:
        for row in iter_rows(previous.articles[split] if previous else []):
            yield True, split, row
    rows = iter_rows([part(r.index) for r in shards])
    for at, (row, cluster_id) in enumerate(zip(rows, cluster_ids, strict=True)):
        if row["id"] != ids[at]:
            raise AssertionError(f"signatures out of step with parts at {row['id']!r}")
        if cluster_id is not None:
            yield False, split_of(cluster_id), {**row, "cluster_id": cluster_id, "_at": at}


def _write_signatures(
    staging: Path, new: Any, kept: list[int], cluster_ids: list[str | None], existing: Any
) -> Path:
    """Every written record's signature in input order (an appended corpus's first)."""
    from ..dedup import store

    path = staging / store.OUTPUT_PATH
    labelled = store.Signatures(new.ids, new.paths, new.minhash, new.shingles, cluster_ids)
    if not existing:  # the common case: written rows straight from `new`, no whole copy
        store.write(path, labelled, np.asarray(kept, dtype=np.int64))
        return path
    kept_rows = np.asarray(kept, dtype=np.int64)
    merged = store.Signatures(
        ids=existing.ids + [new.ids[i] for i in kept],
        paths=existing.paths + [new.paths[i] for i in kept],
        minhash=np.concatenate([existing.minhash, new.minhash[kept_rows]]),
        shingles=np.concatenate([existing.shingles, np.asarray(new.shingles)[kept_rows]]),
        cluster_ids=(existing.cluster_ids or existing.ids) + [cluster_ids[i] for i in kept],
    )
    store.write(path, merged)
    return path


def _article_records(paths: list[Path]) -> Iterator[dict[str, Any]]:
    for row in iter_rows(paths):
        yield from_arrow_row(row)


def _write_stats(
    staging: Path, article_files: list[Path], ner_stats: Counter[str]
) -> dict[str, Any]:
    from . import stats as stats_mod

    stats = stats_mod.compute_stats(_article_records(article_files))
    stats["ner_alignment"] = dict(sorted(ner_stats.items()))
    stats_mod.plot(stats, staging / "images" / "stats.png")
    return stats


def _write_card(
    staging: Path,
    stats: dict[str, Any],
    example: dict[str, Any] | None,
    counts: dict[str, dict[str, int]],
    provenance: dict[str, Any],
) -> None:
    from . import card, croissant

    card.render_card(staging, card.DEFAULT_TEMPLATE, stats, example or {}, counts, provenance)
    if counts["articles"]:
        croissant.write_croissant(staging)
