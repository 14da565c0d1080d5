"""Page metadata read from a text dump around the body: title, standfirst, byline, date.

Everything here is generic: the title is the headline the page repeats or the
headline-like line just above the byline/body; the subtitle is a sentence between
title and body; bylines, image credits and dates are recognised by the patterns in
`patterns.py`. What cannot be found stays None / empty: never a guess.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass

from corpus_builder.extract.textdump.lines import Line, normalise
from corpus_builder.extract.textdump.patterns import (
    AUTHOR_SPLIT_RE,
    BYLINE_RE,
    BYLINE_TAIL_RE,
    CAPTION_RE,
    DATE_RES,
    END_RE,
    IMAGE_CREDIT_RE,
    MONTH_NUMBERS,
    PROMO_RE,
)

TITLE_MIN_WORDS = 2
TITLE_MAX_WORDS = 40
BYLINE_MAX_WORDS = 14
HEADER_WINDOW = 12  # lines above the body searched for a title when nothing repeats
AUTHOR_MAX_WORDS = 5


@dataclass(frozen=True)
class Byline:
    text: str
    authors: tuple[str, ...]


def parse_byline(text: str) -> Byline | None:
    """A "By ..." line and the author names in it; None when `text` is not a byline."""
    text = text.strip()
    if not text or len(text.split()) > BYLINE_MAX_WORDS or text.endswith("."):
        return None
    m = BYLINE_RE.fullmatch(text)
    if not m:
        return None
    who = BYLINE_TAIL_RE.sub("", " " + m.group("who")).strip()
    authors: list[str] = []
    for part in AUTHOR_SPLIT_RE.split(who):
        part = part.strip(" .:-–—")
        words = part.split()
        if not words:
            continue
        if len(words) > AUTHOR_MAX_WORDS or any(ch.isdigit() for ch in part):
            return None
        if not words[0][:1].isupper():
            return None
        authors.append(part)
    if not authors and not m.group("who").lower().startswith("for "):
        return None
    return Byline(text=text, authors=tuple(authors))


def parse_date(text: str) -> str | None:
    """The first calendar date written in `text`, as ISO YYYY-MM-DD."""
    for rx in DATE_RES:
        m = rx.search(text)
        if not m:
            continue
        groups = m.groupdict()
        try:
            year, day = int(groups["y"]), int(groups["d"])
            if groups.get("mon"):
                month = MONTH_NUMBERS[groups["mon"][:3].lower()]
            else:
                month = int(groups["m"])
            return _dt.date(year, month, day).isoformat()
        except (ValueError, KeyError):
            continue
    return None


def image_credit(text: str) -> str | None:
    m = IMAGE_CREDIT_RE.fullmatch(text.strip())
    if not m or len(text) > 200:
        return None
    return m.group("credit").strip() or None


def _headline_like(line: Line) -> bool:
    if not (TITLE_MIN_WORDS <= line.words <= TITLE_MAX_WORDS):
        return False
    text = line.text
    if PROMO_RE.fullmatch(text) or END_RE.fullmatch(text) or image_credit(text):
        return False
    if CAPTION_RE.fullmatch(text):  # the lead photo's caption sits between headline and body
        return False
    if parse_byline(text) or text.endswith((".", ",", ";")):
        return False
    return parse_date(text) is None or line.words > 6


def find_title(lines: Sequence[Line], body_start: int) -> int | None:
    """Index of the headline above the body: the repeated headline, else the nearest one."""
    seen: dict[str, int] = {}
    repeated: int | None = None
    for i in range(body_start):
        line = lines[i]
        if not _headline_like(line) or line.words < 3:
            continue
        key = normalise(line.text)
        if key in seen:
            repeated = i
        else:
            seen[key] = i
    if repeated is not None:
        return repeated
    # No repeat: the headline-like line closest above the body, stepping only over
    # metadata lines (byline, date, credit, standfirst) on the way up.
    for i in range(body_start - 1, max(-1, body_start - HEADER_WINDOW), -1):
        line = lines[i]
        text = line.text
        if (
            parse_byline(text)
            or image_credit(text)
            or parse_date(text)
            or CAPTION_RE.fullmatch(text)
        ):
            continue
        if _headline_like(line) and line.words >= 3 and not line.bullet:
            return i
        if text.endswith((".", "!", "?", "”", '"')) and line.words >= 5:
            continue  # a standfirst between headline and body
        return None
    return None
