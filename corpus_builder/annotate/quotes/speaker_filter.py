"""The last check on a chosen speaker: is it a person, an organisation or a group noun phrase?

The sieve's rules read a subject off the tokens next to a cue, and a misparse there gives a
phrase that names no one: a place ("al-Tanf"), a number phrase ("percent of Americans",
"year-old"), a fragment led by a word that opens no noun phrase ("ranked Schwartzman", "he
instead"). Such a speaker becomes null: for a corpus trained on, a missing label costs less
than a wrong one. A well-formed lowercase noun phrase stays whatever its head, as the PolNeAR
gold counts it a source ("a welcome message on the website", "the 46-year-old").
"""

from __future__ import annotations

import re
from functools import cache

from corpus_builder.annotate.lexicon import (
    AUXILIARIES,
    BETWEEN_SUBJECT_AND_CUE,
    DETERMINERS,
    NP_LINKS,
    PRONOUNS,
    _lines,
    lexicon,
)
from corpus_builder.annotate.quotes.speakers import Mention, TokenView

# places are where things are said, not who says them
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NUMBER_LABELS = frozenset({"CARDINAL", "PERCENT", "QUANTITY", "MONEY", "ORDINAL", "DATE", "TIME"})
# a number phrase's head: "62 percent of voters", "the year-old" (a split "46-year-old" is a
# descriptor and stays)
_NUMBER_HEADS = frozenset({"percent", "%", "cent"})
# words a noun phrase (a speaker) never opens with: adverbs and particles that a misread
# clause boundary leaves in front of or behind a name ("he instead", "ranked Schwartzman")
_NOT_NP_OPENERS = frozenset(
    "instead also then however meanwhile still even just only again later earlier there here "
    "not now so thus too ranked seeded".split()
)
# quotation marks and symbols a speaker's words never hold
_NOT_IN_A_NAME = frozenset(
    '\u201c \u201d " ` $ # / \\ = { } < > | ~ * + ^ \u00bb \u00ab \u2022'.split()
)
_ARTICLES = frozenset({"the", "a", "an"})
# a digit between letters: a hash, a file or a code, not a word of a name
_CODE = re.compile(r"[^\W\d_]\d+[^\W\d_]")
# the reader addressed ("you") speaks for no one; auxiliaries and "be" make a clause
_ADDRESSEE = frozenset({"you", "your", "yourself", "yourselves"})
_VERB_WORDS = AUXILIARIES | {"be", "been", "being"}
# "some", "many", "most" of a group speak for it: "many of the protesters said"
_QUANTIFIERS = frozenset("some many most several few all both each one another other".split())
# other words a speaker phrase opens with: "my", "your", "senior officials", "local residents"
_NP_OPENERS = frozenset("my your senior local top former foreign federal state".split())


def acceptable_speaker(view: TokenView, m: Mention, strict: bool = False) -> bool:
    """Is the mention (after pronoun resolution and title stripping) a speaker at all?

    `strict`: the speaker was not read as the subject next to a cue verb ("X said", "said
    X", "according to X") but from a parse or the text around the quote, so a common-noun
    phrase must have a head the lists know (`typed_head`)."""
    doc = view.doc
    if m.parts:
        return all(acceptable_speaker(view, p, strict) for p in m.parts)
    if any(doc[i].text in _NOT_IN_A_NAME for i in range(m.start, m.end)):
        return False  # "” Sweden's deputy director", "$ cd": a misread span, or code
    toks = [doc[i] for i in range(m.start, m.end) if not doc[i].is_punct]
    if not toks:
        return False
    if len(toks) == 1 and toks[0].lower_ in PRONOUNS:
        return True
    if all(t.lower_ in DETERMINERS for t in toks) or any(t.lower_ in _ADDRESSEE for t in toks):
        return False  # "a", "You should never wonder": no one in particular
    if any(t.lower_ in _VERB_WORDS and not t.is_title for t in toks):
        return False  # "SHOULD be", "untouched folders SHOULD be": a clause, not a subject
    if any(t.lower_ in _NUMBER_HEADS for t in toks) or all(t.like_num for t in toks):
        return False  # "percent of Americans", "year-old", "40"
    if any(_CODE.search(t.text) for t in toks):
        return False  # "cbdfbd5a5db2", "x86y": an identifier (a handle "elmo666" stays)
    if toks[0].lower_ in _NOT_NP_OPENERS or toks[-1].lower_ in _NOT_NP_OPENERS:
        return False
    if toks[-1].is_lower and toks[-1].text.endswith("ly") and len(toks) > 1:
        return False  # "he reportedly": an adverb the subject ran into
    if _dateline(view, m.end):
        return False  # "Amritsar, July 16": where and when a story was filed
    words = [t for t in toks if t.lower_ not in DETERMINERS]
    places = all(_label(view, t.i) in _PLACE_LABELS for t in words)
    if words and places and not _metonym(view, toks):
        return False  # a place and nothing else: "al-Tanf", "the West Bank"
    led = toks[0].lower_ in _ARTICLES or (m.start > 0 and doc[m.start - 1].lower_ in _ARTICLES)
    if led and all(_label(view, t.i) == "WORK_OF_ART" for t in toks):
        return False  # a title: "The Problem Solving Journey" (the NER also tags some names so)
    if len(words) == len(toks) and all(_label(view, t.i) in _NUMBER_LABELS for t in words):
        return False  # a date or an amount: "Tuesday", "$5 million" (not "the 46-year-old")
    if toks[0].is_lower and toks[0].is_alpha and not _opens_np(toks[0]):
        return _group_phrase(toks)  # "ranked Schwartzman": a verb's object, unless a role
    if _common_noun_phrase(view, m, toks):
        # "his text", "a question", "the server": no one
        return typed_head(view, toks, strict)
    return True


def _common_noun_phrase(view: TokenView, m: Mention, toks: list) -> bool:
    """A speaker phrase that is no name: a group mention, or capitalised words led by an
    article that the NER tagged as no person, organisation or group ("The Problem Solving
    Journey", a book)."""
    if m.kind == "group":
        return True
    if m.kind != "name" or toks[0].lower_ not in _ARTICLES:
        return False
    return not any(_label(view, t.i) in _NAMED_LABELS for t in toks)


_NAMED_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# words that end a noun phrase's head part: "Statements like this", "a source close to the
# campaign", "the base chief known as Bob", "one operative inside Trump Tower"
HEAD_ENDS = frozenset(
    "like who which that whose to about than close closer familiar known inside outside "
    "near loyal involved opposed aware".split()
)
_MIN_SUFFIX_HEAD = 5  # "neurosurgeon" is a "surgeon"; shorter list words are not suffixes


@cache
def _typed_heads() -> frozenset[str]:
    """Head nouns of a speaker phrase that names someone: roles and groups, people
    (resources/person_nouns.txt) and the documents and outlets sources issue
    (resources/speaker_documents.txt)."""
    lex = lexicon()
    extra = _lines("person_nouns.txt") + _lines("speaker_documents.txt")
    return lex.groups | lex.titles | frozenset(extra)


def _singular(word: str) -> list[str]:
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    if word.endswith("men"):
        forms.append(word[:-3] + "man")  # "businessmen", "women"
    if word in ("people", "children", "folks"):
        forms.append("person")
    return forms


def phrase_head(toks: list):
    """The head word of a noun phrase: the last word before a preposition, a comma or a
    relative word, stepping back over a participle after it ("the letter signed by seven
    physicians" -> "letter", "a message scrawled on the card" -> "message"); in "one of
    two witnesses", "some of the protesters" the head is the group after "of"."""
    head = None
    n = 0
    while n < len(toks):
        t = toks[n]
        low = t.lower_
        if n > 0 and low == "of" and head is not None and _counting(toks[head]):
            head = None  # "one of two witnesses": go on to the group counted
            n += 1
            continue
        if n > 0 and (low in NP_LINKS or low in HEAD_ENDS or t.text == ","):
            break
        if any(ch.isalpha() for ch in t.text):
            head = n
        n += 1
    if head is None:
        return None
    if head > 0 and toks[head].is_lower and toks[head].lower_.endswith(("ed", "ing")):
        k = head - 1  # "a textbook just published": over the adverb too
        while k > 0 and (toks[k].lower_ in BETWEEN_SUBJECT_AND_CUE or toks[k].lower_[-2:] == "ly"):
            k -= 1
        if toks[k].is_alpha and toks[k].lower_ not in DETERMINERS:
            head = k
    return toks[head]


def _counting(tok) -> bool:
    return tok.lower_ in _QUANTIFIERS or tok.like_num or tok.lower_ in ("share", "number")


def typed_head(view: TokenView, toks: list, strict: bool = True) -> bool:
    """Does a common-noun speaker phrase name a person, a group, a role, an institution, or a
    document a source issues? Its head decides: a name ("one senior Democrat", a surname the
    NER missed), a word of the lists (`_typed_heads`) or one ending in such a word
    ("neurosurgeon"), a count of people ("the two", "another") or an age ("the
    46-year-old"). Any other head ("his text", "an extract from patent 5286", "a question",
    "the server", "The Problem Solving Journey") names no one when `strict`; next to a cue
    verb ("the town said") the grammar makes it a source, and it stays."""
    head = phrase_head(toks)
    if head is None:
        return False
    if _label(view, head.i) in ("PERSON", "ORG", "NORP"):
        return True
    low = head.lower_
    article_led = toks[0].lower_ in _ARTICLES
    if not head.is_lower and not article_led:
        return True  # a name the NER did not tag ("O'Donnell", "Right Wing Watch")
    if not head.is_lower:
        strict = True  # "The Problem Solving Journey": a title, unless the lists know it
    if low == "old" and head.i > 0 and view.doc[head.i - 1].text == "-":
        return True  # "the 46-year-old"
    if _counting(head) or low.endswith("er") and low[:-2] in ("young", "old", "eld"):
        return True  # "the two", "another", "the younger"
    return known_head(low) or not strict


def known_head(word: str) -> bool:
    """Is a lowercase head word (or its singular, or its last part: "neurosurgeon") a person,
    a group, a role, an institution or a document of the lists?"""
    heads = _typed_heads()
    for form in _singular(word):
        if form in heads:
            return True
        if any(form.endswith(h) for h in heads if len(h) >= _MIN_SUFFIX_HEAD):
            return True
    return False


def _dateline(view: TokenView, end: int) -> bool:
    """Does a comma and a date close the line or open a dash after the mention ending at
    token `end` ("Amritsar, July 16", "DAYTON, March 3 —")? Then the mention is a dateline's
    place, whatever the NER's label."""
    doc = view.doc
    if end >= len(doc) or doc[end].text != ",":
        return False
    j = end + 1
    while j < len(doc) and _label(view, j) == "DATE":
        j += 1
    if j == end + 1:
        return False
    return (
        j == len(doc) or doc[j].is_space or "\n" in doc[j - 1].whitespace_ or doc[j].text in _DASHES
    )


_DASHES = frozenset({"-", "\u2013", "\u2014", "--"})


def _metonym(view: TokenView, toks: list) -> bool:
    """ "Russia said", "Sweeny said" (a surname the NER took for a town): one capitalised word
    tagged a country or city stands for its government, or is a person; a longer place name,
    a lowercase-led one ("al-Tanf") or a region or building (LOC, FAC) is a place."""
    return (
        len(toks) == 1
        and toks[0].is_title
        and toks[0].is_alpha
        and _label(view, toks[0].i) == "GPE"
    )


def _label(view: TokenView, i: int) -> str | None:
    ent = view.entity(i)
    return ent.label_ if ent is not None else None


def _opens_np(tok) -> bool:
    """Can a noun phrase start with this lowercase word: a determiner, a quantifier, a number,
    a role or group word ("officials", "former", "state")?"""
    lex = lexicon()
    low = tok.lower_
    return (
        low in DETERMINERS
        or low in _QUANTIFIERS
        or tok.like_num
        or low in lex.titles
        or low in lex.groups
        or low.rstrip("s") in lex.groups
        or low in _NP_OPENERS
    )


def _group_phrase(toks: list) -> bool:
    """A lowercase phrase is a speaker when its head (the last word before "of", "for", ...) is
    a role or a group ("a spokeswoman for the ministry", "many protesters")."""
    lex = lexicon()
    head = None
    for t in toks:
        if t.lower_ in NP_LINKS:
            break
        if t.is_alpha and t.lower_ not in DETERMINERS and t.lower_ not in _QUANTIFIERS:
            head = t.lower_
    if head is None:
        return False
    return head in lex.groups or head in lex.titles


def name_head(view: TokenView, m: Mention) -> Mention:
    """ "fourth-ranked Schwartzman", "veteran forward Ana Ruiz": a phrase ending in a run of
    capitalised words after lowercase premodifiers is headed by that name (a phrase with
    "of"/"for" or a determiner is a role and stays as written: "the head of Acme")."""
    if m.parts or m.kind not in ("group", "name"):
        return m
    doc = view.doc
    toks = [doc[i] for i in range(m.start, m.end)]
    if any(t.lower_ in NP_LINKS or t.lower_ in DETERMINERS for t in toks):
        return m
    counted = toks[0].like_num and not (len(toks) > 1 and toks[1].text == "-")
    if toks[0].lower_ in _QUANTIFIERS or counted or _label(view, m.end - 1) == "NORP":
        return m  # "one senior Democrat", "two Iowa Republicans" (not "two-time"): a group
    k = m.end
    while k > m.start and doc[k - 1].is_alpha and doc[k - 1].text[:1].isupper():
        k -= 1
    if k == m.end or k == m.start:
        return m
    if not any(doc[i].is_lower and doc[i].is_alpha for i in range(m.start, k)):
        return m
    return Mention(k, m.end, "name")


def trim_tail(view: TokenView, m: Mention) -> Mention:
    """ "Priebus later Thursday", "he instead": adverbs and times a subject ran into are cut
    off its end (what is left is read again by `acceptable_speaker`)."""
    if m.parts:
        return m
    doc = view.doc
    end = m.end
    while end - 1 > m.start and (
        doc[end - 1].lower_ in _NOT_NP_OPENERS
        or doc[end - 1].lower_ in BETWEEN_SUBJECT_AND_CUE
        or _label(view, end - 1) in ("DATE", "TIME")
    ):
        end -= 1
    if end == m.end or all(doc[i].lower_ in DETERMINERS for i in range(m.start, end)):
        return m  # "the 46-year-old" is a description, not "the" and a date
    ent = view.entity(end - 1)
    if ent is not None and ent.start >= m.start and ent.end == end:
        return Mention(ent.start, end, "entity")
    if end - m.start == 1 and doc[m.start].lower_ in PRONOUNS:
        return Mention(m.start, end, "pronoun")
    return Mention(m.start, end, m.kind)
