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
    whole = tmp_path / "whole"
    build([path.parent], whole, OPTIONS, workers=1)
    split = tmp_path / "split"
    summary = build(
        [path.parent], split, replace(OPTIONS, split_bytes=path.stat().st_size // 5), workers=2
    )
    assert summary.shards > 3
    assert parquet_digests(split) == parquet_digests(whole)
    assert json.loads((split / "manifest.json").read_text())["records"]["total"] == 24
