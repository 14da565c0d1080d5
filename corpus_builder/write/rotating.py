"""Streaming Parquet writer that rotates files every N rows and names them
`<split>-0000i-of-0000N.parquet` once N is known."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .parquet import ROW_GROUP_SIZE, ROWS_PER_FILE, WRITE_OPTIONS, shard_name


class RotatingWriter:
    def __init__(
        self, folder: Path, split: str, schema: pa.Schema, rows_per_file: int = ROWS_PER_FILE
    ) -> None:
        self.folder, self.split, self.schema = folder, split, schema
        self.rows_per_file = rows_per_file
        self.count = 0
        self._tmp_paths: list[Path] = []
        self._writer: pq.ParquetWriter | None = None
        self._buffer: list[dict[str, Any]] = []
        self._in_file = 0

    def write(self, row: dict[str, Any]) -> None:
        if self._writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f".{self.split}-{len(self._tmp_paths):05d}.tmp"
            self._tmp_paths.append(path)
            self._writer = pq.ParquetWriter(path, self.schema, **WRITE_OPTIONS)
        self._buffer.append(row)
        self.count += 1
        self._in_file += 1
        if len(self._buffer) >= ROW_GROUP_SIZE:
            self._flush()
        if self._in_file >= self.rows_per_file:
            self._close_file()

    def _flush(self) -> None:
        if self._buffer and self._writer is not None:
            table = pa.Table.from_pylist(self._buffer, schema=self.schema)
            self._writer.write_table(table, row_group_size=ROW_GROUP_SIZE)
            self._buffer = []

    def _close_file(self) -> None:
        self._flush()
        if self._writer is not None:
            self._writer.close()
        self._writer, self._in_file = None, 0

    def close(self) -> list[Path]:
        """Finish and rename the files to their final numbered names."""
        self._close_file()
        total = len(self._tmp_paths)
        final = []
        for i, tmp in enumerate(self._tmp_paths):
            dest = self.folder / shard_name(self.split, i, total)
            tmp.replace(dest)
            final.append(dest)
        return final
