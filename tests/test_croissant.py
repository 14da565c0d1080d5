"""croissant.json: valid Croissant that mlcroissant can read records from, offline, matching the
Parquet files row for row."""

from __future__ import annotations

import json

import mlcroissant as mlc
import pyarrow.parquet as pq
import pytest
from helpers_corpus import write_corpus

from corpus_builder.write import croissant, derived
from corpus_builder.write.parquet import split_of


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    return out, write_corpus(out)


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def test_croissant_validates_and_names_every_config(corpus):
    out, _ = corpus
    path = out / croissant.CROISSANT_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [rs["@id"] for rs in data["recordSet"]] == ["articles", "ner", "quotes"]
    ds = mlc.Dataset(jsonld=path)  # raises on validation errors
    assert not ds.metadata.issues.errors


def test_ner_records_equal_the_parquet_rows(corpus):
    out, info = corpus
    ds = mlc.Dataset(jsonld=out / croissant.CROISSANT_NAME)
    got = {}
    for rec in ds.records("ner"):
        key = (_text(rec["ner/id"]), int(rec["ner/paragraph"]))
        got[key] = (
            [_text(t) for t in rec["ner/tokens"]],
            [int(t) for t in rec["ner/ner_tags"]],
            _text(rec["ner/split"]),
        )
    expected = {}
    for r in info["records"]:
        for row in derived.ner_rows(r):
            expected[(row["id"], row["paragraph"])] = (
                row["tokens"],
                row["ner_tags"],
                split_of(row["id"]),
            )
    assert got == expected


def test_articles_and_quotes_records_read_nested_fields(corpus):
    out, info = corpus
    ds = mlc.Dataset(jsonld=out / croissant.CROISSANT_NAME)
    by_id = {r["id"]: r for r in info["records"]}
    n = 0
    for rec in ds.records("articles"):
        src = by_id[_text(rec["articles/id"])]
        assert _text(rec["articles/split"]) == split_of(src["id"])
        assert (
            _text(rec["articles/metadata"]["articles/metadata/title"]) == src["metadata"]["title"]
        )
        labels = [_text(e["articles/entities/label"]) for e in rec["articles/entities"]]
        assert labels == [e["label"] for e in src["entities"]]
        n += 1
    assert n == len(info["records"])
    quotes = {_text(q["quotes/id"]): q for q in ds.records("quotes")}
    expected = [row for r in info["records"] for row in derived.quote_rows(r)]
    assert len(quotes) == len(expected)
    for row in expected:
        q = quotes[row["id"]]
        assert int(q["quotes/label"]) == row["label"]
        assert [_text(c) for c in q["quotes/candidates"]] == row["candidates"]
        assert _text(q["quotes/context"]["quotes/context/paragraph"]) == row["context"]["paragraph"]


def test_croissant_is_deterministic(corpus):
    out, _ = corpus
    before = (out / croissant.CROISSANT_NAME).read_bytes()
    croissant.write_croissant(out)
    assert (out / croissant.CROISSANT_NAME).read_bytes() == before


def test_croissant_fields_follow_the_parquet_columns(corpus):
    out, info = corpus
    data = json.loads((out / croissant.CROISSANT_NAME).read_text(encoding="utf-8"))
    for rs in data["recordSet"]:
        names = [f["name"] for f in rs["field"]]
        column_names = pq.read_schema(info["files"][rs["@id"]][0]).names
        assert names == column_names + ["split"]


def test_folder_without_parquet_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no Parquet files"):
        croissant.write_croissant(tmp_path)
