"""Canonical names: the document's fullest form of each entity.

A PERSON mention whose words all occur in a longer PERSON name of the same document ("Kim" in
"Kim Jong Un", "Donald Trump" in "Donald J. Trump") takes that name; when several longer names
fit (two different Kims) the nearest one before the mention wins, else the nearest after.
An acronym written in brackets after a name ("Korean Central News Agency (KCNA)") takes the
name as its canonical form everywhere in the document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from corpus_builder.annotate.entities.acronyms import acronym_expansions
from corpus_builder.annotate.entities.gender import (
    HONORIFIC_GENDER,
    given_name_gender,
    honorific_gender,
)
from corpus_builder.annotate.entities.lexicon import Lexicon, lexicon
from corpus_builder.types import Entity

_WORD = re.compile(r"[^\s]+")
_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
_EDGE_PUNCT = ",;:!?\"“”‘’'()[]"
_DETERMINERS = ("the ", "The ")


def name_words(name: str) -> list[str]:
    """The whitespace-separated words of a name."""
    return _WORD.findall(name)


_GENERATIONAL = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def surnames_of(name: str, lex: Lexicon | None = None) -> list[str]:
    """The forms of a person's surname a story calls them by: the last word of a name of two
    words or more, past a generational suffix ("Hale" of "Rufus Hale IV"), and with the
    particle before it ("Pen" and "Le Pen" of "Marine Le Pen"). None for a one-word name."""
    words = name_words(name)
    while len(words) > 1 and words[-1].lower() in _GENERATIONAL:
        words = words[:-1]
    if len(words) < 2:
        return []
    particles = (lex or lexicon()).particles
    if len(words) > 2 and words[-2].lower() in particles:
        return [words[-1], " ".join(words[-2:])]
    return [words[-1]]


def unique_names(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """(short form, full name) pairs -> short form -> its full name, for the short forms of
    exactly one full name in the document (two Kims: "Kim" names neither)."""
    found: dict[str, set[str]] = {}
    for short, full in pairs:
        found.setdefault(short, set()).add(full)
    return {k: v.pop() for k, v in found.items() if len(v) == 1}


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def _content_words(name: str) -> frozenset[str]:
    """Words that identify a person: initials are left out so "Donald Trump" fits
    "Donald J. Trump"."""
    return frozenset(w for w in name_words(name) if not _is_initial(w))


def _fits(short: str, full: str) -> bool:
    s, f = _content_words(short), _content_words(full)
    return bool(s) and len(name_words(full)) > len(name_words(short)) and s <= f


def _nearest(candidates: list[Entity], pos: int) -> Entity:
    before = [c for c in candidates if c.start < pos]
    if before:
        return max(before, key=lambda c: (c.start, len(c.text)))
    return min(candidates, key=lambda c: (c.start, -len(c.text)))


def _fullest(name: str, at: int, persons: list[Entity]) -> str:
    """Follow longer fitting names until none is longer: "Trump" -> "Donald Trump" ->
    "Donald J. Trump"."""
    return _PersonIndex(persons).fullest(name, at)


class _PersonIndex:
    """The PERSON mentions of one document indexed by content word, so finding the longer
    names a name fits costs the few names sharing a word with it, not a scan of all of them
    (pairwise comparison made canonical names quadratic in the number of mentions)."""

    def __init__(self, persons: list[Entity]) -> None:
        self._by_text: dict[str, list[Entity]] = {}
        for p in persons:
            self._by_text.setdefault(p.text, []).append(p)
        self._words: dict[str, tuple[frozenset[str], int]] = {
            t: (_content_words(t), len(name_words(t))) for t in self._by_text
        }
        self._by_word: dict[str, list[str]] = {}
        for t, (words, _n) in self._words.items():
            for w in words:
                self._by_word.setdefault(w, []).append(t)
        self._fitting: dict[str, list[Entity]] = {}

    def _fitting_mentions(self, name: str) -> list[Entity]:
        """Mentions (of any text) that `name` fits, as `_fits` decides."""
        found = self._fitting.get(name)
        if found is not None:
            return found
        words = _content_words(name)
        n = len(name_words(name))
        found = []
        if words:
            rarest = min(words, key=lambda w: len(self._by_word.get(w, ())))
            for t in self._by_word.get(rarest, ()):
                full_words, full_n = self._words[t]
                if full_n > n and words <= full_words:
                    found.extend(self._by_text[t])
        self._fitting[name] = found
        return found

    def fullest(self, name: str, at: int, gender: str | None = None) -> str:
        """`gender` ("he"/"she", from an honorific before the mention) rules out longer names
        whose given name is of the other gender: "Mrs. Clinton" is not "Bill Clinton"."""
        seen = {name}
        while True:
            fitting = self._fitting_mentions(name)
            if gender is not None:
                fitting = [f for f in fitting if _given_gender(f.text) in (None, gender)]
            if not fitting:
                return name
            nxt = _nearest(fitting, at).text
            if nxt in seen:
                return name
            seen.add(nxt)
            name = nxt


def assign_canonical(text: str, entities: list[Entity]) -> list[Entity]:
    """The entities with `canonical` filled in (input canonical values are ignored)."""
    index = _PersonIndex([e for e in entities if e.label == "PERSON"])
    acronyms = acronym_expansions(text, entities)
    out = []
    for e in entities:
        if e.label == "PERSON":
            canonical = index.fullest(e.text, e.start, _honorific_gender(text, e))
        else:
            canonical = acronyms.get(e.text, e.text)
        out.append(Entity(e.start, e.end, e.text, e.label, canonical))
    return out


def _honorific_gender(text: str, e: Entity) -> str | None:
    """ "he"/"she" when the mention starts with, or follows, a gendered honorific."""
    words = name_words(e.text)
    before = text[max(0, e.start - 8) : e.start].split()
    return honorific_gender(*words[:1], *before[-1:])


def _given_gender(name: str) -> str | None:
    return given_name_gender(
        " ".join(w for w in name_words(name) if w.lower() not in HONORIFIC_GENDER)
    )


def canonical_map(entities: list[Entity]) -> dict[str, str]:
    """Mention text -> canonical name. A text with several canonical names in the document
    (two different Kims) maps to its most frequent one, ties to the first seen."""
    counts: dict[str, Counter[str]] = {}
    first: dict[tuple[str, str], int] = {}
    for n, e in enumerate(entities):
        counts.setdefault(e.text, Counter())[e.canonical] += 1
        first.setdefault((e.text, e.canonical), n)
    return {t: min(c, key=lambda can: (-c[can], first[(t, can)])) for t, c in counts.items()}


def strip_name(name: str, lex: Lexicon | None = None) -> str:
    """A name without surrounding punctuation, possessive, leading determiner and titles:
    "Vice Foreign Minister Choe’s" -> "Choe". Titles stop at the last title word, so
    "North Korean Vice Foreign Minister Choe Son Hui" -> "Choe Son Hui"."""
    lex = lex or lexicon()
    name = " ".join(name.split()).strip(_EDGE_PUNCT + " ")
    name = _POSSESSIVE.sub("", name).strip(_EDGE_PUNCT + " ")
    last = name.rsplit(" ", 1)[-1]
    if last.endswith(".") and last.count(".") == 1 and len(last) > 3:
        name = name[:-1]  # a full stop, not the dot of "U.S." or "J." or "Jr."
    for det in _DETERMINERS:
        if name.startswith(det):
            name = name[len(det) :]
    words = name_words(name)
    last_title = max((i for i, w in enumerate(words) if lex.is_title(w)), default=-1)
    if 0 <= last_title < len(words) - 1:
        words = words[last_title + 1 :]
    return " ".join(words)


def canonical_name(name: str, entities: list[Entity], *, at: int | None = None) -> str:
    """The document's canonical name for a name string that may not be a mention itself.

    A mention text ("General Motors" too) maps through the entities' canonical names, the
    mention nearest before `at` (a char offset) when given. Otherwise titles, possessives and
    punctuation are stripped and the result is looked up the same way, then as the words of
    the fullest PERSON name that holds them all (nearest before `at`). Unknown names come
    back stripped."""
    known = canonical_map(entities)
    for candidate in dict.fromkeys((" ".join(name.split()), strip_name(name))):
        if at is not None:
            here = [e for e in entities if e.text == candidate]
            if here:
                return _nearest(here, at + 1).canonical
        if candidate in known:
            return known[candidate]
    stripped = strip_name(name)
    if not stripped:
        return name.strip()
    persons = [e for e in entities if e.label == "PERSON"]
    if not any(_fits(stripped, p.text) for p in persons):
        return stripped
    fullest = _fullest(stripped, at if at is not None else 0, persons)
    return known.get(fullest, fullest)
