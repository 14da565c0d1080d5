"""Split a text dump into lines and measure what a dump still tells about each line.

A rendered page keeps little of its markup: indentation and list bullets (some
renderers), blank lines around paragraphs, and the text itself. The features here
(word weight, sentence punctuation, capitalisation, bullets) are what the body finder
scores; they are computed once, in linear time. Two layout artefacts of renderers are undone
first: table columns set side by side (`unfold_side_columns`) and a drop cap set apart from
the rest of its word (`_join_drop_cap`).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
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
# Side-by-side table columns (see unfold_side_columns): where a far column may start, the gap
# before it, and how many rows without far text may separate two rows of the same table.
FAR_COLUMN = 160
_COLUMN_GAP = re.compile(r"   +(?=\S)")
SIDE_GAP_ROWS = 3
MAX_SIDE_COLUMNS = 4
# A capital letter standing alone before the lower-case rest of a word, opening a line.
_DROP_CAP = re.compile(r"([A-Z\u00c0-\u00de]) ([a-z\u00df-\u00ff]+)\b")
# Markdown renderings (html2text and the like) write a link as [text](target) and an image as
# ![alt](target): the reader sees the text, the target is markup (see unlink).
_MD_LINK = re.compile(r"(!?)\[([^\[\]\n]{0,500})\]\((?:[^()\s]|\([^()\s]{0,200}\)){0,2000}\)")
_MD_LINK_REST = re.compile(r"\]\((?:https?:|/|#|\.|mailto:)[^()\s]{0,2000}\)")


# Hard-wrapped dumps (see wrap_width): enough lines to tell, the length quantile read as the
# width, how far a line may pass it, the share of lines that may, and the share filled near it.
WRAP_MIN_LINES = 20
WRAP_QUANTILE = 0.95
WRAP_MAX_WIDTH = 132
WRAP_SLACK = 8
WRAP_MAX_LONGER = 0.02
WRAP_MIN_FULL = 0.15
WRAP_MIN_FILL = 40  # a wrapped line holds at least this many characters
# Sentences broken across lines (see join_continuations).
CONTINUE_MIN_WORDS = 3
CONTINUE_SHORT_WORDS = 5
CONTINUE_MAX_ROWS = 8  # a sentence broken over more rows than this is a list, not a sentence
_CONTINUATION = re.compile(r"[a-z\u00df-\u00ff]|[,;:.)\]!?%’”»]")


# Inline items glued into one line (see unglue): "MenuNews", "the end.The next".
_GLUE_POINT = re.compile(
    r"(?<=[a-z\u00df-\u00ff]{3})(?=[A-Z\u00c0-\u00de][a-z\u00df-\u00ff])"
    r"|(?<=[a-z\u00df-\u00ff][.!?])(?=[A-Z\u00c0-\u00de])"
    r"|(?<=[.!?][”\"’)])(?=[A-Z\u00c0-\u00de])"
)
GLUE_MIN_POINTS = 3
GLUE_MAX_CHARS = 300


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
    side: bool = False  # text of a table's side column, set apart by `unfold_side_columns`


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


def _word_counts(content: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(content))


def _join_drop_cap(text: str, counts: Callable[[], Counter[str]]) -> str:
    """ "T he match began" -> "The match began": a drop cap set apart from its word.

    Renderers that lay a styled first letter out as a box of its own (inscriptis does) leave
    a space after it. "A man", "I am" and "O que" look the same, so the letter is joined only
    when the page itself uses the joined word at least as often as the rest on its own.
    """
    m = _DROP_CAP.match(text)
    if not m:
        return text
    seen = counts()
    joined = (m.group(1) + m.group(2)).lower()
    # the rest's own occurrence here is not evidence either way
    if seen[joined] >= seen[m.group(2).lower()]:
        return m.group(1) + text[m.end(1) + 1 :]
    return text


def unfold_side_columns(rows: list[str]) -> list[tuple[str, bool]]:
    """Separate the columns of a layout table that a renderer set side by side.

    Renderers that lay tables out as text (inscriptis) set the cells of a row side by side and
    never wrap, so a layout table interleaves a sidebar with the article line by line. A
    column that starts further right than two lines of text could fill (FAR_COLUMN) means the
    cell on its left holds whole paragraphs: a layout, not a data table. It counts only when
    at least two rows start text at exactly that position. Of the two columns, the one with
    less text is the side column: its lines are moved, in order, above the rows that carried
    them and flagged (True), so the other column reads on without interruption.
    Returns (row, is_side) pairs; rows are returned unchanged when there is no such table.
    """
    out: list[tuple[str, bool]] = [(row, False) for row in rows]
    # rstrip: every run of spaces searched then ends at text, which keeps the search linear
    stripped = [row.rstrip() for row in rows]
    gaps = Counter(
        m.end()
        for row in stripped
        if len(row) > FAR_COLUMN and (m := _COLUMN_GAP.search(row, FAR_COLUMN - 3))
    )
    # the few most used positions: a table has few columns, and this bounds the work below
    columns = sorted(c for c, n in gaps.most_common(MAX_SIDE_COLUMNS) if n >= 2)
    if not columns:
        return out
    # Once a column is established, the cell of its widest row may sit just two spaces away.
    hits: list[tuple[int, int]] = []  # (row, column) of far text
    for r, row in enumerate(stripped):
        for c in columns:
            if c < len(row) and row[c] != " " and row[c - 2 : c] == "  ":
                hits.append((r, c))
                break
    if not hits:
        return out
    # Tables: runs of rows whose far-text rows are at most SIDE_GAP_ROWS apart.
    groups: list[list[tuple[int, int]]] = [[hits[0]]]
    for hit in hits[1:]:
        if hit[0] - groups[-1][-1][0] <= SIDE_GAP_ROWS:
            groups[-1].append(hit)
        else:
            groups.append([hit])
    for group in reversed(groups):  # back to front: earlier row numbers stay valid
        first, last = group[0][0], group[-1][0]
        far = dict(group)
        left = [rows[r][: far.get(r, len(rows[r]))].rstrip() for r in range(first, last + 1)]
        right = [rows[r][far[r] :].strip() if r in far else "" for r in range(first, last + 1)]
        if sum(len(t.strip()) for t in right) <= sum(len(t.strip()) for t in left):
            side, main = right, left
        else:
            side, main = left, right
        moved = [(t, True) for t in side if t.strip()]
        out[first : last + 1] = [*moved, ("", False), *((t, False) for t in main)]
    return out


def wrap_width(rows: list[str]) -> int | None:
    """The column a renderer hard-wrapped the text at (lynx, w3m: 80), or None.

    A hard-wrapped dump has many lines filled to nearly the same length and almost none
    beyond it; a dump without wrapping (innerText, inscriptis) has paragraphs of any length.
    """
    lengths = sorted(len(r.rstrip()) for r in rows if r.strip())
    if len(lengths) < WRAP_MIN_LINES:
        return None
    width = lengths[int(len(lengths) * WRAP_QUANTILE)]
    if width > WRAP_MAX_WIDTH:
        return None
    longer = sum(1 for n in lengths if n > width + WRAP_SLACK)
    near = sum(1 for n in lengths if width - WRAP_SLACK <= n <= width)
    if longer > WRAP_MAX_LONGER * len(lengths) or near < WRAP_MIN_FULL * len(lengths):
        return None
    return max(n for n in lengths if n <= width + WRAP_SLACK)


def _wrapped(prev: str, nxt: str, width: int | None) -> bool:
    """`nxt` continues `prev` because the renderer broke the line: its first word did not fit."""
    if width is None:
        return False
    first = nxt.split(maxsplit=1)[0]
    return len(prev.rstrip()) + 1 + len(first) > width and len(prev.strip()) >= WRAP_MIN_FILL


def _mid_sentence(text: str) -> bool:
    """Text that stops inside a sentence: no end punctuation, several words, mostly lower-case."""
    if text.endswith(_SENTENCE_END) or len(_WORD.findall(text)) < CONTINUE_MIN_WORDS:
        return False
    ratio, cased = _lower_ratio(text)
    return (not cased) or ratio >= 0.5


def _continues(text: str) -> bool:
    """Text that can only be the rest of a sentence: opens lower-case or with punctuation."""
    return bool(_CONTINUATION.match(text))


def _soft_link(head: str, text: str, nxt: str) -> bool:
    """`text` may continue the sentence `head` stopped in (no blank line or bullet between)."""
    if not _mid_sentence(head) or _BULLET.match(text):
        return False
    if _continues(text):
        return True
    # a link's or a name's text on a line of its own, the sentence going on after it
    short = len(_WORD.findall(text)) <= CONTINUE_SHORT_WORDS and not text.endswith(_SENTENCE_END)
    return short and bool(nxt) and _continues(nxt)


def join_continuations(rows: list[tuple[str, bool]]) -> list[tuple[str, bool, int]]:
    """Rows with a sentence broken across lines joined into one line: (row, side, first index).

    Two layouts break sentences: renderers that hard-wrap at a width (lynx, w3m), and dumps
    that keep the page source's line breaks or set an inline link or emphasis on a line of
    its own (BeautifulSoup's get_text). A row joins the one above it (no blank line between,
    no bullet) when the renderer wrapped there (its first word did not fit the width); or,
    whatever the renderer, when the row above stops mid-sentence and this row opens
    lower-case or with punctuation (or is a short run, a link's text, and the row after it
    does) and the sentence then ends within a few rows. A list of lower-case items without
    end punctuation reads the same way but never ends a sentence, so it stays apart, as do
    menus and headings.
    """
    width = wrap_width([r for r, _side in rows])
    wrapped: list[tuple[str, bool, int]] = []
    prev_raw = ""
    for i, (raw, side) in enumerate(rows):
        text = raw.strip()
        if (
            wrapped
            and text
            and prev_raw.strip()
            and not side
            and not wrapped[-1][1]
            and not _BULLET.match(text)
            and _wrapped(prev_raw, text, width)
        ):
            wrapped[-1] = (wrapped[-1][0].rstrip() + " " + text, False, wrapped[-1][2])
        else:
            wrapped.append((raw, side, i))
        prev_raw = raw
    out: list[tuple[str, bool, int]] = []
    i = 0
    while i < len(wrapped):
        raw, side, index = wrapped[i]
        head = raw.strip().strip(_ZERO_WIDTH).strip()
        end = i + 1
        if head and not side and not head.endswith(_SENTENCE_END):
            j, joined = i + 1, head
            while j < len(wrapped) and j - i < CONTINUE_MAX_ROWS:
                text = wrapped[j][0].strip().strip(_ZERO_WIDTH).strip()
                nxt = wrapped[j + 1][0].strip() if j + 1 < len(wrapped) else ""
                if not text or wrapped[j][1] or not _soft_link(joined, text, nxt):
                    break
                joined = joined + " " + text
                j += 1
                if text.endswith(_SENTENCE_END):
                    end = j
                    break
            if end > i + 1:
                pieces = [wrapped[k][0].strip() for k in range(i, end)]
                out.append((" ".join(pieces), False, index))
                i = end
                continue
        out.append((raw, side, index))
        i += 1
    return out


def unglue(rows: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Rows that hold many inline items run together split where one item ends.

    A renderer that joins text nodes without a separator (BeautifulSoup's get_text on a page
    whose markup has no line breaks) glues a whole menu, or the whole page, into one line:
    "SearchSubscribeMy BookmarksShopping", "...the end.The next paragraph". A lower-case letter
    running into a capitalised word, and a sentence end running into a capital, mark where one
    element's text ended. Words written that way in running text ("YouTube", "PlayStation")
    are few in a line, so only lines with at least GLUE_MIN_POINTS such points, one every
    GLUE_MAX_CHARS characters at least, are split; the pieces are separate lines, as the
    elements were.
    """
    out: list[tuple[str, bool]] = []
    for row, side in rows:
        if len(row) < GLUE_MIN_POINTS * 4:
            out.append((row, side))
            continue
        points = [
            m.start() for m in _GLUE_POINT.finditer(row) if not _identifier(row, m.start(), 2)
        ]
        if len(points) < GLUE_MIN_POINTS or len(points) * GLUE_MAX_CHARS < len(row):
            out.append((row, side))
            continue
        start = 0
        for p in points:
            out.append((row[start:p], side))
            start = p
        out.append((row[start:], side))
    return out


def _identifier(row: str, point: int, humps: int) -> bool:
    """A point inside a word that starts lower-case and has `humps` capitals or more
    ("setRotationAngle"): an identifier in code, not items that a renderer glued together
    (those read "the end of a sentenceHeading", with one capital)."""
    start = end = point
    while start > 0 and row[start - 1].isalpha():
        start -= 1
    while end < len(row) and row[end].isalpha():
        end += 1
    word = row[start:end]
    return word[0].islower() and sum(ch.isupper() for ch in word) >= humps


def unlink(row: str) -> str:
    """A row of a Markdown rendering as its reader sees it: "[text](target)" -> "text", an
    image "![alt](target)" -> nothing, and the "](target)" left of a link whose text opened on
    the row above -> nothing. Link targets are no text of the page: a URL inside a paragraph
    would otherwise be read as words of the article."""
    if "](" not in row:
        return row
    row = _MD_LINK.sub(lambda m: "" if m.group(1) else m.group(2), row)
    return _MD_LINK_REST.sub("", row)


def split_lines(content: str) -> list[Line]:
    """The non-empty lines of `content`, each with its features."""
    out: list[Line] = []
    blank = True
    counts = functools.cache(functools.partial(_word_counts, content))
    raw_rows = [unlink(row) for row in content.splitlines()]
    rows = join_continuations(unglue(unfold_side_columns(raw_rows)))
    for raw, side, i in rows:
        text = raw.strip().strip(_ZERO_WIDTH).strip()
        if not text:
            blank = True
            continue
        text, bullet = _strip_bullet(text)
        if not text:
            # a bare bullet ("*") renders an empty list item: a list, not prose
            blank = True
            continue
        text = _join_drop_cap(text, counts)
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
                side=side,
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
