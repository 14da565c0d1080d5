"""The training examples run end to end on a tiny built corpus and print their figures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_corpus import write_corpus

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out)
    return out


def _run(script: str, *args: str, cache: Path) -> str:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_CACHE": str(cache)}
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _figure(pattern: str, out: str) -> float:
    m = re.search(pattern, out, re.M)
    assert m, out
    return float(m.group(1))


def test_train_ner_prints_entity_f1(corpus, tmp_path):
    out = _run("train_ner.py", str(corpus), cache=tmp_path)
    f1 = _figure(
        r"^entity-level F1: (\d\.\d{3}) \(precision \d\.\d{3}, recall \d\.\d{3}, "
        r"(?:\d+) gold entities, split validation\)$",
        out,
    )
    assert 0.0 <= f1 <= 1.0
    # On the data it was trained on, the linear model must fit most entities: a broken
    # feature/label pipeline (shifted tags, wrong names) would not.
    fit = _figure(
        r"^entity-level F1: (\d\.\d{3})",
        _run("train_ner.py", str(corpus), "--eval-split", "train", cache=tmp_path),
    )
    assert fit >= 0.8


def test_quote_attribution_prints_accuracy(corpus, tmp_path):
    out = _run("quote_attribution.py", str(corpus), cache=tmp_path)
    acc = _figure(r"^nearest-candidate accuracy: (\d\.\d{3}) \(n=\d+, split validation\)$", out)
    # Every validation quote in the tiny corpus has its speaker as the nearest PERSON.
    assert acc == 1.0
    lr = _figure(r"^logistic-regression accuracy: (\d\.\d{3}) \(n=\d+, split validation", out)
    assert 0.0 <= lr <= 1.0
