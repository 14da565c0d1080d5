"""Document-level consistency: one label per name, and repeats the model missed.

News names an entity in full once and then repeats it or its short form ("Choe Son Hui" ...
"Choe"). The model judges each mention alone; here the document votes. A mention is keyed by
its token texts, so matching is exact and on token boundaries.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from corpus_builder.annotate.entities.lexicon import PROPER_TAGS, Lexicon
from corpus_builder.annotate.entities.spans import (
    NAME_LABELS,
    OPEN_QUOTES,
    SENTENCE_END,
    Mention,
    is_sentence_start,
)

Key = tuple[str, ...]


def key_of(texts: list[str], m: Mention) -> Key:
    """The mention's token texts, from the doc's (`token_texts`)."""
    return tuple(texts[m.start : m.end])


def person_short_forms(doc: Doc, mentions: list[Mention], lex: Lexicon) -> set[Key]:
    """Given names and surnames of multi-word PERSON names: the first and last words ("Kim"
    and "Jong" of "Kim Jong Un" are both candidates, since news writes names in both orders).
    Initials, words under three letters and a leading title are no short forms."""
    forms: set[Key] = set()
    for m in mentions:
        if m.label != "PERSON" or m.end - m.start < 2:
            continue
        first, last = doc[m.start], doc[m.end - 1]
        for tok, is_first in ((first, True), (last, False)):
            if len(tok.text) < 3 or lex.is_initial(tok) or not tok.text[0].isupper():
                continue
            if is_first and lex.is_title(tok.text):
                continue
            forms.add((tok.text,))
    return forms


def vote_labels(doc: Doc, mentions: list[Mention], lex: Lexicon, texts: list[str]) -> list[Mention]:
    """Relabel every name mention with its name's majority label in the document.

    A word that is the first or last word of a PERSON name in the document gets PERSON: news
    introduces a person in full and then calls them by one name, so the model's other labels
    for the bare word ("Trump" as ORG) are its mistakes. (When instead the full name was the
    mistake, "Atletico Madrid" as PERSON, this spreads it; on CoNLL-2003 the first case is
    the more common, also for bare words tagged as places.) Ties go to the label the name had
    first in the text. `texts`: the doc's token texts (`token_texts`)."""
    short = person_short_forms(doc, mentions, lex)
    votes: dict[Key, Counter[str]] = defaultdict(Counter)
    first: dict[Key, dict[str, int]] = defaultdict(dict)
    for m in mentions:
        if m.label not in NAME_LABELS:
            continue
        k = key_of(texts, m)
        votes[k][m.label] += 1
        first[k].setdefault(m.label, m.start)
    winner = {}
    for k, c in votes.items():
        majority = min(c, key=lambda lab: (-c[lab], first[k][lab], lab))
        winner[k] = "PERSON" if k in short else majority
    return [
        Mention(m.start, m.end, winner[key_of(texts, m)]) if m.label in NAME_LABELS else m
        for m in mentions
    ]


def drop_capitalised_words(doc: Doc, mentions: list[Mention], texts: list[str]) -> list[Mention]:
    """Drop one-word name mentions that open a sentence when the same word appears in lower
    case elsewhere in the document and never capitalised inside a sentence: "Attendance" or
    "Choice" at the head of a line is an ordinary word the model took for a name."""
    lower_words = {w for w in texts if w.islower() and w.isalpha()}
    inside: set[str] = set()
    opens = True  # the next word opens a sentence (the same rule as `is_sentence_start`)
    for w in texts:
        if w in OPEN_QUOTES:
            pass  # an opening quote or bracket passes the state on to the next word
        elif w.isspace():
            opens = "\n" in w
        else:
            if not opens and w[:1].isupper():
                inside.add(w)
            opens = w in SENTENCE_END or (w.endswith(".") and len(w) > 1 and w.islower())
    out = []
    for m in mentions:
        word = texts[m.start]
        if (
            m.label in NAME_LABELS
            and m.end - m.start == 1
            and word.lower() in lower_words
            and word not in inside
            and is_sentence_start(doc, m.start)
        ):
            continue
        out.append(m)
    return out


def _capitalised_neighbour(doc: Doc, i: int, taken: list[bool], lex: Lexicon) -> bool:
    """Token i is an untagged capitalised word that is not a title: a name next to it would
    be part of a longer name ("Pyongyang" in "Pyongyang Declaration")."""
    tok = doc[i]
    text = tok.text
    return (
        not taken[i]
        and text[:1].isupper()
        and any(c.islower() for c in text)
        and not lex.is_title(text)
        and text.lower() not in STOP_WORDS
    )


def _plausible_occurrence(
    doc: Doc,
    start: int,
    end: int,
    taken: list[bool],
    lex: Lexicon,
    tagged: bool,
    mid_sentence: bool,
    named_alone: bool = False,
) -> bool:
    """A string match that reads as a name here, not an ordinary word or part of a longer
    capitalised name the model did not tag. `mid_sentence`: the name was seen capitalised
    inside a sentence, so its capital is no mere sentence start. `named_alone`: the model
    itself tagged it as a whole mention inside a sentence (not just a word of a longer name)."""
    first = doc[start]
    sentence_start = is_sentence_start(doc, start)
    if sentence_start and end - start == 1:
        if tagged and first.tag_ not in PROPER_TAGS:
            return False
        # A common word is a name at a sentence start only when the document also writes it
        # alone as a name mid-sentence ("Rice" of "Condoleezza Rice"), and not before a number
        # ("May 5" is a date even where Theresa May is named).
        if not tagged and not mid_sentence:
            return False
        if not tagged and lex.is_common_word(first.text):
            if not named_alone or (end < len(doc) and doc[end].like_num):
                return False
    if end < len(doc) and doc[end - 1].whitespace_ and _capitalised_neighbour(doc, end, taken, lex):
        return False
    if (
        start > 0
        and not sentence_start
        and doc[start - 1].whitespace_
        and _capitalised_neighbour(doc, start - 1, taken, lex)
    ):
        return False
    return True


def _matches(texts: list[str], i: int, k: Key) -> bool:
    """Token texts at i equal the key, or are its all-capitals form (headlines, datelines)."""
    if i + len(k) > len(texts):
        return False
    here = texts[i : i + len(k)]
    if here == list(k):
        return True
    return all(t.isupper() for t in here) and here == [w.upper() for w in k]


def add_repeats(doc: Doc, mentions: list[Mention], lex: Lexicon, texts: list[str]) -> list[Mention]:
    """Add mentions of names (and PERSON short forms) that recur where the model tagged
    nothing, also in all capitals. Longer names are matched first; existing mentions are
    never changed. `texts`: the doc's token texts (`token_texts`)."""
    tagged = doc.has_annotation("TAG")
    names: dict[Key, str] = {}
    # Keys seen inside a sentence; a PERSON short form is a name wherever it stands.
    mid_sentence: set[Key] = set()
    named_alone: set[Key] = set()
    for k in person_short_forms(doc, mentions, lex):
        names[k] = "PERSON"
        mid_sentence.add(k)
    for m in mentions:
        if m.label in NAME_LABELS:
            k = key_of(texts, m)
            names[k] = m.label  # the voted label; beats a short-form guess
            if not is_sentence_start(doc, m.start):
                mid_sentence.add(k)
                named_alone.add(k)
    by_first: dict[str, list[Key]] = defaultdict(list)
    for k in sorted(names, key=lambda k: (-len(k), k)):
        by_first[k[0]].append(k)
        if not k[0].isupper() and k[0].upper() != k[0]:
            by_first[k[0].upper()].append(k)
    taken = [False] * len(doc)
    for m in mentions:
        for i in range(m.start, m.end):
            taken[i] = True
    added: list[Mention] = []
    i = 0
    while i < len(doc):
        hit = None
        if not taken[i]:
            for k in by_first.get(texts[i], ()):
                end = i + len(k)
                if (
                    _matches(texts, i, k)
                    and not any(taken[i:end])
                    and _plausible_occurrence(
                        doc, i, end, taken, lex, tagged, k in mid_sentence, k in named_alone
                    )
                ):
                    hit = Mention(i, end, names[k])
                    break
        if hit is None:
            i += 1
            continue
        added.append(hit)
        for n in range(hit.start, hit.end):
            taken[n] = True
        i = hit.end
    return sorted(mentions + added)
