"""A paragraph's entities, once found in a process, are reused by later calls on the
row-stable numpy path (the same entities), and only there."""

from __future__ import annotations

import pytest

from corpus_builder.annotate.entities import ner as entity_ner
from corpus_builder.annotate.entities.ner import _reuse, ner_documents
from corpus_builder.annotate.linalg import one_blas_thread
from corpus_builder.annotate.nlp import load_nlp
from corpus_builder.types import Document, Metadata, Source

SHARED = "Premier Dana Whitcombe of Nova Scotia met Ilse Brandt in Halifax on Friday."


def _doc(name: str, paragraphs: list[str]) -> Document:
    text, spans = Document.join(paragraphs)
    source = Source(path=name, format="paragraphs", sha256="0" * 64)
    return Document(name, source, None, Metadata(), text, spans, "test")


def _ents(nlp, docs: list[Document]) -> list[list[tuple[int, int, str]]]:  # noqa: ANN001
    with one_blas_thread():
        return [
            [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for doc in ner_documents(nlp, docs)
        ]


def test_a_paragraph_from_an_earlier_call_is_reused_with_the_same_entities() -> None:
    nlp = load_nlp(None, "numpy")
    kept = _reuse(nlp)
    assert kept is not None
    kept.clear()
    first = _doc("a", ["The vote in Truro was close.", SHARED])
    (ents_a,) = _ents(nlp, [first])
    assert SHARED in kept and "The vote in Truro was close." in kept
    entry = kept[SHARED]
    later = _doc("b", [SHARED, "Ilse Brandt flew back to Bonn."])
    (ents_b,) = _ents(nlp, [later])
    assert kept[SHARED] is entry  # taken from the first call, not run again
    offset = len(first.text) - len(SHARED)
    in_a = [(s - offset, e - offset, label) for s, e, label in ents_a if s >= offset]
    assert [e for e in ents_b if e[1] <= len(SHARED)] == in_a
    kept.clear()  # and computed afresh, the same entities
    assert _ents(nlp, [later]) == [ents_b]


def test_the_kept_paragraphs_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = load_nlp(None, "numpy")
    kept = _reuse(nlp)
    assert kept is not None
    kept.clear()
    monkeypatch.setattr(entity_ner, "REUSE_LIMIT", 3)
    _ents(nlp, [_doc("c", [f"Paragraph {i} names Oslo." for i in range(5)])])
    assert list(kept) == [f"Paragraph {i} names Oslo." for i in (2, 3, 4)]
    kept.clear()


def test_nothing_is_kept_on_the_blis_path() -> None:
    assert _reuse(load_nlp(None, "blis")) is None
