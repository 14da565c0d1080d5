"""Word lists the entity rules consult: titles, non-name words and common English words.

All are data files in `corpus_builder/resources/` (see each file's header for its source), so
the rules work on any pipeline, including one whose lemmatizer ships no word tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Token

RESOURCE_PACKAGE = "corpus_builder.resources"
# Penn tags of proper nouns; when the pipeline tags, a name part must carry one.
PROPER_TAGS = frozenset({"NNP", "NNPS"})
_INITIAL = re.compile(r"^[A-Z]\.$")
_APOSTROPHES = "'’"


def read_word_list(filename: str) -> frozenset[str]:
    """Words of a resource file: one per line, `#` starts a comment, blank lines skipped."""
    try:
        raw = resources.files(RESOURCE_PACKAGE).joinpath(filename).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FileNotFoundError(
            f"entity word list {filename!r} is missing from package {RESOURCE_PACKAGE}"
        ) from exc
    words = (line.split("#", 1)[0].strip() for line in raw.splitlines())
    return frozenset(w for w in words if w)


@dataclass(frozen=True)
class Lexicon:
    titles: frozenset[str]
    not_name_parts: frozenset[str]
    common_words: frozenset[str]  # lower case
    particles: frozenset[str]  # lower-case words allowed inside a personal name
    honorifics: frozenset[str]  # words that only precede personal names
    irregular_verbs: frozenset[str] = frozenset()  # lower-case past forms ("got", "said")

    def is_honorific(self, word: str) -> bool:
        return word.rstrip(".") in self.honorifics

    def is_title(self, word: str) -> bool:
        """A title word, also in the plural ("Captains Smith and Jones")."""
        word = word.rstrip(".")
        return word in self.titles or (word.endswith("s") and word[:-1] in self.titles)

    def is_common_word(self, word: str) -> bool:
        low = word.lower()
        return low in STOP_WORDS or low in self.common_words

    @staticmethod
    def is_initial(token: Token) -> bool:
        """A middle initial such as "J." in "Donald J. Trump"."""
        return bool(_INITIAL.match(token.text))

    def looks_like_name_part(self, token: Token, tagged: bool) -> bool:
        """A capitalised word that can be part of a personal name ("Hui", "O'Brien")."""
        text = token.text
        if len(text) < 2 or not text[0].isupper() or text.isupper():
            return False
        if not all(c.isalpha() or c in _APOSTROPHES for c in text):
            return False
        if self.is_title(text) or text in self.not_name_parts or text.lower() in STOP_WORDS:
            return False
        return token.tag_ in PROPER_TAGS if tagged else True


@cache
def lexicon() -> Lexicon:
    """The lexicon built from the resource files (read once per process)."""
    return Lexicon(
        titles=read_word_list("names_titles.txt"),
        not_name_parts=read_word_list("names_not_name_parts.txt"),
        common_words=read_word_list("names_common_words.txt"),
        particles=read_word_list("names_particles.txt"),
        honorifics=read_word_list("names_honorifics.txt"),
        irregular_verbs=read_word_list("names_headline_verbs.txt"),
    )
