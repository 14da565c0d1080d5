"""The final step of a build: stream the shards' part files, in shard order, into the
dataset folder: article files per split (duplicates dropped), the derived `ner` and `quotes`
configs, rejects, statistics, the card, Croissant metadata and the manifest."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..options import BuildOptions
from ..schema import article_arrow_schema
from .append import Previous, history, merged_inputs
from .parquet import SPLITS, from_arrow_row, iter_rows
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
    part: Callable[[str, int], Path],
    *,
    options: BuildOptions,
    builder_version: str,
    schema_version: str,
    files: int,
    inputs: tuple[str, ...] = (),
    previous: Previous | None = None,
) -> dict[str, Any]:
    """With `previous` (--append) the existing records come first in every split, unchanged,
    and the manifest counts the whole corpus and keeps the history of builds."""
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
    # Ids are unique across splits and across builds: an appended copy is a duplicate too.
    seen: set[str] = set(previous.ids) if previous else set()
    languages: Counter[str] = Counter()  # of written records, not of rejected copies
    added_languages: Counter[str] = Counter()
    for split in SPLITS:
        writers = {
            name: RotatingWriter(staging / "data" / name, split, schema)
            for name, schema in configs.items()
        }
        parts = [part(split, r.index) for r in results if r.records.get(split)]
        kept = previous.articles[split] if previous else []
        for old, row in _tagged(iter_rows(kept), iter_rows(parts)):
            if not old and row["id"] in seen:
                new_rejects.append(
                    {
                        "input": row["source"]["path"],
                        "reason": "duplicate_id",
                        "message": f"{row['source']['path']}: id {row['id']!r} was "
                        + (
                            "already in the corpus (an earlier build)"
                            if previous and row["id"] in previous.ids
                            else "already produced by an earlier input"
                        ),
                    }
                )
                continue
            seen.add(row["id"])
            writers["articles"].write(row)
            language = (row["metadata"] or {}).get("language") or "unknown"
            languages[language] += 1
            if not old:
                added_languages[language] += 1
            record = from_arrow_row(row)
            if example is None:
                example = record
            for ner_row in derived.ner_rows(record, ner_stats):
                writers["ner"].write(ner_row)
            for quote_row in derived.quote_rows(record):
                writers["quotes"].write(quote_row)
        for name, writer in writers.items():
            written[name].extend(writer.close())
            if writer.count:
                counts[name][split] = writer.count

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
        "builds": history(previous) + [this_build],
        "files": [
            {"path": p.relative_to(staging).as_posix(), "sha256": _sha256(p)}
            for name in configs
            for p in written[name]
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
    }


def _tagged(
    old: Iterator[dict[str, Any]], new: Iterator[dict[str, Any]]
) -> Iterator[tuple[bool, dict[str, Any]]]:
    """(True, row) for the rows already in the corpus, then (False, row) for this build's."""
    for row in old:
        yield True, row
    for row in new:
        yield False, row


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
