"""Corpus statistics for the dataset card, computed in one streaming pass, and their plot."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..schema import enum_values

PLOT_NAME = "images/stats.png"  # relative to the dataset folder
TOP_SPEAKERS = 10


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _ranked(counter: Counter[str], limit: int | None = None) -> list[list[Any]]:
    """[[name, count], ...] by count descending, then name, so ties are ordered the same way on
    every run."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return [[k, v] for k, v in items[:limit]]


def compute_stats(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Counts over article records (JSON-shaped or Arrow rows); JSON-serialisable and
    independent of record order."""
    labels = enum_values("entities", "label")
    entity_labels: Counter[str] = Counter({label: 0 for label in labels})
    speakers: Counter[str] = Counter()
    sites: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    quotes_per_article: Counter[int] = Counter()
    years: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    extractors: Counter[str] = Counter()
    models: Counter[str] = Counter()
    articles = paragraphs = quotes = with_speaker = chars = 0
    first: str | None = None
    last: str | None = None
    for rec in records:
        articles += 1
        paragraphs += len(rec["paragraphs"])
        chars += len(rec["text"])
        quotes += len(rec["quotes"])
        quotes_per_article[len(rec["quotes"])] += 1
        for q in rec["quotes"]:
            kinds[q["kind"]] += 1
            if q["speaker"]:
                with_speaker += 1
                speakers[q["speaker"]] += 1
        for e in rec["entities"]:
            entity_labels[e["label"]] += 1
        meta = rec["metadata"]
        date = _iso(meta.get("published_date"))
        if date:
            first = date if first is None or date < first else first
            last = date if last is None or date > last else last
            years[date[:4]] += 1
        sites[rec["source"].get("site") or "unknown"] += 1
        languages[meta.get("language") or "unknown"] += 1
        prov = rec.get("provenance") or {}
        if prov.get("extractor"):
            extractors[prov["extractor"]] += 1
        models.update(prov.get("models") or [])
    return {
        "articles": articles,
        "paragraphs": paragraphs,
        "characters": chars,
        "quotes": quotes,
        "quotes_with_speaker": with_speaker,
        "quote_kinds": dict(sorted(kinds.items())),
        "entities": sum(entity_labels.values()),
        # Every schema label, in enum order, zeros included, so cards of two builds compare.
        "entities_per_label": {label: entity_labels[label] for label in labels},
        "distinct_speakers": len(speakers),
        "top_speakers": _ranked(speakers, TOP_SPEAKERS),
        "date_range": {"first": first, "last": last},
        "dated_articles": sum(years.values()),
        "articles_per_year": dict(sorted(years.items())),
        "sites": _ranked(sites),
        "languages": _ranked(languages),
        "extractors": _ranked(extractors),
        "models": _ranked(models),
        "quotes_per_article": {str(k): quotes_per_article[k] for k in sorted(quotes_per_article)},
    }


def plot(stats: dict[str, Any], path: Path) -> Path:
    """PNG with entity mentions per label, the distribution of quotes per article and the
    articles per publication year."""
    import matplotlib

    matplotlib.use("Agg")  # no display on build machines
    import matplotlib.pyplot as plt

    labels = list(stats["entities_per_label"])
    counts = [stats["entities_per_label"][k] for k in labels]
    qpa = stats["quotes_per_article"]
    years = stats.get("articles_per_year") or {}
    fig, (left, right, dates) = plt.subplots(1, 3, figsize=(15, 4.5), dpi=100)
    left.barh(labels[::-1], counts[::-1], color="#4c72b0")
    left.set_title("Entity mentions per label")
    left.set_xlabel("mentions")
    right.bar([int(k) for k in qpa], list(qpa.values()), color="#dd8452")
    right.set_title("Quotes per article")
    right.set_xlabel("quotes in the article")
    right.set_ylabel("articles")
    right.xaxis.get_major_locator().set_params(integer=True)
    right.yaxis.get_major_locator().set_params(integer=True)
    dates.bar([int(y) for y in years], list(years.values()), color="#55a868")
    undated = stats["articles"] - stats.get("dated_articles", 0)
    dates.set_title(f"Articles per publication year ({undated} without a date)")
    dates.set_xlabel("year")
    dates.set_ylabel("articles")
    dates.xaxis.get_major_locator().set_params(integer=True)
    dates.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    # No Software/date metadata in the PNG, so the same stats give the same bytes.
    fig.savefig(path, format="png", metadata={"Software": None})
    plt.close(fig)
    return path
