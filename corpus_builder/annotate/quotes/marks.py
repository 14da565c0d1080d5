"""Finding quotations: pairing quotation marks of every style in one linear pass.

A quote span is the text INSIDE the marks (marks excluded, inner punctuation kept). Only
top-level quotes are returned; nested quotes stay inside their outer quote. A quote that
runs to the end of its paragraph with no closing mark, while the next paragraph opens with a
mark, is the news convention for a multi-paragraph quote: one span per paragraph, chained
through `continues`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus_builder.types import Span

DOUBLE_OPEN = "\u201c\u201f\u00ab"  # “ ‟ «
DOUBLE_CLOSE = "\u201d\u00bb"  # ” »
SINGLE_OPEN = "\u2018\u201b\u2039"  # ‘ ‛ ‹
SINGLE_CLOSE = "\u2019\u203a"  # ’ ›
MARK_CHARS = frozenset(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + "\"'`")
_OPEN_BEFORE = frozenset(" \t\n\u00a0([{\u2014\u2013-/" + DOUBLE_OPEN + SINGLE_OPEN)
_MIN_UNCLOSED_WORDS = 3
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class QuoteSpan:
    start: int
    end: int
    paragraph: int
    kind: str  # "direct" | "partial"
    closed: bool  # False when the quote runs to the end of its paragraph unclosed
    continues: bool  # True when this piece continues a quote opened in the previous paragraph


@dataclass
class _Open:
    family: str  # "d" double, "s" single
    inner: int  # offset just after the opening mark


def _is_word(c: str) -> bool:
    return c.isalnum()


def _scan_paragraph(text: str, start: int, end: int, steps: list[int] | None) -> tuple:
    """Pair marks in text[start:end]; returns (closed regions, unclosed top-level open or None).

    One pass over a stack of open marks; every mark is pushed and popped at most once and the
    position of the one open double mark is tracked, so the work is linear in the paragraph
    length whatever the balance of marks.
    """
    regions: list[tuple[int, int]] = []
    stack: list[_Open] = []
    double_at = -1  # index in `stack` of the open double mark, -1 when none
    i = start
    while i < end:
        c = text[i]
        if steps is not None:
            steps[0] += 1
        if c not in MARK_CHARS:
            i += 1
            continue
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        width = 1
        action = None  # ("open" | "close", family)
        if c == "`" and nxt == "`":
            action, width = ("open", "d"), 2
        elif c == "'" and nxt == "'":
            action, width = ("close" if double_at >= 0 else "open", "d"), 2
        elif c in DOUBLE_OPEN:
            action = ("open", "d")
        elif c in DOUBLE_CLOSE:
            action = ("close", "d")
        elif c == '"':
            # a straight double mark toggles; inconsistent pairs (“...") close the same way
            action = ("close" if double_at >= 0 else "open", "d")
        elif c in SINGLE_OPEN:
            if not nxt.isdigit():
                action = ("open", "s")
        elif c == "`":
            action = ("open", "s")
        else:  # ’ › or a straight '
            action = _single_close_or_apostrophe(text, i, end, stack, prev, nxt, c)
        if action is not None:
            kind, family = action
            if kind == "open":
                # a second opening double inside a double is a missing close: keep the first
                if family == "s" or double_at < 0:
                    if family == "d":
                        double_at = len(stack)
                    stack.append(_Open(family, i + width))
            elif family == "s":
                if stack and stack[-1].family == "s":
                    top = stack.pop()
                    if not stack:
                        regions.append((top.inner, i))
            elif double_at >= 0:
                opened = stack[double_at]
                # singles left open inside the double were apostrophes or typos
                del stack[double_at:]
                if double_at == 0:
                    regions.append((opened.inner, i))
                double_at = -1
        i += width
    unclosed = stack[0] if stack else None
    return regions, unclosed


def _single_close_or_apostrophe(
    text: str, i: int, end: int, stack: list[_Open], prev: str, nxt: str, c: str
) -> tuple[str, str] | None:
    if _is_word(prev) and _is_word(nxt):
        return None  # don't, Kim's
    if not _is_word(prev) and (nxt.isdigit() or (prev in " \t\n" and nxt.isalpha() and c != "'")):
        return None  # '90s, 'em
    if c == "'" and prev in _OPEN_BEFORE and _is_word(nxt):
        return ("open", "s")
    if not stack or stack[-1].family != "s":
        return None  # the players' union: no single quote is open
    # Plural possessive inside a single-quoted stretch ("‘The players’ union is wrong,’"):
    # a mark after -s followed by a lowercase word, when the quote already holds a space.
    if prev in "sS" and nxt == " " and i + 2 < end and text[i + 2].islower():
        # find() stops at the first space, and position i+1 is one, so this stays linear
        if text.find(" ", stack[-1].inner, i) >= 0:
            return None
    return ("close", "s")


def _opens_with_mark(text: str, start: int, end: int) -> str | None:
    j = start
    while j < end and text[j] in " \t\u00a0":
        j += 1
    if j >= end:
        return None
    c = text[j]
    if c in DOUBLE_OPEN or c == '"' or text.startswith("``", j) or text.startswith("''", j):
        return "d"
    if c in SINGLE_OPEN or (c == "'" and j + 1 < end and text[j + 1].isalpha()):
        return "s"
    return None


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _kind(text: str, p_start: int, s: int, e: int, prev_end: int | None) -> str:
    """direct: a whole statement in marks; partial: a fragment inside someone's sentence."""
    j = s - 1
    while j >= p_start and text[j] in MARK_CHARS:  # the opening mark: one or two characters
        j -= 1
    while j >= p_start and text[j] in " \t\u00a0":
        j -= 1
    if j < p_start:
        return "direct"
    before = text[j]
    first = next((ch for ch in text[s:e] if ch.isalnum()), "")
    if before in ".?!:;" or before in DOUBLE_CLOSE or before in "\"'\u2019":
        return "direct"
    if before == "," and (first.isupper() or (prev_end is not None and s - prev_end < 80)):
        return "direct"
    if before in "\u2014\u2013(" and first.isupper():
        return "direct"
    return "partial"


def find_quotes(
    text: str, paragraphs: list[Span], steps: list[int] | None = None
) -> list[QuoteSpan]:
    """Top-level quotations of `text`, one per contiguous quoted piece per paragraph.

    `steps`, when given, is a one-element counter incremented per character examined (a
    test hook to show the work is linear).
    """
    quotes: list[QuoteSpan] = []
    carried = False  # the previous paragraph ended inside a quote that continues here
    for n, para in enumerate(paragraphs):
        regions, unclosed = _scan_paragraph(text, para.start, para.end, steps)
        pieces: list[tuple[int, int, bool]] = [(s, e, True) for s, e in regions]
        if unclosed is not None:
            nxt = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
            opens_next = nxt is not None and _opens_with_mark(text, nxt.start, nxt.end) is not None
            s, e = _strip(text, unclosed.inner, para.end)
            long_enough = len(_WORD.findall(text[s:e])) >= _MIN_UNCLOSED_WORDS
            if (opens_next and unclosed.family == "d") or (unclosed.family == "d" and long_enough):
                pieces.append((s, e, False))
        pieces.sort()
        prev_end = None
        for idx, (s, e, closed) in enumerate(pieces):
            s, e = _strip(text, s, e)
            if s >= e:
                continue
            continues = carried and idx == 0 and s - para.start <= 2
            kind = "direct" if continues else _kind(text, para.start, s, e, prev_end)
            quotes.append(QuoteSpan(s, e, n, kind, closed, continues))
            prev_end = e
        carried = bool(pieces) and not pieces[-1][2]
    return quotes
