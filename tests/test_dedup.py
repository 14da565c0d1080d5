"""Near-duplicates: signatures, LSH clustering, the --dedup modes in a real build, splits by
cluster, and the append boundary. Inputs are articles written for these tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from dedup_inputs import ORIGINAL, SAME_TOPIC, UNRELATED, shortened, syndicated, write_dedup_inputs

from corpus_builder.build import build
from corpus_builder.dedup import store
from corpus_builder.dedup.clusters import BANDS, candidate_pairs, cluster
from corpus_builder.dedup.decisions import decide
from corpus_builder.dedup.minhash import signature
from corpus_builder.errors import REASONS
from corpus_builder.options import BuildOptions
from corpus_builder.write.parquet import split_of


def table(texts: dict[str, str]) -> store.Signatures:
    sigs = [signature(t) for t in texts.values()]
    return store.Signatures(
        ids=list(texts),
        paths=[f"in/{k}" for k in texts],
        minhash=np.stack([s for s, _ in sigs]),
        shingles=np.array([n for _, n in sigs]),
    )


TEXTS = {
    "orig": "\n\n".join(ORIGINAL),
    "topic": "\n\n".join(SAME_TOPIC),
    "synd": "\n\n".join(syndicated(ORIGINAL)),
    "other": "\n\n".join(UNRELATED),
    "short": "\n\n".join(shortened(ORIGINAL)),
    "added": "\n\n".join([*ORIGINAL[:2], UNRELATED[0], *ORIGINAL[2:]]),
}


def test_normalisation_ignores_case_punctuation_and_spacing() -> None:
    a = signature("“Rates will rise,” said Jo Ames on Friday in London.")
    b = signature("RATES  will rise -- said jo ames, on Friday in London!")
    assert (a[0] == b[0]).all() and a[1] == b[1] == 6
    c = signature("Rates will fall, said Jo Ames on Friday in London.")
    assert not (a[0] == c[0]).all()


def test_signature_is_the_same_in_another_process() -> None:
    here, _ = signature(TEXTS["orig"])
    code = (
        "import sys; from corpus_builder.dedup.minhash import signature; "
        "print(','.join(map(str, signature(sys.stdin.read())[0])))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=TEXTS["orig"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert [int(x) for x in out.strip().split(",")] == here.tolist()


def test_mark_clusters_the_copies_and_nothing_else() -> None:
    d = decide(table(TEXTS), "mark")
    got = dict(zip(TEXTS, d.cluster_ids, strict=True))
    assert got["synd"] == got["short"] == got["added"] == "orig"
    assert got["topic"] == "topic" and got["other"] == "other"
    assert d.rejects == [] and d.clusters == 1 and d.clustered == 4


def test_keep_first_rejects_later_copies_naming_the_kept_id() -> None:
    d = decide(table(TEXTS), "keep-first")
    kept = [k for k, c in zip(TEXTS, d.cluster_ids, strict=True) if c is not None]
    assert kept == ["orig", "topic", "other"]
    assert [r["input"] for r in d.rejects] == ["in/synd", "in/short", "in/added"]
    assert {r["reason"] for r in d.rejects} == {"near_duplicate"}
    assert all("'orig'" in r["message"] for r in d.rejects)
    assert "near_duplicate" in REASONS


def test_first_is_by_input_order() -> None:
    reordered = {k: TEXTS[k] for k in ("short", "other", "orig", "synd")}
    d = decide(table(reordered), "mark")
    assert d.cluster_ids == ["short", "other", "short", "short"]


def test_off_keeps_everything_with_own_ids_but_still_drops_exact_id_repeats() -> None:
    texts = table(TEXTS)
    texts.ids[-1] = "orig"
    d = decide(texts, "off")
    assert d.cluster_ids == ["orig", "topic", "synd", "other", "short", None]
    assert [r["reason"] for r in d.rejects] == ["duplicate_id"]


def test_one_huge_bucket_gives_linear_candidates() -> None:
    n = 3000
    sig, count = signature(TEXTS["orig"])
    sigs = np.tile(sig, (n, 1))
    pairs = candidate_pairs(sigs, np.ones(n, dtype=bool))
    assert len(pairs) <= 2 * n  # star + chain per bucket, not n*(n-1)/2 = 4.5 million
    result = cluster(sigs, np.full(n, count))
    assert (result.first == 0).all() and result.candidates <= 2 * n * BANDS


def test_empty_texts_are_never_clustered() -> None:
    d = decide(table({"a": "", "b": "  ...  ", "c": TEXTS["orig"]}), "mark")
    assert d.cluster_ids == ["a", "b", "c"]


def test_append_keeps_existing_clusters() -> None:
    first = decide(table({k: TEXTS[k] for k in ("orig", "topic", "synd")}), "mark")
    existing = table({k: TEXTS[k] for k in ("orig", "topic", "synd")})
    existing.cluster_ids = first.cluster_ids
    new = table({k: TEXTS[k] for k in ("short", "other")})
    d = decide(new, "keep-first", existing)
    assert d.cluster_ids == [None, "other"]
    assert "'orig'" in d.rejects[0]["message"]
    # Two existing singletons are never merged by a new record resembling both.
    existing = table({"a": TEXTS["orig"], "b": TEXTS["short"]})
    existing.cluster_ids = ["a", "b"]
    d = decide(table({"c": TEXTS["synd"]}), "mark", existing)
    assert d.cluster_ids[0] in ("a", "b")


def read_articles(out: Path) -> dict[str, dict]:
    rows = {}
    for path in sorted((out / "data" / "articles").glob("*.parquet")):
        split = path.name.split("-")[0]
        for row in pq.read_table(path).to_pylist():
            rows[row["id"]] = {"split": split, "cluster_id": row["cluster_id"]}
    return rows


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("wire") / "raw"
    return folder, write_dedup_inputs(folder)


@pytest.mark.slow
def test_build_keep_first(wire: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    folder, ids = wire
    summary = build([folder], tmp_path, BuildOptions(), workers=1)
    rows = read_articles(tmp_path)
    assert set(rows) == {ids["original"], ids["same_topic"], ids["unrelated"]}
    assert all(r["cluster_id"] == rid for rid, r in rows.items())
    rejects = [json.loads(x) for x in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert [r["reason"] for r in rejects] == ["near_duplicate", "near_duplicate"]
    assert all(repr(ids["original"]) in r["message"] for r in rejects)
    assert summary.rejects == {"near_duplicate": 2}
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["accounting_ok"] and manifest["dedup"]["clusters"] == 1
    kept = store.read_output(tmp_path)
    assert kept is not None and kept.ids == [ids["original"], ids["same_topic"], ids["unrelated"]]


@pytest.mark.slow
def test_build_mark_puts_a_cluster_in_one_split(
    wire: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, ids = wire
    build([folder], tmp_path, BuildOptions(dedup="mark"), workers=1)
    rows = read_articles(tmp_path)
    assert len(rows) == 5
    copies = [ids["original"], ids["syndicated"], ids["short"]]
    assert {rows[c]["cluster_id"] for c in copies} == {ids["original"]}
    # The copies' own ids hash to another split; the cluster's split wins.
    assert split_of(ids["syndicated"]) != split_of(ids["original"])
    assert {rows[c]["split"] for c in copies} == {split_of(ids["original"])}
    assert rows[ids["same_topic"]]["cluster_id"] == ids["same_topic"]
    assert rows[ids["unrelated"]]["cluster_id"] == ids["unrelated"]
    assert (tmp_path / "rejects.jsonl").read_text() == ""


@pytest.mark.slow
def test_append_rejects_a_copy_of_a_record_already_in_the_corpus(tmp_path: Path) -> None:
    def jsonl(folder: Path, pages: list[tuple[str, list[str]]]) -> Path:
        folder.mkdir()
        lines = [json.dumps({"id": i, "paragraphs": p}, ensure_ascii=False) for i, p in pages]
        (folder / "pages.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return folder

    first = jsonl(tmp_path / "A", [("harbor-vote", ORIGINAL), ("baytown", SAME_TOPIC)])
    second = jsonl(tmp_path / "B", [("herald", syndicated(ORIGINAL)), ("duarte", UNRELATED)])
    out = tmp_path / "out"
    build([first], out, BuildOptions(), workers=1)
    before = read_articles(out)
    build([second], out, BuildOptions(), workers=1, append=True)
    after = read_articles(out)
    assert {k: after[k] for k in before} == before  # ids, splits, cluster ids unchanged
    assert set(after) == {"harbor-vote", "baytown", "duarte"}
    rejects = [json.loads(x) for x in (out / "rejects.jsonl").read_text().splitlines()]
    assert [r["reason"] for r in rejects] == ["near_duplicate"]
    assert "'harbor-vote'" in rejects[0]["message"]
    assert store.read_output(out).ids == ["harbor-vote", "baytown", "duarte"]


def test_signature_files_round_trip_in_row_groups_and_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small row groups so that writing the chosen rows spans several of them.
    monkeypatch.setattr(store, "CHUNK_ROWS", 3)
    rng = np.random.default_rng(7)
    parts = []
    for k, n in enumerate((5, 0, 4)):
        sig = store.Signatures(
            ids=[f"r{k}-{i}" for i in range(n)],
            paths=[f"p{k}" for _ in range(n)],
            minhash=rng.integers(0, 2**32, (n, store.NUM_PERM), dtype=np.uint32),
            shingles=np.arange(n, dtype=np.int32) + 1,
        )
        store.write(tmp_path / f"s{k}.parquet", sig)
        parts.append(sig)
    read = store.read([tmp_path / f"s{k}.parquet" for k in range(3)])
    assert read.ids == parts[0].ids + parts[2].ids
    assert np.array_equal(read.minhash, np.concatenate([parts[0].minhash, parts[2].minhash]))
    assert read.shingles.tolist() == [1, 2, 3, 4, 5, 1, 2, 3, 4]
    assert pq.ParquetFile(tmp_path / "s0.parquet").metadata.num_row_groups == 2

    labelled = store.Signatures(read.ids, read.paths, read.minhash, read.shingles, read.ids)
    store.write(tmp_path / "kept.parquet", labelled, np.array([7, 0, 3, 8]))
    kept = store.read([tmp_path / "kept.parquet"])
    assert kept.ids == [read.ids[i] for i in (7, 0, 3, 8)]
    assert kept.cluster_ids == kept.ids
    assert np.array_equal(kept.minhash, read.minhash[[7, 0, 3, 8]])
