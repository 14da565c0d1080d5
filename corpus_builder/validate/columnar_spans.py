"""Offsets and span texts of a whole Arrow batch at once, in numpy.

Offsets count code points; Arrow stores UTF-8. `TextColumn` maps (row, code point) to a byte
position of the batch's text buffer, so a span's bytes can be gathered with index arithmetic and
compared with the stored span text's bytes: equal UTF-8 bytes are equal strings.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .columnar_buffers import string_offsets
from .columnar_bytes import positions, spans_equal


def string_buffers(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, bytes) of a string array, offsets rebased so element i is
    bytes[offsets[i]:offsets[i + 1]]."""
    data_buf = arr.buffers()[2]
    offsets = string_offsets(arr).astype(np.int64)
    if data_buf is None or not len(arr):
        return offsets - offsets[0], np.zeros(0, dtype=np.uint8)
    data = np.frombuffer(data_buf, dtype=np.uint8)[offsets[0] : offsets[-1]]
    offsets -= offsets[0]
    return offsets, data


def int_column(arr: pa.Array) -> np.ndarray:
    """The values in the column's own integer type (no copy without nulls), nulls as -1 (never
    a usable offset). Offsets are int32: compare them freely, but widen before arithmetic."""
    if arr.null_count:
        arr = pc.fill_null(arr, -1)
    return np.asarray(arr)


def code_points(data: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """The number of code points of each span data[first[j]:last[j]] of valid UTF-8 that starts
    and ends on characters, for spans in order and apart: its bytes less its continuation bytes
    (each of which is found in the span that holds it, if any)."""
    size = last - first
    signed = data.view(np.int8)
    if not len(signed) or signed.min() >= 0:
        return size  # ASCII (one pass, cheaper than looking for continuation bytes)
    cont = np.flatnonzero(signed < -64)
    if len(size):
        span = np.minimum(np.searchsorted(last, cont, side="right"), len(size) - 1)
        inside = (first[span] <= cont) & (cont < last[span])
        size -= np.bincount(span[inside], minlength=len(size))[: len(size)]
    return size


class TextColumn:
    """The `text` of every row: lengths in code points and code point -> byte positions.

    Code points are counted over the whole batch (row after row). A UTF-8 continuation byte
    (0x80-0xBF) at byte position cont[j] belongs to the character with global index
    cont[j] - j - 1, so the byte position of character g is g plus the number of continuation
    bytes of the characters before it: one binary search per offset, and none for ASCII text.
    """

    def __init__(self, arr: pa.Array) -> None:
        self.offsets, self.data = string_buffers(arr)
        # As int8, exactly the continuation bytes are below -64 (and ASCII is not negative).
        signed = self.data.view(np.int8)
        ascii_only = not len(signed) or signed.min() >= 0
        cont = np.zeros(0, dtype=np.int64) if ascii_only else np.flatnonzero(signed < -64)
        before = np.searchsorted(cont, self.offsets)  # continuation bytes before each row
        self._first = self.offsets[:-1] - before[:-1]  # global index of each row's character 0
        self.length = np.diff(self.offsets) - np.diff(before)
        cont -= np.arange(len(cont))
        self._owner_after = cont  # index of its character, plus one

    def byte_at(self, rows: np.ndarray, k: np.ndarray) -> np.ndarray:
        """Byte position of code point k (0 <= k <= length) of each row; k == length gives the
        row's end."""
        g = self._first[rows]  # a new array: added to in place, sparing memory
        g += k
        if len(self._owner_after):
            g += np.searchsorted(self._owner_after, g, side="right")
        return g

    def are_bytes(self, rows: np.ndarray, k: np.ndarray, chars: bytes) -> np.ndarray:
        """Code points k, k + 1, ... of each row are the ASCII `chars` (k + len(chars) <=
        length). An ASCII character is one byte, so one position lookup serves them all."""
        at = self.byte_at(rows, k)
        same = self.data[at] == chars[0]
        last = len(self.data) - 1
        for i, char in enumerate(chars[1:], 1):
            same &= self.data[np.minimum(at + i, last)] == char
        return same

    def equals(
        self,
        rows: np.ndarray,
        start: np.ndarray,
        end: np.ndarray,
        stored: pa.Array,
        where: np.ndarray | None = None,
    ) -> np.ndarray:
        """where & (text[start:end] == stored), per span; the spans `where` selects (all by
        default) must be in range (0 <= start <= end <= length). A null stored text is never
        equal.

        Only start is looked up: a stored string of end - start code points whose bytes follow
        byte_at(start) in the text is that slice (the text is valid UTF-8 and byte_at(start)
        starts a character), so its end is byte_at(start) plus its byte length."""
        s_off, s_data = string_buffers(stored)
        s_first, s_last = s_off[:-1], s_off[1:]
        if where is not None and where.all():
            where = None  # nothing to leave out: no subsetting copies
        if where is not None:
            at = np.flatnonzero(where)
            rows, start, end, s_first, s_last = (v[at] for v in (rows, start, end, s_first, s_last))
        first = self.byte_at(rows, start)
        # Clipped at the buffer's end: the span is then shorter than the stored bytes.
        last = np.minimum(first + (s_last - s_first), len(self.data))
        verdict = spans_equal(self.data, first, last, s_data, s_first, s_last)
        verdict &= code_points(s_data, s_first, s_last) == end - start
        if where is None:
            same = verdict
        else:
            same = np.zeros(len(where), dtype=bool)
            same[at] = verdict
        if stored.null_count:
            same &= ~np.asarray(stored.is_null())
        return same

    def slices(self, rows: np.ndarray, start: np.ndarray, end: np.ndarray) -> pa.Array:
        """text[start:end] of each in-range span, as an Arrow string array."""
        first, last = self.byte_at(rows, start), self.byte_at(rows, end)
        size = last - first
        offsets = np.zeros(len(size) + 1, dtype=np.int32)
        np.cumsum(size, out=offsets[1:])
        data = self.data[positions(first, size)]
        buffers = [None, pa.py_buffer(offsets), pa.py_buffer(data)]
        return pa.Array.from_buffers(pa.string(), len(size), buffers)
