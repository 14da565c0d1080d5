"""One builder of hand-made records for the test corpora: an article is authored as paragraphs
plus entity and quote mentions named by their text, and the offsets are computed here, so they
are right by construction.

Spec keys: `id`, `site`, `title`, `date`, `paragraphs`, `entities`, `quotes`, and optionally
`subtitle`, `site_name`, `authors`.
- entity: (paragraph, mention, label, canonical, nth occurrence of the mention in the paragraph)
- quote: {"p", "text", "speaker", "mention": (text, nth) | None, "cue": (text, nth) | None,
  "rule", "kind" (default "direct")}
"""

from __future__ import annotations

from typing import Any

from corpus_builder.types import Document


def locate(spec: dict[str, Any], p: int, mention: str, nth: int) -> tuple[int, int]:
    """Offsets in the joined text of the nth occurrence of `mention` in paragraph p."""
    text, spans = Document.join(spec["paragraphs"])
    para = spec["paragraphs"][p]
    at = -1
    for _ in range(nth + 1):
        at = para.find(mention, at + 1)
        if at < 0:
            raise ValueError(f"{spec['id']}: {mention!r} (occurrence {nth}) not in {para!r}")
    start = spans[p].start + at
    return start, start + len(mention)


def record_from_spec(
    spec: dict[str, Any], source: dict[str, Any], extractor: str, models: list[str]
) -> dict[str, Any]:
    """A schema-conforming, JSON-shaped record (dates as ISO strings)."""
    text, spans = Document.join(spec["paragraphs"])
    entities = []
    for p, mention, label, canonical, nth in spec["entities"]:
        s, e = locate(spec, p, mention, nth)
        entities.append(
            {"start": s, "end": e, "text": mention, "label": label, "canonical": canonical}
        )
    quotes = []
    for q in spec["quotes"]:
        s, e = locate(spec, q["p"], q["text"], 0)
        ms, me = locate(spec, q["p"], *q["mention"]) if q["mention"] else (None, None)
        cs, ce = locate(spec, q["p"], *q["cue"]) if q["cue"] else (None, None)
        quotes.append(
            {
                "start": s,
                "end": e,
                "text": q["text"],
                "paragraph": q["p"],
                "kind": q.get("kind", "direct"),
                "speaker": q["speaker"],
                "speaker_start": ms,
                "speaker_end": me,
                "cue": q["cue"][0] if q["cue"] else None,
                "cue_start": cs,
                "cue_end": ce,
                "attribution": q["rule"],
                "speaker_confidence": q.get("confidence", 0.9) if q["speaker"] else None,
            }
        )
    authors = spec.get("authors", [])
    return {
        "id": spec["id"],
        "schema_version": "1.1",
        "cluster_id": spec.get("cluster_id", spec["id"]),
        "source": {**source, "site": spec["site"]},
        "metadata": {
            "title": spec["title"],
            "subtitle": spec.get("subtitle"),
            "byline": ("By " + " and ".join(authors)) if authors else None,
            "authors": authors,
            "published_date": spec["date"],
            "site_name": spec.get("site_name"),
            "section": None,
            "topics": [],
            "tags": [],
            "image_credit": None,
            "language": "en",
        },
        "text": text,
        "paragraphs": [{"start": s.start, "end": s.end} for s in spans],
        "entities": sorted(entities, key=lambda e: (e["start"], e["end"])),
        "quotes": sorted(quotes, key=lambda q: (q["start"], q["end"])),
        "provenance": {
            "builder_version": "0.1.0",
            "extractor": extractor,
            "models": models,
            "linalg": "blis" if models else None,
        },
    }
