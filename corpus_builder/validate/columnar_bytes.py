"""Many byte spans compared with their stored strings at once.

Arrow compares two binary arrays element by element in C, but an array's strings must lie in
its buffer in order, end to end. Spans that each start at or after the end of every span before
them (entity mentions, which may not nest, and most quote, speaker and cue spans) form such an
array once the gaps between them are made elements too: it is compared with the stored strings
interleaved the same way, and the gaps' verdicts are dropped. The few other spans (a mention
shared by two quotes, say) are compared byte by byte in numpy.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def spans_equal(
    a: np.ndarray,
    a_first: np.ndarray,
    a_last: np.ndarray,
    b: np.ndarray,
    b_first: np.ndarray,
    b_last: np.ndarray,
) -> np.ndarray:
    """a[a_first[j]:a_last[j]] == b[b_first[j]:b_last[j]] per j, for uint8 buffers a and b.

    a's spans must lie within a, in any order; b's spans in order and apart (b_last[j] <=
    b_first[j + 1]), as the strings of an Arrow array (or a subset of them) are."""
    if _in_order(a_first, a_last, len(a)) and _in_order(b_first, b_last, len(b)):
        return _chain_equal(a, a_first, a_last, b, b_first, b_last)  # the usual case
    same = np.empty(len(a_first), dtype=bool)
    chained = _chain(a_first, a_last, len(a))
    c, o = np.flatnonzero(chained), np.flatnonzero(~chained)
    if not _in_order(b_first[c], b_last[c], len(b)):
        raise ValueError("stored strings out of order")  # not from a valid Arrow array
    same[c] = _chain_equal(a, a_first[c], a_last[c], b, b_first[c], b_last[c])
    same[o] = _bytes_equal(a, a_first[o], a_last[o], b, b_first[o], b_last[o])
    return same


def bools(mask: pa.Array) -> np.ndarray:
    """A bool Arrow array without nulls as numpy (unpacking its bits, faster than to_numpy)."""
    if mask.null_count:
        raise ValueError("nulls in a mask")
    start, n = mask.offset, len(mask)
    if not n:
        return np.zeros(0, dtype=bool)
    bits = np.frombuffer(mask.buffers()[1], dtype=np.uint8)
    return np.unpackbits(bits, count=start + n, bitorder="little")[start:].view(bool)


def positions(first: np.ndarray, size: np.ndarray) -> np.ndarray:
    """first[0], first[0] + 1, ..., first[0] + size[0] - 1, first[1], ...: the byte positions
    of spans laid end to end."""
    total = int(size.sum())
    ends = np.cumsum(size)
    return np.arange(total, dtype=np.int64) + np.repeat(first - (ends - size), size)


def _in_order(first: np.ndarray, last: np.ndarray, size: int) -> bool:
    """0 <= first[0] <= last[0] <= first[1] <= ... <= size < 2**31: laid end to end with the
    gaps between them, the spans are the elements of a valid Arrow binary array."""
    if not len(first):
        return True
    return bool(
        first[0] >= 0
        and last[-1] <= size < 2**31
        and (first <= last).all()
        and (first[1:] >= last[:-1]).all()
    )


def _chain(first: np.ndarray, last: np.ndarray, size: int) -> np.ndarray:
    """The spans [first, last) within `size` bytes that start at or after the end of every span
    before them: they are _in_order."""
    chained = (first <= last) & (first >= 0) & (last <= size)
    if len(first):
        chained[1:] &= first[1:] >= np.maximum.accumulate(last)[:-1]
    return chained


def _chain_equal(
    a: np.ndarray,
    a_first: np.ndarray,
    a_last: np.ndarray,
    b: np.ndarray,
    b_first: np.ndarray,
    b_last: np.ndarray,
) -> np.ndarray:
    """spans_equal of spans _in_order on both sides: one Arrow comparison of span and gap
    elements, the gaps' verdicts dropped."""
    if not len(a_first):
        return np.zeros(0, dtype=bool)
    same = pc.equal(_binary(a, a_first, a_last), _binary(b, b_first, b_last))
    return bools(same)[::2]


def _binary(data: np.ndarray, first: np.ndarray, last: np.ndarray) -> pa.Array:
    """The binary array data[first[0]:last[0]], data[last[0]:first[1]], data[first[1]:last[1]],
    ... for spans _in_order (Arrow trusts the offsets)."""
    buffer = pa.allocate_buffer(8 * len(first))
    offsets = np.frombuffer(buffer, dtype=np.int32)
    offsets[0::2] = first
    offsets[1::2] = last
    buffers = [None, buffer, pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.binary(), len(offsets) - 1, buffers)


def _bytes_equal(
    a: np.ndarray,
    a_first: np.ndarray,
    a_last: np.ndarray,
    b: np.ndarray,
    b_first: np.ndarray,
    b_last: np.ndarray,
) -> np.ndarray:
    """spans_equal of a few spans, byte by byte (any order)."""
    size = a_last - a_first
    same = size == b_last - b_first
    k = np.flatnonzero(same)
    size = size[k]
    differ = a[positions(a_first[k], size)] != b[positions(b_first[k], size)]
    owner = np.repeat(np.arange(len(k)), size)
    same[k[owner[differ]]] = False
    return same
