"""Whether an Arrow batch of the article types is sound: what `RecordBatch.validate(full=True)`
checks of it (offsets that never decrease and stay inside their buffers, UTF-8 strings), at a
fraction of the cost.

Arrow validates UTF-8 one string at a time, which is most of the time a batch of short entity
and quote strings takes. Valid UTF-8 strings laid end to end are valid UTF-8 with every string
starting on a character, and conversely, so each string column's bytes are validated in one
call (none at all when every byte is ASCII) and only its string starts are looked at one by
one, in numpy. Parquet readers do not check UTF-8, so this is what keeps a row with invalid
bytes away from the columnar yes.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa


def batch_sound(batch: pa.RecordBatch) -> bool:
    """True when batch.validate(full=True) would pass; raises pa.ArrowInvalid or returns False
    when it would not (and for a type it does not know, runs Arrow's own full check)."""
    batch.validate()  # buffer sizes and child lengths
    return all(_sound(column) for column in batch.columns)


def _sound(arr: pa.Array) -> bool:
    kind = arr.type
    if pa.types.is_struct(kind):
        return all(_sound(arr.field(i)) for i in range(kind.num_fields))
    if pa.types.is_list(kind):
        offsets_ok = not len(arr) or _offsets_sound(string_offsets(arr), len(arr.values))
        return offsets_ok and _sound(arr.values)
    if pa.types.is_string(kind):
        return _strings_sound(arr)
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_date32(kind):
        return True  # fixed-width values: the shallow check has seen their buffer sizes
    arr.validate(full=True)
    return True


def string_offsets(arr: pa.Array) -> np.ndarray:
    """The int32 offsets of a (non-empty) string or list array's elements, read in place."""
    buf = arr.buffers()[1]
    return np.frombuffer(buf, dtype=np.int32)[arr.offset : arr.offset + len(arr) + 1]


def _offsets_sound(offsets: np.ndarray, size: int) -> bool:
    """Offsets never decrease and stay within [0, size]."""
    return bool(offsets[0] >= 0 and offsets[-1] <= size and (np.diff(offsets) >= 0).all())


def _strings_sound(arr: pa.Array) -> bool:
    if not len(arr):
        return True
    data_buf = arr.buffers()[2]
    offsets = string_offsets(arr)
    if not _offsets_sound(offsets, 0 if data_buf is None else data_buf.size):
        return False
    if offsets[-1] == offsets[0]:
        return True
    data = np.frombuffer(data_buf, dtype=np.int8)[offsets[0] : offsets[-1]]
    if data.min() >= 0:
        return True  # ASCII
    starts = offsets[:-1] - offsets[0]
    if (data[starts[starts < len(data)]] < -64).any():  # a string starting mid-character
        return False
    whole = pa.Array.from_buffers(
        pa.string(), 1, [None, pa.py_buffer(np.array([0, len(data)], np.int32)), pa.py_buffer(data)]
    )
    whole.validate(full=True)  # UTF-8 of all the bytes, in one call
    return True
