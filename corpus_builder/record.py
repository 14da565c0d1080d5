"""AnnotatedDocument -> a plain dict conforming to schema/article.schema.json."""

from __future__ import annotations

from dataclasses import asdict, fields
from functools import cache
from typing import Any

from . import SCHEMA_VERSION, __version__
from .types import AnnotatedDocument

# Values `dataclasses.asdict` returns as they are (its deep copy of them is the same object).
_ATOMIC = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def plain(obj: Any) -> dict[str, Any]:
    """`dataclasses.asdict(obj)` for a dataclass whose fields hold atomic values or lists of
    them (Entity, Quote, Metadata), without asdict's recursion and deep copies (most of the
    record's cost on an article with many entities); any other field value: asdict itself."""
    out: dict[str, Any] = {}
    for name in _field_names(type(obj)):
        value = getattr(obj, name)
        kind = type(value)
        if kind in _ATOMIC:
            out[name] = value
        elif kind is list and all(type(v) in _ATOMIC for v in value):
            out[name] = list(value)
        else:
            return asdict(obj)
    return out


def to_record(ad: AnnotatedDocument) -> dict[str, Any]:
    doc = ad.document
    src = doc.source
    return {
        "id": doc.id,
        "schema_version": SCHEMA_VERSION,
        # Near-duplicate clustering is corpus-wide; assembly rewrites this for clustered copies.
        "cluster_id": doc.id,
        "source": {
            "uri": src.uri,
            "path": src.path,
            "format": src.format,
            "sha256": src.sha256,
            "site": doc.site,
            "fetch_date": src.fetch_date,
        },
        "metadata": plain(doc.metadata),
        "text": doc.text,
        "paragraphs": [{"start": p.start, "end": p.end} for p in doc.paragraphs],
        "entities": [plain(e) for e in sorted(ad.entities, key=lambda e: (e.start, e.end))],
        "quotes": [plain(q) for q in sorted(ad.quotes, key=lambda q: (q.start, q.end))],
        "provenance": {
            "builder_version": __version__,
            "extractor": doc.extractor,
            "models": sorted(ad.models),
            "linalg": ad.linalg,
        },
    }
