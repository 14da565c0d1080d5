"""--languages keeps the languages named (others are `language` rejects); the derived `ner` and
`quotes` configs hold only records the model annotated; language counts are of written
records; and `export` writes records that `validate` accepts unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from cli_helpers import run_cli
from corpus_inputs import write_inputs

from corpus_builder.build import build
from corpus_builder.options import BuildOptions

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inputs(tmp_path_factory.mktemp("in") / "raw")


@pytest.fixture(scope="module")
def everything(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("all")
    build([inputs], out, BuildOptions(), workers=1)
    return out


def ids(out: Path, config: str, column: str = "id") -> set[str]:
    return set(ds.dataset(out / "data" / config).to_table(columns=[column]).column(0).to_pylist())


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def test_language_counts_are_of_written_records(everything: Path) -> None:
    m = manifest(everything)
    # the rejected duplicate (a short page of unknown language) is not counted
    assert m["languages"] == {"en": 3, "fr": 1}
    assert sum(m["languages"].values()) == m["records"]["total"]


def test_ner_and_quotes_hold_only_annotated_records(everything: Path) -> None:
    articles = ids(everything, "articles")
    assert "jl-2" in articles  # the French page is an article...
    assert "jl-2" not in ids(everything, "ner")  # ...but not all-`O` rows in the ner config
    assert ids(everything, "ner") == articles - {"jl-2"}
    assert "jl-2" not in ids(everything, "quotes", "article_id")


def test_languages_option_rejects_the_others(inputs: Path, tmp_path: Path) -> None:
    summary = build([inputs], tmp_path, BuildOptions(languages=("en",)), workers=1)
    rejects = [json.loads(x) for x in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    dropped = [r for r in rejects if r["reason"] == "language"]
    # the French page, and the short copy whose language is unknown (dropped before it could
    # be found to be a duplicate)
    assert [r["input"] for r in dropped] == ["raw/pages.jsonl#2", "raw/pages.jsonl#4"]
    assert "'fr'" in dropped[0]["message"] and "'unknown'" in dropped[1]["message"]
    assert summary.languages == {"en": 3}
    m = manifest(tmp_path)
    assert m["languages"] == {"en": 3}
    assert m["accounting_ok"]
    assert m["options"]["languages"] == ["en"]
    assert "jl-2" not in ids(tmp_path, "articles")


def test_languages_on_the_command_line(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "fr"
    result = run_cli(
        "build", inputs, "--out", out, "--languages", "FR", "--workers", "1", "--quiet"
    )
    assert result.returncode == 0, result.stderr
    assert ids(out, "articles") == {"jl-2"}
    reasons = [json.loads(x)["reason"] for x in (out / "rejects.jsonl").read_text().splitlines()]
    assert reasons.count("language") == 4


def test_export_then_validate_has_no_problems(everything: Path, tmp_path: Path) -> None:
    exported = tmp_path / "all.jsonl"
    result = run_cli("export", everything, "--format", "jsonl", "--out", exported)
    assert result.returncode == 0, result.stderr
    records = [json.loads(x) for x in exported.read_text().splitlines()]
    assert {r["id"] for r in records} == ids(everything, "articles")
    dates = [r["metadata"]["published_date"] for r in records if r["metadata"]["published_date"]]
    assert dates and all(isinstance(d, str) and len(d) == 10 for d in dates)
    check = run_cli("validate", exported, "--format", "json")
    report = json.loads(check.stdout)
    assert (check.returncode, report["problem_count"], report["records"]) == (0, 0, 4)


def test_export_of_chosen_ids(everything: Path) -> None:
    result = run_cli("export", everything, "--ids", "jl-1", "--ids", "jl-2,jl-1")
    assert result.returncode == 0, result.stderr
    assert sorted(json.loads(x)["id"] for x in result.stdout.splitlines()) == ["jl-1", "jl-2"]
    missing = run_cli("export", everything, "--ids", "jl-1,no-such-id")
    assert missing.returncode == 1
    assert "no-such-id" in missing.stderr
    assert [json.loads(x)["id"] for x in missing.stdout.splitlines()] == ["jl-1"]
