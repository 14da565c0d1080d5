"""Reading what is submitted for validation: output folders, Parquet files, JSONL records.

Everything streams (Parquet record batches, JSONL line by line) so a large corpus is never
held in memory. A file that cannot be read at all raises InputFailure naming it and why; a bad
line inside a readable JSONL file is a problem of that line, not a failure of the file.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..schema import article_schema, node_to_arrow
from ..write.parquet import from_arrow_row
from .problems import Problem, short_value

# Rows per Parquet batch: each batch has about 1 ms of fixed cost, and 4096 article rows are
# tens of MB at most.
BATCH_ROWS = 4096
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
# Where article Parquet lives relative to a folder the user names: an output folder (HF dataset
# repo root), its `data/` folder, or the articles folder itself. The derived `ner`/`quotes`
# configs have other schemas and are never validated as articles.
_ARTICLE_DIRS = ("data/articles", "articles")


class InputFailure(Exception):
    """An input that cannot be read at all (exit status 2)."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


@dataclass(frozen=True)
class Input:
    path: Path
    kind: str  # "parquet" | "jsonl"


@dataclass(frozen=True)
class Item:
    """One record as read: either the parsed record or the problem that prevented parsing."""

    file: str
    ref: str  # JSONL line number, or the Parquet id / "row N"
    record: Any = None
    problem: Problem | None = None


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def resolve(paths: Iterable[Path | str]) -> tuple[list[Input], list[InputFailure]]:
    """The files to read, in a stable order, and the named paths that cannot be read."""
    inputs: list[Input] = []
    failures: list[InputFailure] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        try:
            found = _resolve_one(path)
        except InputFailure as exc:
            failures.append(exc)
            continue
        for item in found:
            key = item.path.resolve()
            if key not in seen:
                seen.add(key)
                inputs.append(item)
    return inputs, failures


def _resolve_one(path: Path) -> list[Input]:
    if not path.exists():
        raise InputFailure(str(path), "no such file or directory")
    if path.is_dir():
        for sub in _ARTICLE_DIRS:
            if (path / sub).is_dir():
                files = sorted((path / sub).rglob("*.parquet"))
                if not files:
                    raise InputFailure(str(path), f"{sub}/ holds no .parquet files")
                return [Input(f, "parquet") for f in files]
        # Only the folder's own files: recursing from a repo root would sweep up raw JSONL
        # pages, derived configs and virtualenvs.
        files = sorted(f for f in path.iterdir() if f.is_file() and kind_of(f))
        if not files:
            raise InputFailure(
                str(path),
                "not an output folder (no data/articles/) and holds no .parquet/.jsonl files",
            )
        return [Input(f, kind_of(f) or "") for f in files]
    kind = kind_of(path)
    if kind is None:
        raise InputFailure(
            str(path), "not a records file: expected .parquet, .jsonl or .jsonl.gz, or a folder"
        )
    return [Input(path, kind)]


def iter_items(inp: Input) -> Iterator[Item]:
    """Every record of one file (raises InputFailure when the file cannot be read)."""
    if inp.kind == "parquet":
        yield from _parquet_items(inp.path)
    else:
        yield from _jsonl_items(inp.path)


def parquet_schema_problems(path: Path) -> list[Problem]:
    """Column/type differences from the article Arrow schema, as file-level problems.

    Nullability is not compared: a file written by another tool often marks everything
    nullable, and an actual null where the schema forbids one is a record-level finding.
    """
    actual = _open_parquet(path).schema_arrow
    expected = _article_columns()
    found: list[tuple[str, str]] = []
    for field in expected:
        index = actual.get_field_index(field.name)
        if index < 0:
            found.append((field.name, f"column {field.name!r} is missing"))
            continue
        got = actual.field(index).type
        if not _nullable_all(got).equals(_nullable_all(field.type)):
            found.append(
                (field.name, f"column {field.name!r} has type {got}, expected {field.type}")
            )
    for field in actual:
        if expected.get_field_index(field.name) < 0:
            found.append((field.name, f"column {field.name!r} is not in the article schema"))
    return [Problem(str(path), "-", f"$.{name}", "parquet:schema", msg) for name, msg in found]


def _nullable_all(t: pa.DataType) -> pa.DataType:
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, _nullable_all(f.type)) for f in t])
    if pa.types.is_list(t):
        return pa.list_(pa.field("item", _nullable_all(t.value_type)))
    return t


@cache
def _article_columns() -> pa.Schema:
    """Column names and types of article Parquet, derived from the JSON Schema like
    schema.article_arrow_schema() but without its `datasets` metadata (importing `datasets`
    costs seconds per CLI run, and nullability/metadata are not compared here)."""
    props = article_schema()["properties"]
    return pa.schema([pa.field(name, node_to_arrow(sub)) for name, sub in props.items()])


def _open_parquet(path: Path) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise InputFailure(str(path), f"not a readable Parquet file ({exc})") from None


def _parquet_items(path: Path) -> Iterator[Item]:
    for first_row, batch in parquet_batches(path):
        yield from batch_items(str(path), batch, first_row)


def parquet_batches(
    path: Path, batch_rows: int = BATCH_ROWS
) -> Iterator[tuple[int, pa.RecordBatch]]:
    """(number of the batch's first row, batch) for every record batch of a Parquet file."""
    pf = _open_parquet(path)
    row = 0
    try:
        for batch in pf.iter_batches(batch_size=batch_rows):
            yield row, batch
            row += batch.num_rows
    except (OSError, pa.ArrowException) as exc:
        raise InputFailure(str(path), f"Parquet data unreadable after row {row} ({exc})") from None


def parquet_ref(rid: Any, row: int) -> str:
    """How a Parquet record is named in problems: its id, else its row number."""
    return rid if isinstance(rid, str) and rid else f"row {row}"


def batch_items(file: str, batch: pa.RecordBatch, first_row: int) -> Iterator[Item]:
    """The records of a batch as the dicts a JSONL line would give."""
    for row, record in enumerate(batch_records(file, batch, first_row), first_row):
        yield Item(file, parquet_ref(record.get("id"), row), record)


def batch_records(file: str, batch: pa.RecordBatch, first_row: int) -> list[dict[str, Any]]:
    """The rows of a batch as JSON-shaped dicts (dates as ISO strings)."""
    try:
        return [from_arrow_row(row) for row in batch.to_pylist()]
    except (OverflowError, ValueError) as exc:  # e.g. a date32 beyond year 9999
        raise InputFailure(
            file, f"a value from row {first_row} on has no Python form ({exc})"
        ) from None


def _jsonl_items(path: Path) -> Iterator[Item]:
    file = str(path)
    for lineno, raw in _jsonl_lines(path):
        if not raw.strip():
            continue  # blank lines are layout, not records
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield _line_problem(
                file, lineno, "json:decode", f"line is not valid UTF-8 (byte {exc.start})", None
            )
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            # The text around the error locates it better than the head of a long line.
            near = line[max(0, exc.pos - 40) : exc.pos + 20].strip()
            reason = exc.msg.removesuffix(" at")
            message = f"not valid JSON: {reason} at column {exc.colno}"
            yield _line_problem(file, lineno, "json:parse", message, short_value(near))
            continue
        yield Item(file, str(lineno), record)


def _line_problem(file: str, lineno: int, rule: str, message: str, value: Any) -> Item:
    """A JSONL line that gives no record: the problem stands for the whole line."""
    return Item(file, str(lineno), problem=Problem(file, str(lineno), "$", rule, message, value))


def _jsonl_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    lineno = 0
    try:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rb") as fh:
            for lineno, raw in enumerate(fh, 1):  # noqa: B007 - lineno is reported on failure
                yield lineno, raw
    except (OSError, EOFError, zlib.error) as exc:
        raise InputFailure(str(path), f"unreadable after line {lineno} ({exc})") from None


def iter_ids(inp: Input) -> Iterator[tuple[str, str]]:
    """(ref, id) of every record of a file, reading only the id column of Parquet."""
    if inp.kind == "parquet":
        pf = _open_parquet(inp.path)
        if pf.schema_arrow.get_field_index("id") < 0:
            raise InputFailure(str(inp.path), "has no 'id' column")
        try:
            for batch in pf.iter_batches(batch_size=BATCH_ROWS * 16, columns=["id"]):
                for rid in batch.column(0).to_pylist():
                    if isinstance(rid, str):
                        yield rid, rid
        except (OSError, pa.ArrowException) as exc:
            raise InputFailure(str(inp.path), f"Parquet data unreadable ({exc})") from None
        return
    for item in _jsonl_items(inp.path):
        if isinstance(item.record, dict) and isinstance(item.record.get("id"), str):
            yield item.ref, item.record["id"]
