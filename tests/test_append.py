"""`build --append`: new pages join an existing corpus; the records already there keep their
ids, cluster ids and splits (read from the corpus, never recomputed), copies across builds are
`duplicate_id` rejects, and the manifest keeps the history of builds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import REPO

from corpus_builder.build import build
from corpus_builder.options import BuildOptions
from corpus_builder.preflight import SetupError
from corpus_builder.schema import article_arrow_schema
from corpus_builder.write.parquet import SPLITS, WRITE_OPTIONS

pytestmark = pytest.mark.slow
# The pages below differ in two words: near-duplicates, kept here (--dedup off) because these
# tests are about appending; tests/test_dedup.py covers dedup across builds.
OPTIONS = BuildOptions(shard_files=1, dedup="off")


def pages(folder: Path, ids: list[str], extra: list[str] = ()) -> Path:
    folder.mkdir(parents=True)
    lines = [
        json.dumps(
            {
                "id": i,
                "paragraphs": [
                    f"“We reopen the {i} bridge on Monday,” engineer Ruth Okafor said.",
                    f"Traffic on route {len(i) * 7} was diverted for a month.",
                ],
            }
        )
        for i in ids
    ]
    (folder / "pages.jsonl").write_text("\n".join([*lines, *extra]) + "\n")
    return folder


def rows_by_id(out: Path) -> dict[str, tuple[str, dict]]:
    """id -> (split, row) from the article files."""
    found = {}
    for split in SPLITS:
        for path in sorted((out / "data" / "articles").glob(f"{split}-*.parquet")):
            for row in pq.read_table(path).to_pylist():
                assert row["id"] not in found
                found[row["id"]] = (split, row)
    return found


def move_to_another_split(out: Path, record_id: str, cluster_id: str) -> str:
    """Rewrite the corpus so one record sits in another split under another cluster id, as a
    split decided by something other than its id would put it."""
    rows = rows_by_id(out)
    split, row = rows[record_id]
    target = next(s for s in SPLITS if s != split)
    by_split: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for rid, (s, r) in rows.items():
        if rid == record_id:
            s, r = target, {**r, "cluster_id": cluster_id}
        by_split[s].append(r)
    folder = out / "data" / "articles"
    for path in folder.glob("*.parquet"):
        path.unlink()
    for s, split_rows in by_split.items():
        if split_rows:
            table = pa.Table.from_pylist(split_rows, schema=article_arrow_schema())
            pq.write_table(table, folder / f"{s}-00000-of-00001.parquet", **WRITE_OPTIONS)
    return target


@pytest.fixture(scope="module")
def appended(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("append")
    first_ids = [f"a{i}" for i in range(8)]
    a = pages(tmp / "A", first_ids, extra=["{broken"])
    b = pages(tmp / "B", ["b0", "b1", "b2", "a3"])
    out = tmp / "out"
    build([a], out, OPTIONS, workers=1)
    moved_to = move_to_another_split(out, "a5", "cluster-of-a5")
    before = rows_by_id(out)
    rejects_before = (out / "rejects.jsonl").read_text()
    summary = build([b], out, OPTIONS, workers=1, append=True)
    return {
        "tmp": tmp,
        "a": a,
        "b": b,
        "out": out,
        "before": before,
        "after": rows_by_id(out),
        "moved_to": moved_to,
        "rejects_before": rejects_before,
        "summary": summary,
        "manifest": json.loads((out / "manifest.json").read_text()),
    }


def test_existing_records_keep_ids_splits_and_cluster_ids(appended: dict) -> None:
    before, after = appended["before"], appended["after"]
    for rid, (split, row) in before.items():
        assert after[rid] == (split, row), rid
    assert after["a5"][0] == appended["moved_to"]
    assert after["a5"][1]["cluster_id"] == "cluster-of-a5"
    assert set(after) == set(before) | {"b0", "b1", "b2"}


def test_copy_of_an_earlier_build_is_a_duplicate_reject(appended: dict) -> None:
    out = appended["out"]
    lines = (out / "rejects.jsonl").read_text()
    assert lines.startswith(appended["rejects_before"])  # earlier rejects are kept, first
    new = [json.loads(x) for x in lines[len(appended["rejects_before"]) :].splitlines()]
    assert [r["reason"] for r in new] == ["duplicate_id"]
    assert "'a3'" in new[0]["message"] and "earlier build" in new[0]["message"]
    assert new[0]["input"] == "B/pages.jsonl#4"
    assert appended["after"]["a3"][1]["source"]["path"] == "A/pages.jsonl#4"


def test_manifest_counts_the_corpus_and_keeps_the_history(appended: dict) -> None:
    m = appended["manifest"]
    assert m["records"]["total"] == 11
    assert m["inputs"]["units"] == 9 + 4
    assert m["rejects"]["by_reason"] == {"bad_json": 1, "duplicate_id": 1}
    assert m["accounting_ok"]
    assert sum(m["languages"].values()) == 11
    assert [b["inputs"]["given"] for b in m["builds"]] == [["A"], ["B"]]
    assert [b["records"] for b in m["builds"]] == [8, 3]
    assert [b["rejects"] for b in m["builds"]] == [{"bad_json": 1}, {"duplicate_id": 1}]
    listed = {f["path"] for f in m["files"]}
    on_disk = {
        p.relative_to(appended["out"]).as_posix() for p in appended["out"].rglob("*.parquet")
    }
    assert listed == on_disk
    s = appended["summary"]
    assert (s.units, s.records, s.corpus_records) == (4, 3, 11)


def test_appended_corpus_validates_and_matches_one_build_of_everything(appended: dict) -> None:
    out = appended["out"]
    check = subprocess.run(
        [sys.executable, "-m", "corpus_builder", "validate", str(out)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "PATH": ""},
    )
    assert check.returncode == 0, check.stdout + check.stderr
    whole = appended["tmp"] / "whole"
    build([appended["a"], appended["b"]], whole, OPTIONS, workers=1)
    everything = rows_by_id(whole)
    after = appended["after"]
    assert set(everything) == set(after)
    for rid, (split, row) in everything.items():
        if rid == "a5":  # the one this test moved
            row = {**row, "cluster_id": "cluster-of-a5"}
            split = appended["moved_to"]
        assert after[rid] == (split, row), rid


def test_append_of_the_same_pages_adds_nothing(appended: dict, tmp_path: Path) -> None:
    out = tmp_path / "again"
    build([appended["a"]], out, OPTIONS, workers=1)
    summary = build([appended["a"]], out, OPTIONS, workers=1, append=True)
    assert summary.records == 0
    assert summary.rejects == {"bad_json": 1, "duplicate_id": 8}
    assert len(json.loads((out / "manifest.json").read_text())["builds"]) == 2


def test_append_refuses_a_corpus_of_another_schema(appended: dict, tmp_path: Path) -> None:
    out = tmp_path / "old"
    build([appended["b"]], out, OPTIONS, workers=1)
    manifest = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps({**manifest, "schema_version": "0.9"}))
    with pytest.raises(SetupError, match="schema 0.9"):
        build([appended["a"]], out, OPTIONS, workers=1, append=True)
