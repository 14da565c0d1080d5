"""The NER pass: the `ner` model over every distinct paragraph (decoded by `ner_decoder`), its
entities joined into one Doc per document.

Paragraphs, not whole articles, go through the model: similar lengths batch better and NER
context is local. A paragraph text met again in the same call (bylines, boilerplate, a story
filed twice) reuses the first run's entities: the model's output depends on the paragraph's
text alone, and the NER is most of the stage's cost. On the row-stable "numpy" path
(`linalg.RowStableOps`) that holds to the last bit whatever the batch, so the entities of the
last `REUSE_LIMIT` distinct paragraphs are also kept for the later calls in the process (the
next batches and shards of a worker): the same output, without the network.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from corpus_builder.annotate.entities.ner_decoder import Entities, GreedyNER
from corpus_builder.annotate.linalg import RowStableOps
from corpus_builder.types import Document

__all__ = ["ner_documents", "ner_pipes_disabled"]


def ner_pipes_disabled(nlp: Language) -> list[str]:
    """Pipes to switch off for the NER-only pass: all but `ner` and what `ner` listens to."""
    keep = {"ner"}
    ner = nlp.get_pipe("ner")
    for name, pipe in nlp.pipeline:
        listeners = getattr(pipe, "listeners", None) or []
        if any(lst in ner.model.walk() for lst in listeners):
            keep.add(name)
    return [name for name in nlp.pipe_names if name not in keep]


@dataclass(frozen=True)
class _Tagged:
    """What the NER found in one paragraph, kept compact (not the Doc) for reuse."""

    starts: numpy.ndarray  # token start offsets within the paragraph, int64
    ents: Entities  # (start token, end token, label id)


# Distinct paragraphs whose entities a process keeps for later calls (least recently used go
# first): about 1 kB each, so a worker's memory stays flat however long the build.
REUSE_LIMIT = 20_000
_REUSABLE: WeakKeyDictionary[Language, OrderedDict[str, _Tagged] | None] = WeakKeyDictionary()


def ner_documents(nlp: Language, docs: list[Document], batch_size: int = 64) -> Iterator[Doc]:
    """One Doc per document, in order, whose text is the document's text and whose `ents`
    are the NER's entities of its paragraphs (text between paragraphs gets none). The
    paragraphs of all `docs` go through the model at the first Doc asked for."""
    for d in docs:
        _check_tiling(d)
    kept = _reuse(nlp)
    found: dict[str, _Tagged] = {}
    todo = []
    for text in _distinct(_paragraph_texts(docs)):
        hit = kept.get(text) if kept is not None else None
        if hit is None:
            todo.append(text)
        else:
            found[text] = hit
            kept.move_to_end(text)  # type: ignore[union-attr]
    for text, tagged in zip(todo, _tagged(nlp, iter(todo), batch_size), strict=True):
        found[text] = tagged
        if kept is not None:
            kept[text] = tagged
            if len(kept) > REUSE_LIMIT:
                kept.popitem(last=False)
    for d in docs:
        parts = [found[text] for text in _paragraph_texts([d])]
        whole = _with_entities(nlp.make_doc(d.text), d, parts)
        yield whole if whole is not None else _joined_docs(nlp, d, parts)


def _reuse(nlp: Language) -> OrderedDict[str, _Tagged] | None:
    """The process's kept entities for `nlp`, or None when its NER's output for a paragraph
    may depend on the batch (spaCy's own pipe, or ops other than the row-stable ones)."""
    if nlp not in _REUSABLE:
        ner = nlp.get_pipe("ner")
        stable = (
            len(ner_pipes_disabled(nlp)) == len(nlp.pipe_names) - 1
            and GreedyNER.supports(ner)
            and all(isinstance(node.ops, RowStableOps) for node in ner.model.walk())
        )
        _REUSABLE[nlp] = OrderedDict() if stable else None
    return _REUSABLE[nlp]


# Texts tokenized ahead of the decoder, then batched by length: the decoder takes one step per
# token of a batch's longest text, so a batch of similar lengths wastes no steps on a long tail
# where one text still runs (on HTML pages with a few long blocks this was half the NER time).
# The entities of a text do not depend on the batch it is in (tests/test_ner_decoder.py).
LOOKAHEAD = 1024


def _tagged(nlp: Language, texts: Iterator[str], batch_size: int) -> Iterator[_Tagged]:
    """The NER's entities of each text, in order: through the vectorised greedy decoder when it
    models this `ner` pipe (same entities, about half the time), else through spaCy's pipe."""
    ner = nlp.get_pipe("ner")
    disabled = ner_pipes_disabled(nlp)
    if len(disabled) != len(nlp.pipe_names) - 1 or not GreedyNER.supports(ner):
        for pdoc in nlp.pipe(texts, disable=disabled, batch_size=batch_size):
            yield _tagged_doc(pdoc, _ents(pdoc))
        return
    decoder = GreedyNER(ner)
    for window in minibatch(texts, LOOKAHEAD):
        pdocs = [nlp.make_doc(text) for text in window]
        by_length = sorted(range(len(pdocs)), key=lambda i: len(pdocs[i]))
        found: list[Entities | None] = [None] * len(pdocs)
        for batch in minibatch(by_length, batch_size):
            docs = [pdocs[i] for i in batch]
            ents = decoder(docs)
            if ents is None:  # annotations the decoder does not model: spaCy's own pass
                ents = [_ents(ner(doc)) for doc in docs]
            for i, e in zip(batch, ents, strict=True):
                found[i] = e
        for pdoc, e in zip(pdocs, found, strict=True):
            assert e is not None
            yield _tagged_doc(pdoc, e)


def _ents(pdoc: Doc) -> Entities:
    return tuple((e.start, e.end, e.label) for e in pdoc.ents)


def _tagged_doc(pdoc: Doc, ents: Entities) -> _Tagged:
    return _Tagged(pdoc.to_array(IDX).astype(numpy.int64), ents)


def _check_tiling(d: Document) -> None:
    pos = 0
    for p in d.paragraphs:
        if p.start < pos or p.end > len(d.text):
            raise ValueError(
                f"{d.id}: paragraph spans overlap, are out of order or out of the text"
            )
        pos = p.end


def _paragraph_texts(docs: Iterable[Document]) -> Iterator[str]:
    for d in docs:
        for p in d.paragraphs:
            yield d.text[p.start : p.end]


def _distinct(texts: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for t in texts:
        if t not in seen:
            seen.add(t)
            yield t


def _with_entities(doc: Doc, d: Document, parts: list[_Tagged]) -> Doc | None:
    """`doc` (the whole text, tokenized once) with the paragraphs' entities, or None when its
    tokens differ from the paragraphs' anywhere. Cheaper than `Doc.from_docs`, which rebuilds
    every token through Python."""
    idx = doc.to_array(IDX).astype(numpy.int64)
    ends = idx + doc.to_array(LENGTH)
    ents = []
    for p, part in zip(d.paragraphs, parts, strict=True):
        lo = int(numpy.searchsorted(idx, p.start))
        hi = lo + len(part.starts)
        if hi == lo:
            continue  # a paragraph of no tokens has no entities
        if hi > len(doc) or ends[hi - 1] != p.end or (hi < len(doc) and idx[hi] < p.end):
            return None
        if not numpy.array_equal(idx[lo:hi], part.starts + p.start):
            return None
        ents.extend(Span(doc, lo + s, lo + e, label) for s, e, label in part.ents)
    doc.ents = ents
    return doc


def _joined_docs(nlp: Language, d: Document, parts: list[_Tagged]) -> Doc:
    """Paragraphs tokenized on their own, joined with the text between them: for a text whose
    whole-document tokens do not line up with its paragraphs' tokens."""
    pieces: list[Doc] = []
    pos = 0
    for p, part in zip(d.paragraphs, parts, strict=True):
        if p.start > pos:
            pieces.append(nlp.make_doc(d.text[pos : p.start]))
        pdoc = nlp.make_doc(d.text[p.start : p.end])  # same tokens as in the NER pass
        pdoc.ents = [Span(pdoc, s, e, label) for s, e, label in part.ents]
        pieces.append(pdoc)
        pos = p.end
    if pos < len(d.text):
        pieces.append(nlp.make_doc(d.text[pos:]))
    return Doc.from_docs(pieces, ensure_whitespace=False) if pieces else nlp.make_doc(d.text)
