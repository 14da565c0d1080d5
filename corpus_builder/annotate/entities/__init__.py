"""Named entities of a document: the NER's mentions, repaired and made consistent.

Steps, each in a small module:
- `spans`: spans cut at line breaks and separators, trimmed of determiners,
  punctuation, possessives and numbers; same-label halves of one name joined;
- `headlines`: PERSON spans cut at the verbs of Title Case headlines;
- `names`: honorific-marked persons, PERSON spans grown over name words the model
  left out, office titles cut from non-person names;
- `consistency`: one label per name in the document, missed repeats added;
- `acronyms`: "Name (ACRONYM)" definitions;
- `canonical`: the document's fullest name for every mention;
- `labels`: a person the NER tagged as an organisation or place relabelled, a "person" that
  the document shows to be a thing relabelled MISC.
Word lists live in `corpus_builder/resources/names_*.txt`.
"""

from __future__ import annotations

from spacy.attrs import IDX
from spacy.tokens import Doc

from corpus_builder.annotate.entities.acronyms import bracketed_acronyms
from corpus_builder.annotate.entities.canonical import (
    assign_canonical,
    canonical_map,
    canonical_name,
)
from corpus_builder.annotate.entities.consistency import (
    add_repeats,
    drop_capitalised_words,
    vote_labels,
)
from corpus_builder.annotate.entities.headlines import headlines, split_headline_persons
from corpus_builder.annotate.entities.labels import repair_labels
from corpus_builder.annotate.entities.lexicon import lexicon
from corpus_builder.annotate.entities.names import (
    cut_office_titles,
    honorific_names,
    repair_person_spans,
)
from corpus_builder.annotate.entities.spans import (
    Mention,
    from_ner,
    merge_adjacent,
    remove_overlaps,
    token_texts,
    trim,
)
from corpus_builder.types import Entity

__all__ = ["entities_from_doc", "canonical_map", "canonical_name"]


def _to_entities(doc: Doc, text: str, texts: list[str], mentions: list[Mention]) -> list[Entity]:
    idx = doc.to_array(IDX).tolist() if mentions else []
    out = []
    for m in mentions:
        start, end = idx[m.start], idx[m.end - 1] + len(texts[m.end - 1])
        out.append(Entity(start, end, text[start:end], m.label, text[start:end]))
    return out


def entities_from_doc(doc: Doc, text: str | None = None) -> list[Entity]:
    """Entity mentions of a whole document processed by the NER pipe, sorted by start,
    non-overlapping, never crossing a line break, each with the document's canonical name.
    `text` is `doc.text` when the caller has it (spaCy rebuilds that string on each access).

    Works with or without part-of-speech tags and never uses the dependency parse."""
    lex = lexicon()
    texts = token_texts(doc)
    mentions = [t for m in from_ner(doc, lex) if (t := trim(doc, m, lex)) is not None]
    mentions = merge_adjacent(doc, remove_overlaps(mentions))
    heads = headlines(doc, texts)
    mentions = honorific_names(doc, mentions, lex, heads)
    mentions = split_headline_persons(doc, mentions, lex, heads)
    mentions = repair_person_spans(doc, mentions, lex, heads)
    mentions = cut_office_titles(doc, mentions, lex)
    mentions = vote_labels(doc, drop_capitalised_words(doc, mentions, texts), lex, texts)
    mentions = bracketed_acronyms(doc, mentions)
    mentions = add_repeats(doc, mentions, lex, texts)
    # Repeats found by string match ("Cairns") may need the same repair ("C. Cairns").
    mentions = remove_overlaps(repair_person_spans(doc, mentions, lex, heads))
    if text is None:
        text = doc.text  # rebuilt from the tokens on every access: read it once
    return repair_labels(doc, assign_canonical(text, _to_entities(doc, text, texts, mentions)))
