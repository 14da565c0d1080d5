"""The Parquet writer: stable splits, rotation, deterministic bytes, schema derivation."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.parquet as pq

from corpus_builder.schema import article_arrow_schema, article_features, article_schema
from corpus_builder.write.parquet import SPLITS, iter_rows, split_of
from corpus_builder.write.rotating import RotatingWriter

SCHEMA = article_arrow_schema()


def _row(i: int) -> dict:
    text = f"Paragraph number {i}."
    return {
        "id": f"doc-{i}",
        "schema_version": "1.1",
        "cluster_id": f"doc-{i}",
        "source": {
            "uri": None,
            "path": f"in/{i}.txt",
            "format": "textdump",
            "sha256": "0" * 64,
            "site": None,
        },
        "metadata": {
            "title": f"T{i}",
            "subtitle": None,
            "byline": None,
            "authors": [],
            "published_date": None,
            "site_name": None,
            "section": None,
            "topics": [],
            "tags": [],
            "image_credit": None,
            "language": "en",
        },
        "text": text,
        "paragraphs": [{"start": 0, "end": len(text)}],
        "entities": [],
        "quotes": [],
        "provenance": {"builder_version": "0", "extractor": "x", "models": [], "linalg": None},
    }


def test_split_is_a_function_of_the_id_alone() -> None:
    ids = [f"doc-{i}" for i in range(2000)]
    first = [split_of(i) for i in ids]
    assert first == [split_of(i) for i in reversed(ids)][::-1]
    shares = {s: first.count(s) / len(ids) for s in SPLITS}
    assert 0.75 < shares["train"] < 0.85 and 0.07 < shares["validation"] < 0.13


def test_rotation_names_and_row_order(tmp_path: Path) -> None:
    w = RotatingWriter(tmp_path / "articles", "train", SCHEMA, rows_per_file=4)
    for i in range(10):
        w.write(_row(i))
    paths = w.close()
    assert [p.name for p in paths] == [f"train-0000{i}-of-00003.parquet" for i in range(3)]
    assert [r["id"] for r in iter_rows(paths)] == [f"doc-{i}" for i in range(10)]
    assert not list((tmp_path / "articles").glob(".*"))


def test_same_rows_same_bytes(tmp_path: Path) -> None:
    digests = []
    for run in ("a", "b"):
        w = RotatingWriter(tmp_path / run, "train", SCHEMA)
        for i in range(50):
            w.write(_row(i))
        [path] = w.close()
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_arrow_schema_features_and_json_schema_agree(tmp_path: Path) -> None:
    from datasets import Features

    props = article_schema()["properties"]
    assert SCHEMA.names == list(props) == list(article_features())
    w = RotatingWriter(tmp_path, "train", SCHEMA)
    w.write(_row(0))
    [path] = w.close()
    restored = Features.from_arrow_schema(pq.read_schema(path))
    assert restored == article_features()
    # required top-level fields are non-nullable in Parquet; optional metadata is nullable
    assert not SCHEMA.field("text").nullable
    assert SCHEMA.field("metadata").type.field("title").nullable
    assert str(SCHEMA.field("metadata").type.field("published_date").type) == "date32[day]"
