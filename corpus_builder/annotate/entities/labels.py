"""Entity labels corrected where the document itself shows that a mention is a person, or
that a "person" is a thing: the last step of the entity layer.

A person the NER tagged as an organisation or place ("CEO Dana Whitlock" as ORG, "Hale" as ORG
when the article names "Rufus Hale") would be missed as a speaker, as a pronoun's antecedent
and as the subject of a cue; a thing tagged as a person ("the Starlight award", "an Art Deco
theater") would become a pronoun's antecedent. Such a thing is dropped: the document shows
what it is not, not what it is, and the record's labels (OntoNotes') have no catch-all. The
written entities and the speaker sieve see the same corrected labels.
"""

from __future__ import annotations

from spacy.tokens import Doc

from corpus_builder.annotate.entities.canonical import surnames_of, unique_names
from corpus_builder.annotate.entities.lexicon import lexicon as entity_lexicon
from corpus_builder.annotate.lexicon import (
    AUXILIARIES,
    BETWEEN_SUBJECT_AND_CUE,
    DETERMINERS,
    NP_LINKS,
    NP_STOP,
    PRONOUNS,
    lexicon,
)
from corpus_builder.types import Entity

_RELABEL_FROM = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"})
# title-list words that also qualify organisations and places ("the House", "state
# Democratic Party", "former Soviet Union"): no sign of a person before a name
_NOT_PERSONAL = frozenset(
    "the u.s. us state house union party democratic republican presidential foreign vice "
    "deputy general chief executive officer senior top former acting interim special "
    "majority minority ranking leading prominent lead longtime veteran police major prime".split()
)
_MAX_MODIFIERS = 3


def repair_labels(doc: Doc, entities: list[Entity]) -> list[Entity]:
    """`entities` with the labels corrected as described in the module docstring."""
    spans = [_tokens(doc, e) for e in entities]
    shaped = [
        span is not None and e.label in _RELABEL_FROM and _person_shaped(doc, e, span)
        for e, span in zip(entities, spans, strict=True)
    ]
    people = [
        Entity(e.start, e.end, e.text, "PERSON", e.canonical) if is_person else e
        for e, is_person in zip(entities, shaped, strict=True)
    ]
    # then the other mentions of those people ("Whitlock" of "CEO Dana Whitlock"), but not
    # places, which share names with people ("Washington")
    names = _person_names(people)
    out = []
    for e, is_person in zip(entities, shaped, strict=True):
        if is_person or (e.label in _RELABEL_FROM and e.label != "GPE" and e.text in names):
            e = Entity(e.start, e.end, e.text, "PERSON", names.get(e.text, e.text))
        out.append(e)
    # a thing has no label the document shows (the schema's labels are OntoNotes', with no
    # catch-all): no entity rather than a wrong PERSON
    things = _things(doc, out, spans)  # relabelling kept every mention's offsets
    return [e for e in out if not (e.label == "PERSON" and e.canonical in things)]


def relative_who_follows(doc: Doc, start: int, end: int) -> bool:
    """ "Odessa, who won the award ...": a name (not an age: "Kim, 21, who") followed by
    ", who" names a person."""
    if not (doc[start].text[:1].isupper() and end + 1 < len(doc) and doc[end].text == ","):
        return False
    k = end + 1
    while k < len(doc) - 1 and doc[k].is_space:
        k += 1  # a no-break space after the comma is a token of its own
    return doc[k].lower_ == "who"


def _tokens(doc: Doc, e: Entity) -> tuple[int, int] | None:
    span = doc.char_span(e.start, e.end, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


def _person_names(entities: list[Entity]) -> dict[str, str]:
    """A full name or a surname (the last words of a name: "Pen", "Le Pen") -> the one person
    of the document it names."""
    persons = [e.canonical for e in entities if e.label == "PERSON"]
    return unique_names((form, full) for full in persons for form in (full, *surnames_of(full)))


def _person_shaped(doc: Doc, e: Entity, span: tuple[int, int]) -> bool:
    """Is a non-person mention a person's name? After a personal title ("CEO Dana Whitlock",
    "Sen. Ames", "host Ben Lowry"), when followed by ", who", or a given name and a surname as
    the subject of a verb ("Dana Whitlock threw her support")."""
    start, end = span
    lex = lexicon()
    nxt = end + 1 if end + 1 < len(doc) and doc[end].text == "." else end
    if nxt < len(doc) and (
        doc[nxt].text[:1].isupper()
        or doc[nxt].lower_ in lex.titles
        or doc[nxt].lower_ in lex.groups
    ):
        return False  # "candidate Ohio Senator Marlow", "Republican voters": a qualifier
    if start > 0:
        low = doc[start - 1].lower_
        # "will miss Australia's ...", "to host Germany": a verb, though a title's spelling
        verb = start > 1 and doc[start - 2].lower_ in AUXILIARIES | {"to"}
        if lex.is_title(low) and low not in _NOT_PERSONAL and not verb:
            return True
    if (
        e.label != "NORP"
        and relative_who_follows(doc, start, end)
        and _bare_name(doc, e, start)
        and not _plural_verb_after_who(doc, end)
    ):
        return True  # "Meanwhile Odessa, who was honored ..."
    words = e.text.split()
    return (
        2 <= len(words) <= 3
        and lex.first_names.get(words[0].lower()) is not None
        and _bare_name(doc, e, start)
        and (_cue_follows(doc, end) or _verb_follows(doc, end))
    )


def _plural_verb_after_who(doc: Doc, end: int) -> bool:
    """ "Pakistan, who arrive next week", "Feyenoord, who have two games": a verb in the plural
    after ", who" has a team or a group for its subject, not a person. Without a tagger, a
    plural verb is "are", "were", "have", "do" or a lowercase word that is no other auxiliary
    and no -s, -ed or irregular past form (adverbs before it are skipped)."""
    k = end + 1
    while k < len(doc) and (doc[k].is_space or doc[k].lower_ == "who"):
        k += 1
    while k < len(doc) and (
        doc[k].lower_ in _ADVERBS or (doc[k].is_lower and doc[k].text.endswith("ly"))
    ):
        k += 1
    if k >= len(doc) or not (doc[k].is_alpha and doc[k].is_lower):
        return False
    low = doc[k].lower_
    if low in _PLURAL_AUXILIARIES:
        return True
    if low in PRONOUNS or low in _FUNCTION_WORDS:
        return False  # "Carly Fiorina, who he named": "who" is the object, no verb follows
    return not (
        low in AUXILIARIES or low.endswith(("s", "ed")) or low in entity_lexicon().irregular_verbs
    )


_PLURAL_AUXILIARIES = frozenset({"are", "were", "have", "do"})
_ADVERBS = BETWEEN_SUBJECT_AND_CUE - AUXILIARIES - {"been"}


def _verb_follows(doc: Doc, end: int) -> bool:
    """A lowercase word after a name that opens its clause is, in news, mostly its verb."""
    if end >= len(doc) or not (doc[end].is_alpha and doc[end].is_lower):
        return False
    low = doc[end].lower_
    if low.endswith("s") and low not in lexicon().cues:
        return False  # "Rose Bowl skywriters": a plural noun, more often than a verb
    return low not in _FUNCTION_WORDS - BETWEEN_SUBJECT_AND_CUE


def _bare_name(doc: Doc, e: Entity, start: int) -> bool:
    """Capitalised words only, not after a comma ("Dover, Delaware, who": a place in an
    apposition), an article or a preposition."""
    if not all(w[:1].isupper() and w.isalpha() for w in e.text.split()):
        return False
    return start == 0 or not (
        doc[start - 1].text == "," or doc[start - 1].lower_ in DETERMINERS | NP_LINKS | NP_STOP
    )


def _cue_follows(doc: Doc, end: int) -> bool:
    j = end
    while j < len(doc) and doc[j].lower_ in BETWEEN_SUBJECT_AND_CUE:
        j += 1
    return j < len(doc) and doc[j].is_lower and doc[j].lower_ in lexicon().cues


def _things(doc: Doc, entities: list[Entity], spans: list[tuple[int, int] | None]) -> set[str]:
    """Canonical "person" names that the document only uses as a modifier of a noun ("the
    prestigious Starlight award", "an Art Deco movie theater") and never as the subject of a
    cue, after a title, with a known given name or as a full name opening a clause ("Takuya
    Takagi headed the winner"): things the NER took for people. A person is named as a
    modifier too ("the Obama administration", "a Takagi follow-up shot"), but also speaks, acts
    or is given a title."""
    modifier: set[str] = set()
    person: set[str] = set()
    lex = lexicon()
    for e, span in zip(entities, spans, strict=True):
        if e.label != "PERSON" or span is None:
            continue
        start, end = span
        first = e.canonical.split()[0].lower()
        full_name = len(e.canonical.split()) > 1
        if (
            _cue_follows(doc, end)
            or (start > 0 and lex.is_title(doc[start - 1].text))
            or (full_name and (first in lex.first_names or _verb_follows(doc, end)))
        ):
            person.add(e.canonical)
        elif _modifies_a_noun(doc, start, end):
            modifier.add(e.canonical)
    return modifier - person


def _modifies_a_noun(doc: Doc, start: int, end: int) -> bool:
    """Is the mention at tokens [start, end) inside a noun phrase opened by an article and
    closed by a lowercase noun ("a 1930s-era Art Deco movie theater")? Without a tagger, a
    word ending like a verb ("An emotional Ortega clapped") or a plural is not taken for one."""
    if end >= len(doc) or not _content_word(doc[end]):
        return False
    if doc[end].lower_.endswith(("ed", "ing", "s")) or doc[end].lower_ in lexicon().cues:
        return False
    k = start - 1
    while k >= 0 and start - k <= _MAX_MODIFIERS:
        tok = doc[k]
        if tok.lower_ in ("a", "an", "the"):
            return True
        if not (_content_word(tok) or tok.like_num or tok.text == "-" or tok.text[:1].isdigit()):
            return False
        k -= 1
    return False


def _content_word(tok) -> bool:
    return tok.is_alpha and tok.is_lower and tok.lower_ not in _FUNCTION_WORDS


_FUNCTION_WORDS = (
    NP_STOP
    | NP_LINKS
    | DETERMINERS
    | BETWEEN_SUBJECT_AND_CUE
    | frozenset("a an by to up out over under too also be being".split())
)
