"""Acronyms defined in the text: "Korean Central News Agency (KCNA)".

The bracketed acronym becomes a mention with the name's label, and every mention of the
acronym takes the name as its canonical form.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from corpus_builder.annotate.entities.spans import Mention
from corpus_builder.types import Entity

_WORD = re.compile(r"[^\s]+")
_BRACKETED = re.compile(r"\s*\(([A-Z][A-Za-z&.]{1,9})\)")
_ACRONYM = re.compile(r"[A-Z][A-Za-z&.]{1,9}")
# Labels that are written out and then abbreviated; people and dates are not.
_ACRONYM_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "LAW", "PRODUCT"})


def acronym_of(name: str) -> str:
    """Initials of the capitalised words of a name ("Korean Central News Agency" -> "KCNA")."""
    return "".join(w[0] for w in _WORD.findall(name) if w[0].isupper())


def abbreviates(acronym: str, name: str) -> bool:
    """`acronym` spells the initials of `name`, ignoring dots, "&" and case."""
    letters = acronym.replace(".", "").replace("&", "").upper()
    return len(letters) >= 2 and letters == acronym_of(name).upper()


def bracketed_acronyms(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Tag "KCNA" in "Korean Central News Agency (KCNA)" with the name's label when the
    model left it untagged and its letters are the name's initials."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    added = []
    for m in mentions:
        i = m.end
        if m.label not in _ACRONYM_LABELS or i + 2 >= len(doc):
            continue
        if doc[i].text != "(" or doc[i + 2].text != ")" or (i + 1) in taken:
            continue
        acro = doc[i + 1].text
        if _ACRONYM.fullmatch(acro) and abbreviates(acro, doc[m.start : m.end].text):
            added.append(Mention(i + 1, i + 2, m.label))
    return sorted(mentions + added)


def acronym_expansions(text: str, entities: list[Entity]) -> dict[str, str]:
    """Acronyms defined in the text as "Name (ACRONYM)" where ACRONYM is the name's
    initials, mapped to the name."""
    out: dict[str, str] = {}
    for e in entities:
        m = _BRACKETED.match(text[e.end : e.end + 14])
        if m is None:
            continue
        if abbreviates(m.group(1), e.text):
            out.setdefault(m.group(1), e.text)
    return out
