"""`corpus-builder export`: records of a built corpus as JSONL that `validate` accepts unchanged.

The JSON shape is the schema's, not Arrow's: dates are ISO strings (`datasets`' `to_json`
writes epoch milliseconds, which the schema's `format: date` rejects). The starting point
for a correction or a contribution.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import pyarrow.dataset as ds

from .write.parquet import SPLITS, from_arrow_row, iter_rows

FORMATS = ("jsonl",)


def article_files(corpus: Path) -> list[Path]:
    """The article Parquet files of a dataset folder, split by split in file order."""
    folder = corpus / "data" / "articles"
    return [p for split in SPLITS for p in sorted(folder.glob(f"{split}-*.parquet"))]


def iter_records(corpus: Path, ids: set[str] | None = None) -> Iterator[dict[str, Any]]:
    """Records of the corpus in their JSON shape; only those with an id in `ids` when given
    (read with a filter, so a few ids from a big corpus do not decode every row)."""
    paths = article_files(corpus)
    if ids is None:
        for row in iter_rows(paths):
            yield from_arrow_row(row)
        return
    for path in paths:
        table = ds.dataset(path).to_table(filter=ds.field("id").isin(sorted(ids)))
        for row in table.to_pylist():
            yield from_arrow_row(row)


def export(corpus: Path, fh: TextIO, ids: set[str] | None = None) -> tuple[int, set[str]]:
    """Write the records as JSONL to `fh`; (records written, requested ids not found)."""
    n = 0
    found: set[str] = set()
    for record in iter_records(corpus, ids):
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        found.add(record["id"])
        n += 1
    return n, (ids - found) if ids is not None else set()


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", type=Path, metavar="OUT", help="a dataset folder built by `build`")
    p.add_argument("--format", choices=FORMATS, default="jsonl", help="output format")
    p.add_argument(
        "--ids",
        action="append",
        metavar="ID[,ID...]",
        help="only these record ids (comma-separated, or the option repeated)",
    )
    p.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")


def run(args: argparse.Namespace) -> int:
    if not article_files(args.corpus):
        print(
            f"corpus-builder export: {args.corpus} holds no corpus (no data/articles/*.parquet)",
            file=sys.stderr,
        )
        return 2
    ids = None
    if args.ids:
        ids = {i.strip() for value in args.ids for i in value.split(",") if i.strip()}
    if args.out:
        tmp = args.out.with_name(args.out.name + ".part")
        with open(tmp, "w", encoding="utf-8") as fh:
            n, missing = export(args.corpus, fh, ids)
        tmp.replace(args.out)
    else:
        n, missing = export(args.corpus, sys.stdout, ids)
    print(f"exported {n} records", file=sys.stderr)
    if missing:
        print(
            "corpus-builder export: ids not in the corpus: " + ", ".join(sorted(missing)),
            file=sys.stderr,
        )
        return 1
    return 0
