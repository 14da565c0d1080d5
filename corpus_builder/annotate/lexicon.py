"""Word lists the attribution sieve and the entity label repairs read: cue verbs, speaker
titles, group speakers, given names with their gender, and the function words that bound a
speaker's noun phrase.

They live as data files in `corpus_builder/resources/` so that they are reviewed like data and
extended without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    raw = (resources.files("corpus_builder") / "resources" / name).read_text(encoding="utf-8")
    return [ln.strip().lower() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True)
class Lexicon:
    cues: frozenset[str]  # single-word cue forms
    phrasal: dict[str, frozenset[str]]  # cue word -> particles that may follow ("fired" -> back)
    titles: frozenset[str]
    groups: frozenset[str]
    first_names: dict[str, str]  # lowercase first name -> "he" | "she"

    def is_title(self, word: str) -> bool:
        """A title or role word before a name, in any case, with or without its full stop
        ("Sen.", "Gov", "mayor")."""
        low = word.lower()
        return low in self.titles or low.rstrip(".") in self.titles


PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we"})
# Finite auxiliaries and modals: they end a subject noun phrase.
AUXILIARIES = frozenset(
    "had has have was were is are will would could should can may might must did does do "
    "shall".split()
)
POSSESSIVE_MARKS = frozenset({"\u2019s", "'s", "\u2019", "'"})
PERSON_PRONOUNS = frozenset({"he", "she"})
# Words that may sit between a subject and its cue verb ("Smith also said", "she has told").
BETWEEN_SUBJECT_AND_CUE = frozenset(
    "also later then again previously once recently further simply just quickly finally "
    "repeatedly reportedly has had have did does would will could might may had has been "
    "was is were are later earlier often frequently even still never always initially "
    "separately privately publicly flatly angrily bluntly instead".split()
)
DETERMINERS = frozenset("the a an this these those its his her their our some many".split())
# Words that cannot be inside a speaker noun phrase: relative pronouns, conjunctions, verbs of
# the surrounding clause.
NP_STOP = frozenset(
    "who which that whom whose and but or because when while if as than where after before "
    "since though although so not no nor into about against said says told to".split()
)
NP_LINKS = frozenset({"of", "for", "at", "in", "from", "on", "with"})


@cache
def lexicon() -> Lexicon:
    cues: set[str] = set()
    phrasal: dict[str, set[str]] = {}
    for line in _lines("quote_cues.txt"):
        words = line.split()
        if len(words) == 1:
            cues.add(words[0])
        else:
            phrasal.setdefault(words[0], set()).add(words[1])
    return Lexicon(
        cues=frozenset(cues),
        phrasal={k: frozenset(v) for k, v in phrasal.items()},
        titles=frozenset(_lines("speaker_titles.txt")),
        groups=frozenset(_lines("group_speakers.txt")),
        first_names=dict(ln.split("\t", 1) for ln in _lines("first_names_gender.txt")),
    )
