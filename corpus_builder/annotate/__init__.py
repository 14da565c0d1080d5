"""Annotation stage: Document -> AnnotatedDocument (entities, quotes with speakers).

Only the NER pipe (which carries its own tok2vec in the English pipelines) runs over all the
text, batched with `nlp.pipe`; quotations are found by mark pairing and attributed from the
NER-tagged tokens, so the tagger, parser and lemmatizer never run. That is what makes the stage
faster than the full pipeline on every paragraph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from corpus_builder.annotate.attribution import attribute
from corpus_builder.annotate.entities import entities_from_doc
from corpus_builder.annotate.nlp import load_nlp, model_id
from corpus_builder.annotate.quotes import find_quotes
from corpus_builder.types import AnnotatedDocument, Document

__all__ = ["annotate", "ner_pipes_disabled"]


def ner_pipes_disabled(nlp: Language) -> list[str]:
    """Pipes to switch off for the NER-only pass: all but `ner` and what `ner` listens to."""
    keep = {"ner"}
    ner = nlp.get_pipe("ner")
    for name, pipe in nlp.pipeline:
        listeners = getattr(pipe, "listeners", None) or []
        if any(lst in ner.model.walk() for lst in listeners):
            keep.add(name)
    return [name for name in nlp.pipe_names if name not in keep]


def _is_english(doc: Document) -> bool:
    lang = doc.metadata.language
    return lang is None or lang == "en"


def annotate(
    docs: list[Document], model: str | None = None, batch_size: int = 64
) -> list[AnnotatedDocument]:
    """Entities and attributed quotations for each document, in input order.

    Documents whose metadata language is set and is not English get no annotations (the
    model is English).
    """
    nlp = load_nlp(model)
    models = [model_id(nlp)]
    english = [d for d in docs if _is_english(d)]
    ner_docs = nlp.pipe(
        _paragraphs(english), disable=ner_pipes_disabled(nlp), batch_size=batch_size
    )
    parsed = _documents(nlp, english, ner_docs)
    parse = _sentence_parser(nlp)
    out: list[AnnotatedDocument] = []
    for d in docs:
        if not _is_english(d):
            out.append(AnnotatedDocument(d, [], [], []))  # no model ran on it
            continue
        spacy_doc = next(parsed)
        entities = entities_from_doc(spacy_doc)
        spans = find_quotes(d.text, d.paragraphs)
        quotes = attribute(d.text, d.paragraphs, spacy_doc, entities, spans, parse)
        out.append(AnnotatedDocument(d, entities, quotes, list(models)))
    return out


def _sentence_parser(nlp: Language) -> Callable[[Doc], Doc] | None:
    """tok2vec + parser applied to one small Doc (a sentence the attribution asks about)."""
    if "parser" not in nlp.pipe_names:
        return None
    steps = [nlp.get_pipe(name) for name in nlp.pipe_names if name in ("tok2vec", "parser")]

    def parse(doc: Doc) -> Doc:
        for step in steps:
            doc = step(doc)
        return doc

    return parse


def _paragraphs(docs: Iterable[Document]) -> Iterator[str]:
    # paragraphs, not whole articles: similar lengths batch better, and NER context is local
    for d in docs:
        for p in d.paragraphs:
            yield d.text[p.start : p.end]


def _documents(nlp: Language, docs: list[Document], para_docs: Iterator[Doc]) -> Iterator[Doc]:
    """One Doc per document, its paragraphs' NER-tagged Docs joined by the separator tokens,
    so the Doc's text is the document's text and entities see the whole article."""
    for d in docs:
        parts: list[Doc] = []
        pos = 0
        for p in d.paragraphs:
            if p.start > pos:
                parts.append(nlp.make_doc(d.text[pos : p.start]))
            parts.append(next(para_docs))
            pos = p.end
        if pos < len(d.text):
            parts.append(nlp.make_doc(d.text[pos:]))
        joined = Doc.from_docs(parts, ensure_whitespace=False) if parts else nlp.make_doc(d.text)
        if joined.text != d.text:
            raise ValueError(f"{d.id}: paragraph spans do not tile the text; cannot annotate")
        yield joined
