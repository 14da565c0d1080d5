"""The yes/no validity of every row of an article Parquet batch, decided on whole columns.

`certainly_valid` says yes for a row only when record_problems would find nothing in it: the
JSON Schema (columnar_schema) and the semantic invariants of invariants.py, checked here with
numpy over the flattened paragraph, entity and quote columns. Rows it cannot vouch for go to
the dict path, which words their problems; tests/test_validate_columnar.py checks that it never
says yes to a row the dict path faults.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..schema import article_schema
from .columnar_buffers import batch_sound
from .columnar_schema import schema_suspects
from .columnar_spans import TextColumn, int_column
from .invariants import SEPARATOR, names_speaker

assert SEPARATOR.isascii()  # the paragraph gap check below compares its bytes


def certainly_valid(batch: pa.RecordBatch) -> np.ndarray:
    """One bool per row: True only when the row is a valid record (schema and invariants)."""
    try:
        if not batch_sound(batch):  # e.g. invalid UTF-8 in a string column
            return np.zeros(batch.num_rows, dtype=bool)
        bad = schema_suspects(batch, article_schema())
        bad |= _invariant_suspects(batch)
    except (pa.ArrowException, ValueError, IndexError, KeyError, TypeError):
        return np.zeros(batch.num_rows, dtype=bool)
    return ~bad


class _Items:
    """The flattened items of one list-of-struct column: row of each item, its fields as
    numpy (offsets) or Arrow (strings), and the pairs of neighbours within one row."""

    def __init__(self, column: pa.Array) -> None:
        offsets = np.asarray(column.offsets).astype(np.int64)
        self.starts = offsets[:-1] - offsets[0]  # first item of each row
        self.counts = np.diff(offsets)
        self.items = column.values.slice(offsets[0], offsets[-1] - offsets[0])
        self.row = np.repeat(np.arange(len(column)), self.counts)
        self.same_row = self.row[1:] == self.row[:-1]  # item i and item i + 1 share a row
        self._ints: dict[str, np.ndarray] = {}

    @cached_property
    def prev(self) -> np.ndarray:
        """Every item i followed by an item of its row (that is self.next = i + 1)."""
        return np.flatnonzero(self.same_row)

    @cached_property
    def next(self) -> np.ndarray:
        return self.prev + 1

    def ints(self, name: str) -> np.ndarray:
        if name not in self._ints:
            self._ints[name] = int_column(self.items.field(name))
        return self._ints[name]

    def field(self, name: str) -> pa.Array:
        return self.items.field(name)

    def rows_of(self, item_bad: np.ndarray) -> np.ndarray:
        return self.row[item_bad]

    def pair_rows(self, pair_ok: np.ndarray) -> np.ndarray:
        """Rows holding an item i and its next item i + 1 for which pair_ok[i] is False
        (pair_ok: one entry per consecutive pair of the flattened items, rows or not)."""
        return self.row[:-1][~pair_ok & self.same_row]


def _invariant_suspects(batch: pa.RecordBatch) -> np.ndarray:
    text = TextColumn(batch.column("text"))
    bad = np.zeros(batch.num_rows, dtype=bool)
    paragraphs = _Items(batch.column("paragraphs"))
    ps, pe = paragraphs.ints("start"), paragraphs.ints("end")
    bad[_paragraph_rows(text, paragraphs, ps, pe)] = True
    entities = _Items(batch.column("entities"))
    bad[_entity_rows(text, entities)] = True
    quotes = _Items(batch.column("quotes"))
    bad[_quote_rows(text, quotes, paragraphs, entities)] = True
    return bad


def _in_range(text: TextColumn, rows: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    return (start >= 0) & (start <= end) & (end <= text.length[rows])


def _span_ok(text: TextColumn, items: _Items, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """In range and text[start:end] equal to the stored `text` field."""
    ok = _in_range(text, items.row, start, end)
    return text.equals(items.row, start, end, items.field("text"), where=ok)


def _paragraph_rows(
    text: TextColumn, paragraphs: _Items, ps: np.ndarray, pe: np.ndarray
) -> np.ndarray:
    """Rows whose paragraphs might not be exactly text.split("\\n\\n")."""
    ps, pe = ps.astype(np.int64), pe.astype(np.int64)  # for the arithmetic below
    ok = _in_range(text, paragraphs.row, ps, pe)
    has = paragraphs.counts > 0
    first = paragraphs.starts[has]
    last = first + paragraphs.counts[has] - 1
    rows = np.flatnonzero(has)
    edges_ok = (ps[first] == 0) & (pe[last] == text.length[rows])
    # Neighbours: the next starts two code points after this ends, and those two are "\n".
    a, b = paragraphs.prev, paragraphs.next
    gap_ok = ok[a] & ok[b] & (ps[b] - pe[a] == len(SEPARATOR))
    g = np.flatnonzero(gap_ok)
    row, at = paragraphs.row[a[g]], pe[a[g]]
    gap_ok[g] = text.are_bytes(row, at, SEPARATOR.encode())
    return np.concatenate(
        [
            paragraphs.rows_of(~ok),
            rows[~edges_ok],
            np.flatnonzero(~has & (text.length > 0)),
            paragraphs.row[a[~gap_ok]],
        ]
    )


def _entity_rows(text: TextColumn, entities: _Items) -> np.ndarray:
    """Rows with an entity out of range, not matching its text, or not flat and ordered."""
    es, ee = entities.ints("start"), entities.ints("end")
    ok = _span_ok(text, entities, es, ee)
    flat = ee[:-1] <= es[1:]
    return np.concatenate([entities.rows_of(~ok), entities.pair_rows(flat)])


def _quote_rows(
    text: TextColumn, quotes: _Items, paragraphs: _Items, entities: _Items
) -> np.ndarray:
    ps, pe = paragraphs.ints("start"), paragraphs.ints("end")
    qs, qe = quotes.ints("start"), quotes.ints("end")
    ok = _span_ok(text, quotes, qs, qe)
    ordered = qs[:-1] <= qs[1:]
    # Inside its paragraph: the index must exist and the paragraph span enclose the quote.
    index = quotes.ints("paragraph")
    ok &= (index >= 0) & (index < paragraphs.counts[quotes.row])
    at = np.flatnonzero(ok)
    para = paragraphs.starts[quotes.row[at]] + index[at]
    ok[at] = (ps[para] <= qs[at]) & (qe[at] <= pe[para])
    ok &= _speaker_ok(text, quotes, entities) & _cue_ok(text, quotes)
    # a confidence exactly when there is a speaker
    ok &= np.asarray(quotes.field("speaker").is_null()) == np.asarray(
        quotes.field("speaker_confidence").is_null()
    )
    return np.concatenate([quotes.rows_of(~ok), quotes.pair_rows(ordered)])


def _speaker_ok(text: TextColumn, quotes: _Items, entities: _Items) -> np.ndarray:
    """No speaker span, or one that is the speaker's name, a run of its words, or exactly an
    entity mention whose canonical name is the speaker. Other overlaps with such a mention
    are left to the dict path."""
    s_arr, e_arr = quotes.field("speaker_start"), quotes.field("speaker_end")
    speaker = quotes.field("speaker")
    neither = np.asarray(s_arr.is_null()) & np.asarray(e_arr.is_null())
    ss, se = int_column(s_arr), int_column(e_arr)
    ok = _in_range(text, quotes.row, ss, se) & ~np.asarray(speaker.is_null())
    same = text.equals(quotes.row, ss, se, speaker, where=ok)
    other = np.flatnonzero(ok & ~same)
    ok = same
    if len(other):
        names = speaker.take(other)
        ok[other] = _is_entity_of(entities, quotes.row[other], ss[other], se[other], names)
        rest = np.flatnonzero(~ok[other])
        if len(rest):
            at = other[rest]
            mentions = text.slices(quotes.row[at], ss[at], se[at])
            ok[at] = _names_speaker(mentions, names.take(rest))
    return neither | ok


def _is_entity_of(
    entities: _Items, rows: np.ndarray, start: np.ndarray, end: np.ndarray, names: pa.Array
) -> np.ndarray:
    """The non-empty span [start:end] of each row is an entity mention whose canonical name is
    the given name (so it overlaps one, which is what the dict path asks)."""
    n = len(entities.row)
    if not n:
        return np.zeros(len(rows), dtype=bool)
    es, ee = entities.ints("start"), entities.ints("end")
    j = np.minimum(_first_at_or_after(entities, es, rows, start), n - 1)
    hit = (entities.row[j] == rows) & (es[j] == start) & (ee[j] == end) & (start < end)
    canonical = entities.field("canonical").take(j)
    return hit & np.asarray(pc.fill_null(pc.equal(canonical, names), False))


def _first_at_or_after(
    items: _Items, starts: np.ndarray, rows: np.ndarray, start: np.ndarray
) -> np.ndarray:
    """For each (row, start), the first item of the row whose start is >= start (or the row's
    end), by a binary search of every row's own items at once: a few steps over the few rows
    asked, rather than a sort key for every item of the batch. The items of a valid batch are
    sorted by start within a row; in any other order this finds some item of the row (or the
    next), which callers verify."""
    lo = items.starts[rows]
    hi = lo + items.counts[rows]
    last = max(len(starts) - 1, 0)
    while True:
        active = lo < hi
        if not active.any():
            return lo
        mid = (lo + hi) // 2
        right = active & (starts[np.minimum(mid, last)] < start)
        lo = np.where(right, mid + 1, lo)
        hi = np.where(active & ~right, mid, hi)


def _names_speaker(mentions: pa.Array, speakers: pa.Array) -> np.ndarray:
    """names_speaker of each (mention, speaker) pair, asked once per distinct pair."""
    # The key splits back at its first NUL, so a mention with a NUL in it is left to the dict
    # path (a NUL inside the speaker stays in the speaker part).
    has_nul = pc.match_substring(mentions, "\0")
    keys = pc.binary_join_element_wise(mentions, speakers, "\0")
    distinct = pc.unique(keys)
    named = [names_speaker(*key.split("\0", 1)) for key in distinct.to_pylist()]
    accepted = distinct.filter(pa.array(named, type=pa.bool_()))
    return np.asarray(pc.and_not(pc.is_in(keys, value_set=accepted), has_nul))


def _cue_ok(text: TextColumn, quotes: _Items) -> np.ndarray:
    """cue, cue_start and cue_end all null, or all set with text[cue_start:cue_end] == cue."""
    cue = quotes.field("cue")
    s_arr, e_arr = quotes.field("cue_start"), quotes.field("cue_end")
    none = np.asarray(cue.is_null()) & np.asarray(s_arr.is_null()) & np.asarray(e_arr.is_null())
    cs, ce = int_column(s_arr), int_column(e_arr)
    ok = _in_range(text, quotes.row, cs, ce)
    return none | text.equals(quotes.row, cs, ce, cue, where=ok)
