"""Annotation stage: Document -> AnnotatedDocument (entities, quotes with speakers).

Two layers, each a sub-package: `entities/` (the NER pass and the repairs of its mentions) and
`quotes/` (quotation marks paired, speakers attributed, a confidence per speaker), which reads
the entities; `nlp`, `linalg` and `tokenizer_guard` load and run the spaCy pipeline for both,
and `lexicon` holds the word lists both read.

Only the NER model (which carries its own tok2vec in the English pipelines) runs over all the
text, once per distinct paragraph (`entities/ner.py`), decoded for a whole batch at a time
(`entities/ner_decoder.py`); quotations are found by mark pairing and
attributed from the NER-tagged tokens, so the tagger and lemmatizer never run and the parser
only on the sentences attribution asks about. That is what makes the stage faster than the
full pipeline on every paragraph.
"""

from __future__ import annotations

from collections.abc import Callable
from time import perf_counter

from spacy.language import Language
from spacy.tokens import Doc

from corpus_builder.annotate.entities import entities_from_doc
from corpus_builder.annotate.entities.ner import ner_documents, ner_pipes_disabled
from corpus_builder.annotate.linalg import DEFAULT_LINALG, one_blas_thread
from corpus_builder.annotate.nlp import linalg_path, load_nlp, model_id
from corpus_builder.annotate.quotes.attribution import attribute
from corpus_builder.annotate.quotes.confidence import with_confidence
from corpus_builder.annotate.quotes.marks import find_quotes
from corpus_builder.types import AnnotatedDocument, Document

__all__ = ["annotate", "ner_pipes_disabled"]


def _is_english(doc: Document) -> bool:
    lang = doc.metadata.language
    return lang is None or lang == "en"


def annotate(
    docs: list[Document],
    model: str | None = None,
    batch_size: int = 64,
    linalg: str = DEFAULT_LINALG,
    seconds: dict[str, float] | None = None,
) -> list[AnnotatedDocument]:
    """Entities and attributed quotations for each document, in input order, with the
    networks on the `linalg` path ("numpy" or "blis", `annotate.linalg`). `seconds`, when
    given, gets the time of each part added: "ner" (tokenizing and the NER network),
    "entities" (name repair, canonical names) and "quotes" (finding and attributing them).

    Documents whose metadata language is set and is not English get no annotations (the
    model is English).
    """
    nlp = load_nlp(model, linalg)
    with one_blas_thread():  # for this call only: the caller's process keeps its own setting
        return _annotate(nlp, docs, batch_size, linalg_path(linalg), seconds)


def _annotate(
    nlp: Language,
    docs: list[Document],
    batch_size: int,
    linalg: str,
    seconds: dict[str, float] | None,
) -> list[AnnotatedDocument]:
    models = [model_id(nlp)]
    english = [d for d in docs if _is_english(d)]
    parsed = ner_documents(nlp, english, batch_size=batch_size)
    parse = _sentence_parser(nlp)
    spent = dict.fromkeys(("ner", "entities", "quotes"), 0.0)
    out: list[AnnotatedDocument] = []
    for d in docs:
        if not _is_english(d):
            out.append(AnnotatedDocument(d, [], [], []))  # no model ran on it
            continue
        t0 = perf_counter()
        spacy_doc = next(parsed)  # the NER runs a batch of paragraphs at a time, lazily
        t1 = perf_counter()
        entities = entities_from_doc(spacy_doc, d.text)  # the Doc's text is d.text
        t2 = perf_counter()
        spans = find_quotes(d.text, d.paragraphs)
        quotes = attribute(
            d.text, d.paragraphs, spacy_doc, entities, spans, parse, d.metadata.authors
        )
        quotes = [with_confidence(q) for q in quotes]  # once the speaker is final
        t3 = perf_counter()
        spent["ner"] += t1 - t0
        spent["entities"] += t2 - t1
        spent["quotes"] += t3 - t2
        out.append(AnnotatedDocument(d, entities, quotes, list(models), linalg=linalg))
    if seconds is not None:
        for part, secs in spent.items():
            seconds[part] = seconds.get(part, 0.0) + secs
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
