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
    existing: Any = None,
) -> dict[str, Any]:
    """`existing`: the signatures of a corpus being appended to (dedup.store.read_output)."""
    from ..dedup import store
    from ..dedup.decisions import decide
    from . import derived

    staging.mkdir(parents=True)
    configs = {
        "articles": article_arrow_schema(),
        "ner": derived.ner_arrow_schema(),
        "quotes": derived.quote_arrow_schema(),
    }
    rejects: list[dict[str, str]] = [rj for r in results for rj in r.rejects]
    counts: dict[str, dict[str, int]] = {name: {} for name in configs}
    written: dict[str, list[Path]] = {name: [] for name in configs}
    ner_stats: Counter[str] = Counter()
    example: dict[str, Any] | None = None
    shards = [r for r in results if r.records]
    started = time.perf_counter()
    new = store.read([signatures(r.index) for r in shards])
    decisions = decide(new, options.dedup, existing)
    cluster_seconds = time.perf_counter() - started
    rejects.extend(decisions.rejects)
    writers = {
        (name, split): RotatingWriter(staging / "data" / name, split, schema)
        for name, schema in configs.items()
        for split in SPLITS
    }
    kept = []  # positions in `new` of the written records, in input order
    rows = iter_rows([part(r.index) for r in shards])
    for at, (row, cluster_id) in enumerate(zip(rows, decisions.cluster_ids, strict=True)):
        if row["id"] != new.ids[at]:
            raise AssertionError(f"signatures out of step with parts at {row['id']!r}")
        if cluster_id is None:
            continue
        kept.append(at)
        # The cluster decides the split, so copies never straddle train and test.
        split = split_of(cluster_id)
        row["cluster_id"] = cluster_id
        writers["articles", split].write(row)
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

    with open(staging / "rejects.jsonl", "w", encoding="utf-8") as fh:
        for rj in rejects:
            fh.write(json.dumps(rj, ensure_ascii=False, sort_keys=True) + "\n")

    models = sorted({m for r in results for m in r.models})
    provenance = {
        "builder_version": builder_version,
        "schema_version": schema_version,
        "models": models,
        "dedup": options.dedup,
    }
    stats = _write_stats(staging, written["articles"], ner_stats)
    _write_card(staging, stats, example, counts, provenance)

    reasons = Counter(rj["reason"] for rj in rejects)
    skipped: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for r in results:
        skipped.update(r.skipped)
        languages.update(r.languages)
    records = sum(counts["articles"].values())
    units = sum(r.units for r in results)
    manifest = {
        "builder_version": builder_version,
        "schema_version": schema_version,
        "models": models,
        "options": asdict(options),
        "inputs": {"files": files, "units": units, "skipped": dict(sorted(skipped.items()))},
        "records": {"total": records, "by_split": counts["articles"]},
        "rejects": {"total": len(rejects), "by_reason": dict(sorted(reasons.items()))},
        "accounting_ok": units == records + len(rejects),
        "languages": dict(sorted(languages.items())),
        "configs": counts,
        "dedup": {
            "mode": options.dedup,
            "clusters": decisions.clusters,
            "records_in_clusters": decisions.clustered,
            "candidate_pairs": decisions.candidates,
            "signatures": {
                "path": signature_file.relative_to(staging).as_posix(),
                "sha256": _sha256(signature_file),
            },
        },
        "files": [
            {"path": p.relative_to(staging).as_posix(), "sha256": _sha256(p)}
            for name in configs
            for p in written[name]
        ],
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return {
        "units": units,
        "records": records,
        "rejects_by_reason": dict(sorted(reasons.items())),
        "skipped": dict(sorted(skipped.items())),
        "languages": dict(sorted(languages.items())),
        "cluster_seconds": cluster_seconds,
    }


def _write_signatures(
    staging: Path, new: Any, kept: list[int], cluster_ids: list[str | None], existing: Any
) -> Path:
    """Every written record's signature in input order (an appended corpus's first)."""
    from ..dedup import store

    old = existing or store.Signatures(cluster_ids=[])
    merged = store.Signatures(
        ids=old.ids + [new.ids[i] for i in kept],
        paths=old.paths + [new.paths[i] for i in kept],
        minhash=np.concatenate([old.minhash, new.minhash[kept]]),
        shingles=np.concatenate([old.shingles, new.shingles[kept]]),
        cluster_ids=(old.cluster_ids or old.ids) + [cluster_ids[i] for i in kept],
    )
    path = staging / store.OUTPUT_PATH
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
