"""Find the article body among the lines of a text dump, without knowing the site.

Each line gets a value: prose lines (enough words, sentence punctuation, mostly
lower-case words in cased scripts) are worth their words; menu items, headlines of
related links, promos and end-of-article markers cost. The body is the run of lines
with the highest total (a maximum-sum segment, linear time), so short subheadings
inside the article survive while long lists of links split it off. Lines inside the
run that are promos, bylines, date stamps, image credits or known boilerplate of the
site (cross-page templates) are then dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from corpus_builder.extract.lines import Line
from corpus_builder.extract.patterns import END_RE, HARD_END_RE, IMAGE_CREDIT_RE, PROMO_RE

# Scoring weights, tuned on general properties of pages (see module docstring).
PROSE_MIN_WORDS = 6
LONG_LINE_WORDS = 15
LOWER_RATIO_PROSE = 0.5
SHORT_LINE_COST = 3.0
BULLET_COST = 2.0
PROMO_COST = 10.0
END_MARKER_COST = 40.0
HARD_END_COST = 1e6
BOILERPLATE_COST = 25.0

_DATE_STAMP = re.compile(
    r"^(?:(?:published|updated|posted|last updated|first published|modified)\b[^a-z]*)?"
    r"[\w ,.:/|+-]{0,60}\b(19|20)\d\d\b[\w ,.:/|+-]{0,30}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LineClass:
    promo: bool
    end_marker: bool
    hard_end: bool
    boilerplate: bool
    prose: bool


def is_prose(line: Line) -> bool:
    """A sentence-like line: enough words, sentence punctuation, not Title Case."""
    if line.words < PROSE_MIN_WORDS:
        return False
    mostly_lower = (not line.cased) or line.lower_ratio >= LOWER_RATIO_PROSE
    return mostly_lower and (line.sentence_end or line.words >= LONG_LINE_WORDS)


def is_date_stamp(text: str) -> bool:
    return len(text) <= 90 and bool(_DATE_STAMP.match(text)) and not text.endswith(".")


def classify(
    line: Line, boilerplate: Callable[[str], bool], extra_promo: re.Pattern[str] | None
) -> LineClass:
    text = line.text
    promo = bool(PROMO_RE.fullmatch(text)) or bool(extra_promo and extra_promo.fullmatch(text))
    short = line.words <= 8
    hard = short and bool(HARD_END_RE.fullmatch(text))
    end = (not promo) and short and bool(END_RE.fullmatch(text))
    return LineClass(
        promo=promo,
        end_marker=end,
        hard_end=hard, boilerplate=boilerplate(text), prose=is_prose(line)
    )


def line_value(line: Line, cls: LineClass) -> float:
    """What including this line adds to a body candidate."""
    if cls.hard_end:
        return -HARD_END_COST
    if cls.boilerplate:
        return -BOILERPLATE_COST
    if cls.end_marker:
        return -END_MARKER_COST
    if cls.promo:
        return -PROMO_COST
    if cls.prose:
        return float(line.words) if line.sentence_end else line.words * 0.5
    return -SHORT_LINE_COST - (BULLET_COST if line.bullet else 0.0)


def best_run(values: Sequence[float]) -> tuple[int, int, float]:
    """The maximum-sum contiguous run [start, end) of `values` (first one on ties)."""
    best = (0, 0, 0.0)
    start, total = 0, 0.0
    for i, v in enumerate(values):
        if total <= 0:
            start, total = i, 0.0
        total += v
        if total > best[2]:
            best = (start, i + 1, total)
    return best


def is_droppable(line: Line, cls: LineClass) -> bool:
    """Lines inside the body run that are still not article text."""
    if cls.promo or cls.boilerplate or cls.end_marker or cls.hard_end:
        return True
    if not cls.prose and IMAGE_CREDIT_RE.fullmatch(line.text):
        return True
    return not cls.prose and is_date_stamp(line.text)


@dataclass(frozen=True)
class Body:
    start: int  # first line of the run (index into the lines list)
    end: int  # one past the last line of the run
    kept: tuple[int, ...]  # indices of the lines that are body text


def find_body(
    lines: Sequence[Line],
    boilerplate: Callable[[str], bool] = lambda _text: False,
    extra_promo: re.Pattern[str] | None = None,
    not_before: int = 0,
) -> Body:
    """The body run of `lines`; empty (`kept == ()`) when no prose was found.

    `not_before` excludes the header part (index into `lines`) from the search.
    """
    classes = [classify(line, boilerplate, extra_promo) for line in lines]
    values = [line_value(line, c) for line, c in zip(lines, classes, strict=True)]
    start, end, total = best_run(values[not_before:])
    start, end = start + not_before, end + not_before
    if total <= 0:
        return Body(0, 0, ())
    kept = tuple(i for i in range(start, end) if not is_droppable(lines[i], classes[i]))
    return Body(start, end, kept)
