"""Mention spans over a spaCy Doc: taken from the NER, cut at line breaks, and trimmed.

Mentions are token ranges here ([start, end) token indices) so that every later rule moves
whole tokens; they become character offsets only at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import ORTH
from spacy.tokens import Doc, Token

from corpus_builder.annotate.entities.lexicon import Lexicon

# Labels of names, as opposed to numbers and times: only these are trimmed of determiners,
# checked for capitals, voted on and propagated to repeats.
NAME_LABELS = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# Prepositions and conjunctions that open a sentence and are capitalised there, so the NER may
# take them into the name that follows ("Despite Ted Cruz's warnings"); none is a given name.
SENTENCE_OPENERS = frozenset(
    "despite after although and but because before if when while though since unlike without "
    "with within during following amid among under against for from by at in on or so yet "
    "once until".split()
)
POSSESSIVES = frozenset({"'s", "’s", "'", "’", "s'", "s’"})
# Labels whose names never end in a number: a trailing number is a score, a date or an
# amount the model swept in ("Aston Villa 1", "Austria 1996-12-07").
NO_TRAILING_NUMBER = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "LANGUAGE"})
# Dashes that separate rather than join when they stand alone between spaces.
_SEPARATOR_DASHES = frozenset({"-", "--", "—", "–", "/", "|"})
# Brackets inside a name span separate a name from its acronym or gloss ("World Health
# Organization (WHO").
_BRACKETS = frozenset("()[]{}")
# Titles of works may begin or end with a lower-case word; other names do not.
LOWER_EDGE_OK = frozenset({"WORK_OF_ART"})
_NUMBER = re.compile(r"^[+-]?\d[\d,.:/-]*(?:st|nd|rd|th)?$")
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
SENTENCE_END = frozenset({".", "!", "?", ":", ";", "…"})
OPEN_QUOTES = frozenset({'"', "“", "‘", "'", "(", "[", "-", "—", "–"})


@dataclass(frozen=True, order=True)
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    label: str


def token_texts(doc: Doc) -> list[str]:
    """The doc's token texts in one pass: rules that read every token take this list, since a
    `doc[i]` Token object costs far more than the string."""
    strings = doc.vocab.strings
    return [strings[o] for o in doc.to_array(ORTH).tolist()]


def is_break(token: Token) -> bool:
    """A whitespace token holding a line break: no mention crosses it."""
    return token.is_space and "\n" in token.text


def is_sentence_start(doc: Doc, i: int) -> bool:
    """Whether token i opens a sentence, without relying on a parser: it follows a line break,
    sentence-final punctuation, or an opening quote/bracket that itself opens a sentence."""
    j = i - 1
    while j >= 0 and doc[j].text in OPEN_QUOTES:
        j -= 1
    if j < 0:
        return True
    prev = doc[j]
    if prev.is_space:
        return "\n" in prev.text
    text = prev.text
    return text in SENTENCE_END or (text.endswith(".") and len(text) > 1 and text.islower())


def _is_number(token: Token) -> bool:
    """A number, score or ordinal ("72", "2-1", "4,000", "12th")."""
    return bool(_NUMBER.match(token.text))


def _is_lower_word(doc: Doc, i: int, before: bool) -> bool:
    """Token i is a lower-case word standing apart (not "-in" of "Jae-in"): spaced from its
    neighbour inside the span (after it when `before`, else before it)."""
    tok = doc[i]
    if not (tok.is_alpha and tok.is_lower):
        return False
    return bool(tok.whitespace_) if before else i > 0 and bool(doc[i - 1].whitespace_)


def _splits_here(doc: Doc, i: int, label: str, lex: Lexicon) -> bool:
    tok = doc[i]
    if is_break(tok):
        return True
    if label not in NAME_LABELS:
        return False
    if tok.text in _BRACKETS:
        return True
    if tok.text in _SEPARATOR_DASHES and i > 0 and doc[i - 1].whitespace_ and tok.whitespace_:
        return True
    # Inside a personal name only particles are lower case ("van der"); another lower-case
    # word joins two names ("Blewett b Warne", "Victoria at Bellerive Oval").
    return label == "PERSON" and tok.is_alpha and tok.is_lower and tok.text not in lex.particles


def from_ner(doc: Doc, lex: Lexicon) -> list[Mention]:
    """The NER's spans, split at line breaks and at words that separate names."""
    out: list[Mention] = []
    for ent in doc.ents:
        start = ent.start
        for i in range(ent.start, ent.end):
            if _splits_here(doc, i, ent.label_, lex):
                if i > start:
                    out.append(Mention(start, i, ent.label_))
                start = i + 1
        if start < ent.end:
            out.append(Mention(start, ent.end, ent.label_))
    return out


def _trailing_ok(doc: Doc, start: int, end: int, label: str, lex: Lexicon) -> bool:
    last = doc[end - 1]
    if last.is_space or last.text in POSSESSIVES:
        return False
    if label in NO_TRAILING_NUMBER and _is_number(last):
        return False
    if label in NAME_LABELS and _ISO_DATE.match(last.text):  # a dateline: "ROME 1996-12-06"
        return False
    if (
        label in NAME_LABELS
        and label not in LOWER_EDGE_OK
        and end - start > 1
        and _is_lower_word(doc, end - 1, before=False)
        and not (label == "PERSON" and last.text in lex.particles)
    ):
        return False  # "Xinhua news agency", "Wallaby jersey"
    # Punctuation ends no name; "U.S." keeps its dot inside the token.
    return not last.is_punct


def trim(doc: Doc, mention: Mention, lex: Lexicon) -> Mention | None:
    """The mention without leading determiners, punctuation or (for people) titles, and
    without trailing punctuation, possessive marks or numbers; None when nothing name-like
    is left."""
    start, end = mention.start, mention.end
    is_name = mention.label in NAME_LABELS
    while start < end:
        tok = doc[start]
        if tok.is_space or tok.is_punct or tok.text in POSSESSIVES:
            start += 1
        elif is_name and tok.lower_ in DETERMINERS and end - start > 1:
            start += 1
        elif mention.label == "PERSON" and lex.is_title(tok.text) and end - start > 1:
            start += 1
        elif (
            is_name
            and end - start > 1
            and tok.lower_ in SENTENCE_OPENERS
            and is_sentence_start(doc, start)
        ):
            start += 1
        elif (
            is_name
            and mention.label not in LOWER_EDGE_OK
            and end - start > 1
            and tok.text not in lex.particles
            and _is_lower_word(doc, start, before=True)
        ):
            start += 1
        else:
            break
    while end > start and not _trailing_ok(doc, start, end, mention.label, lex):
        end -= 1
    if start >= end:
        return None
    words = [doc[i].text for i in range(start, end)] if is_name else []
    if is_name and not any(c.isupper() or c.isdigit() for w in words for c in w):
        # A name with no capital or digit is a tagging slip ("inter-" of "inter-Korean").
        return None
    if is_name and end - start > 1 and all(len(w) == 1 for w in words):
        return None  # table headings such as "W L" are no names
    return Mention(start, end, mention.label)


def merge_adjacent(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Join same-label name mentions separated by one space and nothing else: the model
    sometimes splits a name in two ("Burkina" + "Faso")."""
    out: list[Mention] = []
    for m in sorted(mentions):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end == m.start
            and prev.label == m.label
            and m.label in NAME_LABELS
            and doc[prev.end - 1].whitespace_ == " "
        ):
            out[-1] = Mention(prev.start, m.end, m.label)
        else:
            out.append(m)
    return out


def remove_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep a non-overlapping subset: earlier start first, then the longer span."""
    kept: list[Mention] = []
    taken_until = -1
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start), m.label)):
        if m.start >= taken_until:
            kept.append(m)
            taken_until = m.end
    return kept
