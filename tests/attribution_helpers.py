"""Shared by the attribution tests: annotate paragraphs of our own, or attribute one paragraph
with the entities a NER might have produced."""

from __future__ import annotations

from spacy.tokens import Doc

from corpus_builder.annotate import annotate
from corpus_builder.annotate.entities.labels import repair_labels
from corpus_builder.annotate.nlp import load_nlp
from corpus_builder.annotate.quotes.attribution import attribute
from corpus_builder.annotate.quotes.marks import find_quotes
from corpus_builder.types import Document, Entity, Metadata, Quote, Source


def quotes(*paragraphs: str, authors: tuple[str, ...] = ()) -> list[Quote]:
    text, spans = Document.join(list(paragraphs))
    source = Source(path="test", format="paragraphs", sha256="0" * 64)
    meta = Metadata(language="en", authors=list(authors))
    doc = Document("t", source, None, meta, text, spans, "test")
    return annotate([doc])[0].quotes


def with_entities(text: str, labelled: list[tuple[str, str]]) -> list[Quote]:
    """Attribute the quotes of one paragraph given the entities (text, label) a NER might
    have produced, so that a mislabel is reproduced whatever the model does; the entity
    layer's label repairs run on them, as in a build."""
    doc: Doc = load_nlp(None).make_doc(text)
    entities, at = [], 0
    for name, label in labelled:
        start = text.index(name, at)
        entities.append(Entity(start, start + len(name), name, label, name))
        at = start + len(name)
    _, spans = Document.join([text])
    return attribute(text, spans, doc, repair_labels(doc, entities), find_quotes(text, spans))
