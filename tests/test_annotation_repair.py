"""An annotation that breaks its invariants is dropped and counted; the article is kept."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from record_specs import record_from_spec

from corpus_builder.annotation_repair import drop_bad_annotations, reason_code
from corpus_builder.validate import record_problems

SPEC = {
    "id": "a" * 16,
    "site": "example.org",
    "title": "Council votes",
    "date": "2024-03-01",
    "paragraphs": [
        "Home Depot CEO and president Craig Menear spoke to Kelly L Clarke on Monday.",
        "\u201cWe will build it,\u201d Menear said. \u201cSoon,\u201d said Clarke.",
    ],
    "entities": [
        (0, "Home Depot", "ORG", "Home Depot", 0),
        (0, "Craig Menear", "PERSON", "Craig Menear", 0),
        (0, "Kelly L Clarke", "PERSON", "Kelly L Clarke", 0),
        (1, "Menear", "PERSON", "Craig Menear", 0),
        (1, "Clarke", "PERSON", "Kelly L Clarke", 0),
    ],
    "quotes": [
        {
            "p": 1,
            "text": "We will build it,",
            "speaker": "Craig Menear",
            "mention": ("Menear", 0),
            "cue": ("said", 0),
            "rule": "cue_after",
        },
        {
            "p": 1,
            "text": "Soon,",
            "speaker": "Kelly L Clarke",
            "mention": ("Clarke", 0),
            "cue": ("said", 1),
            "rule": "cue_after",
        },
    ],
}
SOURCE = {"uri": None, "path": "p.txt", "format": "textdump", "sha256": "0" * 64}


def record() -> dict[str, Any]:
    rec = record_from_spec(SPEC, SOURCE, "corpus_builder.textdump==0.1.0", ["m==1"])
    assert record_problems(rec) == []
    return rec


def _speaker_not_mention(rec: dict[str, Any]) -> None:
    # a reported shape: speaker "Kelly L" on the text "Kelly L Clarke" (the full names of a
    # coordination over the words as written validate: test_speaker_mechanisms)
    start = rec["text"].index("Kelly L Clarke")
    q = rec["quotes"][0]
    q.update(speaker="Kelly L", speaker_start=start, speaker_end=start + len("Kelly L Clarke"))


def _speaker_out_of_range(rec: dict[str, Any]) -> None:
    rec["quotes"][1].update(speaker_start=5, speaker_end=len(rec["text"]) + 3)


def _speaker_half_set(rec: dict[str, Any]) -> None:
    rec["quotes"][1]["speaker_end"] = None


def _confidence_out_of_range(rec: dict[str, Any]) -> None:
    rec["quotes"][1]["speaker_confidence"] = 1.5


def _cue_mismatch(rec: dict[str, Any]) -> None:
    rec["quotes"][0]["cue"] = "says"


def _quote_text_mismatch(rec: dict[str, Any]) -> None:
    rec["quotes"][0]["text"] = "We will build them,"


def _quote_outside_paragraph(rec: dict[str, Any]) -> None:
    rec["quotes"][1]["paragraph"] = 0


def _entity_text_mismatch(rec: dict[str, Any]) -> None:
    rec["entities"][2]["text"] = "Kelly L"


def _entity_crossing(rec: dict[str, Any]) -> None:
    start = rec["text"].index("president Craig")
    rec["entities"].insert(
        1,
        {
            "start": start,
            "end": start + 15,
            "text": "president Craig",
            "label": "PERSON",
            "canonical": "x",
        },
    )


def _entity_bad_label_type(rec: dict[str, Any]) -> None:
    rec["entities"][0]["label"] = 7


# (corruption, reason, what survives: (entities, quotes, speakers))
CASES = [
    (_speaker_not_mention, "speaker:not_a_mention", (5, 2, 1)),
    (_speaker_out_of_range, "speaker:out_of_range", (5, 2, 1)),
    (_speaker_half_set, "speaker:incomplete", (5, 2, 1)),
    (_confidence_out_of_range, "speaker:schema_maximum", (5, 2, 1)),
    (_cue_mismatch, "cue:text_mismatch", (5, 2, 2)),
    (_quote_text_mismatch, "quote:text_mismatch", (5, 1, 1)),
    (_quote_outside_paragraph, "quote:outside_paragraph", (5, 1, 1)),
    (_entity_text_mismatch, "entity:text_mismatch", (4, 2, 2)),
    (_entity_crossing, "entity:crossing", (5, 2, 2)),
    (_entity_bad_label_type, "entity:schema_type", (4, 2, 2)),
]


@pytest.mark.parametrize(("corrupt", "reason", "left"), CASES, ids=[c[1] for c in CASES])
def test_each_bad_annotation_is_dropped_and_counted(corrupt, reason, left) -> None:
    rec = record()
    corrupt(rec)
    assert record_problems(rec), "the corruption must break validation"
    kept, dropped = drop_bad_annotations(copy.deepcopy(rec))
    assert record_problems(kept) == []
    assert dict(dropped) == {reason: 1}
    speakers = sum(q["speaker"] is not None for q in kept["quotes"])
    assert (len(kept["entities"]), len(kept["quotes"]), speakers) == left
    assert kept["text"] == rec["text"] and kept["paragraphs"] == rec["paragraphs"]


def test_a_dropped_speaker_leaves_the_quote_unattributed() -> None:
    rec = record()
    _speaker_not_mention(rec)
    kept, _ = drop_bad_annotations(rec)
    q = kept["quotes"][0]
    assert q["text"] == "We will build it,"
    assert [q[k] for k in ("speaker", "speaker_start", "speaker_end")] == [None] * 3
    assert q["attribution"] is None and q["speaker_confidence"] is None
    assert q["cue"] == "said"  # the cue was not at fault


def test_dropping_an_entity_rechecks_the_speakers_that_leaned_on_it() -> None:
    rec = record()
    # "Home Depot" is a mention of the speaker only through the entity's canonical name
    q = rec["quotes"][0]
    q.update(speaker="HD Supply", speaker_start=0, speaker_end=4)
    rec["entities"][0].update(canonical="HD Supply", end=4, text="Home")
    assert record_problems(rec) == []
    rec["entities"][0]["text"] = "Hose"
    kept, dropped = drop_bad_annotations(rec)
    assert record_problems(kept) == []
    assert dict(dropped) == {"entity:text_mismatch": 1, "speaker:not_a_mention": 1}


def test_a_problem_outside_the_annotations_is_left_for_the_reject() -> None:
    rec = record()
    rec["paragraphs"][1]["start"] += 1
    rec["entities"][0]["text"] = "nope"
    kept, dropped = drop_bad_annotations(rec)
    assert kept is rec and not dropped
    assert any(p.path.startswith("$.paragraphs") for p in record_problems(kept))


def test_a_valid_record_is_returned_as_is() -> None:
    rec = record()
    kept, dropped = drop_bad_annotations(rec)
    assert kept is rec and not dropped


def test_reason_codes_are_stable() -> None:
    assert reason_code("speaker", "speaker:not_a_mention") == "speaker:not_a_mention"
    assert reason_code("entity", "schema:type") == "entity:schema_type"
    assert reason_code("quote", "span:out_of_range") == "quote:out_of_range"


def test_a_build_keeps_the_article_and_reports_the_drop(tmp_path) -> None:
    """End to end with the real model: a speaker span the attribution gets wrong ("Kelly L"
    named on the text "Kelly L Clarke", the shape of an issue-14 report) cost the whole article
    before; now the article is written and the drop shows in the summary, manifest and card."""
    import json

    from corpus_builder.build import build
    from corpus_builder.options import BuildOptions

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "shelter.txt").write_text(
        "Shelter is full\n\n"
        "\u201cWe are full every night,\u201d Kelly L Clarke said. Kelly L. Clarke has run "
        "it for years.\n\nKelly Lynn agreed.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    summary = build([raw], out, BuildOptions(), workers=1)
    manifest = json.loads((out / "manifest.json").read_text())
    assert summary.records == 1 and manifest["rejects"]["total"] == 0
    assert manifest["annotations_dropped"] == summary.annotations_dropped
    card = (out / "README.md").read_text(encoding="utf-8")
    for reason, n in summary.annotations_dropped.items():
        assert f"`{reason}`: {n}" in card
        assert f"{reason}: {n}" in summary.render()
    if not summary.annotations_dropped:  # the attribution was fixed at the source
        assert "none were" in card
