"""Output safety: an interrupted build leaves the previous output intact and a resumed build
reuses finished shards and still writes the same bytes; a build never reads its own output
and never replaces a corpus unless told to (--overwrite)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_inputs import write_inputs
from test_build_seed import parquet_digests

from corpus_builder import pipeline
from corpus_builder.build import WORK, build
from corpus_builder.options import BuildOptions
from corpus_builder.preflight import WRITTEN, SetupError

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
        build([inputs], out, OPTIONS, workers=1, overwrite=True)
    assert parquet_digests(out) == before
    assert (out / "README.md").read_text() == card_before
    done = sorted(p.name for p in (out / WORK / "done").iterdir())
    assert len(done) == 2

    calls.clear()
    monkeypatch.setattr(
        "corpus_builder.build.process_shard", lambda *a: calls.append(a[0]) or real(*a)
    )
    summary = build([inputs], out, OPTIONS, workers=1, resume=True, overwrite=True)
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
    summary = build([inputs], out, OPTIONS, workers=1, resume=True, overwrite=True)
    assert summary.resumed == 0
    assert json.loads((out / "manifest.json").read_text())["accounting_ok"]


def _jsonl_pages(folder: Path, n: int, prefix: str = "p") -> Path:
    """JSONL pages with clean paragraphs (no extraction, so the build is quick)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        {
            "id": f"{prefix}{i}",
            "paragraphs": [
                f"“The harbour will reopen in week {i},” port director Ana Silva said.",
                "Ships waited offshore for three days.",
            ],
        }
        for i in range(n)
    ]
    (folder / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return folder


def test_second_build_into_its_own_input_is_refused_and_output_untouched(
    tmp_path: Path,
) -> None:
    """`build h2 --out h2`, run twice, used to read croissant.json, manifest.json and the card
    back as pages."""
    h2 = _jsonl_pages(tmp_path / "h2", 2)
    with pytest.raises(SetupError, match="inside the input"):
        build([h2], h2, OPTIONS, workers=1)
    with pytest.raises(SetupError, match="inside the input"):
        build([h2], h2 / "sub", OPTIONS, workers=1)
    assert sorted(p.name for p in h2.iterdir()) == ["pages.jsonl"]


def test_input_inside_what_the_build_writes_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    inner = _jsonl_pages(out / "data" / "raw", 1)
    with pytest.raises(SetupError, match="which the build writes"):
        build([inner], out, OPTIONS, workers=1)
    with pytest.raises(SetupError, match="which the build writes"):
        build([inner / "pages.jsonl"], out, OPTIONS, workers=1)


def test_makefile_layout_builds_twice_with_overwrite_only(tmp_path: Path) -> None:
    """`make build`: data/raw -> data. The input sits under OUT but outside everything the
    build writes, so it is allowed; the second run needs --overwrite and reads only data/raw."""
    data = tmp_path / "data"
    raw = _jsonl_pages(data / "raw", 3)
    first = build([raw], data, OPTIONS, workers=1)
    before = parquet_digests(data)
    manifest = (data / "manifest.json").read_text()
    # every entry the build wrote is one the output check protects
    written = {p.name for p in data.iterdir()} - {"raw"}
    assert written <= set(WRITTEN), written - set(WRITTEN)

    with pytest.raises(SetupError, match="--overwrite"):
        build([raw], data, OPTIONS, workers=1)
    assert parquet_digests(data) == before

    second = build([raw], data, OPTIONS, workers=1, overwrite=True)
    assert (second.units, second.records) == (first.units, first.records) == (3, 3)
    assert parquet_digests(data) == before
    assert (data / "manifest.json").read_text() == manifest
    assert (raw / "pages.jsonl").exists()


def test_a_folder_with_other_files_of_the_same_names_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "project"
    out.mkdir()
    (out / "README.md").write_text("my own notes\n")
    raw = _jsonl_pages(tmp_path / "raw", 1)
    with pytest.raises(SetupError, match="README.md"):
        build([raw], out, OPTIONS, workers=1)
    assert (out / "README.md").read_text() == "my own notes\n"


def test_command_line_overwrite_and_append(tmp_path: Path) -> None:
    import subprocess

    from cli_helpers import run_cli

    def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return run_cli("build", *args, "--workers", "1")

    out = tmp_path / "out"
    first = _jsonl_pages(tmp_path / "first", 2, "f")
    second = _jsonl_pages(tmp_path / "second", 1, "s")
    assert cli(first, "--out", out).returncode == 0
    refused = cli(second, "--out", out)
    assert refused.returncode == 2 and "--overwrite" in refused.stderr
    # s0 has the text of f0 (a near_duplicate under the default --dedup keep-first)
    copy = cli(second, "--out", out, "--append")
    assert copy.returncode == 0, copy.stderr
    assert "records written: 0 (corpus now 2)" in copy.stdout and "near_duplicate: 1" in copy.stdout
    appended = cli(second, "--out", out, "--append", "--dedup", "off")
    assert appended.returncode == 0, appended.stderr
    assert "records written: 1 (corpus now 3)" in appended.stdout
    replaced = cli(second, "--out", out, "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["records"]["total"] == 1
    assert len(manifest["builds"]) == 1
