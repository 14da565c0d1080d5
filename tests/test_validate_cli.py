"""`corpus-builder validate`: exit codes, text and JSON output, through argparse and the real
console entry point."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_validate import RECORDS, full_record, mutate, write_jsonl, write_parquet

from corpus_builder.validate.cli import add_arguments, run

REPO = Path(__file__).resolve().parent.parent
ENTRY = REPO / ".venv" / "bin" / "corpus-builder"
LINE = re.compile(
    r"^(?P<file>.+?):(?P<record>[^:]+): (?P<path>\$\S*): (?P<rule>[a-z_]+:[a-zA-Z_]+): "
    r"(?P<message>.+) \((?P<value>.*)\)$"
)


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="corpus-builder validate")
    add_arguments(parser)
    code = run(parser.parse_args(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_valid_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli([str(RECORDS / "good.jsonl")], capsys)
    assert code == 0 and err == ""
    assert out.strip() == "checked 3 records in 1 file: valid"


def test_out_of_range_offset_exits_1_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(
        tmp_path / "sub.jsonl", [full_record("a"), mutate(["quotes", 0, "end"], 999)]
    )
    code, out, _ = cli([str(path)], capsys)
    assert code == 1
    first, summary = out.strip().splitlines()
    match = LINE.match(first)
    assert match, first
    assert match.group("file", "record", "path", "rule", "value") == (
        str(path),
        "2",
        "$.quotes[0].end",
        "span:out_of_range",
        "999",
    )
    assert summary == "checked 2 records in 1 file: 1 problem (1 invalid record)"


def test_every_problem_of_the_bad_fixture_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli([str(RECORDS / "bad.jsonl")], capsys)
    lines = out.strip().splitlines()
    assert code == 1 and len(lines) == 6
    assert all(LINE.match(line) for line in lines[:-1]), lines
    assert [LINE.match(line).group("record") for line in lines[:-1]] == ["2", "3", "4", "5", "6"]


def test_unreadable_input_exits_2_with_reason_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.jsonl"
    code, out, err = cli([str(missing), str(RECORDS / "good.jsonl")], capsys)
    assert code == 2
    assert err.strip() == f"error: {missing}: no such file or directory"
    assert "1 unreadable input" in out


def test_json_format_parses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["--format", "json", str(RECORDS / "bad.jsonl")], capsys)
    doc = json.loads(out)
    assert code == 1 and doc["status"] == "invalid" and doc["exit_code"] == 1
    assert doc["problem_count"] == 5 and len(doc["problems"]) == 5
    assert doc["problems"][0] == {
        "file": str(RECORDS / "bad.jsonl"),
        "record": "2",
        "path": "$.quotes[0].end",
        "rule": "span:out_of_range",
        "message": "end 4000 is beyond the end of text (length 164)",
        "value": 4000,
    }


def test_against_and_max_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    write_parquet(corpus / "data/articles/train-00000-of-00001.parquet", [full_record("old")])
    sub = write_jsonl(tmp_path / "s.jsonl", [full_record("old"), full_record("new")])
    code, out, _ = cli([str(sub), "--against", str(corpus), "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 1 and [p["rule"] for p in doc["problems"]] == ["id:in_corpus"]
    bad = [mutate(["entities", 0, "end"], 999) | {"id": f"x{i}"} for i in range(4)]
    many = write_jsonl(tmp_path / "many.jsonl", bad)
    code, out, _ = cli([str(many), "--max-problems", "1"], capsys)
    assert code == 1 and len(out.strip().splitlines()) == 2
    assert "showing the first 1" in out
    with pytest.raises(SystemExit):
        cli([str(many), "--max-problems", "0"], capsys)


def test_corrections_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    write_parquet(corpus / "data/articles/train-00000-of-00001.parquet", [full_record("old")])
    sub = write_jsonl(tmp_path / "s.jsonl", [full_record("old"), full_record("new")])
    code, out, _ = cli(
        [str(sub), "--against", str(corpus), "--corrections", "--format", "json"], capsys
    )
    doc = json.loads(out)
    assert code == 1 and [(p["record"], p["rule"]) for p in doc["problems"]] == [
        ("2", "id:not_in_corpus")
    ]
    code, _, err = cli([str(sub), "--corrections"], capsys)
    assert code == 2 and "--corrections needs --against" in err


def test_console_entry_point(tmp_path: Path) -> None:
    out_dir = tmp_path / "OUT"
    write_parquet(out_dir / "data/articles/train-00000-of-00001.parquet", [full_record("a")])
    bad = write_jsonl(tmp_path / "bad.jsonl", [mutate(["quotes", 0, "end"], 999)])
    command = [str(ENTRY)] if ENTRY.exists() else [sys.executable, "-m", "corpus_builder.cli"]
    ok = subprocess.run([*command, "validate", str(out_dir)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "checked 1 record in 1 file: valid"
    res = subprocess.run(
        [*command, "validate", str(bad), "--against", str(out_dir)], capture_output=True, text=True
    )
    assert res.returncode == 1 and "$.quotes[0].end: span:out_of_range" in res.stdout
    res = subprocess.run(
        [*command, "validate", str(tmp_path / "none.parquet")], capture_output=True, text=True
    )
    assert res.returncode == 2 and "none.parquet: no such file or directory" in res.stderr


def test_module_entry_point(tmp_path: Path) -> None:
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "corpus_builder.validate.cli",
            "--format",
            "json",
            str(RECORDS / "good.jsonl"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert res.returncode == 0 and json.loads(res.stdout)["records"] == 3


def _hook() -> dict:
    import yaml

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return hook


def test_pre_commit_hook_selects_records_and_runs_the_entry(tmp_path: Path) -> None:
    """Select files the way pre-commit does (re.search of files/exclude on repo-relative paths)
    and run the hook's entry on them from the dataset repo root."""
    import tomllib

    import pyarrow as pa
    import pyarrow.parquet as pq

    hook = _hook()
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert hook["entry"].split()[0] in scripts and hook["language"] == "python"
    write_parquet(tmp_path / "data/articles/train-00000-of-00001.parquet", [full_record("a")])
    (tmp_path / "data/ner").mkdir(parents=True)
    pq.write_table(
        pa.table({"tokens": [["x"]]}), tmp_path / "data/ner/train-00000-of-00001.parquet"
    )
    (tmp_path / "rejects.jsonl").write_text('{"input": "x", "reason": "empty"}\n')
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw/pages.jsonl").write_text('{"id": "p", "text": "a page"}\n')
    write_jsonl(tmp_path / "contrib.jsonl", [full_record("b")])
    all_files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*"))
    chosen = [
        f for f in all_files if re.search(hook["files"], f) and not re.search(hook["exclude"], f)
    ]
    assert chosen == ["contrib.jsonl", "data/articles/train-00000-of-00001.parquet"]
    entry = hook["entry"].split()
    command = [str(REPO / ".venv" / "bin" / entry[0]), *entry[1:]]
    if not Path(command[0]).exists():
        command = [sys.executable, "-m", "corpus_builder.cli", *entry[1:]]
    res = subprocess.run([*command, *chosen], cwd=tmp_path, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    write_jsonl(tmp_path / "contrib.jsonl", [full_record("a")])  # now a duplicate id
    res = subprocess.run([*command, *chosen], cwd=tmp_path, capture_output=True, text=True)
    assert res.returncode == 1 and "id:duplicate" in res.stdout


def test_contributing_shows_real_output(tmp_path: Path) -> None:
    """The sample output pasted in CONTRIBUTING.md is what validate prints for that record."""
    rec = full_record("diplomat-2019-09-10")
    rec["entities"][1]["text"] = "President Moon Jae-in"
    rec["quotes"][0]["speaker"] = "Moon Jae-in"
    rec["quotes"][1]["end"] += 3
    rec["entities"][3]["label"] = "DAY"
    write_jsonl(tmp_path / "my.jsonl", [rec])
    res = subprocess.run(
        [sys.executable, "-m", "corpus_builder.validate.cli", "my.jsonl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    doc = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    lines = res.stdout.strip().splitlines()
    assert res.returncode == 1 and len(lines) == 5
    for line in lines:
        assert line in doc, line
