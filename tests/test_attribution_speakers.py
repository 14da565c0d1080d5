"""Speaker attribution rules for coordinated subjects, cues with no subject of their own, and
entity labels the entity layer corrects for the sieve (annotate/quotes/speakers.py, fallbacks.py,
annotate/entities/labels.py), on sentences written for these tests."""

from __future__ import annotations

import pytest
from attribution_helpers import quotes, with_entities

from corpus_builder.annotate.entities.labels import relative_who_follows
from corpus_builder.annotate.nlp import load_nlp
from corpus_builder.annotate.quotes.marks import find_quotes
from corpus_builder.types import Document, Entity

# coordinated subjects: the whole group, as written


def test_two_people_joined_by_and_are_one_speaker() -> None:
    (q,) = quotes("“We will appeal the fine,” Ada Brenner and Tom Okafor said on Monday.")
    assert (q.speaker, q.attribution) == ("Ada Brenner and Tom Okafor", "cue_after")


def test_a_list_of_people_and_coordinated_roles() -> None:
    (q,) = quotes("“Nothing has changed,” Ames, Berg and Colton wrote in the report.")
    assert q.speaker == "Ames, Berg and Colton"
    (q,) = quotes("“The bridge is safe,” the county engineer and former mayor said.")
    assert q.speaker == "the county engineer and former mayor"
    (q,) = quotes("Officials and aides said, “The plan is finished.”")
    assert q.speaker == "Officials and aides"


def test_an_inverted_coordinated_subject_with_party_tags() -> None:
    (q,) = quotes("“We will win this,” said Sen. Ada Brenner (D-Ore.) and Sen. Tom Okafor.")
    assert q.speaker == "Ada Brenner and Tom Okafor"


def test_an_apposition_inside_a_coordination_is_dropped() -> None:
    (q,) = quotes("“We will appeal,” Mara Lind, the mayor, and Tom Okafor said.")
    assert q.speaker == "Mara Lind and Tom Okafor"


def test_an_object_before_and_is_not_part_of_the_subject() -> None:
    (q,) = quotes("The court fined Brenner and officials said, “We will appeal the ruling.”")
    assert q.speaker == "officials"


def test_a_hyphenated_role_is_one_word() -> None:
    (q,) = quotes("The Democratic front-runner said the plan was “a good start.”")
    assert q.speaker == "The Democratic front-runner"


# cues in a neighbouring clause


def test_a_participle_between_two_quotes_continues_the_first_speaker() -> None:
    qs = quotes(
        "Vance told the radio station that Ortiz “had no plan at all,” adding, “He never once "
        "asked the farmers what they needed.”"
    )
    assert [(q.speaker, q.attribution) for q in qs] == [
        ("Vance", "cue_before"),
        ("Vance", "continued_cue"),
    ]
    assert qs[1].cue == "adding"


def test_a_sentence_opening_with_a_participle_continues_the_speaker() -> None:
    qs = quotes(
        "Later in the show, Greta Lind said the audit report “was not good.” Adding, “Now "
        "the question is how Mayor Ortiz handles it.”"
    )
    assert [q.speaker for q in qs] == ["Greta Lind", "Greta Lind"]
    assert qs[1].attribution == "continued_cue"


def test_a_cue_coordinated_with_the_previous_clause() -> None:
    qs = quotes(
        "Lind called the ruling “a disgrace to the court” and added: “Judge Ortiz got it wrong.”"
    )
    assert [(q.speaker, q.attribution) for q in qs] == [
        ("Lind", "cue_before"),
        ("Lind", "continued_cue"),
    ]


def test_a_participle_after_an_object_takes_the_clauses_subject() -> None:
    (q,) = quotes("The Vermont senator emailed supporters saying: “The struggle continues.”")
    assert q.speaker == "The Vermont senator"


def test_a_cue_word_inside_a_hyphenated_word_is_no_cue() -> None:
    (q,) = quotes(
        "He feels ‘the looming presence of his grandmother,’ his boast-averse mother said."
    )
    assert q.speaker == "his boast-averse mother"


# entity labels the sieve corrects


def test_a_person_tagged_as_an_organisation_after_a_title() -> None:
    text = (
        "Former Acme CEO Dana Whitfield named her favourite show. “I watch it every week,” "
        "she said."
    )
    (q,) = with_entities(text, [("Acme", "ORG"), ("Dana Whitfield", "ORG")])
    assert (q.speaker, q.attribution) == ("Dana Whitfield", "cue_after+pronoun")


def test_a_surname_tagged_as_an_organisation_is_the_named_person() -> None:
    text = (
        "Marlow donor Luther Kemp IV paid for the ads. Kemp hosted Marlow on his jet in May. "
        "“I have not talked to any campaign,” he said."
    )
    labelled = [("Marlow", "PERSON"), ("Luther Kemp IV", "PERSON"), ("Kemp", "ORG")]
    labelled.append(("Marlow", "PERSON"))
    (q,) = with_entities(text, labelled)
    assert q.speaker == "Luther Kemp IV"


def test_a_given_name_and_surname_tagged_as_an_organisation_opening_a_clause() -> None:
    text = "Linda Brenner threw her support behind the bill. “It is overdue,” she said."
    (q,) = with_entities(text, [("Linda Brenner", "ORG")])
    assert q.speaker == "Linda Brenner"


def test_a_thing_tagged_as_a_person_is_not_a_pronouns_antecedent() -> None:
    text = "The prestigious Starlight award went to Odile Marsh. “Love yourself first,” she said."
    (q,) = with_entities(text, [("Starlight", "PERSON"), ("Odile Marsh", "PERSON")])
    assert q.speaker == "Odile Marsh"


@pytest.mark.parametrize("space", [" ", "\u00a0"])
def test_who_after_a_no_break_space(space: str) -> None:
    doc = load_nlp(None).make_doc(f"Meanwhile Odile,{space}who won the prize, spoke.")
    assert relative_who_follows(doc, 1, 2)


# pronoun genders and antecedents


def test_a_name_after_a_preposition_casts_no_gender_vote_and_is_no_antecedent() -> None:
    # "her" is the governor's; "Vice President Joe Varga" is an object, titles or not
    (q,) = quotes(
        "With Mayor Marty Ortiz by her side, Governor Linda Brandt spoke about potholes.",
        "Ortiz, a former union leader, had close ties to Vice President Joe Varga. But on "
        "Sunday he endorsed Brandt.",
        "“We need someone who is tested,” he said.",
    )
    assert q.speaker == "Marty Ortiz"


def test_a_kinship_word_gives_a_name_its_gender() -> None:
    (q,) = quotes(
        "Along with her husband, Milo Brandt, a banker, Ruth Brandt has given to many candidates.",
        "“I feel bad to say it,” she said.",
    )
    assert q.speaker == "Ruth Brandt"


def test_a_name_after_a_preposition_and_an_owner_is_an_object() -> None:
    (q,) = quotes(
        "In a talk with Channel Nine’s Marla Quist about his new film, actor Rob Vance "
        "discussed history lessons.",
        "“Just imagine you are a kid in that class,” he said.",
    )
    assert q.speaker == "Rob Vance"


def test_a_participle_hung_on_a_reported_clause_takes_the_main_subject() -> None:
    qs = quotes(
        "The governor said the plan has “kept the city safe” for a decade, before adding "
        "that the cuts were “a mistake we will fix.”"
    )
    assert [q.speaker for q in qs] == ["The governor", "The governor"]


def test_participles_of_common_cues_are_cues() -> None:
    (q,) = quotes(
        "Mayor Ida Lee defended the budget on Monday, explaining: “Nobody will lose a job.”"
    )
    assert (q.speaker, q.cue) == ("Ida Lee", "explaining")


def test_a_noun_phrase_with_a_prepositional_phrase_is_one_subject() -> None:
    (q,) = quotes("“He will stand up to the lobbyists,” a voice-over in the new ad states.")
    assert q.speaker == "a voice-over in the new ad"
    (q,) = quotes("“We will not resign,” the leader of the opposition said.")
    assert q.speaker == "the leader of the opposition"


# a phrase subject a misparse ran on into the verb group is cut before the auxiliary


def test_a_phrase_subject_ends_before_an_auxiliary() -> None:
    from corpus_builder.annotate.quotes.attribution import _before_a_verb
    from corpus_builder.annotate.quotes.context import Context
    from corpus_builder.annotate.quotes.speakers import Mention

    text = (
        "A spokesman for the mayor could only say, “No comment.” They would only nod. "
        "Will Ames is here."
    )
    doc = load_nlp(None).make_doc(text)
    _, spans = Document.join([text])
    ames = text.index("Will Ames")
    entities = [Entity(ames, ames + 9, "Will Ames", "PERSON", "Will Ames")]
    ctx = Context(text, spans, doc, entities, find_quotes(text, spans), None)
    words = [t.text for t in doc]

    def cut(first: str, last: str) -> tuple[list[str], str] | None:
        lo = words.index(first)
        hi = words.index(last, lo) + 1
        m = _before_a_verb(ctx, Mention(lo, hi, "group"))
        return None if m is None else (words[m.start : m.end], m.kind)

    assert cut("A", "only") == (["A", "spokesman", "for", "the", "mayor"], "group")
    assert cut("They", "only") == (["They"], "pronoun")
    assert cut("Will", "Ames") == (["Will", "Ames"], "group")  # "Will" is a name here
    assert cut("Will", "is") == (["Will", "Ames"], "entity")
    assert cut("could", "say") is None
