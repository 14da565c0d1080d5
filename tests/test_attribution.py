"""The speaker sieve (annotate/quotes/attribution.py) rule by rule, on sentences written for
these tests, through the real orchestrator and spaCy model; plus the hardcases regression set."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from corpus_builder.annotate import annotate
from corpus_builder.annotate.entities.labels import relative_who_follows
from corpus_builder.annotate.nlp import load_nlp
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


def test_a_cue_in_the_quotes_own_sentence_beats_a_cue_sentence_after_it() -> None:
    (q,) = quotes(
        "Dana Price confirmed the closure and said, “We had no other choice this winter.” "
        "The director then described the meeting in detail."
    )
    assert (q.speaker, q.attribution) == ("Dana Price", "cue_before")


def test_long_apposition_between_the_name_and_its_cue() -> None:
    (q,) = quotes(
        "“We will appeal the ruling,” Marta Jensen, the union’s chief negotiator for the "
        "northern region and a veteran of three earlier rounds of talks with the operator, "
        "said on Friday."
    )
    assert (q.speaker, q.attribution) == ("Marta Jensen", "cue_after")


def test_person_before_an_inner_apposition_naming_an_organisation_or_place() -> None:
    (q,) = quotes(
        "“The numbers simply do not add up,” Paul Okafor, an analyst at Brightwater Capital, "
        "a small investment firm in Leeds, wrote in a note to clients."
    )
    assert q.speaker == "Paul Okafor"
    (q,) = quotes(
        "Laura Chen, whose hometown, Springfield, was flooded in May, said: “The levee will "
        "not hold another spring.”"
    )
    assert (q.speaker, q.attribution) == ("Laura Chen", "cue_before")


def test_inverted_subject_after_an_owner_and_role_words() -> None:
    (q,) = quotes("“The deal is done,” said Governor Mendez’s top budget aide Ana Lopes.")
    assert (q.speaker, q.attribution) == ("Ana Lopes", "cue_after")
    (q,) = quotes("“We will hold this seat,” said state party boss Karen Doyle.")
    assert q.speaker == "Karen Doyle"


def test_an_owner_in_a_parsed_subject_is_not_the_speaker() -> None:
    (q,) = quotes(
        "Senator Carla Mendez’s campaign dismissed the poll on Sunday, telling "
        "supporters, “Only one count matters.”"
    )
    assert (q.speaker, q.attribution) == (
        "Senator Carla Mendez’s campaign",
        "cue_before_parsed",
    )


def test_pronoun_skips_a_sentence_whose_subject_is_the_same_pronoun() -> None:
    (q,) = quotes(
        "Senator Maria Olsen ended her long silence on Tuesday. Asked in a radio interview "
        "which colleague she admired most, she named Ruth Calder. “Nobody works harder,” she "
        "said."
    )
    assert (q.speaker, q.attribution) == ("Maria Olsen", "cue_after+pronoun")


def test_a_name_in_a_that_clause_does_not_take_over_from_the_last_speaker() -> None:
    (q,) = quotes(
        "Mr. Tanaka said the talks in Geneva had gone well. Later he suggested that Mr. Brandt "
        "had misread the mood. “Their voters want a quick win,” he said."
    )
    assert (q.speaker, q.attribution) == ("Tanaka", "cue_after+pronoun")


def test_a_cue_verb_taking_an_infinitive_reports_no_speech() -> None:
    (q,) = quotes(
        "Ms. Ortiz said the clinic reopened only after Ms. Kerr agreed to lead it. “We were "
        "lucky to keep her,” she said."
    )
    assert q.speaker == "Ortiz"


def test_pronoun_prefers_a_subject_to_a_name_after_a_preposition() -> None:
    (q,) = quotes(
        "Alan Pryce met the families on Monday. The governor later spoke with Ben Ruiz about "
        "the repairs. “We will rebuild every house,” he said."
    )
    assert (q.speaker, q.attribution) == ("Alan Pryce", "cue_after+pronoun")


def test_short_given_names_have_a_gender() -> None:
    (q,) = quotes(
        "Kate Morrow chaired the hearing, and Tim Alder testified. “The figures are wrong,” "
        "she said."
    )
    assert q.speaker == "Kate Morrow"


def test_an_honorific_overrides_a_document_name_of_the_other_gender() -> None:
    qs = quotes(
        "Bill Hargrove ran the farm for forty years before his death.",
        "Mrs. Hargrove said the drought was the worst she had seen. “We lost half the herd,” "
        "she said.",
    )
    assert [q.speaker for q in qs] == ["Hargrove"]


def test_name_followed_by_who_is_a_person_whatever_its_label() -> None:
    make = load_nlp(None).make_doc
    doc = make("Meanwhile Odessa, who won the newcomer award, thanked her mother.")
    assert relative_who_follows(doc, 1, 2)
    doc = make("The singer, 21, who won the newcomer award, thanked her mother.")
    assert not relative_who_follows(doc, 3, 4)  # an age, not a name
    doc = make("Meanwhile Odessa won the newcomer award.")
    assert not relative_who_follows(doc, 1, 2)


def test_the_agent_of_a_passive_cue_is_the_speaker() -> None:
    (q,) = quotes(
        "Mayor Ruth Adler was asked by host Simon Tate, “Will the pool reopen this summer?”"
    )
    assert (q.speaker, q.attribution) == ("Simon Tate", "cue_before")


def test_a_name_qualifying_the_role_after_it_is_not_the_speaker() -> None:
    toured = "Governor Carla Mendez toured the flooded towns on Monday."
    (q,) = quotes(toured, "“She will not back down,” said one senior Mendez adviser.")
    assert (q.speaker, q.attribution) == ("one senior Mendez adviser", "cue_after")
    (q,) = quotes(toured, "“She means every word,” said Mendez ally Peter Shaw.")
    assert q.speaker == "Peter Shaw"


def test_a_clause_after_the_cue_is_no_inverted_subject() -> None:
    (q,) = quotes(
        "Ms. Alvarez, citing “the sheer number of volunteers,” said the campaign could win "
        "the county by a wide margin."
    )
    assert (q.speaker, q.attribution) == ("Alvarez", "cue_after_parsed")


def test_the_object_of_a_cue_before_a_quote_is_not_its_speaker() -> None:
    (q,) = quotes(
        "Premier Greta Lindqvist visited the damaged port and declared a resolve to “rebuild "
        "every pier before the winter.”"
    )
    assert q.speaker == "Greta Lindqvist"
    (q,) = quotes("Senator Omar Haddad called the new budget “a gift to the banks.”")
    assert q.speaker == "Omar Haddad"


def test_a_relative_pronoun_subject_gives_way_to_its_antecedent() -> None:
    (q,) = quotes(
        "The board adopted a statement, which said the district “will not tolerate bullying "
        "in any school.”"
    )
    assert q.speaker == "a statement"


def test_pronoun_finds_a_surname_the_ner_left_untagged_at_a_sentence_start() -> None:
    (q,) = quotes(
        "Senator Walter Grant spoke to farmers in Ohio on Monday. Then Mike Carver toured a "
        "steel plant in the same county. Grant himself was pleased with the size of the crowd. "
        "“The turnout was wonderful,” he said."
    )
    assert (q.speaker, q.attribution) == ("Walter Grant", "cue_after+pronoun")


def test_answered_is_a_cue() -> None:
    (q,) = quotes("“We will talk to the minister,” Ms. Abara answered, without giving a date.")
    assert (q.speaker, q.attribution, q.cue) == ("Abara", "cue_after", "answered")


def test_a_pronoun_after_that_casts_no_gender_vote_for_the_name_before_it() -> None:
    (q,) = quotes(
        "Aisling Moran moved to Galway last spring, her brother said. Declan Hurst, who coaches "
        "the town’s rowing club, told reporters that she trained with the team every morning. "
        "He praised her patience with new members. “Everyone on the river knows her,” he added."
    )
    assert (q.speaker, q.attribution) == ("Declan Hurst", "cue_after+pronoun")


def test_one_member_of_a_group_is_kept_as_written() -> None:
    (q,) = quotes("“We cannot win without the suburbs,” one senior Democrat said on Tuesday.")
    assert (q.speaker, q.attribution) == ("one senior Democrat", "cue_after")
