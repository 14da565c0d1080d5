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


def write(path: Path, sig: Signatures) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(_table(sig), path, **WRITE_OPTIONS)


def read(paths: list[Path]) -> Signatures:
    """The signature files concatenated in the given order."""
    tables = [pq.read_table(p) for p in paths]
    if not tables:
        return Signatures()
    table = pa.concat_tables(tables)
    minhash = table.column("minhash").combine_chunks()
    values = minhash.values.to_numpy(zero_copy_only=False) if len(minhash) else np.zeros(0)
    return Signatures(
        ids=table.column("id").to_pylist(),
        paths=table.column("path").to_pylist(),
        minhash=values.astype(np.uint32).reshape(-1, NUM_PERM),
        shingles=table.column("shingles").to_numpy().astype(np.int32),
        cluster_ids=(
            table.column("cluster_id").to_pylist() if "cluster_id" in table.column_names else None
        ),
    )


def read_output(out: Path) -> Signatures | None:
    """An existing corpus's signatures (None when it has none, e.g. built before dedup)."""
    path = out / OUTPUT_PATH
    return read([path]) if path.exists() else None
