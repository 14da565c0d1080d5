"""The vectorised NER decoder must give exactly the entities of spaCy's own `ner` pipe."""

from __future__ import annotations

import numpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, Span

from corpus_builder.annotate.entities.ner_decoder import GreedyNER
from corpus_builder.annotate.nlp import load_nlp

TEXTS = [
    "Angela Merkel met Emmanuel Macron in Paris on Tuesday, the French presidency said.",
    "The World Health Organization said 1,200 people in West Africa had died since March.",
    "Prime Minister Jacinda Ardern of New Zealand spoke  to reporters in Wellington.",
    "Shares of Apple Inc. rose 3.5 percent to $142.10 on the New York Stock Exchange.",
    "  \n Seoul\n\nPyongyang fired two missiles into the Sea of Japan, the Joint Chiefs said.",
    "Kim",
    "",
    "he said it was fine and nobody would notice until next year",
    "Barack Obama",
    "The Tokyo Olympics were postponed until 2021 by the International Olympic Committee",
]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def spacy_entities(nlp, texts: list[str]) -> list[tuple[tuple[int, int, int], ...]]:
    ner = nlp.get_pipe("ner")
    return [tuple((e.start, e.end, e.label) for e in ner(nlp.make_doc(t)).ents) for t in texts]


def test_the_decoder_stands_in_for_the_models_ner(nlp) -> None:
    ner = nlp.get_pipe("ner")
    assert GreedyNER.supports(ner)
    assert not GreedyNER.supports(nlp.get_pipe("parser"))  # another transition system
    found = GreedyNER(ner)([nlp.make_doc(t) for t in TEXTS])
    assert found == spacy_entities(nlp, TEXTS)
    labels = {nlp.vocab.strings[label] for ents in found for _, _, label in ents}
    assert {"PERSON", "GPE", "ORG", "DATE"} <= labels  # the texts do exercise the moves


def test_batches_in_any_order_give_the_same_entities(nlp) -> None:
    decoder = GreedyNER(nlp.get_pipe("ner"))
    whole = decoder([nlp.make_doc(t) for t in TEXTS])
    one_by_one = [decoder([nlp.make_doc(t)])[0] for t in TEXTS]
    backwards = decoder([nlp.make_doc(t) for t in reversed(TEXTS)])[::-1]
    assert whole == one_by_one == backwards


def test_preset_annotations_are_left_to_spacy(nlp) -> None:
    decoder = GreedyNER(nlp.get_pipe("ner"))
    preset = nlp.make_doc("Kim Jong Un met Moon Jae-in.")
    preset.ents = [Span(preset, 0, 3, "PERSON")]
    assert decoder([nlp.make_doc("Kim met Moon."), preset]) is None
    split = nlp.make_doc("Kim met Moon. Then Moon left.")
    split[4].is_sent_start = True
    assert decoder([split]) is None
    assert decoder([Doc(nlp.vocab, words=["Seoul"])]) is not None  # token 0 always starts


WORDS = st.sampled_from(
    [
        "Paris",
        "Merkel",
        "the",
        "said",
        "Monday",
        "42",
        "U.N.",
        "of",
        "New",
        "York",
        ",",
        ".",
        "Bank",
        "\n",
        "  ",
        "$",
        "percent",
        "Mr.",
        "Smith",
        "and",
        "Inc.",
        "-",
        "'s",
        "\u201c",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(WORDS, max_size=40).map(" ".join), min_size=1, max_size=6))
def test_any_text_gets_spacys_entities(nlp, texts: list[str]) -> None:
    assert GreedyNER(nlp.get_pipe("ner"))([nlp.make_doc(t) for t in texts]) == spacy_entities(
        nlp, texts
    )


def test_valid_moves_follow_the_biluo_rules(nlp) -> None:
    from corpus_builder.annotate.entities.ner_decoder import _moves_of, _valid

    ner = nlp.get_pipe("ner")
    moves = _moves_of(ner)
    names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
    person = nlp.vocab.strings["PERSON"]
    # states: open PERSON mid-doc, open PERSON on the last token, closed, closed on a space
    # token, closed on the last token
    is_open = numpy.array([True, True, False, False, False])
    open_label = numpy.array([person, person, 0, 0, 0], dtype=numpy.uint64)
    last = numpy.array([False, True, False, False, True])
    space = numpy.array([False, False, False, True, False])
    valid = _valid(moves.kind, moves.label, is_open, open_label, last, space)
    allowed = [{names[c] for c in numpy.flatnonzero(row)} for row in valid]
    labels = {n.partition("-")[2] for n in names} - {""}
    assert allowed[0] == {"I-PERSON", "L-PERSON"}
    assert allowed[1] == {"L-PERSON"}
    assert allowed[2] == {f"{m}-{lab}" for m in "BU" for lab in labels} | {"O"}
    assert allowed[3] == {"O"}
    assert allowed[4] == {f"U-{lab}" for lab in labels} | {"O"}


def test_validity_table_is_the_rules_for_every_state(nlp) -> None:
    from corpus_builder.annotate.entities.ner_decoder import _moves_of, _valid, _validity_table

    moves = _moves_of(nlp.get_pipe("ner"))
    table, index = _validity_table(moves)
    labels = sorted({int(x) for x in moves.label if x})
    assert len(table) == (len(labels) + 1) * 4
    # each move's label index points back at its label
    assert all(
        (index[c] == 0) if moves.label[c] == 0 else labels[index[c] - 1] == moves.label[c]
        for c in range(len(moves.label))
    )
    for j in range(len(labels) + 1):
        for last in (False, True):
            for space in (False, True):
                want = _valid(
                    moves.kind,
                    moves.label,
                    numpy.array([j != 0]),
                    numpy.array([labels[j - 1] if j else 0], dtype=numpy.uint64),
                    numpy.array([last]),
                    numpy.array([space]),
                )[0]
                assert (table[(j * 2 + last) * 2 + space] == want).all(), (j, last, space)


def test_ner_pass_batches_by_length_and_keeps_the_order(nlp) -> None:
    from corpus_builder.annotate.entities.ner import ner_documents, ner_pipes_disabled
    from corpus_builder.types import Document, Metadata, Source

    paragraphs = [
        "Angela Merkel spoke in Berlin.",
        "On Tuesday the mayor of Lyon, Gérard Collomb, met officials from Renault and "
        "Airbus at the town hall to discuss jobs, and Emmanuel Macron sent a letter.",
        "Xi Jinping.",
        "Joe Biden visited Paris and London last week with Antony Blinken.",
    ]
    docs = []
    for n in range(3):  # texts of many lengths, so batches of 2 by length mix the documents
        paras = paragraphs[n:] + paragraphs[:n]
        text, spans = Document.join(paras)
        source = Source(path=f"d{n}", format="paragraphs", sha256="0" * 64)
        docs.append(Document(f"d{n}", source, None, Metadata(), text, spans, "test"))
    joined = list(ner_documents(nlp, docs, batch_size=2))
    disabled = ner_pipes_disabled(nlp)
    for d, j in zip(docs, joined, strict=True):
        want = []
        for p in d.paragraphs:
            alone = nlp(d.text[p.start : p.end], disable=disabled)
            want += [(e.start_char + p.start, e.end_char + p.start, e.label_) for e in alone.ents]
        assert j.text == d.text
        assert [(e.start_char, e.end_char, e.label_) for e in j.ents] == want
        assert len(want) >= 8
