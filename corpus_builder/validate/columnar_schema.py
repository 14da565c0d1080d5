"""The JSON Schema check on whole Arrow columns: which rows might break the schema.

Run only on batches whose column types are the article types (derived from the same schema),
so Arrow already guarantees every value's JSON type. What is left is decided column by column,
walking the schema: a null where the node's type has no "null", bounds and lengths compared on
whole columns, and every other value keyword (enum, const, pattern, format...) decided by
jsonschema_rs on the column's DISTINCT values with that node's own sub-schema, the validator
the dict path uses, so the two cannot disagree. A keyword this walk does not know makes every
row suspect, which hands the batch to the dict path: a new schema keyword can slow validation
down but never let a record through unchecked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from typing import Any

import jsonschema_rs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..write.parquet import DATE_FIELDS
from .columnar_buffers import string_offsets

FieldPath = tuple[str, ...]  # property names from the record root

# Keywords that never reject a value.
_ANNOTATIONS = frozenset(
    {"description", "title", "$comment", "examples", "default", "deprecated", "readOnly"}
    | {"writeOnly", "$schema", "$id"}
)
_OBJECT_KEYS = frozenset({"type", "properties", "required", "additionalProperties"})
_ARRAY_KEYS = frozenset({"type", "items"})
# keyword -> comparison that is True where the value breaks it (value OP bound)
_BOUNDS: dict[str, Callable[..., Any]] = {
    "minimum": pc.less,
    "maximum": pc.greater,
    "exclusiveMinimum": pc.less_equal,
    "exclusiveMaximum": pc.greater_equal,
}
_NUMPY_BOUNDS: dict[str, Callable[..., Any]] = {
    "minimum": np.less,
    "maximum": np.greater,
    "exclusiveMinimum": np.less_equal,
    "exclusiveMaximum": np.greater_equal,
}
_LENGTHS: dict[str, Callable[..., Any]] = {"minLength": np.less, "maxLength": np.greater}
_EPOCH = dt.date(1970, 1, 1)
# date32 days Python's datetime.date can hold: the dict path turns dates into ISO strings.
_DAYS = ((dt.date.min - _EPOCH).days, (dt.date.max - _EPOCH).days)


def schema_suspects(batch: pa.RecordBatch, schema: dict[str, Any]) -> np.ndarray:
    """One bool per row: True where the row might break `schema` (the record's JSON Schema).
    The batch must be sound (columnar_buffers.batch_sound): string lengths assume UTF-8."""
    n = batch.num_rows
    if not _object_checkable(schema) or set(schema["properties"]) != set(batch.schema.names):
        return np.ones(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    for name, sub in schema["properties"].items():
        bad |= _suspects(batch.column(name), sub, (name,))
    return bad


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("type")
    return set(t) if isinstance(t, list) else {t}


def _object_checkable(node: dict[str, Any]) -> bool:
    """Arrow structs hold every property and nothing else, so `required` (of known properties)
    and `additionalProperties` hold by construction."""
    props = node.get("properties")
    return (
        set(node) - _ANNOTATIONS <= _OBJECT_KEYS
        and isinstance(props, dict)
        and set(node.get("required", ())) <= set(props)
        and node.get("additionalProperties", False) in (True, False)
    )


def _suspects(arr: pa.Array, node: dict[str, Any], path: FieldPath) -> np.ndarray:
    """One bool per element of `arr`."""
    n = len(arr)
    types = _types(node)
    if arr.null_count and "null" not in types:
        bad = np.asarray(arr.is_null())
    else:
        bad = np.zeros(n, dtype=bool)
    if "object" in types:
        if not _object_checkable(node) or {f.name for f in arr.type} != set(node["properties"]):
            return np.ones(n, dtype=bool)
        for name, sub in node["properties"].items():
            bad |= _suspects(arr.field(name), sub, (*path, name))
        return bad
    if "array" in types:
        if set(node) - _ANNOTATIONS > _ARRAY_KEYS or not isinstance(node.get("items"), dict):
            return np.ones(n, dtype=bool)
        offsets = np.asarray(arr.offsets)
        items = arr.values.slice(offsets[0], offsets[-1] - offsets[0])
        item_bad = _suspects(items, node["items"], path)
        if item_bad.any():
            owner = np.repeat(np.arange(n), np.diff(offsets))
            bad[owner[item_bad]] = True
        return bad
    return bad | _leaf_suspects(arr, node, path)


def _leaf_suspects(arr: pa.Array, node: dict[str, Any], path: FieldPath) -> np.ndarray:
    keys = set(node) - _ANNOTATIONS - {"type"}
    if any(k.startswith("$") for k in keys):
        return np.ones(len(arr), dtype=bool)  # a reference cannot be checked standalone
    bad = np.zeros(len(arr), dtype=bool)
    if pa.types.is_floating(arr.type):
        # NaN and infinities are not JSON numbers; leave their verdict to the dict path.
        bad |= _true_where(pc.invert(pc.is_finite(arr)))
    if pa.types.is_date32(arr.type):
        if path not in DATE_FIELDS:
            return np.ones(len(arr), dtype=bool)  # the dict path would see a date object
        days = arr.cast(pa.int32())
        out_of_range = pc.or_(pc.less(days, _DAYS[0]), pc.greater(days, _DAYS[1]))
        bad |= _true_where(out_of_range)
    for key in keys & _BOUNDS.keys():
        bad |= _bound_breaks(arr, key, node[key])
    for key in keys & _LENGTHS.keys():
        bad |= _length_breaks(arr, key, node[key])
    if keys - _BOUNDS.keys() - _LENGTHS.keys():
        bad |= _distinct_suspects(arr, node, bad)
    return bad


def _bound_breaks(arr: pa.Array, key: str, bound: float) -> np.ndarray:
    """Elements breaking a numeric bound; nulls never do (they are judged apart)."""
    if pa.types.is_integer(arr.type) and not arr.null_count:
        info = np.iinfo(arr.type.to_pandas_dtype())
        if (key == "maximum" and bound >= info.max) or (key == "minimum" and bound <= info.min):
            return np.zeros(len(arr), dtype=bool)  # the Arrow type cannot break it
        return _NUMPY_BOUNDS[key](np.asarray(arr), bound)
    return _true_where(_BOUNDS[key](arr, bound))


def _length_breaks(arr: pa.Array, key: str, limit: int) -> np.ndarray:
    """Elements breaking minLength/maxLength (code points). A string of b UTF-8 bytes has
    between ceil(b / 4) and b code points, so the byte length alone decides most strings; only
    the rest are counted."""
    nbytes = _byte_lengths(arr)
    if arr.null_count:
        nbytes[np.asarray(arr.is_null())] = limit  # neither bad nor undecided
    least = -(-nbytes // 4)
    if key == "minLength":
        bad, sure_ok = nbytes < limit, least >= limit
    else:
        bad, sure_ok = least > limit, nbytes <= limit
    undecided = np.flatnonzero(~(bad | sure_ok))
    if len(undecided):
        counts = pc.fill_null(pc.utf8_length(arr.take(undecided)), limit)
        counts = np.asarray(counts).astype(np.int64)
        bad[undecided] = _LENGTHS[key](counts, limit)
    return bad


def _byte_lengths(arr: pa.Array) -> np.ndarray:
    """The UTF-8 byte length of every string, read off the offsets (a new, writable array; the
    batch is sound, so its offsets never decrease)."""
    if arr.type != pa.string():
        return np.asarray(pc.fill_null(pc.binary_length(arr), 0)).astype(np.int64)
    return np.diff(string_offsets(arr))  # int32: sound offsets


def _distinct_suspects(arr: pa.Array, node: dict[str, Any], known_bad: np.ndarray) -> np.ndarray:
    """Elements whose value the node's own sub-schema rejects, asking once per distinct value."""
    values = pc.unique(arr.filter(pa.array(~known_bad)) if known_bad.any() else arr).drop_null()
    as_json = values.to_pylist()
    if pa.types.is_date32(arr.type):
        as_json = [d.isoformat() for d in as_json]  # what write.parquet.from_arrow_row gives
    is_valid = _validator(json.dumps(node, sort_keys=True)).is_valid
    rejected = values.filter(pa.array([not is_valid(v) for v in as_json], type=pa.bool_()))
    if not len(rejected):
        return np.zeros(len(arr), dtype=bool)
    return _true_where(pc.is_in(arr, value_set=rejected))


@cache
def _validator(node_json: str) -> Any:
    return jsonschema_rs.Draft202012Validator(json.loads(node_json), validate_formats=True)


def _true_where(mask: pa.Array) -> np.ndarray:
    """A bool Arrow array as numpy, null counted as False (a null is judged separately)."""
    return np.asarray(pc.fill_null(mask, False) if mask.null_count else mask)
