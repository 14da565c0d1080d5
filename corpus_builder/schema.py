"""The one record definition, `schema/article.schema.json`, and what is derived from it.

The Arrow schema used to write Parquet and the `datasets.Features` of the dataset card
are computed here from the JSON Schema, never written by hand.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa

_REPO_SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "article.schema.json"


@cache
def article_schema() -> dict[str, Any]:
    """The JSON Schema of a record (the repo copy when running from a checkout)."""
    if _REPO_SCHEMA.is_file():
        return json.loads(_REPO_SCHEMA.read_text(encoding="utf-8"))
    packaged = resources.files("corpus_builder") / "resources" / "article.schema.json"
    return json.loads(packaged.read_text(encoding="utf-8"))


def _int_type(node: dict[str, Any]) -> pa.DataType:
    lo, hi = node.get("minimum"), node.get("maximum")
    if lo is not None and hi is not None and lo >= -(2**31) and hi < 2**31:
        return pa.int32()
    return pa.int64()


def _base_type(node: dict[str, Any]) -> str:
    t = node.get("type")
    if isinstance(t, list):
        rest = [x for x in t if x != "null"]
        if len(rest) != 1:
            raise ValueError(f"cannot map union type {t} to Arrow")
        return rest[0]
    return t


def _nullable(node: dict[str, Any]) -> bool:
    t = node.get("type")
    return isinstance(t, list) and "null" in t


def node_to_arrow(node: dict[str, Any]) -> pa.DataType:
    """Arrow type of one JSON Schema node (objects -> struct, arrays -> list)."""
    t = _base_type(node)
    if t == "object":
        return pa.struct(
            [
                pa.field(name, node_to_arrow(sub), nullable=_nullable(sub))
                for name, sub in node["properties"].items()
            ]
        )
    if t == "array":
        return pa.list_(pa.field("item", node_to_arrow(node["items"]), nullable=True))
    if t == "string":
        return pa.date32() if node.get("format") == "date" else pa.string()
    if t == "integer":
        return _int_type(node)
    if t == "number":
        return pa.float64()
    if t == "boolean":
        return pa.bool_()
    raise ValueError(f"cannot map JSON Schema type {t!r} to Arrow")


def node_to_feature(node: dict[str, Any]) -> Any:
    """`datasets` feature of one JSON Schema node (enums stay strings in the articles config)."""
    from datasets import List, Value

    t = _base_type(node)
    if t == "object":
        return {name: node_to_feature(sub) for name, sub in node["properties"].items()}
    if t == "array":
        return List(node_to_feature(node["items"]))
    arrow = node_to_arrow(node)
    return Value("date32" if arrow == pa.date32() else str(arrow))


@cache
def article_features() -> Any:
    """`datasets.Features` of the articles config."""
    from datasets import Features

    props = article_schema()["properties"]
    return Features({name: node_to_feature(sub) for name, sub in props.items()})


@cache
def article_arrow_schema() -> pa.Schema:
    """Arrow schema for writing article Parquet: nullability from the JSON Schema,
    plus the `huggingface` metadata key so `datasets` restores the exact features."""
    props = article_schema()["properties"]
    required = set(article_schema()["required"])
    fields = [
        pa.field(name, node_to_arrow(sub), nullable=name not in required or _nullable(sub))
        for name, sub in props.items()
    ]
    hf_meta = article_features().arrow_schema.metadata
    return pa.schema(fields, metadata=hf_meta)


def enum_values(*path: str) -> list[str]:
    """The enum of a nested property, e.g. enum_values("entities", "label")."""
    node: dict[str, Any] = article_schema()
    for key in path:
        node = node["properties"][key]
        if node.get("type") == "array":
            node = node["items"]
    return list(node["enum"])
