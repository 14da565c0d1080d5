"""The derived ner and quotes rows: tokenisation, BIO alignment from offsets, quote context and
speaker candidates."""

from __future__ import annotations

import copy

import pytest
from helpers_corpus import corpus_records, make_record
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_builder.schema import enum_values
from corpus_builder.write import derived


def test_bio_labels_follow_the_schema_enum():
    labels = enum_values("entities", "label")
    expected = ["O"] + [f"{p}-{label}" for label in labels for p in ("B", "I")]
    assert derived.bio_labels() == expected
    assert derived.NER_FEATURES["ner_tags"].feature.names == expected


def test_arrow_schemas_carry_the_features():
    from datasets import Features

    assert Features.from_arrow_schema(derived.ner_arrow_schema()) == derived.NER_FEATURES
    assert Features.from_arrow_schema(derived.quote_arrow_schema()) == derived.QUOTE_FEATURES
    assert set(derived.NER_DESCRIPTIONS) == set(derived.NER_FEATURES)
    assert set(derived.QUOTE_DESCRIPTIONS) == set(derived.QUOTE_FEATURES)


def test_tokenizer_splits_clitics_and_keeps_abbreviations():
    text = "Kim’s Pyongyang-based U.S. aides don't say “no,” 3.5% said."
    tokens = [text[s:e] for s, e in derived.tokenize(text)]
    assert tokens == [
        "Kim",
        "’s",
        "Pyongyang-based",
        "U.S",
        ".",
        "aides",
        "do",
        "n't",
        "say",
        "“",
        "no",
        ",",
        "”",
        "3.5",
        "%",
        "said",
        ".",
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab.-’' \n,“”1", max_size=40))
def test_tokens_are_ordered_and_cover_every_non_space(text):
    spans = derived.tokenize(text)
    covered = set()
    prev_end = 0
    for s, e in spans:
        assert prev_end <= s < e
        assert not text[s:e].isspace()
        covered.update(range(s, e))
        prev_end = e
    assert covered == {i for i, ch in enumerate(text) if not ch.isspace()}


def _record(paragraphs, entities):
    art = {
        "title": "t",
        "date": "2020-01-01",
        "site": "x.example",
        "paragraphs": paragraphs,
        "entities": entities,
        "quotes": [],
    }
    return make_record("r1", art)


def _tags(row):
    names = derived.NER_LABELS
    return [(tok, names[t]) for tok, t in zip(row["tokens"], row["ner_tags"], strict=True)]


def test_ner_tags_from_offsets():
    rec = _record(
        ["Kim Jong Un met Donald Trump in June.", "The U.S. side waited."],
        [
            (0, "Kim Jong Un", "PERSON", "Kim Jong Un", 0),
            (0, "Donald Trump", "PERSON", "Donald Trump", 0),
            (0, "June", "DATE", "June", 0),
            (1, "U.S.", "GPE", "U.S.", 0),
        ],
    )
    rows, stats = derived.ner_rows_with_stats(rec)
    assert [r["paragraph"] for r in rows] == [0, 1]
    assert all(r["id"] == "r1" for r in rows)
    assert _tags(rows[0]) == [
        ("Kim", "B-PERSON"),
        ("Jong", "I-PERSON"),
        ("Un", "I-PERSON"),
        ("met", "O"),
        ("Donald", "B-PERSON"),
        ("Trump", "I-PERSON"),
        ("in", "O"),
        ("June", "B-DATE"),
        (".", "O"),
    ]
    assert _tags(rows[1])[:3] == [("The", "O"), ("U.S", "B-GPE"), (".", "I-GPE")]
    assert stats.to_dict() == {"entities": 4, "exact": 4, "partial": 0, "dropped": 0}
    assert derived.ner_rows(rec) == rows


def test_entities_inside_tokens_are_counted():
    rec = _record(
        ["Pyongyang-based aides ate Kimchi in Seoul."],
        [
            (0, "Pyongyang", "GPE", "Pyongyang", 0),  # 9 of 15 chars: token tagged
            (0, "Kim", "PERSON", "Kim", 0),  # 3 of 6 chars: not more than half, dropped
            (0, "Seoul", "GPE", "Seoul", 0),
        ],
    )
    rows, stats = derived.ner_rows_with_stats(rec)
    assert _tags(rows[0]) == [
        ("Pyongyang-based", "B-GPE"),
        ("aides", "O"),
        ("ate", "O"),
        ("Kimchi", "O"),
        ("in", "O"),
        ("Seoul", "B-GPE"),
        (".", "O"),
    ]
    assert stats.to_dict() == {"entities": 3, "exact": 1, "partial": 1, "dropped": 1}


def test_entity_crossing_paragraphs_is_dropped():
    rec = _record(["New", "York is big."], [])
    rec["entities"] = [
        {"start": 0, "end": 9, "text": rec["text"][0:9], "label": "GPE", "canonical": "New York"}
    ]
    rows, stats = derived.ner_rows_with_stats(rec)
    assert all(set(r["ner_tags"]) == {0} for r in rows)
    assert stats.dropped == 1 and stats.exact == 0


def test_ner_rows_of_the_corpus_rebuild_every_entity():
    """Exact entities come back as their tagged tokens; totals add up."""
    total = derived.NerStats()
    for rec in corpus_records():
        rows, stats = derived.ner_rows_with_stats(rec)
        total += stats
        text = rec["text"]
        for row in rows:
            span = rec["paragraphs"][row["paragraph"]]
            para = text[span["start"] : span["end"]]
            assert row["tokens"] == [para[s:e] for s, e in derived.tokenize(para)]
            starts = sum(derived.NER_LABELS[t].startswith("B-") for t in row["ner_tags"])
            inside = [
                e
                for e in rec["entities"]
                if span["start"] <= e["start"] and e["end"] <= span["end"]
            ]
            assert starts == len(inside)
    assert total.entities == sum(len(r["entities"]) for r in corpus_records())
    assert total.exact + total.partial + total.dropped == total.entities
    assert total.partial >= 1  # "Pyongyang-based" in the corpus


def test_quote_rows_context_and_candidates():
    for rec in corpus_records():
        rows = derived.quote_rows(rec)
        assert len(rows) == len(rec["quotes"])
        for qi, (row, quote) in enumerate(zip(rows, rec["quotes"], strict=True)):
            assert row["id"] == f"{rec['id']}#q{qi}"
            assert row["article_id"] == rec["id"]
            assert row["context"]["paragraph"][row["start"] : row["end"]] == quote["text"]
            assert row["quote"] == quote["text"]
            assert row["speaker_confidence"] == quote["speaker_confidence"]
            assert (row["speaker_confidence"] is None) == (row["speaker"] is None)
            assert len(set(row["candidates"])) == len(row["candidates"])
            assert set(row["candidate_labels"]) <= set(derived.SPEAKER_LABELS)
            assert len(row["candidate_distances"]) == len(row["candidates"])
            if row["label"] >= 0:
                assert row["candidates"][row["label"]] == quote["speaker"]
            else:
                assert quote["speaker"] not in row["candidates"]
            if quote["paragraph"] == 0:
                assert row["context"]["previous"] is None


def test_quote_row_of_the_diplomat_article():
    rec = corpus_records()[0]
    first, second = derived.quote_rows(rec)
    assert first["candidates"] == [
        "North Korean",
        "Choe Son Hui",
        "the Korean Central News Agency",
        "Kim Jong Un",
        "Donald Trump",
    ]
    assert first["label"] == 1
    # "Choe" follows the closing mark: the mark and a space lie between.
    assert first["candidate_distances"][1] == 2
    assert first["candidate_distances"][0] < 0
    # The "she added" quote: its speaker is not mentioned in the window.
    assert second["speaker"] == "Choe Son Hui"
    assert second["candidates"] == ["Kim Jong Un", "Donald Trump"]
    assert second["label"] == -1
    assert second["context"]["next"] is None


def test_quote_with_bad_paragraph_is_named():
    rec = copy.deepcopy(corpus_records()[0])
    rec["quotes"][0]["paragraph"] = 99
    with pytest.raises(ValueError, match=rf"{rec['id']}.*paragraph 99"):
        derived.quote_rows(rec)


def test_rows_are_deterministic():
    a = [derived.ner_rows(r) + derived.quote_rows(r) for r in corpus_records()]
    b = [derived.ner_rows(r) + derived.quote_rows(r) for r in corpus_records()]
    assert a == b


def test_unknown_entity_label_is_named():
    rec = _record(["Kim met aides."], [(0, "Kim", "PER", "Kim", 0)])
    with pytest.raises(ValueError, match="r1.*'PER' is not in the schema enum"):
        derived.ner_rows(rec)


def test_ner_rows_accumulate_counts_into_a_counter_or_nerstats():
    from collections import Counter

    counter: Counter[str] = Counter()
    total = derived.NerStats()
    for rec in corpus_records():
        derived.ner_rows(rec, counter)
        derived.ner_rows(rec, total)
    assert dict(counter) == total.to_dict()
    assert total.entities == sum(len(r["entities"]) for r in corpus_records())
