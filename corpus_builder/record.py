"""AnnotatedDocument -> a plain dict conforming to schema/article.schema.json."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from . import SCHEMA_VERSION, __version__
from .types import AnnotatedDocument


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
        "metadata": asdict(doc.metadata),
        "text": doc.text,
        "paragraphs": [{"start": p.start, "end": p.end} for p in doc.paragraphs],
        "entities": [asdict(e) for e in sorted(ad.entities, key=lambda e: (e.start, e.end))],
        "quotes": [asdict(q) for q in sorted(ad.quotes, key=lambda q: (q.start, q.end))],
        "provenance": {
            "builder_version": __version__,
            "extractor": doc.extractor,
            "models": sorted(ad.models),
            "linalg": ad.linalg,
        },
    }
