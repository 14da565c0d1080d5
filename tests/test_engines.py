"""Engines: a local process pool, a Dask LocalCluster, and a real `dask scheduler` with two
`dask worker` processes on loopback all write the same bytes as a one-process build."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_inputs import write_inputs
from test_build_seed import parquet_digests

from corpus_builder.build import build
from corpus_builder.options import BuildOptions

pytestmark = pytest.mark.slow
# Small shards so that several workers really share the work.
OPTIONS = BuildOptions(shard_files=1)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inputs(tmp_path_factory.mktemp("in") / "raw")


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ref")
    build([inputs], out, OPTIONS, workers=1)
    return out


def test_reference_accounting(reference: Path) -> None:
    manifest = json.loads((reference / "manifest.json").read_text())
    rejects = [json.loads(x) for x in (reference / "rejects.jsonl").read_text().splitlines()]
    assert manifest["accounting_ok"]
    assert manifest["inputs"]["units"] == manifest["records"]["total"] + len(rejects)
    reasons = sorted(r["reason"] for r in rejects)
    assert reasons == ["bad_json", "duplicate_id", "empty"]
    assert manifest["languages"].get("fr") == 1


def test_reference_runs_the_default_linalg(reference: Path) -> None:
    """The same-bytes tests below hold for the default path (numpy's BLAS on one thread)."""
    import pyarrow.parquet as pq

    from corpus_builder.annotate.linalg import DEFAULT_LINALG, describe

    table = pq.read_table(sorted((reference / "data" / "articles").glob("*.parquet")))
    paths = {r["linalg"] for r in table.column("provenance").to_pylist()}
    assert paths - {None} == {describe(DEFAULT_LINALG)}  # None: no model ran (not English)
    assert DEFAULT_LINALG == "numpy"


def test_local_pool_same_bytes(inputs: Path, reference: Path, tmp_path: Path) -> None:
    build([inputs], tmp_path, OPTIONS, workers=2)
    assert parquet_digests(tmp_path) == parquet_digests(reference)


def test_dask_local_cluster_same_bytes(inputs: Path, reference: Path, tmp_path: Path) -> None:
    build([inputs], tmp_path, OPTIONS, engine_kind="dask", workers=2)
    assert parquet_digests(tmp_path) == parquet_digests(reference)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_workers(address: str, n: int, timeout: float = 120) -> None:
    from distributed import Client

    with Client(address, timeout=timeout) as client:
        client.wait_for_workers(n, timeout=timeout)


def test_real_scheduler_and_two_workers(inputs: Path, reference: Path, tmp_path: Path) -> None:
    dask = str(Path(sys.executable).with_name("dask"))
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        time.sleep(1)
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        dask,
                        "worker",
                        address,
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--host",
                        "127.0.0.1",
                        "--no-dashboard",
                        "--local-directory",
                        str(tmp_path),
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        _wait_for_workers(address, 2)
        out = tmp_path / "out"
        build([inputs], out, OPTIONS, engine_kind="dask", scheduler=address)
        assert parquet_digests(out) == parquet_digests(reference)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def test_big_jsonl_split_across_workers_same_bytes(tmp_path: Path) -> None:
    from dataclasses import replace

    path = tmp_path / "in" / "big.jsonl"
    path.parent.mkdir()
    rows = [
        {
            "id": f"n{i}",
            "paragraphs": [
                f"“Rates will rise,” analyst Jo Ames {i} said.",
                "Markets fell in London on Friday.",
            ],
        }
        for i in range(60)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    whole = tmp_path / "whole"
    build([path.parent], whole, OPTIONS, workers=1)
    split = tmp_path / "split"
    summary = build([path.parent], split, replace(OPTIONS, split_bytes=1500), workers=2)
    assert summary.shards > 3
    assert parquet_digests(split) == parquet_digests(whole)
    assert json.loads((split / "manifest.json").read_text())["records"]["total"] == 60


def test_big_warc_split_across_workers_same_bytes(tmp_path: Path) -> None:
    from dataclasses import replace

    from test_warc import write_many_articles

    path = tmp_path / "in" / "crawl.warc.gz"
    path.parent.mkdir()
    write_many_articles(path, 24)
    # The 24 pages are one article with a sentence changed: near-duplicates, kept here
    # because this test is about splitting the archive.
    options = replace(OPTIONS, dedup="off")
    whole = tmp_path / "whole"
    build([path.parent], whole, options, workers=1)
    split = tmp_path / "split"
    summary = build(
        [path.parent], split, replace(options, split_bytes=path.stat().st_size // 5), workers=2
    )
    assert summary.shards > 3
    assert parquet_digests(split) == parquet_digests(whole)
    assert json.loads((split / "manifest.json").read_text())["records"]["total"] == 24


def test_shard_size_gives_every_worker_work() -> None:
    from corpus_builder.build import MAX_SHARD_FILES, shard_size

    # a 20-file build on 2 workers: 7 shards of at most 3 files, not one shard of 64
    assert shard_size(20, 2) == 3
    assert shard_size(1, 8) == 1
    assert shard_size(100_000, 2) == MAX_SHARD_FILES
    assert shard_size(20, 2, asked=5) == 5


def test_shard_count_does_not_change_the_bytes(
    inputs: Path, reference: Path, tmp_path: Path
) -> None:
    """The reference has one file per shard; three files per shard (and the automatic size)
    must write the same Parquet and the same manifest apart from the option itself."""
    from dataclasses import replace

    def manifest_without_shard_option(out: Path) -> dict:
        m = json.loads((out / "manifest.json").read_text())
        for options in [m["options"], *(b["options"] for b in m["builds"])]:
            options.pop("shard_files")
        return m

    for size, shards in ((3, 2), (None, 4)):  # None: 4 files on 2 workers, one file a shard
        out = tmp_path / f"s{size}"
        summary = build([inputs], out, replace(OPTIONS, shard_files=size), workers=2)
        assert summary.shards == shards
        assert parquet_digests(out) == parquet_digests(reference)
        assert manifest_without_shard_option(out) == manifest_without_shard_option(reference)
        assert (out / "README.md").read_bytes() == (reference / "README.md").read_bytes()


def test_progress_total_is_the_page_count(inputs: Path, reference: Path) -> None:
    from corpus_builder.build import _learn_templates, plan
    from corpus_builder.engine.local import LocalEngine
    from corpus_builder.readers import discover

    shards = plan(discover([inputs]), 2)
    _, _, pages = _learn_templates(shards, OPTIONS, LocalEngine(1))
    assert pages == json.loads((reference / "manifest.json").read_text())["inputs"]["units"] == 7


def test_resume_plans_the_shards_of_the_interrupted_build(tmp_path: Path) -> None:
    """Resumed with another worker count, a build keeps the shard size it started with, so its
    finished shards still match."""
    from corpus_builder.build import _planned_size

    assert _planned_size(tmp_path, False, 20, 2, BuildOptions()) == 3
    assert _planned_size(tmp_path, True, 20, 1, BuildOptions()) == 3  # not 5: the saved plan
    assert _planned_size(tmp_path, False, 20, 1, BuildOptions()) == 5  # a new build re-plans
    assert _planned_size(tmp_path, True, 20, 2, BuildOptions(shard_files=7)) == 7


@pytest.mark.parametrize("mode", ["keep-first", "mark"])
def test_dedup_same_bytes_local_and_dask(mode: str, tmp_path: Path) -> None:
    from dataclasses import replace

    from dedup_inputs import write_dedup_inputs

    folder = write_inputs(tmp_path / "raw")
    write_dedup_inputs(folder / "wire")
    options = replace(OPTIONS, dedup=mode)
    outs = {}
    for name, kwargs in (
        ("one", {"workers": 1}),
        ("pool", {"workers": 2}),
        ("dask", {"engine_kind": "dask", "workers": 2}),
    ):
        outs[name] = tmp_path / name
        summary = build([folder], outs[name], options, **kwargs)
        assert summary.shards > 2
    ref = outs["one"]
    assert json.loads((ref / "manifest.json").read_text())["dedup"]["clusters"] == 1
    for name in ("pool", "dask"):
        assert parquet_digests(outs[name]) == parquet_digests(ref)
        for extra in ("rejects.jsonl", "dedup/signatures.parquet"):
            assert (outs[name] / extra).read_bytes() == (ref / extra).read_bytes()
