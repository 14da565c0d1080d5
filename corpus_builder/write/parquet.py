"""Deterministic Parquet: splits by a stable hash of the id, fixed writer options, sorted input.

Same records in the same order -> byte-identical files (no timestamps, no dict-order effects).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

SPLITS = ("train", "validation", "test")
# Percent of ids per split; a record never changes split as the corpus grows because the
# split depends on its id alone.
SPLIT_BOUNDS = (("train", 80), ("validation", 90), ("test", 100))
# (struct, field) of every `format: date` string of the schema: date32 in Parquet.
DATE_FIELDS = (("metadata", "published_date"), ("source", "fetch_date"))
ROWS_PER_FILE = 20_000
ROW_GROUP_SIZE = 1_000
WRITE_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "data_page_version": "2.0",
}


def split_of(record_id: str) -> str:
    bucket = int.from_bytes(hashlib.sha256(record_id.encode("utf-8")).digest()[:8], "big") % 100
    for split, bound in SPLIT_BOUNDS:
        if bucket < bound:
            return split
    raise AssertionError("unreachable")


def _convert_dates(record: dict[str, Any], convert: Any, kind: type) -> dict[str, Any]:
    out = record
    for group, key in DATE_FIELDS:
        sub = out.get(group) or {}
        value = sub.get(key)
        if isinstance(value, kind):
            out = {**out, group: {**sub, key: convert(value)}}
    return out


def to_arrow_row(record: dict[str, Any]) -> dict[str, Any]:
    """The JSON-shaped record with values Arrow wants (ISO date -> datetime.date)."""
    return _convert_dates(record, dt.date.fromisoformat, str)


def from_arrow_row(row: dict[str, Any]) -> dict[str, Any]:
    """Inverse of to_arrow_row, for validation of rows read back from Parquet."""
    return _convert_dates(row, dt.date.isoformat, dt.date)


def shard_name(split: str, index: int, total: int) -> str:
    return f"{split}-{index:05d}-of-{total:05d}.parquet"


def iter_rows(paths: Iterable[Path], batch_size: int = ROW_GROUP_SIZE) -> Iterator[dict[str, Any]]:
    """Rows of Parquet files in order, one record batch at a time (constant memory)."""
    for path in paths:
        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=batch_size):
            yield from batch.to_pylist()


def write_config(
    out_dir: Path,
    config: str,
    rows_by_split: dict[str, list[dict[str, Any]]],
    schema: pa.Schema,
    rows_per_file: int = ROWS_PER_FILE,
) -> list[Path]:
    """Write `OUT/data/<config>/<split>-0000i-of-0000N.parquet` for every non-empty split."""
    from .rotating import RotatingWriter

    written: list[Path] = []
    for split in SPLITS:
        writer = RotatingWriter(out_dir / "data" / config, split, schema, rows_per_file)
        for row in rows_by_split.get(split) or []:
            writer.write(row)
        written.extend(writer.close())
    return written
