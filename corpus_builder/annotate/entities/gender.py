"""A person's gender read off the name alone: a gendered honorific at or right before it
("Mrs. Hargrove", "Sir Ian Blake") or a known given name ("Ellen Varga").

Canonical names use it (a "Mrs. Clinton" is not "Bill Clinton"), and so does the sieve's
pronoun resolution. Given names and their genders are a data file,
`corpus_builder/resources/first_names_gender.txt` (`annotate.lexicon`).
"""

from __future__ import annotations

from corpus_builder.annotate.lexicon import lexicon

HONORIFIC_GENDER = {
    **dict.fromkeys(("mr.", "mr", "sir", "lord"), "he"),
    **dict.fromkeys(("mrs.", "mrs", "ms.", "ms", "miss", "dame", "lady"), "she"),
}


def honorific_gender(*words: str) -> str | None:
    """ "he"/"she" from the first of `words` that is a gendered honorific (any case): pass a
    mention's first word, then the word before it ("Mrs. Hargrove", "Sir Ian Blake")."""
    for word in words:
        gender = HONORIFIC_GENDER.get(word.lower())
        if gender is not None:
            return gender
    return None


def given_name_gender(name: str) -> str | None:
    """ "he"/"she" when `name` has more than one word and its first is a known given name."""
    words = name.split()
    return lexicon().first_names.get(words[0].lower()) if len(words) > 1 else None
