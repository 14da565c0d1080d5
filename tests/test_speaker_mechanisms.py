"""General speaker mechanisms of the attribution sieve (issue 14): the final speaker filter,
the head of a name phrase, rank abbreviations, animacy and number in pronoun resolution, the
byline author, descriptors linked to a name, on sentences written for these tests."""

from __future__ import annotations

from attribution_helpers import quotes, with_entities

# the final filter: a place, a number phrase or a fragment is no speaker


def test_a_place_is_never_a_speaker() -> None:
    (q,) = with_entities(
        "“The convoy was hit twice,” al-Tanf said on the border.", [("al-Tanf", "GPE")]
    )
    assert q.speaker is None


def test_a_number_phrase_is_never_a_speaker() -> None:
    (q,) = quotes("“Taxes are too high,” 62 percent of voters said in the survey.")
    assert q.speaker is None
    (q,) = quotes("“I never saw it coming,” the 34-year-old said.")
    assert q.speaker is None


def test_a_lowercase_premodifier_gives_way_to_the_name_it_modifies() -> None:
    (q,) = quotes("“I played well today,” fourth-ranked Schwartzman said.")
    assert q.speaker == "Schwartzman"
    # a role or a group phrase stays, as written
    (q,) = quotes("“Fresh bread every morning,” a spokeswoman for the bakery said.")
    assert q.speaker == "a spokeswoman for the bakery"


def test_an_adverb_after_a_pronoun_is_not_part_of_the_speaker() -> None:
    (q,) = quotes(
        "Mayor Ellen Varga spoke at the opening of the new library on Monday.",
        "“We waited long enough,” she instead said.",
    )
    assert q.speaker == "Ellen Varga"


# the head of a name phrase wins over premodifiers


def test_a_team_premodifier_gives_way_to_the_person_it_qualifies() -> None:
    (q,) = with_entities(
        "“We have to be better than that,” said Oilers head coach Ken Hitchcock.",
        [("Oilers", "ORG"), ("Ken Hitchcock", "PERSON")],
    )
    assert q.speaker == "Ken Hitchcock"


def test_a_rank_abbreviation_does_not_end_the_sentence() -> None:
    (q,) = with_entities(
        "“The strike was a success,” Cmdr. Sean Robertson, a spokesperson for Inherent "
        "Resolve, told reporters.",
        [("Cmdr", "PERSON"), ("Sean Robertson", "PERSON"), ("Inherent Resolve", "ORG")],
    )
    assert q.speaker == "Sean Robertson"


# animacy and number in pronoun resolution


def test_a_company_referred_to_as_its_is_never_she() -> None:
    (q,) = with_entities(
        "Kinder Morgan said its pipeline would open in May. “We will not give up,” she said.",
        [("Kinder Morgan", "PERSON")],
    )
    assert q.speaker == "she"


def test_they_resolves_to_the_people_named_together_as_a_subject() -> None:
    (q,) = with_entities(
        "Owners Ann Berg and Lee Moss said they would reopen in May. "
        "“We are not giving up,” they said.",
        [("Ann Berg", "PERSON"), ("Lee Moss", "PERSON")],
    )
    assert q.speaker == "Ann Berg and Lee Moss"
    # one person named is no antecedent for "they"
    (q,) = with_entities(
        "Ann Berg said the bakery would reopen in May. “We are not giving up,” they said.",
        [("Ann Berg", "PERSON")],
    )
    assert q.speaker == "they"


# the byline's author is not a speaker found by resolution


def test_a_pronoun_does_not_resolve_to_the_byline_author() -> None:
    paragraphs = (
        "By Nora Quist",
        "Nora Quist visited the shelter, where Mara Lind has worked for a decade.",
        "“We need more beds,” she added.",
    )
    (q,) = quotes(*paragraphs, authors=("Nora Quist",))
    assert q.speaker == "Mara Lind"


# a descriptor is the person just named; indirect speech carries over


def test_a_descriptor_names_the_person_just_introduced() -> None:
    (q,) = with_entities(
        "Mark Stone scored twice on Saturday. “It felt great to get the win,” said the rookie "
        "defenceman.",
        [("Mark Stone", "PERSON"), ("Saturday", "DATE")],
    )
    assert (q.speaker, q.attribution) == ("Mark Stone", "cue_after+descriptor")


def test_a_quote_paragraph_after_indirect_speech_continues_its_speaker() -> None:
    (q,) = quotes(
        "Dana Price has coached the team for six years.",
        "Too often, she says, the players give up too early.",
        "“We will fix it this season.”",
    )
    assert (q.speaker, q.attribution) == ("Dana Price", "indirect_speech+pronoun")


def test_the_reader_addressed_and_a_title_are_no_speakers() -> None:
    (q,) = quotes("“How did it get this answer?” you might wonder.")
    assert q.speaker is None
    (q,) = with_entities(
        "“What you get is better,” The Problem Solving Journey says of the orchestra.",
        [("The Problem Solving Journey", "WORK_OF_ART")],
    )
    assert q.speaker is None


# a name's start that occurs only inside longer names is not a headline-word cut


def test_an_initial_or_longer_given_name_does_not_cut_a_surname() -> None:
    from corpus_builder.annotate.quotes.context import headline_tail_off

    text = (
        "Kelly L Clarke runs the bakery. Kelly L. Clarke opened it in 2009 with Kelly Lynn, "
        "her aunt."
    )
    assert headline_tail_off(text, "Kelly L Clarke") == "Kelly L Clarke"
    # a headline verb the NER took in is still cut off when the name itself recurs
    text = "Ben Carson Defends Himself. Ben Carson said on Monday that he would stay."
    assert headline_tail_off(text, "Ben Carson Defends") == "Ben Carson"


# coordinated speakers: the span always names the speaker


def test_a_shortened_coordinated_speaker_is_named_as_written() -> None:
    text = "Mike Ford and Martha Fry opened the shop in 2010."
    (q,) = quotes(text, "“We never looked back,” Ford and Fry said.")
    assert q.speaker == "Mike Ford and Martha Fry"  # the full names, the span as written
    assert (text + "\n\n" + "“We never looked back,” Ford and Fry said.")[
        q.speaker_start : q.speaker_end
    ] == "Ford and Fry"


def test_titles_joined_by_and_are_one_person() -> None:
    text = "“Sales were strong,” CEO and president Craig Menear told analysts."
    (q,) = quotes(text)
    assert q.speaker == "Craig Menear"
    assert text[q.speaker_start : q.speaker_end] == "Craig Menear"


# a common-noun speaker is typed by its head noun (resources/person_nouns.txt,
# speaker_documents.txt, group_speakers.txt, speaker_titles.txt)


def test_a_piece_of_text_introducing_a_quote_is_no_speaker() -> None:
    (q,) = quotes(
        "The glass works filed many patents. Here is an extract from patent 4471: “Take a "
        "body of glass of any colour and coat it with a thin layer of another colour.”"
    )
    assert q.speaker is None
    # a role or a person noun introducing a quote stays
    (q,) = quotes(
        "The night was long for the nurses. Here is what the patient wrote: “I was never "
        "left alone, not for one minute of it.”"
    )
    assert q.speaker == "the patient"


def test_an_identifier_is_no_speaker() -> None:
    (q,) = with_entities("“Go ahead and publish it now,” a5f3b2c9 wrote.", [("a5f3b2c9", "PERSON")])
    assert q.speaker is None
    # a handle with a number at its end is someone's name
    (q,) = with_entities("“Go ahead and publish it now,” elmo52 wrote.", [("elmo52", "PERSON")])
    assert q.speaker == "elmo52"


def test_a_hyphenated_word_before_a_colon_is_no_byline() -> None:
    (q,) = quotes("Send the header If-Match: “the version you last read from the server”.")
    assert q.speaker is None


def test_close_to_stays_in_the_speaker_phrase() -> None:
    (q,) = quotes("“He never saw it coming,” says a source close to the senator.")
    assert q.speaker == "a source close to the senator"


def test_an_organisation_closing_a_role_gives_way_to_the_person_before_it() -> None:
    (q,) = with_entities(
        "Mr Tom Reyes, Regional Manager, Acme Bank, Dayton Branch, said: “Savers are moving "
        "their money into fixed deposits.”",
        [("Tom Reyes", "PERSON"), ("Acme Bank", "ORG"), ("Dayton Branch", "ORG")],
    )
    assert q.speaker == "Tom Reyes"


def test_the_holder_of_an_organisations_role_is_the_speaker() -> None:
    (q,) = with_entities(
        "“We are proud of the whole team.” commented Brightlane founder and CTO, Dr Ada Moore, "
        "at the award ceremony.",
        [("Brightlane", "ORG"), ("Ada Moore", "PERSON")],
    )
    assert q.speaker == "Ada Moore"


def test_a_datelines_place_is_no_speaker() -> None:
    (q,) = with_entities(
        "Dayton, March 3 — The mill workers want the plant to “reopen before the winter comes "
        "and the orders are gone.”",
        [("Dayton", "PERSON"), ("March 3", "DATE")],
    )
    assert q.speaker is None
