"""`build --append`: the corpus already in OUT, read back so that its records pass through the
assembly unchanged (same id, cluster_id and split), and the manifest's history of builds.

The boundary for assembly: `Previous.articles[split]` are the existing article files of each
split, streamed before the new shards' parts; `Previous.ids` are every existing id, so a new
record with one of them is a `duplicate_id` reject whatever split it would land in. Nothing
about an existing record is recomputed: a later stage that assigns splits or clusters must
take them from these rows, not from the record's id.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .parquet import SPLITS


@dataclass
class Previous:
    articles: dict[str, list[Path]]
    ids: set[str]
    rejects: list[dict[str, Any]]
    manifest: dict[str, Any]


def read_previous(out: Path, schema_version: str) -> Previous:
    """The corpus in OUT; SetupError when it cannot be appended to."""
    from ..preflight import SetupError

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("schema_version") != schema_version:
        raise SetupError(
            f"--append: {out} was built with schema {manifest.get('schema_version')}, this "
            f"builder writes {schema_version}; rebuild everything with --overwrite"
        )
    folder = out / "data" / "articles"
    articles = {split: sorted(folder.glob(f"{split}-*.parquet")) for split in SPLITS}
    ids: set[str] = set()
    for paths in articles.values():
        for path in paths:
            ids.update(pq.read_table(path, columns=["id"]).column("id").to_pylist())
    rejects_path = out / "rejects.jsonl"
    rejects = []
    if rejects_path.exists():
        with open(rejects_path, encoding="utf-8") as fh:
            rejects = [json.loads(line) for line in fh if line.strip()]
    return Previous(articles, ids, rejects, manifest)


def build_entry(manifest: dict[str, Any]) -> dict[str, Any]:
    """The date-free facts of one build, as the history keeps them."""
    return {
        key: manifest[key]
        for key in ("builder_version", "schema_version", "models", "options", "inputs")
        if key in manifest
    } | {
        "records": manifest.get("records", {}).get("total", 0),
        "rejects": manifest.get("rejects", {}).get("by_reason", {}),
    }


def history(previous: Previous | None) -> list[dict[str, Any]]:
    """The builds before this one (a manifest without a history counts as one build)."""
    if previous is None:
        return []
    return list(previous.manifest.get("builds") or [build_entry(previous.manifest)])


def merged_inputs(previous: Previous | None, inputs: dict[str, Any]) -> dict[str, Any]:
    """Corpus-wide input counts: this build's added to the earlier builds'."""
    if previous is None:
        return inputs
    before = previous.manifest.get("inputs", {})
    skipped = Counter(before.get("skipped", {}))
    skipped.update(inputs["skipped"])
    return {
        "files": before.get("files", 0) + inputs["files"],
        "units": before.get("units", 0) + inputs["units"],
        "skipped": dict(sorted(skipped.items())),
    }
