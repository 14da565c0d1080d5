"""Time per stage: every stage of a build is timed on its own, so a regression shows where it
happens (no thresholds: only that each stage is there and was counted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_builder.annotate import annotate
from corpus_builder.build import build
from corpus_builder.options import BuildOptions
from corpus_builder.types import Document, Metadata, Source

STAGES = ["templates", "read", "extract", "ner", "entities", "quotes", "validate", "write", "dedup"]
ASSEMBLY = ["assemble", "dedup clustering"]
PARAGRAPHS = [
    "Mayor Ellen Park opened the new bridge in Harbor City on Monday.",
    "“It took us ten years,” Park said.",
]


def test_annotate_adds_its_parts() -> None:
    text, spans = Document.join(PARAGRAPHS)
    source = Source(path="t.txt", format="textdump", sha256="0" * 64)
    doc = Document("t", source, None, Metadata(language="en"), text, spans, "test")
    seconds = {"ner": 1.0}
    annotate([doc], seconds=seconds)
    assert set(seconds) == {"ner", "entities", "quotes"}
    assert seconds["ner"] > 1.0  # added to what was there
    assert all(v > 0 for v in seconds.values())


@pytest.mark.slow
def test_build_summary_times_every_stage(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.html").write_text(
        "<html><head><title>Bridge opens</title></head><body><article><h1>Bridge opens</h1>"
        + "".join(f"<p>{p} More words follow here to make a body.</p>" for p in PARAGRAPHS * 3)
        + "</article></body></html>"
    )
    (raw / "b.jsonl").write_text(json.dumps({"id": "b", "paragraphs": PARAGRAPHS}) + "\n")
    summary = build([raw], tmp_path / "out", BuildOptions(), workers=1)
    assert summary.records == 2
    assert list(summary.seconds) == [*STAGES, *ASSEMBLY]
    assert all(v >= 0 for v in summary.seconds.values())
    assert summary.seconds["ner"] > 0 and summary.seconds["write"] > 0
    line = next(x for x in summary.render().splitlines() if x.startswith("time per stage"))
    for stage in [*STAGES, *ASSEMBLY]:
        assert f" {stage} " in line
