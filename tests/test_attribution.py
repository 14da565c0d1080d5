"""The speaker sieve (annotate/attribution.py) rule by rule, on sentences written for these tests,
through the real orchestrator and spaCy model; plus the hardcases regression set."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from corpus_builder.annotate import annotate
from corpus_builder.types import Document, Metadata, Quote, Source

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# hardcases passing today (speaker per quote, lenient like the shared scorer); raise it when the
# sieve improves, never lower it to make a change pass
HARDCASES_FLOOR = 36


def document(*paragraphs: str, language: str | None = "en") -> Document:
    text, spans = Document.join(list(paragraphs))
    source = Source(path="test", format="paragraphs", sha256="0" * 64)
    return Document("t", source, None, Metadata(language=language), text, spans, "test")


def quotes(*paragraphs: str) -> list[Quote]:
    return annotate([document(*paragraphs)])[0].quotes


def mention(q: Quote, text: str) -> str:
    assert q.speaker_start is not None and q.speaker_end is not None
    return text[q.speaker_start : q.speaker_end]


def test_cue_after_the_quote() -> None:
    d = document("“The bridge will reopen on Friday,” Mayor Ellen Marsh said on Tuesday.")
    (q,) = annotate([d])[0].quotes
    assert (q.speaker, q.attribution, q.cue) == ("Ellen Marsh", "cue_after", "said")
    assert d.text[q.cue_start : q.cue_end] == "said"
    assert mention(q, d.text) == "Ellen Marsh"
    assert q.kind == "direct"


def test_inverted_cue_with_apposition() -> None:
    (q,) = quotes(
        "“The harbour is closed until the storm passes,” said Tomas Novak, the harbour master."
    )
    assert (q.speaker, q.attribution) == ("Tomas Novak", "cue_after")


def test_cue_before_the_quote_with_title_stripped() -> None:
    (q,) = quotes(
        "Deputy Health Minister Anil Varma said: “The clinics will stay open all winter.”"
    )
    assert (q.speaker, q.attribution, q.cue) == ("Anil Varma", "cue_before", "said")


def test_partial_quote_takes_the_subject_of_its_cue() -> None:
    (q,) = quotes(
        "Senator Joan Whitfield told reporters the plan was “a reckless gamble” with taxes."
    )
    assert q.kind == "partial"
    assert (q.speaker, q.attribution) == ("Joan Whitfield", "cue_before")


def test_short_cue_sentence_after_a_quote_that_ends_its_sentence() -> None:
    qs = quotes(
        "“Is anyone still listening to the council?” Councillor Dev Patel asked on Monday.",
        "“We will rebuild the pier by June.” Engineer Sofia Brandt said. The work starts soon.",
    )
    assert [(q.speaker, q.attribution) for q in qs] == [
        ("Dev Patel", "cue_after"),
        ("Sofia Brandt", "cue_after"),
    ]
    (q,) = quotes("“The pier is closed.” The council met again on Friday to discuss the repairs.")
    assert (q.speaker, q.attribution) == (None, None)


def test_according_to() -> None:
    (q,) = quotes(
        "“Supplies will run out in a week if the road stays closed,” according to Maria Lopez, "
        "a coordinator for the aid group."
    )
    assert (q.speaker, q.attribution, q.cue) == ("Maria Lopez", "according_to", None)


def test_colon_in_the_previous_paragraph_introduces_the_speaker() -> None:
    qs = quotes(
        "Northgate Rail issued a short statement on Sunday evening:",
        "“All services will resume on Monday morning after the inspection.”",
    )
    assert [(q.speaker, q.attribution) for q in qs] == [("Northgate Rail", "colon_intro")]


def test_colon_intro_without_a_name_takes_the_sentences_subject() -> None:
    (q,) = quotes(
        "The union’s letter makes a blunt case: “Nobody should work a double shift for less pay.”"
    )
    assert (q.speaker, q.attribution) == ("The union’s letter", "colon_intro")


def test_quote_only_paragraph_carries_over_the_previous_speaker() -> None:
    qs = quotes(
        "“We lost the match in the first ten minutes,” coach Pieter Dekker said after the game.",
        "“The players know it. We will train harder this week.”",
    )
    assert [q.speaker for q in qs] == ["Pieter Dekker", "Pieter Dekker"]
    assert [q.attribution for q in qs] == ["cue_after", "carry_over"]


def test_multi_paragraph_quote_takes_the_speaker_named_at_its_end() -> None:
    qs = quotes(
        "“The first call we made was to the families.",
        "“Then we called the insurers,” said Agnes Moller, the plant manager.",
    )
    assert [q.speaker for q in qs] == ["Agnes Moller", "Agnes Moller"]
    assert [q.attribution for q in qs] == ["multi_paragraph", "cue_after"]


def test_pronoun_resolves_to_the_named_person_and_points_at_a_mention() -> None:
    d = document(
        "Governor Linda Osei signed the school funding bill on Monday after months of delay.",
        "“This is a good day for every teacher in this state,” she said.",
    )
    (q,) = annotate([d])[0].quotes
    assert (q.speaker, q.attribution) == ("Linda Osei", "cue_after+pronoun")
    assert mention(q, d.text) == "Linda Osei"
    assert d.text[q.cue_start : q.cue_end] == "said"


def test_pronoun_skips_a_person_of_the_other_gender() -> None:
    (q,) = quotes(
        "Mayor Robert Kline met Councillor Sarah Quinn on Tuesday to discuss the budget.",
        "“We are not going to cut the library hours,” she said.",
    )
    assert q.speaker == "Sarah Quinn"


def test_pronoun_gender_from_an_honorific() -> None:
    (q,) = quotes(
        "Mr. Okonkwo met Ms. Adeyemi at the ministry on Tuesday to discuss the port contract.",
        "“Nothing has been signed, and nothing will be signed this year,” she said.",
    )
    assert q.speaker == "Adeyemi"
    (q,) = quotes(
        "Ms. Adeyemi met Mr. Okonkwo at the ministry on Tuesday to discuss the port contract.",
        "“Nothing has been signed, and nothing will be signed this year,” he said.",
    )
    assert q.speaker == "Okonkwo"


def test_pronoun_takes_the_head_of_a_title_run() -> None:
    qs = quotes(
        "Senator Paul Brandt spoke on Monday.",
        "Brandt adviser Oliver Grant picked up the same thread later that week.",
        "“Voters want to hear about jobs, not about the past,” he said.",
    )
    assert [q.speaker for q in qs] == ["Oliver Grant"]
    qs = quotes(
        "Nobody stood in Mayor Tom Keller's way when the vote came, and Ed Ruiz agreed.",
        "“The budget does not add up,” he said.",
    )
    assert [q.speaker for q in qs] == ["Ed Ruiz"]


def test_surname_speaker_gets_the_documents_full_name() -> None:
    qs = quotes(
        "Prime Minister Rosa Halvorsen arrived in the capital on Sunday.",
        "“We are ready to talk,” Halvorsen said.",
    )
    assert [q.speaker for q in qs] == ["Rosa Halvorsen"]


def test_group_speaker_is_kept_as_written() -> None:
    (q,) = quotes("“The road will stay closed until further notice,” officials said on Friday.")
    assert (q.speaker, q.attribution) == ("officials", "cue_after")


def test_subject_far_from_the_cue_comes_from_a_parse_of_that_sentence() -> None:
    (q,) = quotes(
        "Days later, Foreign Minister Karin Holm delivered an address calling on both sides "
        "to “stop the shelling and return to the table before the winter comes.”"
    )
    assert q.speaker == "Karin Holm"
    assert q.attribution == "cue_before_parsed"


def test_party_tag_in_brackets_between_subject_and_cue() -> None:
    (q,) = quotes(
        "At a town hall in Dayton, Sen. Marcia Lund (D-Ohio), said, “The plant is not closing.”"
    )
    assert (q.speaker, q.attribution) == ("Marcia Lund", "cue_before")
    (q,) = quotes("“We will not back down,” Rep. Owen Pratt (R-Iowa) said on Monday.")
    assert q.speaker == "Owen Pratt"


def test_byline_name_before_the_colon_beats_the_headline_verb() -> None:
    (q,) = quotes(
        "Economists agree - Dana Whitfield: “Rates will stay where they are until the spring, "
        "whatever the markets expect.”"
    )
    assert (q.speaker, q.attribution) == ("Dana Whitfield", "byline")


def test_two_apostrophe_marks_keep_the_cue_sentence_after_the_quote() -> None:
    (q,) = quotes(
        "''Who is going to pay for the new bridge?'' Mr. Jarvis asked, pointing at the map."
    )
    assert (q.speaker, q.attribution, q.cue) == ("Jarvis", "cue_after", "asked")


def test_participle_cue_after_a_comma_takes_the_clause_subject() -> None:
    (q,) = quotes(
        "In a statement released Thursday, Gov. Helen Ortiz reacted to the ruling, saying: "
        "“The court has spoken and we will comply.”"
    )
    assert q.speaker == "Helen Ortiz"  # not "Thursday", the word before the comma
    (q,) = quotes(
        "Victor Lamb answered the critics by saying: “I have nothing to hide from anyone.”"
    )
    assert q.speaker == "Victor Lamb"  # not "the critics by"


def test_words_after_an_infinitive_cue_are_its_object_not_a_speaker() -> None:
    (q,) = quotes(
        "Ms. Grant seemed to mock the mayor’s plan, saying at one point, “Nobody will ride a "
        "tram to nowhere.”"
    )
    assert q.speaker == "Grant"


def test_headline_word_glued_to_a_name_is_dropped() -> None:
    qs = quotes(
        "Martin Okafor Defends Tax Plan",
        "Martin Okafor spoke in Leeds on Monday. Martin Okafor said the plan was fair.",
        "“Nobody will pay more than they can afford,” Okafor said.",
    )
    assert [q.speaker for q in qs] == ["Martin Okafor"]


def test_byline_name_the_ner_missed_is_a_run_of_capitalised_words() -> None:
    (q,) = quotes(
        "Turnout beat the forecasts - PollWatch: “The late deciders broke for the challenger "
        "by a wide margin.”"
    )
    assert (q.speaker, q.attribution) == ("PollWatch", "byline")


def test_as_someone_put_it() -> None:
    (q,) = quotes("As Nadia Ferreira put it, “You cannot eat a promise.” The crowd cheered.")
    assert (q.speaker, q.cue) == ("Nadia Ferreira", "put it")


def test_carry_over_stops_at_a_paragraph_naming_someone_else() -> None:
    qs = quotes(
        "“The budget is balanced,” Finance Minister Ruth Adler said.",
        "Opposition leader Karl Brandt disagreed sharply with the figures on Tuesday.",
        "“These numbers do not add up, and everybody in this chamber knows it.”",
    )
    assert [q.speaker for q in qs] == ["Ruth Adler", "Karl Brandt"]
    qs = quotes(  # a possessive is no new speaker
        "“The budget is balanced,” Finance Minister Ruth Adler said.",
        "The vote on Adler’s plan is due next week.",
        "“We will win it, and we will win it well.”",
    )
    assert [(q.speaker, q.attribution) for q in qs][1] == ("Ruth Adler", "carry_over")


def test_no_named_speaker_gives_null() -> None:
    (q,) = quotes("“Everything must go by Sunday, the sooner the better.”")
    assert (q.speaker, q.speaker_start, q.attribution) == (None, None, None)


@pytest.mark.parametrize(
    "paragraph",
    [
        "The documentary “The Last Lighthouse Keeper” opens in cinemas on Friday.",
        "Critics say the so-called “green corridor” has stalled since the election.",
        "Okafor said that the bill would pass the assembly before the summer recess.",
        '<tweet author="someone" datetime="2016-01-01">Hello there</tweet>',
    ],
)
def test_titles_scare_quotes_and_indirect_speech_are_not_quotes(paragraph: str) -> None:
    assert quotes(paragraph) == []


def test_non_english_documents_get_no_annotations() -> None:
    d = document("“Nous allons gagner,” a dit Marie Dupont.", language="fr")
    (ad,) = annotate([d])
    assert (ad.quotes, ad.entities, ad.models) == ([], [], [])


def _name_tokens(name: str) -> set[str]:
    return set(re.sub(r"(’s|'s)\b|[^\w\s]", " ", name.lower()).split())


def _same_speaker(pred: str | None, gold: dict) -> bool:
    """Lenient speaker match like the benchmark scorer's: name tokens equal, or one a subset of
    the other for the gold name or any alias."""
    if gold["speaker"] is None or pred is None:
        return pred == gold["speaker"]
    tokens = _name_tokens(pred)
    names = [_name_tokens(n) for n in [gold["speaker"], *gold.get("speaker_aliases", [])]]
    return bool(tokens) and any(tokens <= n or n <= tokens for n in names if n)


def test_hardcases_regression() -> None:
    records = [json.loads(line) for line in (FIXTURES / "hardcases.jsonl").read_text().splitlines()]
    docs = [document(*r["text"].split("\n\n")) for r in records]
    assert [d.text for d in docs] == [r["text"] for r in records]
    passed = []
    for r, ad in zip(records, annotate(docs), strict=True):
        got = [(q.start, q.end) for q in ad.quotes]
        want = [(q["start"], q["end"]) for q in r["quotes"]]
        ok = got == want and all(
            _same_speaker(q.speaker, g) for q, g in zip(ad.quotes, r["quotes"], strict=True)
        )
        if ok:
            passed.append(r["id"])
    print(f"hardcases passing: {len(passed)}/{len(records)}", file=sys.stderr)
    assert len(passed) >= HARDCASES_FLOOR, sorted({r["id"] for r in records} - set(passed))
