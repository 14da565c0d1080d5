"""Speaker mentions next to a cue verb, read off the NER-tagged tokens (no parser needed).

`subject_before` reads the noun phrase that ends just before a cue ("Varga said", "the
protesters chanted", "Hannah Moritz, chief economist at Lakeside Bank, said");
`subject_after` reads an inverted subject ("said Mayor Ellen Varga", "said a spokeswoman for
the ministry").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from corpus_builder.annotate.lexicon import (
    AUXILIARIES,
    BETWEEN_SUBJECT_AND_CUE,
    DETERMINERS,
    NP_LINKS,
    NP_STOP,
    POSSESSIVE_MARKS,
    PRONOUNS,
    lexicon,
)
from corpus_builder.types import Entity

SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
_MAX_NP = 8
_MAX_LINKED = 4  # room for "of the" and a short head before it
_MAX_APPOSITION = 30  # "Jensen, the union's chief negotiator for the ... operator, said"
_MAX_PARENTHESIS = 8
# prepositions and conjunctions that open a gerund clause ("by saying", "before adding")
_GERUND_LEADS = frozenset({"by", "after", "before", "while", "without", "when", "in", "upon"})
# "told Reuters", "telling them": what follows these cues is the listener, not the speaker.
NOT_INVERTED = frozenset({"told", "tell", "tells", "telling", "called", "calls", "call"})
_INNER_CLAUSE_LABELS = frozenset({"GPE", "LOC", "DATE", "TIME", "CARDINAL"})
_MEMBER_LABELS = frozenset({"NORP"})
_PLACE_LABELS = frozenset(
    {"GPE", "LOC", "FAC", "NORP"}
)  # "Republican", "Iowan": a word for one of a group


@dataclass(frozen=True)
class Mention:
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    kind: str  # "entity" | "pronoun" | "group" | "name"
    # the conjuncts of a coordinated subject ("Lee and Park said"), kind "group"
    parts: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class EntTokens:
    """An entity mention as a token span (the attribution works on tokens)."""

    start: int
    end: int
    label_: str
    start_char: int
    end_char: int
    text: str


class TokenView:
    """The tokens of a document with, per token, the entity mention holding it."""

    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        self.doc = doc
        self.ents: list[EntTokens] = []
        for e in entities:
            span = doc.char_span(e.start, e.end, alignment_mode="expand")
            if span is not None and len(span):
                self.ents.append(EntTokens(span.start, span.end, e.label, e.start, e.end, e.text))
        self.ent_of = [-1] * len(doc)
        for n, ent in enumerate(self.ents):
            for i in range(ent.start, ent.end):
                self.ent_of[i] = n

    def entity(self, i: int) -> EntTokens | None:
        n = self.ent_of[i]
        return self.ents[n] if n >= 0 else None

    def speaker_entity(self, i: int) -> EntTokens | None:
        ent = self.entity(i)
        return ent if ent is not None and ent.label_ in SPEAKER_LABELS else None


def is_ly_adverb(tok) -> bool:
    """An -ly word ("regularly") between a subject and its verb; there is no tagger here."""
    return tok.is_lower and len(tok.text) > 4 and tok.text.endswith("ly")


def _is_cap(text: str) -> bool:
    return text[:1].isupper()


def _word(tok) -> bool:
    return (
        tok.is_alpha
        or tok.text in POSSESSIVE_MARKS
        or tok.text.endswith(("\u2019s", "'s"))
        or _inner_hyphen(tok)
    )


def _cue_word(tok) -> bool:
    """A cue verb, not a part of a hyphenated word ("a boast-averse mother")."""
    return tok.lower_ in lexicon().cues and not in_hyphenated_word(tok)


def in_hyphenated_word(tok) -> bool:
    """Is the token one part of a hyphenated word ("so-called", "a boast-averse mother"),
    joined to the word before or after it by a hyphen the tokenizer split off?"""
    doc, i = tok.doc, tok.i
    return (i + 1 < len(doc) and _inner_hyphen(doc[i + 1])) or (i > 0 and _inner_hyphen(doc[i - 1]))


def _inner_hyphen(tok) -> bool:
    """The hyphen of "front-runner" or "co-founder", which the tokenizer splits off."""
    doc, i = tok.doc, tok.i
    return (
        tok.text == "-"
        and 0 < i < len(doc) - 1
        and not tok.whitespace_
        and not doc[i - 1].whitespace_
        and doc[i - 1].is_alpha
        and doc[i + 1].is_alpha
    )


def subject_before(view: TokenView, lo: int, cue: int) -> Mention | None:
    """The subject ending right before token `cue`, not reaching before token `lo`."""
    doc = view.doc
    j = cue - 1
    if j >= lo and doc[j].lower_ == "to":
        return None  # "to describe": an infinitive has no subject of its own here
    if j >= lo and doc[j].lower_ in _GERUND_LEADS and doc[cue].lower_.endswith("ing"):
        return None  # "explained the headline by saying": the subject is the clause's
    while j >= lo and (doc[j].lower_ in BETWEEN_SUBJECT_AND_CUE or is_ly_adverb(doc[j])):
        j -= 1
    close = j - 1 if j >= lo and doc[j].text == "," else j
    if lo <= close and doc[close].text == ")":
        opened = _skip_parenthesis(doc, lo, close)
        j = opened if opened is not None else j
    if j < lo:
        return None
    tok = doc[j]
    if tok.text == ",":
        if doc[cue].lower_.endswith("ing"):
            return None  # "Jeffries reacted Thursday, saying": the clause's subject, not "Thursday"
        return _apposition_head(view, lo, j)
    if tok.lower_ in PRONOUNS:
        return Mention(j, j + 1, "pronoun")
    m = None
    ent = view.speaker_entity(j)
    if ent is not None and ent.end == j + 1 and ent.label_ in _PLACE_LABELS:
        # "former Gov. Jeb Bush of Florida said": the person the place qualifies
        k = ent.start - 1
        owner = view.entity(k - 1) if k - 1 >= lo and doc[k].lower_ == "of" else None
        if owner is not None and owner.label_ == "PERSON" and owner.end == k:
            return Mention(max(owner.start, lo), owner.end, "entity")
    if ent is not None and ent.end == j + 1:
        m = Mention(max(ent.start, lo), ent.end, "entity")
        if ent.label_ in _MEMBER_LABELS:
            # "one senior Democrat said": one member of the group, as written
            np = _np_ending_at(view, lo, j)
            m = np if np is not None and np.start < m.start else m
    else:
        m = _np_ending_at(view, lo, j)
    if m is None:
        return None
    if doc[cue].lower_.endswith("ing") and _after_a_verb(view, lo, m.start):
        return None  # "emailed supporters saying": the object of the clause, not its subject
    return _relative_clause_head(view, lo, m) or coordinated_before(view, lo, m)


def _after_a_verb(view: TokenView, lo: int, start: int) -> bool:
    """Does a lowercase word that opens no clause come right before the noun phrase at token
    `start` (its titles included)?"""
    k = _skip_titles_back(view, lo, start) - 1
    if k < lo:
        return False
    tok = view.doc[k]
    return (
        tok.is_alpha and tok.is_lower and not _opens_clause(tok) and tok.lower_ not in DETERMINERS
    )


def coordinated_before(view: TokenView, lo: int, m: Mention) -> Mention:
    """ "Lee and Park said", "officials and aides said", "Ames, Berg and Cole wrote": a subject
    coordinated with "and" is the whole group, as written. The first conjunct must open its
    clause, so that an object before "and" ("the court fined Lee and Park said ...") is left
    out."""
    doc = view.doc
    k = _skip_titles_back(view, lo, m.start)
    if k - 1 < lo or doc[k - 1].lower_ not in _AND:
        return m
    parts = [m]
    j = k - 2
    while len(parts) < _MAX_CONJUNCTS:
        if j >= lo and doc[j].text == ",":
            j -= 1  # a serial comma: "Ames, Berg, and Cole"
        left = _conjunct_ending_at(view, lo, j)
        if left is None:
            return m
        parts.insert(0, left)
        j = left.start - 1
        if not (j > lo and doc[j].text == "," and left.kind in ("entity", "name")):
            break
        further = _conjunct_ending_at(view, lo, j - 1)
        if further is None or further.kind not in ("entity", "name"):
            break  # "Lee, the mayor, and Park": an apposition, not a list
        j -= 1
    head = parts[0]
    if head.kind == "group" and head.start - 2 >= lo and doc[head.start - 1].text == ",":
        # "Mary Lee, the mayor, and Tom Park": the name before an apposition
        named = _conjunct_ending_at(view, lo, head.start - 2)
        if named is not None and named.kind in ("entity", "name"):
            parts[0] = named
    first = parts[0].start
    if first > lo and not _opens_clause(doc[first - 1]):
        return m
    if any(p.kind == "pronoun" for p in parts):
        return m
    return Mention(first, m.end, "group", tuple(parts))


def coordinated_after(view: TokenView, m: Mention, hi: int) -> Mention:
    """ "said Lee and Park", "said Sen. Ada Lee (D-Ore.) and Sen. Ben Park": an inverted
    subject coordinated with another person is the pair."""
    if m.kind not in ("entity", "name"):
        return m
    doc = view.doc
    j = m.end
    if j < hi and doc[j].text == "(":
        close = next(
            (k for k in range(j + 1, min(hi, j + _MAX_PARENTHESIS)) if doc[k].text == ")"), None
        )
        j = close + 1 if close is not None else j
    if j + 1 >= hi or doc[j].lower_ not in _AND:
        return m
    start = _skip_titles(view, j + 1, hi)
    other = person_ahead(view, start, hi)
    if other is None or other.start != start:
        return m
    return Mention(m.start, other.end, "group", (m, other))


_AND = frozenset({"and", "&"})
_MAX_CONJUNCTS = 4
# words after which a subject may start: "..., Lee and Park said", "but Lee and Park said"
_CLAUSE_LEADS = frozenset(
    "and but so yet then while when as that because after before if both though although".split()
)


def _opens_clause(tok) -> bool:
    return tok.is_punct or tok.text in _QUOTE_MARKS or tok.lower_ in _CLAUSE_LEADS


_QUOTE_MARKS = frozenset("\u201c\u201d\"'\u2018\u2019`")


def _skip_titles_back(view: TokenView, lo: int, start: int) -> int:
    """The start of the titles before token `start` ("Sen. Ada Lee")."""
    lex = lexicon()
    while start - 1 >= lo and lex.is_title(view.doc[start - 1].text):
        start -= 1
    return start


def _skip_titles(view: TokenView, j: int, hi: int) -> int:
    lex = lexicon()
    while j < hi and lex.is_title(view.doc[j].text) and view.entity(j) is None:
        j += 1
    return j


def _conjunct_ending_at(view: TokenView, lo: int, j: int) -> Mention | None:
    """A speaker-like noun phrase ending at token `j`: a name (with its titles) or a role or
    group ("the Florida senator", "aides")."""
    doc = view.doc
    if j < lo:
        return None
    if doc[j].text == ")":
        opened = _skip_parenthesis(doc, lo, j)
        if opened is None:
            return None
        j = opened
    if j < lo or doc[j].lower_ in PRONOUNS:
        return Mention(j, j + 1, "pronoun") if j >= lo else None
    ent = view.entity(j)
    if ent is not None and ent.end == j + 1:
        if ent.label_ not in SPEAKER_LABELS:
            return None
        return Mention(_skip_titles_back(view, lo, max(ent.start, lo)), ent.end, "entity")
    if ent is not None:
        return None
    np = _np_ending_at(view, lo, j)
    if np is None or np.kind not in ("group", "name"):
        return None
    return np


def _skip_parenthesis(doc: Doc, lo: int, close: int) -> int | None:
    """The token before a short parenthesis ending at `close` ("Sen. Ted Cruz (R-Texas) said",
    "Gov. John Kasich (R-OH), said"): a party or place tag is not the subject. None when no
    opening bracket is near."""
    k = close - 1
    while k >= lo and close - k <= _MAX_PARENTHESIS:
        if doc[k].text == "(":
            return k - 1
        if doc[k].text in ')\u201c\u201d"':
            break
        k -= 1
    return None


def _relative_clause_head(view: TokenView, lo: int, m: Mention) -> Mention | None:
    """The subject before a relative clause ("Kate Parr, who chairs Our PAC, said")."""
    doc = view.doc
    k = m.start - 1
    while k > lo and m.start - k <= _MAX_APPOSITION:
        if doc[k].lower_ in ("who", "which") and doc[k - 1].text == ",":
            ent = view.speaker_entity(k - 2) if k - 2 >= lo else None
            if ent is not None and ent.label_ in ("PERSON", "ORG"):
                return Mention(max(ent.start, lo), ent.end, "entity")
            return None
        if doc[k].is_punct:
            return None
        k -= 1
    return None


def _apposition_head(view: TokenView, lo: int, comma: int) -> Mention | None:
    """The name before an apposition ("X, a spokesman for Y, said"). An organisation closing an
    inner apposition gives way to a person before it ("Jo Lee, editor of The Post, a daily
    paper in Ohio, wrote")."""
    doc = view.doc
    k = comma - 1
    org: Mention | None = None
    inner_clause = False
    while k >= lo and comma - k <= _MAX_APPOSITION:
        if doc[k].text == "," and k - 1 >= lo:
            head = doc[k - 1]
            ent = view.speaker_entity(k - 1)
            if ent is not None and ent.label_ in ("ORG", "FAC") and org is None:
                org = Mention(max(ent.start, lo), ent.end, "entity")
                k = ent.start - 1
                continue
            if ent is not None and ent.label_ == "PERSON":
                return Mention(max(ent.start, lo), ent.end, "entity")
            if org is not None:
                # "Mr Janak Kumar, Senior Divisional Manager, LIC, Jalandhar Division, said":
                # the person whose role the organisation completes, if the clause opens so
                return _person_opening(view, lo, k) or org
            inner = view.entity(k - 1)
            if inner is not None and inner.label_ in _INNER_CLAUSE_LABELS:
                # a place or date closing an inner clause ("Chen, whose hometown, Springfield,
                # was ..., said"): the head is further back
                k = inner.start - 1
                inner_clause = True
                continue
            if head.lower_ in PRONOUNS:
                return Mention(k - 1, k, "pronoun")
            if head.is_alpha and _is_cap(head.text) and head.lower_ not in lexicon().titles:
                # a surname the NER missed, next to a quotation mark: run back over the name
                start = k - 1
                while start - 1 >= lo and doc[start - 1].is_alpha and _is_cap(doc[start - 1].text):
                    start -= 1
                return Mention(start, k, "name")
            if not inner_clause:
                return None
        if doc[k].text in '.;:\u201c\u201d"' or doc[k].lower_ in ("said", "says"):
            return org
        k -= 1
    return org


def _person_opening(view: TokenView, lo: int, comma: int) -> Mention | None:
    """The person named right before an earlier comma of the same clause, when the words
    between are a role ("Kumar, Senior Divisional Manager, LIC, said")."""
    doc = view.doc
    k = comma - 1
    while k > lo and comma - k <= _MAX_APPOSITION:
        tok = doc[k]
        if tok.text in '.;:\u201c\u201d"()' or tok.lower_ in NP_STOP:
            return None
        if tok.text == ",":
            ent = view.entity(k - 1)
            if ent is not None and ent.label_ == "PERSON" and ent.end == k:
                return Mention(max(ent.start, lo), ent.end, "entity")
        k -= 1
    return None


def _np_ending_at(view: TokenView, lo: int, j: int) -> Mention | None:
    doc = view.doc
    lex = lexicon()
    head = doc[j]
    if not head.is_alpha or head.lower_ in NP_STOP or head.lower_ in lex.cues:
        return None
    k = j
    start = j
    linked = False
    while k >= lo and j - k < _MAX_NP + (_MAX_LINKED if linked else 0):
        tok = doc[k]
        low = tok.lower_
        if low in DETERMINERS:
            start = k
            if not linked and k < j and _linked_np_before(doc, lo, k):
                # "a voice-over in the ad states", "the leader of the opposition said"
                linked = True
                k -= 2
                continue
            break
        if not _word(tok) or (low in NP_STOP and not _close_to(doc, k)):
            break
        if k != j and _cue_word(tok):
            break
        if low in NP_LINKS and k == j:
            return None
        start = k
        k -= 1
    while start < j and doc[start].lower_ in NP_LINKS:
        start += 1
    words = [t for t in doc[start : j + 1] if t.is_alpha]
    if not words:
        return None
    if any(view.speaker_entity(i) is not None for i in range(start, j + 1)):
        kind = "group"
    elif all(_is_cap(t.text) for t in words if t.lower_ not in NP_LINKS):
        kind = "name"
    elif head.lower_ in lex.groups or head.lower_ in lex.titles:
        kind = "group"
    elif start == lo or (start > lo and doc[start - 1].is_punct):
        # the whole stretch between the quote (or clause start) and the cue: its subject
        kind = "group"
    else:
        return None
    if len(words) == 1 and words[0].lower_ in DETERMINERS:
        return None
    return Mention(start, j + 1, kind)


# adjectives whose "to" goes on with the noun phrase: "a source close to the campaign"
_TAKES_TO = frozenset({"close", "closer", "closest", "loyal", "near", "next"})


def _close_to(doc: Doc, i: int) -> bool:
    """Is token `i` the "to" of "close to", "loyal to" inside a noun phrase?"""
    return doc[i].lower_ == "to" and i > 0 and doc[i - 1].lower_ in _TAKES_TO


def _linked_np_before(doc: Doc, lo: int, det: int) -> bool:
    """Does a noun phrase and a preposition come before the determiner at `det`?"""
    if det - 2 < lo or doc[det - 1].lower_ not in NP_LINKS:
        return False
    tok = doc[det - 2]
    return _word(tok) and tok.lower_ not in NP_STOP | NP_LINKS | DETERMINERS


def subject_after(view: TokenView, cue_end: int, hi: int) -> Mention | None:
    """An inverted subject starting right after the cue ("said Smith"), before token `hi`."""
    doc = view.doc
    lex = lexicon()
    j = cue_end
    cue_word = doc[cue_end - 1].lower_
    if j >= hi or cue_word in NOT_INVERTED or cue_word.endswith("ing"):
        return None  # "saying Clinton would ...": what follows a participle is its object
    if cue_end >= 2 and doc[cue_end - 2].lower_ == "to":
        return None  # "seemed to mock his vague talk": an infinitive's object, not a subject
    if doc[j].lower_ in NP_STOP:
        return None
    tok = doc[j]
    if tok.lower_ in PRONOUNS:
        return Mention(j, j + 1, "pronoun")
    first = j
    person = person_ahead(view, first, hi)
    # "said one senior Mendez adviser", "said a Mendez ally": the name only qualifies the
    # role that follows it, and the speaker is that role, as written
    qualifies = person is not None and person.end < hi and _role_word(doc[person.end])
    if person is not None and not qualifies:
        return coordinated_after(view, person, hi)
    while not qualifies and j < hi and doc[j].lower_ in lex.titles and view.entity(j) is None:
        j += 1
    if j < hi and not qualifies:
        ent = view.speaker_entity(j)
        # "said the Florida senator": a place qualifying a role is not the speaker
        if ent is not None and ent.label_ in _PLACE_LABELS and ent.end < hi:
            ent = None if _role_word(doc[ent.end]) else ent
        if ent is not None and ent.start >= first:
            holder = _role_holder_after(view, ent.end, hi) if ent.label_ == "ORG" else None
            if holder is not None:
                return holder  # "commented Acme founder and CTO, Dr Ada Moore": Moore
            return coordinated_after(view, Mention(ent.start, min(ent.end, hi), "entity"), hi)
    j = first
    end = first
    while j < hi and j - first < _MAX_NP:
        tok = doc[j]
        low = tok.lower_
        if low in NP_LINKS and low not in ("of", "for", "at"):
            break
        if not _word(tok) or (low in NP_STOP and j > first and not _close_to(doc, j)):
            break
        if low in AUXILIARIES:
            return None  # "said the campaign could win ...": a clause, not a subject
        end = j + 1
        j += 1
    while end > first and doc[end - 1].lower_ in NP_LINKS | DETERMINERS:
        end -= 1
    words = [t for t in doc[first:end] if t.is_alpha]
    if not words:
        return None
    if doc[first].lower_ in DETERMINERS:
        return Mention(first, end, "group")
    if all(_is_cap(t.text) for t in words if t.lower_ not in NP_LINKS):
        return Mention(first, end, "name")
    # "said Oversight ranking Democrat Elijah Cummings": roles, then a name the NER missed
    k = end
    while k > first and doc[k - 1].is_alpha and _is_cap(doc[k - 1].text):
        if doc[k - 1].lower_ in lex.titles or view.entity(k - 1) is not None:
            break
        k -= 1
    prefix = range(first, k)
    if k < end and all(
        doc[i].lower_ in lex.titles or view.entity(i) or _is_cap(doc[i].text) for i in prefix
    ):
        return Mention(k, end, "name")
    if words[-1].lower_ in lex.groups:
        return Mention(first, end, "group")
    return None


def _role_holder_after(view: TokenView, j: int, hi: int) -> Mention | None:
    """The person named after an organisation's role words and a comma ("Acme founder and
    CTO, Dr Ada Moore"): the role is the organisation's, the speaker is its holder."""
    doc = view.doc
    lex = lexicon()
    k = j
    while k < hi and k - j < _MAX_NP and (lex.is_title(doc[k].text) or doc[k].lower_ in _AND):
        k += 1
    if k == j or k >= hi or doc[k].text != "," or doc[k - 1].lower_ in _AND:
        return None
    start = _skip_titles(view, k + 1, hi)
    ent = view.entity(start) if start < hi else None
    if ent is None or ent.label_ != "PERSON" or ent.start != start:
        return None
    return Mention(ent.start, min(ent.end, hi), "entity")


def person_ahead(view: TokenView, first: int, hi: int) -> Mention | None:
    """A person named within a title-like run of words ("Democratic strategist Simon
    Rosenberg", "House Speaker Paul Ryan"): the run may hold other entities and roles, and its
    last person is its head ("Clinton ally James Carville")."""
    doc = view.doc
    lex = lexicon()
    j = first
    found = None
    while j < hi and j - first < _MAX_NP:
        ent = view.entity(j)
        if ent is not None and ent.label_ == "PERSON":
            found = Mention(ent.start, min(ent.end, hi), "entity")
            j = ent.end
            continue
        tok = doc[j]
        if ent is None and tok.text in POSSESSIVE_MARKS and j > first:
            # "Mendez's top budget aide Ana Lopes", "Florida's Rick Wilson": the owner's
            # role words lead to the person they name
            nxt = view.entity(j + 1) if j + 1 < hi else None
            role = j + 1 if nxt is not None and nxt.label_ == "PERSON" else None
            role = role or _role_run_end(view, j + 1, hi)
            if role is None:
                break
            j = role
            continue
        if ent is None and (
            (not tok.is_alpha and not lex.is_title(tok.text))  # "Gov." goes on
            or (tok.is_lower and tok.lower_ not in lex.titles and tok.lower_ not in lex.groups)
        ):
            # "Oilers head coach Ken Hitchcock": lowercase role words ending in a title lead
            # to the person they name, who is the head of the phrase
            role = _role_run_end(view, j, hi) if j > first and tok.is_lower else None
            if role is None:
                break
            j = role
            continue
        j += 1
    return found


def _role_run_end(view: TokenView, j: int, hi: int) -> int | None:
    """The index of the PERSON that a run of lowercase role words ending in a title leads to
    ("top budget aide Ana"), or None."""
    doc = view.doc
    lex = lexicon()
    k = j
    while k < hi and k - j < _MAX_NP:
        ent = view.entity(k)
        if ent is not None:
            titled = k > j and doc[k - 1].lower_ in lex.titles
            return k if ent.label_ == "PERSON" and titled else None
        tok = doc[k]
        low = tok.lower_
        if not tok.is_alpha or low in NP_STOP or low in lex.cues or low in BETWEEN_SUBJECT_AND_CUE:
            return None
        k += 1
    return None


def strip_titles(view: TokenView, m: Mention) -> Mention:
    """Titles off a name ("Vice Foreign Minister Choe Son Hui" -> "Choe Son Hui").

    A role alone ("the foreign minister") stays as it is.
    """
    if m.kind not in ("name", "entity"):
        return m
    lex = lexicon()
    doc = view.doc
    s = m.start
    while s < m.end - 1 and lex.is_title(doc[s].text):
        s += 1
    if s == m.start:
        return m
    return Mention(s, m.end, m.kind)


def _role_word(tok) -> bool:
    lex = lexicon()
    return tok.is_lower and (tok.lower_ in lex.titles or tok.lower_ in lex.groups)
