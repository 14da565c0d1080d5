"""The seed article's quotes through the annotator: spans, kinds, required speakers, cues.

The Document is built from the expected file's paragraphs, so this test does not depend on the
extractor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_builder.annotate import annotate
from corpus_builder.annotate.nlp import load_nlp, model_id
from corpus_builder.types import AnnotatedDocument, Document, Metadata, Source

EXPECTED = Path(__file__).resolve().parent / "fixtures" / "diplomat-2019-09-10.expected.json"


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def annotated(expected: dict) -> AnnotatedDocument:
    text, spans = Document.join(expected["paragraphs"])
    source = Source(path="diplomat-2019-09-10.txt", format="textdump", sha256="0" * 64)
    doc = Document("seed", source, None, Metadata(language="en"), text, spans, "test")
    return annotate([doc])[0]


def test_all_quotes_and_no_others(annotated: AnnotatedDocument, expected: dict) -> None:
    got = [(q.paragraph, q.text, q.kind) for q in annotated.quotes]
    want = [(q["paragraph"], q["text"], q["kind"]) for q in expected["quotes"]]
    assert got == want


def test_spans_index_the_text(annotated: AnnotatedDocument) -> None:
    text = annotated.document.text
    for q in annotated.quotes:
        assert text[q.start : q.end] == q.text
        para = annotated.document.paragraphs[q.paragraph]
        assert para.start <= q.start < q.end <= para.end


def test_required_speakers(annotated: AnnotatedDocument, expected: dict) -> None:
    for got, want in zip(annotated.quotes, expected["quotes"], strict=True):
        if want["speaker_required"]:
            assert got.speaker == want["speaker"], want["text"][:40]
            assert got.attribution is not None


def test_speaker_confidence_follows_the_evidence(
    annotated: AnnotatedDocument, expected: dict
) -> None:
    # measured figures of the evidence groups (resources/speaker_confidence.json); a tolerance,
    # so that re-measuring after a sieve change moves them a little without failing
    for got, want in zip(annotated.quotes, expected["quotes"], strict=True):
        assert got.speaker_confidence == pytest.approx(want["speaker_confidence"], abs=0.05)
    # a cue right after the quote naming the speaker beats a carried-over speaker
    assert annotated.quotes[0].speaker_confidence > annotated.quotes[2].speaker_confidence


def test_speaker_spans_point_at_a_mention_of_the_speaker(
    annotated: AnnotatedDocument, expected: dict
) -> None:
    text = annotated.document.text
    aliases = expected["person_aliases"]
    for q in annotated.quotes:
        assert q.speaker is not None and q.speaker_start is not None
        mention = text[q.speaker_start : q.speaker_end]
        assert aliases.get(mention, mention) == q.speaker


def test_cue_spans(annotated: AnnotatedDocument) -> None:
    text = annotated.document.text
    first = annotated.quotes[0]
    assert (first.cue, first.attribution) == ("said", "cue_after")
    assert text[first.cue_start : first.cue_end] == "said"
    assert first.cue_start > first.end
    for q in annotated.quotes:
        if q.cue is None:
            assert q.cue_start is None and q.cue_end is None
        else:
            assert text[q.cue_start : q.cue_end] == q.cue


def test_models_recorded(annotated: AnnotatedDocument) -> None:
    assert annotated.models == [model_id(load_nlp())]


def test_same_input_same_output(annotated: AnnotatedDocument) -> None:
    again = annotate([annotated.document])[0]
    assert again.quotes == annotated.quotes
    assert again.entities == annotated.entities
