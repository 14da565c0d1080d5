"""The last check on a chosen speaker: is it a person, an organisation or a group noun phrase?

The sieve's rules read a subject off the tokens next to a cue, and a misparse there gives a
phrase that names no one: a place ("al-Tanf"), a number phrase ("percent of Americans",
"year-old"), a fragment led by a word that opens no noun phrase ("ranked Schwartzman", "he
instead"). Such a speaker becomes null: for a corpus trained on, a missing label costs less
than a wrong one. A well-formed lowercase noun phrase stays whatever its head, as the PolNeAR
gold counts it a source ("a welcome message on the website", "the 46-year-old").
"""

from __future__ import annotations

from corpus_builder.annotate.lexicon import (
    AUXILIARIES,
    BETWEEN_SUBJECT_AND_CUE,
    DETERMINERS,
    NP_LINKS,
    PRONOUNS,
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
# the reader addressed ("you") speaks for no one; auxiliaries and "be" make a clause
_ADDRESSEE = frozenset({"you", "your", "yourself", "yourselves"})
_VERB_WORDS = AUXILIARIES | {"be", "been", "being"}
# "some", "many", "most" of a group speak for it: "many of the protesters said"
_QUANTIFIERS = frozenset("some many most several few all both each one another other".split())
# other words a speaker phrase opens with: "my", "your", "senior officials", "local residents"
_NP_OPENERS = frozenset("my your senior local top former foreign federal state".split())


def acceptable_speaker(view: TokenView, m: Mention) -> bool:
    """Is the mention (after pronoun resolution and title stripping) a speaker at all?"""
    doc = view.doc
    if m.parts:
        return all(acceptable_speaker(view, p) for p in m.parts)
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
    if toks[0].lower_ in _NOT_NP_OPENERS or toks[-1].lower_ in _NOT_NP_OPENERS:
        return False
    if toks[-1].is_lower and toks[-1].text.endswith("ly") and len(toks) > 1:
        return False  # "he reportedly": an adverb the subject ran into
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
    return True


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
