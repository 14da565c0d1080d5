"""What the attribution sieve's pronoun resolution reads off tokens: a word's grammatical
position, from the word before it (there is no parser or tagger here), and a person's gender
from a kinship word before the name (from an honorific or a given name: `entities/gender.py`).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from corpus_builder.annotate.entities.gender import given_name_gender, honorific_gender
from corpus_builder.annotate.lexicon import POSSESSIVE_MARKS, lexicon

# Words after which a name is the object of a clause, not its subject ("suggested that
# Mr. Brandt had", "turned to Radio Four", "spoke with Mr. Ruiz").
_OBJECT_LEADS = frozenset(
    "that to of for with by about against at on from than into over under like between among "
    "toward towards including whom".split()
)
# Words after which a pronoun opens a main clause ("But he said", "and she added").
_CLAUSE_OPENERS = frozenset({"and", "but", "so", "then", "yet", "still", "instead"})
_HONORIFICS = frozenset({"mr.", "mr", "mrs.", "mrs", "ms.", "ms", "dr.", "dr"})
# Cue verbs that also take an infinitive: "agreed to stay on" reports no speech.
INFINITIVE_CUES = frozenset(
    "agree agrees agreed promised vow vows vowed offered demanded demands continue continues "
    "continued urge urges urged".split()
)


def subject_pronoun_before(
    doc: Doc, lo: int, hi: int, pron: str, inside_quote: Callable[[int], bool]
) -> bool:
    """Is `pron` the subject of a main clause among tokens [lo, hi): at the sentence start,
    after a comma or after a coordinating word ("Asked about it, he said", "But he added")?"""
    for i in range(lo, hi):
        tok = doc[i]
        if tok.lower_ != pron or inside_quote(tok.idx):
            continue
        k = i - 1
        while k >= lo and (doc[k].is_space or doc[k].text in "\u201c\u201d\"'("):
            k -= 1
        if k < lo or doc[k].text == "," or doc[k].lower_ in _CLAUSE_OPENERS:
            return True
    return False


def object_position(doc: Doc, start: int) -> bool:
    """Does the name starting at token `start` follow a preposition or "that" (an honorific
    between them allowed), so that it is no clause's subject?"""
    k = start - 1
    lex = lexicon()
    while (
        k >= 0
        and start - k <= _MAX_TITLES
        and (doc[k].lower_ in _HONORIFICS or (lex.is_title(doc[k].text) and doc[k].is_title))
    ):
        k -= 1  # "close ties to Vice President Joe Biden"
    if k > 0 and doc[k].lower_ in POSSESSIVE_MARKS:
        # "with HuffPost Live's Ada Lind", "told Fox News' Ben Lowry": past the owner's name
        k -= 1
        while k > 0 and start - k <= _MAX_OWNER and _capital(doc[k]) and _capital(doc[k - 1]):
            k -= 1
        k -= 1
    if k < 0 or doc[k].lower_ not in _OBJECT_LEADS:
        return False
    # "As for Mendez, ...", "According to Ms. Lee, ...": the name is the topic
    return k == 0 or (doc[k - 1].lower_, doc[k].lower_) not in _TOPIC_LEADS


_TOPIC_LEADS = frozenset({("as", "for"), ("according", "to"), ("as", "to")})
_MAX_TITLES = 4
_MAX_OWNER = 8
# "her husband, Milton Berg": a kinship word in front of a name gives its gender
KINSHIP_GENDER = {
    **dict.fromkeys(
        "husband son father brother uncle nephew grandson grandfather boyfriend".split(), "he"
    ),
    **dict.fromkeys(
        "wife daughter mother sister aunt niece granddaughter grandmother girlfriend".split(),
        "she",
    ),
}


def kinship_gender(doc: Doc, start: int) -> str | None:
    """ "his daughter Ines", "her husband, Milton Berg": the gender a kinship word right
    before a name (a comma between allowed) gives it."""
    k = start - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    return KINSHIP_GENDER.get(doc[k].lower_) if k >= 0 else None


def infinitive_follows(doc: Doc, cue_end: int) -> bool:
    """ "agreed to stay on", "continued to press": the cue takes an infinitive."""
    return (
        doc[cue_end - 1].lower_ in INFINITIVE_CUES
        and cue_end + 1 < len(doc)
        and doc[cue_end].lower_ == "to"
        and doc[cue_end + 1].is_lower
        and doc[cue_end + 1].is_alpha
        and doc[cue_end + 1].lower_ not in _NOT_VERBS
    )


_NOT_VERBS = frozenset("the a an his her their its our my your this that these those".split())


def honorific_against(doc: Doc, start: int, name: str) -> str | None:
    """The gender of an honorific at or before token `start` ("Mrs. Hargrove") when the given
    name of `name`, the mention's document name, is known to be of the other one."""
    given = given_name_gender(name)
    if given is None:
        return None
    honorific = honorific_gender(doc[start].text, *([doc[start - 1].text] if start else []))
    return honorific if honorific is not None and honorific != given else None


def _capital(tok) -> bool:
    return tok.text[:1].isupper()
