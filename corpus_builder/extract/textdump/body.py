"""Find the article body among the lines of a text dump, without knowing the site.

1. Every line is classified (`classify`): prose (enough words, sentence punctuation,
   mostly lower-case words in cased scripts, not a teaser glued to its headline),
   link/menu-like, table row, date stamp, promo or caption, comment line, and the
   headings that open a related-links box (soft end) or a comment thread / author
   box (hard end). The patterns are data in `patterns.py`.
2. Every line gets a value (`line_values`): prose is worth its words minus an
   offset; other lines cost, runs of link-like lines more and more; prose among
   link-like lines (teasers) is discounted, and prose after a comments heading that
   follows the article keeps only a small share.
3. The body is the run of lines with the highest total (maximum-sum segment, linear
   time), so a subheading inside the article survives while a long list of links
   splits it off; it is then extended over closing short sentences and over a list
   its last line announces ("Tour dates:").
4. Inside the run, promos, captions, comment and date lines, the items of inline
   related-links boxes and known boilerplate of the site (cross-page templates)
   are dropped.
A page without lower-case prose (results, listings) gets a second, relaxed look.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from corpus_builder.extract.textdump.lines import Line, word_weight
from corpus_builder.extract.textdump.patterns import (
    CAPTION_RE,
    COMMENT_HEAD_RE,
    COMMENT_RE,
    DATE_RES,
    END_RE,
    HARD_END_RE,
    IMAGE_CREDIT_RE,
    PROMO_RE,
    STAMP_WORDS_RE,
    TIME_RE,
)

# Weights, set on general properties of pages (measured on the extraction benchmark
# as a whole, never per page). Line classification:
PROSE_MIN_WORDS = 6
LONG_LINE_WORDS = 15  # a line this long counts as prose even without end punctuation
LOWER_RATIO_PROSE = 0.5  # share of lower-case words below which a line is Title Case
NAV_MAX_WORDS = 2
CAPTION_MAX_WORDS = 60
PATTERN_MAX_CHARS = 1500
GLUE_SEARCH_CHARS = 200
GLUE_MIN_TITLE_WORDS = 4
GLUE_TITLE_SHARE = 0.7
DATE_STAMP_MAX_CHARS = 90
DATE_STAMP_OTHER_WORDS = 2
# Line values:
PROSE_OFFSET = 8.0
SHORT_LINE_COST = 3.0
TEXTLIKE_SHORT_SHARE = 0.34  # short lines that read as text cost this share
BULLET_COST = 2.0
TABLE_ROW_COST = 0.5
DATE_STAMP_COST = 10.0
PROMO_COST = 10.0
END_MARKER_COST = 20.0
BOILERPLATE_COST = 25.0
HARD_END_COST = 1e6  # the body run never crosses a comments / author-box heading
RUN_COST = 2.0
RUN_COST_MAX = 6.0
ISOLATED_MIN_NAV = 1
ISOLATED_STEP = 0.25
# Prose after a comments/author heading that follows an article is comments: it
# keeps only this share of its value, so it cannot outweigh the article.
AFTER_END_FACTOR = 0.1
AFTER_END_MIN_PROSE = 60
# Run extension:
TAIL_MIN_WORDS = 4
LIST_MAX_ITEMS = 100
LIST_ITEM_MIN_WORDS = 2
LIST_ITEM_MAX_WORDS = 40


@dataclass(frozen=True)
class LineClass:
    """What a line is, as far as the body finder is concerned."""

    promo: bool
    caption: bool  # a photo caption or credit line (also a promo: never body text)
    comment: bool
    comment_head: bool
    navlike: bool  # a short non-sentence line that reads like a link or menu item
    table_row: bool  # cells separated by tabs or wide gaps
    end_marker: bool
    hard_end: bool
    boilerplate: bool
    prose: bool


# a lower-case word running into a capitalised one: "Top 3 Cheese ShopsWondering"
_GLUE = re.compile(r"(?:[a-z]{3}|[?!)'’])[A-Z][a-z]")
_TABLE_ROW = re.compile(r"\S\t+\S|\S {3,}\S.*\S {3,}\S")
_DATELINE = re.compile(r"\s[A-Z][A-Z .'’-]{2,30}:\s")  # " NEW DELHI: "


def is_prose(line: Line, relaxed: bool = False) -> bool:
    """A sentence-like line: enough words, sentence punctuation, not Title Case.

    `relaxed` drops the Title Case test (pages of results or listings full of names).
    """
    if line.words < PROSE_MIN_WORDS:
        return False
    mostly_lower = relaxed or (not line.cased) or line.lower_ratio >= LOWER_RATIO_PROSE
    if not (mostly_lower and (line.sentence_end or line.words >= LONG_LINE_WORDS)):
        return False
    return not is_glued_teaser(line.text)


def is_glued_teaser(text: str) -> bool:
    """A link title glued to its description ("Top 3 Cheese ShopsWondering where...").

    Renderers glue inline runs; a Title Case headline running straight into a
    sentence is the shape of a teaser in a list of links, not of a paragraph.
    """
    head_text = text[:GLUE_SEARCH_CHARS]
    d = _DATELINE.search(head_text)
    if d and len(head_text[: d.start()].split()) >= GLUE_MIN_TITLE_WORDS:
        # "Headline of the story NEW DELHI: The first sentence..." in a teaser list
        return not any(ch in head_text[: d.start()] for ch in ".!?")
    m = _GLUE.search(head_text)
    if not m:
        return False
    head = text[: m.start() + 1].split()
    if len(head) < GLUE_MIN_TITLE_WORDS:
        return False
    capitalised = sum(w[:1].isupper() or not w[:1].isalpha() for w in head)
    return capitalised / len(head) >= GLUE_TITLE_SHARE


def is_navlike(line: Line) -> bool:
    """Menu items and link titles: one or two words, or Title Case without a sentence."""
    if line.words <= NAV_MAX_WORDS:
        return True
    return line.cased and line.lower_ratio < LOWER_RATIO_PROSE


def is_date_stamp(text: str) -> bool:
    """A line that is a publication date/time with at most a few other words."""
    if len(text) > DATE_STAMP_MAX_CHARS:
        return False
    rest = text
    for rx in (*DATE_RES, TIME_RE):
        rest = rx.sub(" ", rest)
    if rest == text:
        return False
    return word_weight(STAMP_WORDS_RE.sub(" ", rest)) <= DATE_STAMP_OTHER_WORDS


def classify(
    line: Line,
    boilerplate: Callable[[str], bool],
    extra_promo: re.Pattern[str] | None,
    relaxed: bool = False,
) -> LineClass:
    text = line.text
    # promos, captions and markers are short; skipping the patterns on long lines
    # keeps the cost linear whatever the input
    patterned = len(text) <= PATTERN_MAX_CHARS
    caption = patterned and line.words <= CAPTION_MAX_WORDS and bool(CAPTION_RE.fullmatch(text))
    promo = caption or (
        patterned
        and (bool(PROMO_RE.fullmatch(text)) or bool(extra_promo and extra_promo.fullmatch(text)))
    )
    short = line.words <= 8
    hard = patterned and line.words <= 20 and bool(HARD_END_RE.fullmatch(text))
    head = patterned and line.words <= 16 and bool(COMMENT_HEAD_RE.fullmatch(text))
    comment = head or (
        patterned and (not promo) and line.words <= 12 and bool(COMMENT_RE.fullmatch(text))
    )
    end = patterned and (not promo) and short and bool(END_RE.fullmatch(text))
    prose = is_prose(line, relaxed) and not (hard or end or promo or comment or line.side)
    table = (not prose) and not line.side and bool(_TABLE_ROW.search(text))
    return LineClass(
        promo=promo,
        caption=caption,
        comment=comment,
        comment_head=head,
        # a layout table's side column is a sidebar, whatever its lines read like
        navlike=line.side or ((not prose) and not table and is_navlike(line)),
        table_row=table,
        end_marker=end,
        hard_end=hard,
        boilerplate=boilerplate(text),
        prose=prose,
    )


def line_value(line: Line, cls: LineClass) -> float:
    """What including this line adds to a body candidate."""
    if cls.hard_end:
        return -HARD_END_COST
    if cls.boilerplate:
        return -BOILERPLATE_COST
    if cls.end_marker:
        return -END_MARKER_COST
    if cls.promo or cls.comment:
        return -PROMO_COST
    if cls.prose:
        words = line.words if line.sentence_end else line.words * 0.5
        return words - PROSE_OFFSET
    if cls.table_row:
        return -TABLE_ROW_COST  # tables sit inside articles; menus are not tabulated
    if is_date_stamp(line.text):
        return -DATE_STAMP_COST  # one date opens an article; many are a list of teasers
    cost = SHORT_LINE_COST if cls.navlike else SHORT_LINE_COST * TEXTLIKE_SHORT_SHARE
    # Only some renderers draw bullets (inscriptis does, innerText does not): a bulleted menu
    # item costs more, but a list of text (ingredients, an inline box of sentences) costs what
    # the same lines cost unbulleted, so the body found does not depend on the renderer.
    return -cost - (BULLET_COST if line.bullet and cls.navlike else 0.0)


def add_run_costs(values: list[float], classes: Sequence[LineClass]) -> None:
    """Make long runs of non-prose lines (menus, link lists) cost more per line.

    A subheading between paragraphs is one short line; a list of links is many in a
    row, so each further line of a run costs RUN_COST more, up to RUN_COST_MAX.
    """
    run = 0
    for i, c in enumerate(classes):
        if c.prose:
            run = 0
            continue
        if values[i] < 0 and c.navlike:
            values[i] -= min(RUN_COST * run, RUN_COST_MAX)
            run += 1


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
    if cls.promo or cls.comment or cls.boilerplate or cls.end_marker or cls.hard_end:
        return True
    if line.side:
        return True
    if not cls.prose and IMAGE_CREDIT_RE.fullmatch(line.text):
        return True
    return not cls.prose and is_date_stamp(line.text)


def is_sentence(line: Line, cls: LineClass) -> bool:
    """A short line that still reads as a sentence (too short to count as prose)."""
    if cls.promo or cls.comment or cls.end_marker or cls.hard_end or cls.boilerplate:
        return False
    lower = (not line.cased) or line.lower_ratio >= LOWER_RATIO_PROSE
    return line.words >= TAIL_MIN_WORDS and line.sentence_end and lower


def extend_tail(lines: Sequence[Line], classes: Sequence[LineClass], end: int) -> int:
    """Take in the short closing sentences the prose offset left out of the run, and a
    list that the article's last line announces ("The tour dates:")."""
    while end < len(lines) and is_sentence(lines[end], classes[end]):
        end += 1
    if end < len(lines) and lines[end].text.endswith(":") and _plain(classes[end]):
        end += 1
    if not lines[end - 1].text.endswith(":"):
        return end
    stop = min(len(lines), end + LIST_MAX_ITEMS)
    while end < stop and _plain(classes[end]) and lines[end].words >= LIST_ITEM_MIN_WORDS:
        if lines[end].words > LIST_ITEM_MAX_WORDS:
            break
        end += 1
    return end


def _plain(cls: LineClass) -> bool:
    return not (cls.promo or cls.comment or cls.end_marker or cls.hard_end or cls.boilerplate)


@dataclass(frozen=True)
class Body:
    start: int  # first line of the run (index into the lines list)
    end: int  # one past the last line of the run
    kept: tuple[int, ...]  # indices of the lines that are body text


def discount_isolated(values: list[float], classes: Sequence[LineClass]) -> None:
    """Lower the value of prose lines that sit among link-like lines.

    A teaser (headline, author, date, one sentence) repeats down a list of related
    stories; an article paragraph has prose or a single subheading around it.
    """
    n = len(classes)
    for i, c in enumerate(classes):
        if not c.prose or values[i] <= 0:
            continue
        around = [j for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < n]
        nav = sum(classes[j].navlike for j in around) + (4 - len(around))
        if nav > ISOLATED_MIN_NAV:
            values[i] *= max(0.0, 1.0 - ISOLATED_STEP * (nav - ISOLATED_MIN_NAV))


def line_values(
    lines: Sequence[Line],
    boilerplate: Callable[[str], bool] = lambda _text: False,
    extra_promo: re.Pattern[str] | None = None,
    relaxed: bool = False,
) -> tuple[list[LineClass], list[float]]:
    """Class and body value of every line.

    Prose after a comments heading (or an author box) that follows some article
    text is comments and keeps a small share of its value ("related stories"
    headings are not used this way: such boxes also sit inside articles).
    """
    classes = [classify(line, boilerplate, extra_promo, relaxed) for line in lines]
    values = [line_value(line, c) for line, c in zip(lines, classes, strict=True)]
    add_run_costs(values, classes)
    discount_isolated(values, classes)
    prose_words = 0
    after_end = False
    for i, (line, c) in enumerate(zip(lines, classes, strict=True)):
        if c.hard_end or c.comment_head:
            after_end = after_end or prose_words >= AFTER_END_MIN_PROSE
        elif values[i] > 0:
            if after_end:
                values[i] *= AFTER_END_FACTOR
            elif c.prose:
                prose_words += line.words
    return classes, values


@dataclass(frozen=True)
class RuleBody:
    """What the rules found, with the classes and values the line model reads."""

    classes: list[LineClass]
    values: list[float]
    start: int
    end: int
    kept: tuple[int, ...]


def rule_body(
    lines: Sequence[Line],
    boilerplate: Callable[[str], bool] = lambda _text: False,
    extra_promo: re.Pattern[str] | None = None,
) -> RuleBody:
    """The body run by the rules alone; empty (`kept == ()`) when no prose was found.

    A page without any lower-case prose (sports results, listings) gets a second
    look that accepts Title Case sentences.
    """
    classes, values = line_values(lines, boilerplate, extra_promo)
    start, end, total = best_run(values)
    if total <= 0:
        classes, values = line_values(lines, boilerplate, extra_promo, relaxed=True)
        start, end, total = best_run(values)
    if total <= 0:
        return RuleBody(classes, values, 0, 0, ())
    end = extend_tail(lines, classes, end)
    kept = []
    in_box = False  # inside a "Related" / "Most read" box that interrupts the article
    for i in range(start, end):
        c = classes[i]
        in_box = (in_box and not c.prose) or c.end_marker
        if in_box or is_droppable(lines[i], c) or _captioned(lines, classes, i):
            continue
        kept.append(i)
    return RuleBody(classes, values, start, end, tuple(kept))


def closed_lines(lines: Sequence[Line], rule: RuleBody) -> list[bool]:
    """Lines the line model may never take in: site boilerplate, lines a pattern names as not
    article text (promos, captions, comment lines, end markers), a layout table's side column,
    and everything from the first
    comments / author-box heading after the rule run on."""
    closed = [
        c.boilerplate
        or c.promo
        or c.caption
        or c.comment
        or c.end_marker
        or c.hard_end
        or line.side
        for c, line in zip(rule.classes, lines, strict=True)
    ]
    for i in range(rule.end, len(closed)):
        if rule.classes[i].hard_end or rule.classes[i].comment_head:
            closed[i:] = [True] * (len(closed) - i)
            break
    return closed


_PACKAGED = object()


def find_body(
    lines: Sequence[Line],
    boilerplate: Callable[[str], bool] = lambda _text: False,
    extra_promo: re.Pattern[str] | None = None,
    model: object = _PACKAGED,
) -> Body:
    """The body of `lines`: the rule run (`rule_body`) corrected by the learned line model
    (`linemodel.py`; `model=None`: the rules alone). Empty (`kept == ()`) without prose.

    `start`/`end` stay those of the rule run (the metadata finder looks above it).
    """
    from corpus_builder.extract.textdump import linemodel

    rule = rule_body(lines, boilerplate, extra_promo)
    lm = linemodel.packaged_model() if model is _PACKAGED else model
    if lm is None or not rule.kept:
        return Body(rule.start, rule.end, rule.kept)
    assert isinstance(lm, linemodel.LineModel)
    x = linemodel.line_features(lines, rule.classes, rule.values, (rule.start, rule.end), rule.kept)
    kept = linemodel.corrected(
        lm.predict(x), rule.kept, closed_lines(lines, rule), lm.drop_below, lm.add_above
    )
    if not kept:
        return Body(rule.start, rule.end, rule.kept)
    return Body(rule.start, max(rule.end, kept[-1] + 1), tuple(kept))


def _captioned(lines: Sequence[Line], classes: Sequence[LineClass], i: int) -> bool:
    """The caption text right above its own credit line ("(Image credit: X)")."""
    j = i + 1
    return (
        j < len(lines)
        and classes[j].caption
        and not lines[j].blank_before
        and lines[i].words <= CAPTION_MAX_WORDS
    )
