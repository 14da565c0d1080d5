"""speaker_confidence: evidence keys, the table lookup, the >= 0.9 guard, and the annotator
giving a confidence exactly when it gives a speaker (real model, sentences of our own)."""

from __future__ import annotations

import json

import pytest

from corpus_builder.annotate import annotate
from corpus_builder.annotate.quotes.confidence import (
    CONFIDENCE_CAP,
    TABLE_PATH,
    evidence_keys,
    may_reach_high,
    table_confidence,
    wilson_lower,
)
from corpus_builder.types import Document, Metadata, Source

TABLE = json.loads(TABLE_PATH.read_text(encoding="utf-8"))["groups"]


def test_evidence_keys_go_from_the_rule_to_the_speaker_and_quote_kind() -> None:
    assert evidence_keys("cue_after", "Ellen Park", "direct") == [
        "cue_after",
        "cue_after|name",
        "cue_after|name|direct",
    ]
    assert evidence_keys("cue_before+pronoun", "Ellen Park", "partial")[1:] == [
        "cue_before|pronoun",
        "cue_before|pronoun|partial",
    ]
    assert evidence_keys("carry_over", "the council", "direct")[1] == "carry_over|group"


def test_the_most_specific_known_group_answers_and_a_new_rule_gets_the_overall_figure() -> None:
    groups = {
        "*": {"confidence": 0.5},
        "r": {"confidence": 0.6},
        "r|name": {"confidence": 0.7},
    }
    assert table_confidence(groups, ["r", "r|name", "r|name|direct"]) == 0.7
    assert table_confidence(groups, ["r", "r|group", "r|group|direct"]) == 0.6
    assert table_confidence(groups, ["new_rule", "new_rule|name"]) == 0.5


def test_only_groups_shown_to_be_95_percent_right_reach_0_9() -> None:
    assert not may_reach_high(19, 20)  # 95% of 20 is not shown to be >= 95%
    assert may_reach_high(990, 1000)
    assert wilson_lower(0, 0) == 0.0
    for key, g in TABLE.items():
        assert 0.0 <= g["confidence"] <= 1.0, key
        if g["confidence"] > CONFIDENCE_CAP:
            assert may_reach_high(g["right"], g["n"]), key


@pytest.fixture(scope="module")
def quotes() -> list:
    paras = [
        "\u201cWe will reopen the bridge in May,\u201d said Mayor Ellen Varga on Monday.",
        "\u201cThe repairs are nearly done.\u201d",
        "Her rival called the plan \u201ca reckless gamble\u201d and left.",
        "\u201cNobody knows who wrote this.\u201d",
    ]
    text, spans = Document.join(paras)
    source = Source(path="c.txt", format="textdump", sha256="0" * 64)
    doc = Document("c", source, None, Metadata(language="en"), text, spans, "test")
    return annotate([doc])[0].quotes


def test_the_annotator_gives_a_confidence_exactly_with_a_speaker(quotes) -> None:
    assert quotes, "the sentences hold quotes"
    for q in quotes:
        assert (q.speaker_confidence is None) == (q.speaker is None), q
        if q.speaker is not None:
            keys = evidence_keys(q.attribution, q.speaker, q.kind)
            assert q.speaker_confidence == table_confidence(TABLE, keys)
    first = quotes[0]
    assert first.speaker == "Ellen Varga" and first.attribution == "cue_after"
    carried = quotes[1]
    assert carried.attribution == "carry_over"
    # a cue naming the speaker is more reliable evidence than a carried-over speaker
    assert first.speaker_confidence > carried.speaker_confidence
