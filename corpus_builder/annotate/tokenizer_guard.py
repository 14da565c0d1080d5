"""A guard around spaCy's tokenizer for hostile text.

spaCy strips affixes from a whitespace-free chunk one character at a time and searches the
suffix pattern over the whole remaining chunk each time, so a 50,000-character run (e.g. of
quotation marks) costs minutes. Long runs are cut into short pieces here and never reach the
base tokenizer; everything else is tokenized by spaCy as usual, and the Doc's text is always
exactly the input text, so character offsets are unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

# Real words and URLs are far shorter; a chunk this long is junk and splitting it costs nothing.
MAX_RUN = 200
_LONG_RUN = re.compile(r"\S{" + str(MAX_RUN + 1) + ",}")
# Pieces of a long run: word runs, then one character at a time for punctuation/marks.
_PIECE = re.compile(r"\w{1," + str(MAX_RUN) + r"}|\W")


class GuardedTokenizer:
    def __init__(self, base: Callable[[str], Doc]) -> None:
        self.base = base
        self.vocab = base.vocab

    def __call__(self, text: str) -> Doc:
        if not _LONG_RUN.search(text):
            return self.base(text)
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for match in _LONG_RUN.finditer(text):
            self._add_segment(text[pos : match.start()], words, spaces)
            pieces = _PIECE.findall(match.group())
            words.extend(pieces)
            spaces.extend([False] * len(pieces))
            pos = match.end()
        self._add_segment(text[pos:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _add_segment(self, segment: str, words: list[str], spaces: list[bool]) -> None:
        if not segment:
            return
        if words and segment[0] == " " and not spaces[-1] and segment[:2] != "  ":
            # A single space after a long run belongs to its last piece.
            spaces[-1] = True
            segment = segment[1:]
            if not segment:
                return
        for token in self.base(segment):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))

    # spaCy calls these when (de)serialising a pipeline; delegate to the real tokenizer.
    def to_bytes(self, **kwargs):  # noqa: ANN003, ANN201
        return self.base.to_bytes(**kwargs)

    def from_bytes(self, data, **kwargs):  # noqa: ANN001, ANN003, ANN201
        self.base.from_bytes(data, **kwargs)
        return self

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self.base, name)


# A closing quotation mark glued to the next word (`paranoia,”Clinton said`) is a typo that
# hides the cue verb's subject from attribution; split the mark (and punctuation before it)
# off. Only the curly double closer: ’ is also the apostrophe, and a straight `"` between
# letters may be inches.
CLOSER_INFIX = r"[,.!?](?=\u201d[^\W\d_])|\u201d(?=[^\W\d_])"


def guard(nlp) -> None:  # noqa: ANN001
    """Install the guard on a loaded pipeline (idempotent)."""
    if isinstance(nlp.tokenizer, GuardedTokenizer):
        return
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes) + [CLOSER_INFIX]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)
