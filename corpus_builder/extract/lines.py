"""Split a text dump into lines and measure what a dump still tells about each line.

A rendered page keeps little of its markup: indentation and list bullets (some
renderers), blank lines around paragraphs, and the text itself. The features here
(word weight, sentence punctuation, capitalisation, bullets) are what the body finder
scores; they are computed once, in linear time.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

_BULLET = re.compile(r"^([*+•◦▪·‣–-]|\d{1,3}[.)])\s+|^[*+•◦▪·]$")
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
# Scripts written without spaces between words: count characters, not \w+ runs.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENTENCE_END = tuple('.!?…。！？:;"”’»)]')
# Teasers cut short by the site ("Read the rest of this […]", "Lorem ipsum dolor..")
_TRUNCATED = ("..", "…", "[…]", "[...]", "[…]")
# "Headline of a linked story (42)": a comment or view counter, not a sentence end
_COUNTER_END = re.compile(r"\(\d+\)$")
# zero-width characters pages use as spacers: a line of them is a blank line
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_CASED_START = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Line:
    """One non-empty line of a dump with the features the scorers use."""

    index: int  # position among all lines of the dump (blank lines count)
    text: str  # indentation, bullet and surrounding blanks removed
    bullet: bool  # rendered as a list item
    blank_before: bool  # a blank line separates it from the previous text
    words: int  # \w+ runs, with CJK characters counted at two per word
    sentence_end: bool  # ends like a sentence
    lower_ratio: float  # share of cased words that start lower-case
    cased: bool  # the script has letter case at all


def _strip_bullet(text: str) -> tuple[str, bool]:
    m = _BULLET.match(text)
    if not m:
        return text, False
    return text[m.end() :].strip(), True


def word_weight(text: str) -> int:
    """How many words `text` holds, counting unspaced (CJK) scripts by characters."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(_WORD.findall(text))
    latin = len(_WORD.findall(_CJK.sub(" ", text)))
    return latin + (cjk + 1) // 2


def _lower_ratio(text: str) -> tuple[float, bool]:
    lower = upper = caseless = 0
    for token in text.split():
        m = _CASED_START.search(token[:3])
        if not m:
            continue
        ch = m.group()
        if ch.islower():
            lower += 1
        elif ch.isupper():
            upper += 1
        else:
            caseless += 1  # Hangul, kana, Arabic...: words that cannot be Title Case
    total = lower + upper + caseless
    if upper + lower == 0:
        return 0.0, False
    return (lower + caseless) / total, True


def split_lines(content: str) -> list[Line]:
    """The non-empty lines of `content`, each with its features."""
    out: list[Line] = []
    blank = True
    for i, raw in enumerate(content.splitlines()):
        text = raw.strip().strip(_ZERO_WIDTH).strip()
        if not text:
            blank = True
            continue
        text, bullet = _strip_bullet(text)
        if not text:
            # a bare bullet ("*") renders an empty list item: a list, not prose
            blank = True
            continue
        ratio, cased = _lower_ratio(text)
        out.append(
            Line(
                index=i,
                text=text,
                bullet=bullet,
                blank_before=blank,
                words=word_weight(text),
                sentence_end=text.endswith(_SENTENCE_END)
                and not text.endswith(_TRUNCATED)
                and not _COUNTER_END.search(text),
                lower_ratio=ratio,
                cased=cased,
            )
        )
        blank = False
    return out


def normalise(text: str) -> str:
    """The comparable form of a line: NFKC, case-folded, digits and spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _DIGITS.sub("0", text)
    return _SPACES.sub(" ", text).strip()


def line_hash(text: str) -> str:
    """A short stable hash of the normalised line (for cross-page counting)."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]
