"""Offsets and span texts of a whole Arrow batch at once, in numpy.

Offsets count code points; Arrow stores UTF-8. `TextColumn` maps (row, code point) to a byte
position of the batch's text buffer, so a span's bytes can be gathered with index arithmetic and
compared with the stored span text's bytes: equal UTF-8 bytes are equal strings.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def string_buffers(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, bytes) of a string array, offsets rebased so element i is
    bytes[offsets[i]:offsets[i + 1]]."""
    _, off_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(off_buf, dtype=np.int32)[arr.offset : arr.offset + len(arr) + 1]
    offsets = offsets.astype(np.int64)
    if data_buf is None or not len(arr):
        return offsets - offsets[0], np.zeros(0, dtype=np.uint8)
    data = np.frombuffer(data_buf, dtype=np.uint8)[offsets[0] : offsets[-1]]
    return offsets - offsets[0], data


def int_column(arr: pa.Array) -> np.ndarray:
    """int64 values, nulls as -1 (never a usable offset)."""
    if arr.null_count:
        arr = pc.fill_null(arr, -1)
    return np.asarray(arr).astype(np.int64)


class TextColumn:
    """The `text` of every row: lengths in code points and code point -> byte positions.

    Code points are counted over the whole batch (row after row). A UTF-8 continuation byte
    (0x80-0xBF) at byte position cont[j] belongs to the character with global index
    cont[j] - j - 1, so the byte position of character g is g plus the number of continuation
    bytes of the characters before it: one binary search per offset, and none for ASCII text.
    """

    def __init__(self, arr: pa.Array) -> None:
        self.offsets, self.data = string_buffers(arr)
        # As int8, exactly the continuation bytes are below -64.
        cont = np.flatnonzero(self.data.view(np.int8) < -64)
        before = np.searchsorted(cont, self.offsets)  # continuation bytes before each row
        self._first = self.offsets[:-1] - before[:-1]  # global index of each row's character 0
        self.length = np.diff(self.offsets) - np.diff(before)
        self._owner_after = cont - np.arange(len(cont))  # index of its character, plus one
        self._words: np.ndarray | None = None

    def byte_at(self, rows: np.ndarray, k: np.ndarray) -> np.ndarray:
        """Byte position of code point k (0 <= k <= length) of each row; k == length gives the
        row's end."""
        g = self._first[rows] + k
        if not len(self._owner_after):
            return g
        return g + np.searchsorted(self._owner_after, g, side="right")

    def is_byte(self, rows: np.ndarray, k: np.ndarray, value: int) -> np.ndarray:
        """Code point k (< length) of each row is the ASCII character `value`."""
        return self.data[self.byte_at(rows, k)] == value

    def equals(
        self, rows: np.ndarray, start: np.ndarray, end: np.ndarray, stored: pa.Array
    ) -> np.ndarray:
        """text[start:end] == stored, per span; spans must be in range (0 <= start <= end <=
        length). A null stored text is never equal."""
        first, last = self.byte_at(rows, start), self.byte_at(rows, end)
        s_off, s_data = string_buffers(stored)
        s_len = np.diff(s_off)
        same = (last - first) == s_len
        if stored.null_count:
            same &= ~np.asarray(stored.is_null())
        if self._words is None:
            self._words = _word_view(self.data)
        size = np.where(same, s_len, 0)
        return same & _equal_bytes(self._words, first, _word_view(s_data), s_off[:-1], size)

    def slices(self, rows: np.ndarray, start: np.ndarray, end: np.ndarray) -> pa.Array:
        """text[start:end] of each in-range span, as an Arrow string array."""
        first, last = self.byte_at(rows, start), self.byte_at(rows, end)
        size = last - first
        offsets = np.zeros(len(size) + 1, dtype=np.int32)
        np.cumsum(size, out=offsets[1:])
        data = self.data[_positions(first, size)]
        buffers = [None, pa.py_buffer(offsets), pa.py_buffer(data)]
        return pa.Array.from_buffers(pa.string(), len(size), buffers)


# _MASKS[k] keeps the first k bytes of a little-endian word (k = 8: all of it).
_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)
_WORD = 8


def _word_view(data: np.ndarray) -> np.ndarray:
    """Element p is data[p:p + 8] read as one little-endian uint64 (zero padded at the end):
    spans compare 8 bytes per step."""
    padded = np.zeros(len(data) + _WORD, dtype=np.uint8)
    padded[: len(data)] = data
    return np.ndarray((len(data) + 1,), dtype="<u8", buffer=padded, strides=(1,))


def _equal_bytes(
    a: np.ndarray, a_at: np.ndarray, b: np.ndarray, b_at: np.ndarray, size: np.ndarray
) -> np.ndarray:
    """Per span j: the size[j] bytes at a_at[j] (word view a) equal those at b_at[j] (view b)."""
    # First and last word of every span: the whole answer for spans up to 16 bytes (most names
    # and cue verbs), and a cheap first filter for longer ones.
    same = _short_equal(a, a_at, b, b_at, size)
    at = np.flatnonzero(same & (size > 2 * _WORD))
    if len(at):
        same[at] = _long_equal(a, a_at[at], b, b_at[at], size[at])
    return same


def _short_equal(
    a: np.ndarray, a_at: np.ndarray, b: np.ndarray, b_at: np.ndarray, size: np.ndarray
) -> np.ndarray:
    """The first word of each span (masked past the end when shorter) and the word ending with
    it: all of a span of at most 16 bytes."""
    mask = _MASKS[np.minimum(size, _WORD)]
    tail = np.maximum(size - _WORD, 0)
    differ = (a[a_at] ^ b[b_at]) | (a[a_at + tail] ^ b[b_at + tail])
    return (differ & mask) == 0


def _long_equal(
    a: np.ndarray, a_at: np.ndarray, b: np.ndarray, b_at: np.ndarray, size: np.ndarray
) -> np.ndarray:
    """Spans of more than 8 bytes, word by word; the last word is moved back to end with the
    span (overlapping the one before)."""
    count = (size + _WORD - 1) // _WORD
    owner = np.repeat(np.arange(len(size)), count)
    step = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count)
    at = np.minimum(step * _WORD, size[owner] - _WORD)
    differ = a[a_at[owner] + at] != b[b_at[owner] + at]
    same = np.ones(len(size), dtype=bool)
    same[owner[differ]] = False
    return same


def _positions(first: np.ndarray, size: np.ndarray) -> np.ndarray:
    """first[0], first[0] + 1, ..., first[0] + size[0] - 1, first[1], ...: the byte positions
    of spans laid end to end."""
    total = int(size.sum())
    ends = np.cumsum(size)
    return np.arange(total, dtype=np.int64) + np.repeat(first - (ends - size), size)
