"""Signature files: a small Parquet per shard in the work dir, and one in the output
(`OUT/dedup/signatures.parquet`, every written record in input order) so that a later
`--append` build can cluster new pages against the corpus without re-reading its text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..write.parquet import WRITE_OPTIONS
from .minhash import NUM_PERM

OUTPUT_PATH = Path("dedup") / "signatures.parquet"
CHUNK_ROWS = 16384  # rows per row group written


@dataclass
class Signatures:
    """Rows of records in input order; `cluster_ids` only for an existing corpus."""

    ids: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    minhash: np.ndarray = field(default_factory=lambda: np.zeros((0, NUM_PERM), np.uint32))
    shingles: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    cluster_ids: list[str] | None = None

    def __len__(self) -> int:
        return len(self.ids)


class SignatureWriter:
    """Collects one shard's signatures; `close` writes them (even when empty)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ids: list[str] = []
        self._paths: list[str] = []
        self._sigs: list[np.ndarray] = []
        self._shingles: list[int] = []

    def add(self, record_id: str, source_path: str, sig: np.ndarray, shingles: int) -> None:
        self._ids.append(record_id)
        self._paths.append(source_path)
        self._sigs.append(sig)
        self._shingles.append(shingles)

    def close(self) -> None:
        sigs = np.stack(self._sigs) if self._sigs else np.zeros((0, NUM_PERM), np.uint32)
        write(self.path, Signatures(self._ids, self._paths, sigs, np.array(self._shingles)))


def _table(sig: Signatures) -> pa.Table:
    flat = pa.array(np.ascontiguousarray(sig.minhash, dtype=np.uint32).reshape(-1))
    columns = {
        "id": pa.array(sig.ids, pa.string()),
        "path": pa.array(sig.paths, pa.string()),
        "shingles": pa.array(np.asarray(sig.shingles, dtype=np.int32)),
        "minhash": pa.FixedSizeListArray.from_arrays(flat, NUM_PERM),
    }
    if sig.cluster_ids is not None:
        columns["cluster_id"] = pa.array(sig.cluster_ids, pa.string())
    return pa.table(columns)


def write(path: Path, sig: Signatures, rows: np.ndarray | None = None) -> None:
    """Write `sig` (only its `rows`, in that order, when given) in row groups of
    CHUNK_ROWS, so that no copy of the whole table is held."""
    path.parent.mkdir(parents=True, exist_ok=True)
    order = np.arange(len(sig)) if rows is None else np.asarray(rows, dtype=np.int64)
    schema = _table(_take(sig, order[:0])).schema
    with pq.ParquetWriter(path, schema, **WRITE_OPTIONS) as writer:
        for at in range(0, max(len(order), 1), CHUNK_ROWS):
            writer.write_table(_table(_take(sig, order[at : at + CHUNK_ROWS])))


def _take(sig: Signatures, rows: np.ndarray) -> Signatures:
    picked = rows.tolist()
    return Signatures(
        ids=[sig.ids[i] for i in picked],
        paths=[sig.paths[i] for i in picked],
        minhash=sig.minhash[rows],
        shingles=np.asarray(sig.shingles)[rows],
        cluster_ids=None if sig.cluster_ids is None else [sig.cluster_ids[i] for i in picked],
    )


def read(paths: list[Path]) -> Signatures:
    """The signature files concatenated in the given order.

    The minimum hashes go file by file into one preallocated array: concatenating the
    Arrow tables first held the whole corpus's hashes three times over (about 150 MiB
    more at 100,000 records, all in the assembling process)."""
    if not paths:
        return Signatures()
    files = [pq.ParquetFile(p) for p in paths]
    n = sum(f.metadata.num_rows for f in files)
    minhash = np.empty((n, NUM_PERM), dtype=np.uint32)
    ids: list[str] = []
    source_paths: list[str] = []
    shingles = np.empty(n, dtype=np.int32)
    cluster_ids: list[str] | None = None
    at = 0
    for f in files:
        table = f.read()
        rows = table.num_rows
        if rows:
            hashes = table.column("minhash").combine_chunks().values
            minhash[at : at + rows] = hashes.to_numpy(zero_copy_only=False).reshape(-1, NUM_PERM)
            shingles[at : at + rows] = table.column("shingles").to_numpy()
        ids.extend(table.column("id").to_pylist())
        source_paths.extend(table.column("path").to_pylist())
        if "cluster_id" in table.column_names:
            cluster_ids = (cluster_ids or []) + table.column("cluster_id").to_pylist()
        at += rows
    return Signatures(ids, source_paths, minhash, shingles, cluster_ids)


def read_output(out: Path) -> Signatures | None:
    """An existing corpus's signatures (None when it has none, e.g. built before dedup)."""
    path = out / OUTPUT_PATH
    return read([path]) if path.exists() else None
