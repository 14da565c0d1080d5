"""Atomic output and --resume: an interrupted build leaves the previous output intact, and a
resumed build reuses finished shards and still writes the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_inputs import write_inputs
from test_build_seed import parquet_digests

from corpus_builder import pipeline
from corpus_builder.build import WORK, build
from corpus_builder.options import BuildOptions

pytestmark = pytest.mark.slow
OPTIONS = BuildOptions(shard_files=1)


class Interrupt(Exception):
    pass


def test_interrupted_build_keeps_previous_output_and_resume_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = write_inputs(tmp_path / "raw")
    out = tmp_path / "out"
    build([inputs], out, OPTIONS, workers=1)
    before = parquet_digests(out)
    card_before = (out / "README.md").read_text()

    # Interrupt the second build on its third shard (a real exception inside the real
    # pipeline, raised as a KeyboardInterrupt would be).
    real = pipeline.process_shard
    calls = []

    def flaky(index, *args):
        calls.append(index)
        if len(calls) == 3:
            raise Interrupt("simulated crash")
        return real(index, *args)

    monkeypatch.setattr("corpus_builder.build.process_shard", flaky)
    with pytest.raises(Interrupt):
        build([inputs], out, OPTIONS, workers=1)
    assert parquet_digests(out) == before
    assert (out / "README.md").read_text() == card_before
    done = sorted(p.name for p in (out / WORK / "done").iterdir())
    assert len(done) == 2

    calls.clear()
    monkeypatch.setattr(
        "corpus_builder.build.process_shard", lambda *a: calls.append(a[0]) or real(*a)
    )
    summary = build([inputs], out, OPTIONS, workers=1, resume=True)
    assert summary.resumed == 2
    assert len(calls) == summary.shards - 2
    assert parquet_digests(out) == before
    assert not (out / WORK).exists()


def test_resume_redoes_a_shard_whose_input_changed(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path / "raw", with_bad=False)
    out = tmp_path / "out"
    build([inputs], out, OPTIONS, workers=1)
    # leave a stale "done" marker as an interrupted build would, then change the input
    (out / WORK / "done").mkdir(parents=True)
    stale = {"fingerprint": "old", "result": json.dumps({"index": 0})}
    (out / WORK / "done" / "shard-000000.json").write_text(json.dumps(stale))
    summary = build([inputs], out, OPTIONS, workers=1, resume=True)
    assert summary.resumed == 0
    assert json.loads((out / "manifest.json").read_text())["accounting_ok"]
