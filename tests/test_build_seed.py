"""The seed page end to end: raw text dump -> validated Parquet -> load_dataset."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import FIXTURES, REPO, SEED

from corpus_builder.build import build
from corpus_builder.options import BuildOptions

EXPECTED = json.loads((FIXTURES / "diplomat-2019-09-10.expected.json").read_text())


def parquet_digests(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((out / "data").rglob("*.parquet"))
    }


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("seed") / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    out = tmp_path_factory.mktemp("out")
    build([raw], out, BuildOptions(), workers=1)
    return out


@pytest.fixture(scope="module")
def record(seed_build: Path) -> dict:
    from corpus_builder.write.parquet import from_arrow_row

    rows = [
        from_arrow_row(r)
        for p in sorted((seed_build / "data" / "articles").glob("*.parquet"))
        for r in pq.read_table(p).to_pylist()
    ]
    assert len(rows) == 1
    return rows[0]


def test_layout(seed_build: Path) -> None:
    for name in ("README.md", "manifest.json", "rejects.jsonl"):
        assert (seed_build / name).is_file(), name
    assert list((seed_build / "data" / "articles").glob("*-00000-of-00001.parquet"))
    manifest = json.loads((seed_build / "manifest.json").read_text())
    assert manifest["records"]["total"] == 1 and manifest["rejects"]["total"] == 0
    assert manifest["accounting_ok"]
    assert not [p for p in seed_build.iterdir() if p.name.startswith(".cb-")]


def test_metadata(record: dict) -> None:
    assert record["metadata"] == EXPECTED["metadata"]


def test_paragraphs(record: dict) -> None:
    text = record["text"]
    got = [text[p["start"] : p["end"]] for p in record["paragraphs"]]
    assert got == EXPECTED["paragraphs"]
    for line in EXPECTED["must_not_appear_in_paragraphs"]:
        assert line not in text


def test_quotes(record: dict) -> None:
    quotes = record["quotes"]
    assert len(quotes) == len(EXPECTED["quotes"]), [q["text"] for q in quotes]
    for got, want in zip(quotes, EXPECTED["quotes"], strict=True):
        assert got["text"] == want["text"]
        assert record["text"][got["start"] : got["end"]] == want["text"]
        assert got["paragraph"] == want["paragraph"]
        assert got["kind"] == want["kind"]
        if want["speaker_required"]:
            assert got["speaker"] == want["speaker"], got


def test_entities_and_aliases(record: dict) -> None:
    ents = record["entities"]
    for label, names in EXPECTED["entities_required"].items():
        found = {e["text"] for e in ents if e["label"] == label}
        found |= {e["canonical"] for e in ents if e["label"] == label}
        for name in names:
            assert name in found, (label, name)
    from corpus_builder.annotate.entities import canonical_name
    from corpus_builder.types import Entity

    entities = [Entity(**e) for e in ents]
    for alias, canonical in EXPECTED["person_aliases"].items():
        # where the short form occurs as a mention, its stored canonical is the full name;
        # a bare "Biegun" never occurs in the seed, so that alias is checked by lookup
        mentions = [e for e in ents if e["text"] == alias]
        assert all(e["canonical"] == canonical for e in mentions), (alias, mentions)
        assert canonical_name(alias, entities) == canonical, alias


def test_provenance(record: dict) -> None:
    models = record["provenance"]["models"]
    assert any("core_web_sm" in m for m in models), models


def test_rebuild_is_byte_identical(seed_build: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    again = tmp_path / "again"
    build([raw], again, BuildOptions(), workers=1)
    assert parquet_digests(again) == parquet_digests(seed_build)
    assert (again / "manifest.json").read_bytes() == (seed_build / "manifest.json").read_bytes()


def test_validate_cli_on_output_and_on_a_broken_record(
    seed_build: Path, record: dict, tmp_path: Path
) -> None:
    cli = [sys.executable, "-m", "corpus_builder.cli", "validate"]
    ok = subprocess.run([*cli, str(seed_build)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = dict(record, quotes=[dict(q) for q in record["quotes"]])
    broken["quotes"][0]["end"] = len(record["text"]) + 50
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(broken) + "\n")
    res = subprocess.run([*cli, str(bad)], capture_output=True, text=True)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "quotes[0].end" in res.stdout + res.stderr


def test_load_dataset_offline(seed_build: Path) -> None:
    import datasets

    ds = datasets.load_dataset(str(seed_build), "articles", split="train")
    assert ds.num_rows == 1
    assert ds[0]["metadata"]["title"] == EXPECTED["metadata"]["title"]


def test_repo_dataset_card_template_exists() -> None:
    assert (REPO / "dataset_card.md").is_file()
