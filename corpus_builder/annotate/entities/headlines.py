"""Headline verbs kept out of personal names.

In a Title Case line ("Bernie Sanders Burns Hillary Clinton Over Wall Street Speeches") the
verb is capitalised like the names around it, and both the model and PERSON extension take it
for a name word ("Trevor Noah Says"). Within such lines a capitalised word that is a stop
word ("Is", "Will"), an irregular past form ("Got", `names_headline_verbs.txt`) or an
inflected form of a common English word ("Says", "Burns", "Slammed") is a headline verb,
unless the document elsewhere writes it capitalised inside an ordinary sentence ("... said
Ken Burns."), which marks it as a name. Base forms ("Bush", "Brown", "Young") are never taken
for verbs, as many surnames are common words; they only keep a PERSON from growing over them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from corpus_builder.annotate.entities.lexicon import Lexicon
from corpus_builder.annotate.entities.spans import (
    OPEN_QUOTES,
    SENTENCE_END,
    Mention,
    token_texts,
)

# A Title Case line has at least this many capitalised mixed-case words and no lower-case
# word other than stop words ("of", "to", "and").
MIN_TITLE_WORDS = 3
# ... and few numbers and brackets beside its words: table rows ("19. Kate Pace Lindsay
# ( Canada ) 23") are no headlines.
MIN_WORD_SHARE = 0.75
_BRACKETS = frozenset("()[]")
_SIBILANT_ES = ("ches", "shes", "sses", "xes", "zes", "oes")


@dataclass(frozen=True)
class Headlines:
    """Per-token facts about a document's Title Case lines."""

    texts: list[str]  # token texts
    in_title_line: list[bool]  # the token is on a Title Case line
    name_evidence: frozenset[str]  # words capitalised inside a sentence of ordinary prose

    def _headline_word(self, i: int, lex: Lexicon) -> bool:
        word = self.texts[i]
        return (
            self.in_title_line[i]
            and _is_titlecase(word)
            and word not in self.name_evidence
            and word.lower() not in lex.particles
        )

    def is_verb(self, i: int, lex: Lexicon) -> bool:
        """Token i is a headline verb (see the module docstring): a PERSON is cut there."""
        return self._headline_word(i, lex) and is_verb_form(self.texts[i], lex)

    def stops_growth(self, i: int, lex: Lexicon) -> bool:
        """A PERSON the model tagged is not grown over token i: a headline verb, or any
        ordinary word ("Support" in "Hedge Funds Support Hillary Clinton")."""
        return self._headline_word(i, lex) and (
            is_verb_form(self.texts[i], lex) or lex.is_common_word(self.texts[i])
        )


def _is_titlecase(word: str) -> bool:
    return word[:1].isupper() and any(c.islower() for c in word) and word.isalpha()


def _has_digit(word: str) -> bool:
    return any(map(str.isdigit, word))


def _stems(low: str) -> list[str]:
    """Base forms an inflected word may come from: "burns" -> "burn", "praises" -> "praise",
    "carries" -> "carry", "slammed" -> "slam", "taking" -> "take"."""
    out = []
    if low.endswith("ies") and len(low) > 4:
        out.append(low[:-3] + "y")
    if low.endswith(_SIBILANT_ES):  # "pushes" -> "push", but "James" is not "jam"
        out.append(low[:-2])
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        out.append(low[:-1])
    for suffix in ("ed", "ing"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            out += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "slammed" -> "slam"
    return out


def is_verb_form(word: str, lex: Lexicon) -> bool:
    """A stop word, an irregular past form ("Got") or an inflected form of a common English
    word (not the base form)."""
    low = word.lower()
    if low in STOP_WORDS or low in lex.irregular_verbs:
        return True
    return any(stem in lex.common_words for stem in _stems(low))


# What the line test and the sentence-start rule need to know about a word, as bits
# (computed once per distinct word).
_TITLED, _LOWER, _ALPHA, _TABLE, _OPENER, _SPACE, _BREAK, _ENDS = (1 << n for n in range(8))


@lru_cache(maxsize=1 << 16)  # bounded: most words recur across documents
def _word_kind(w: str) -> int:
    kind = _TITLED if _is_titlecase(w) else 0
    if w.isalpha():  # letters are never digits: `_has_digit` only for the rest
        kind |= _ALPHA
        if w.islower() and w not in STOP_WORDS:
            kind |= _LOWER
    elif w in _BRACKETS or _has_digit(w):
        kind |= _TABLE
    if w in OPEN_QUOTES:
        kind |= _OPENER
    if w.isspace():
        kind |= _SPACE
    if "\n" in w:
        kind |= _BREAK
    if w in SENTENCE_END or (w.endswith(".") and len(w) > 1 and w.islower()):
        kind |= _ENDS
    return kind


def headlines(doc: Doc, texts: list[str] | None = None) -> Headlines:
    """Which tokens stand on Title Case lines, and which words ordinary prose capitalises
    mid-sentence (by the same sentence-start rule as `spans.is_sentence_start`).
    `texts`: the doc's token texts when the caller has them (`token_texts`).

    Array operations over per-word bits: this runs on every token of every document."""
    texts = token_texts(doc) if texts is None else texts
    if not texts:
        return Headlines(texts, [], frozenset())
    kinds = {w: _word_kind(w) for w in set(texts)}
    ks = numpy.array([kinds[w] for w in texts], dtype=numpy.int64)
    # Mid-sentence words: the last word before, skipping opening quotes and brackets, is
    # neither sentence-final punctuation nor a line break (nor the start of the text).
    words_at = numpy.flatnonzero(ks & _OPENER == 0)
    kw = ks[words_at]
    opens_after = numpy.where(kw & _SPACE, kw & _BREAK, kw & _ENDS) != 0
    opens = numpy.concatenate(([True], opens_after[:-1]))
    mid_titled = words_at[~opens & (kw & _SPACE == 0) & (kw & _TITLED != 0)]
    # Lines run between line-break tokens, which belong to none.
    breaks = ks & _BREAK != 0
    line = numpy.cumsum(breaks)
    on_line = ~breaks
    n_lines = int(line[-1]) + 1

    def per_line(bit: int) -> numpy.ndarray:
        return numpy.bincount(line[on_line], (ks[on_line] & bit) != 0, minlength=n_lines)

    titled, lower, words, table = (per_line(b) for b in (_TITLED, _LOWER, _ALPHA, _TABLE))
    title_line = (
        (titled >= MIN_TITLE_WORDS) & (lower == 0) & (words >= MIN_WORD_SHARE * (words + table))
    )
    in_title = title_line[line] & on_line
    evidence = frozenset(texts[i] for i in mid_titled[~title_line[line[mid_titled]]].tolist())
    return Headlines(texts, in_title.tolist(), evidence)


def split_headline_persons(
    doc: Doc, mentions: list[Mention], lex: Lexicon, heads: Headlines
) -> list[Mention]:
    """PERSON mentions cut at the headline verbs in them: "Trump Is Afraid" -> "Trump";
    "Donald Trump Slams Jeb Bush" -> "Donald Trump", "Jeb Bush"; "Told Hillary" -> "Hillary".
    A piece after a verb stays a PERSON only when its first word is not an ordinary word
    ("Afraid")."""
    out: list[Mention] = []
    for m in mentions:
        if m.label != "PERSON" or m.end - m.start < 2 or not heads.in_title_line[m.start]:
            out.append(m)
            continue
        start = m.start
        for i in range(m.start, m.end):
            if not heads.is_verb(i, lex):
                continue
            if i == m.start and heads.texts[i].lower() in STOP_WORDS:
                continue  # "Will Smith": a stop word opening the name is a given name
            if i > start and (start == m.start or not lex.is_common_word(heads.texts[start])):
                out.append(Mention(start, i, m.label))
            start = i + 1
        if start < m.end and (start == m.start or not lex.is_common_word(heads.texts[start])):
            out.append(Mention(start, m.end, m.label))
    return out
