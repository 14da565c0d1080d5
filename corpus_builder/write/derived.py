"""The derived training configs: `ner` (one row per paragraph, tokens + BIO tags) and `quotes`
(one row per quote, with context and speaker candidates), computed from article records.

Both are pure functions of one record, so they run next to the articles writer on any worker.
Records may be JSON-shaped (ISO dates) or Arrow rows: only text, spans and labels are read.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import MutableMapping
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

import pyarrow as pa
from datasets import ClassLabel, Features, List, Value

from ..schema import enum_values

# A regex tokenizer rather than spaCy: the ner config must be reproducible byte for byte across
# builds and spaCy versions (its tokenizer exceptions change between releases), and loading a
# pipeline only to split words would dominate the cost of this stage. The rules follow the
# CoNLL/PTB habits that matter for entity boundaries: possessive "'s" and "n't" are split off,
# abbreviations and numbers with inner dots or hyphens stay whole ("U.S", "3.5", "e-mail"), and
# every other non-space symbol is a token of its own.
TOKEN_RE = re.compile(
    r"\w+(?=n['’]t\b)"  # "do|n't", "wo|n't"
    r"|n['’]t\b"
    r"|['’][sS]\b"  # possessive / clitic 's
    r"|\w+(?:[-.]\w+)*"
    r"|[^\w\s]"
)

# Entity labels whose canonical names can be quote speakers (schema: "a group as written").
SPEAKER_LABELS = ("PERSON", "ORG", "NORP")
# Paragraphs on each side of a quote's paragraph that form its context and candidate window.
QUOTE_WINDOW = 1


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token spans (start, end) of `text`, in order."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


def bio_labels() -> list[str]:
    """O, then B-X, I-X for every entity label of the schema enum, in the enum's order, so the
    ClassLabel ids of files from different builds agree."""
    names = ["O"]
    for label in enum_values("entities", "label"):
        names += [f"B-{label}", f"I-{label}"]
    return names


NER_LABELS: list[str] = bio_labels()
_NER_ID = {name: i for i, name in enumerate(NER_LABELS)}

NER_FEATURES = Features(
    {
        "id": Value("string"),
        "paragraph": Value("int32"),
        "tokens": List(Value("string")),
        "ner_tags": List(ClassLabel(names=NER_LABELS)),
    }
)
NER_DESCRIPTIONS: dict[str, str] = {
    "id": "Id of the article the paragraph comes from.",
    "paragraph": "Index of the paragraph in the article.",
    "tokens": "Words of the paragraph (deterministic regex tokenizer, no whitespace tokens).",
    "ner_tags": "BIO tag of each token over the OntoNotes labels (ClassLabel ids).",
}

QUOTE_FEATURES = Features(
    {
        "id": Value("string"),
        "article_id": Value("string"),
        "quote": Value("string"),
        "kind": Value("string"),
        "paragraph": Value("int32"),
        "start": Value("int32"),
        "end": Value("int32"),
        "context": {
            "previous": Value("string"),
            "paragraph": Value("string"),
            "next": Value("string"),
        },
        "speaker": Value("string"),
        "speaker_confidence": Value("float64"),
        "candidates": List(Value("string")),
        "candidate_labels": List(Value("string")),
        "candidate_distances": List(Value("int32")),
        "label": Value("int32"),
    }
)
QUOTE_DESCRIPTIONS: dict[str, str] = {
    "id": "`<article id>#q<index of the quote in the article>`.",
    "article_id": "Id of the article.",
    "quote": "Quoted words, quotation marks excluded.",
    "kind": "`direct` (a whole statement) or `partial` (a fragment inside a paraphrase).",
    "paragraph": "Index of the paragraph holding the quote.",
    "start": "Start of the quote in `context.paragraph` (code points).",
    "end": "End of the quote in `context.paragraph`, exclusive.",
    "context": "Text of the previous paragraph (null for the first), the quote's paragraph "
    "and the next paragraph (null for the last).",
    "speaker": "Canonical name of the speaker, or null.",
    "speaker_confidence": "Estimated probability that `speaker` is right (0-1, from the evidence "
    "that chose it, calibrated on held-out publishers); null exactly when `speaker` is null. "
    "Keep quotes at >= 0.9 for a cleaner training set.",
    "candidates": "Distinct canonical PERSON/ORG/NORP names mentioned in the context paragraphs, "
    "in order of first mention.",
    "candidate_labels": "Entity label of each candidate (of its first mention).",
    "candidate_distances": "Signed distance in code points from the quote to the nearest mention "
    "of each candidate: negative before the quote, positive after, 0 inside it.",
    "label": "Index of `speaker` in `candidates`, or -1 when there is no speaker or the speaker "
    "is not among the candidates.",
}


@cache
def ner_arrow_schema() -> pa.Schema:
    """Arrow schema of the ner Parquet files, with the `huggingface` metadata (ClassLabel names)."""
    return NER_FEATURES.arrow_schema


@cache
def quote_arrow_schema() -> pa.Schema:
    """Arrow schema of the quotes Parquet files, with the `huggingface` metadata."""
    return QUOTE_FEATURES.arrow_schema


@dataclass
class NerStats:
    """How entity spans mapped onto tokens. `partial`: the entity starts or ends inside a token
    (e.g. "Pyongyang" in "Pyongyang-based"); such a token is tagged when more than half of its
    characters lie inside the entity. `dropped`: no token could carry the entity (every
    overlapping token was mostly outside it, already tagged, or the entity crosses paragraphs)."""

    entities: int = 0
    exact: int = 0
    partial: int = 0
    dropped: int = 0

    def __iadd__(self, other: NerStats) -> NerStats:
        self.entities += other.entities
        self.exact += other.exact
        self.partial += other.partial
        self.dropped += other.dropped
        return self

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


def _paragraph_entities(record: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Entities grouped by the paragraph that holds them, plus one last group of the entities
    that no single paragraph holds."""
    spans = record["paragraphs"]
    groups: list[list[dict[str, Any]]] = [[] for _ in spans]
    crossing: list[dict[str, Any]] = []
    p = 0
    for ent in sorted(record["entities"], key=lambda e: (e["start"], e["end"])):
        while p < len(spans) and spans[p]["end"] <= ent["start"]:
            p += 1
        if p < len(spans) and spans[p]["start"] <= ent["start"] and ent["end"] <= spans[p]["end"]:
            groups[p].append(ent)
        else:
            crossing.append(ent)
    groups.append(crossing)
    return groups


def annotated(record: dict[str, Any]) -> bool:
    """Whether a model ran on the record. Records in a language the model does not annotate
    carry no model in their provenance; their all-`O` rows would teach "no entities here"."""
    return bool((record.get("provenance") or {}).get("models"))


def ner_rows_with_stats(record: dict[str, Any]) -> tuple[list[dict[str, Any]], NerStats]:
    """One row per paragraph with at least one token, and the alignment counts; none for a
    record no model annotated."""
    if not annotated(record):
        return [], NerStats()
    text = record["text"]
    groups = _paragraph_entities(record)
    stats = NerStats(entities=len(record["entities"]), dropped=len(groups[-1]))
    rows = []
    for index, span in enumerate(record["paragraphs"]):
        start = span["start"]
        para = text[start : span["end"]]
        toks = tokenize(para)
        if not toks:
            stats.dropped += len(groups[index])
            continue
        tags = [0] * len(toks)
        ends = [e for _, e in toks]
        for ent in groups[index]:
            es, ee = ent["start"] - start, ent["end"] - start
            chosen = []
            partial = False
            # Tokens are ordered and disjoint: start at the first one ending after the entity
            # starts, stop at the first one starting after it ends.
            for t in range(bisect_right(ends, es), len(toks)):
                ts, te = toks[t]
                if ts >= ee:
                    break
                overlap = min(te, ee) - max(ts, es)
                if ts < es or te > ee:
                    partial = True
                    if overlap * 2 <= te - ts:
                        continue
                if tags[t]:
                    continue  # first entity wins; adjacent entities never share a token's tag
                chosen.append(t)
            if not chosen:
                stats.dropped += 1
                continue
            stats.partial += partial
            stats.exact += not partial
            label = ent["label"]
            if f"B-{label}" not in _NER_ID:
                raise ValueError(
                    f"record {record['id']!r}: entity label {label!r} is not in the schema enum"
                )
            for k, t in enumerate(chosen):
                tags[t] = _NER_ID[f"{'B' if k == 0 else 'I'}-{label}"]
        rows.append(
            {
                "id": record["id"],
                "paragraph": index,
                "tokens": [para[s:e] for s, e in toks],
                "ner_tags": tags,
            }
        )
    return rows, stats


def ner_rows(
    record: dict[str, Any], stats: NerStats | MutableMapping[str, int] | None = None
) -> list[dict[str, Any]]:
    """The ner config rows of one article. The alignment counts of the article are added to
    `stats` when given (a `NerStats`, or a `Counter` keyed like `NerStats.to_dict()`)."""
    rows, counts = ner_rows_with_stats(record)
    if isinstance(stats, NerStats):
        stats += counts
    elif stats is not None:
        for key, value in counts.to_dict().items():
            stats[key] = stats.get(key, 0) + value
    return rows


def _distance(ent: dict[str, Any], qs: int, qe: int) -> int:
    if ent["end"] <= qs:
        return ent["end"] - qs
    if ent["start"] >= qe:
        return ent["start"] - qe
    return 0


def quote_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per quote of the article, with context paragraphs and speaker candidates;
    none for a record no model annotated."""
    if not annotated(record):
        return []
    text = record["text"]
    spans = record["paragraphs"]
    rows = []
    for qi, quote in enumerate(record["quotes"]):
        p = quote["paragraph"]
        if not 0 <= p < len(spans):
            raise ValueError(
                f"record {record['id']!r}: quote {qi} names paragraph {p}, "
                f"but the article has {len(spans)} paragraphs"
            )
        lo, hi = max(0, p - QUOTE_WINDOW), min(len(spans) - 1, p + QUOTE_WINDOW)
        win_start, win_end = spans[lo]["start"], spans[hi]["end"]
        qs, qe = quote["start"], quote["end"]
        candidates: dict[str, tuple[str, int]] = {}
        for ent in record["entities"]:
            if ent["label"] not in SPEAKER_LABELS:
                continue
            if ent["start"] < win_start or ent["end"] > win_end:
                continue
            d = _distance(ent, qs, qe)
            name = ent["canonical"]
            if name not in candidates:
                candidates[name] = (ent["label"], d)
            elif abs(d) < abs(candidates[name][1]):
                candidates[name] = (candidates[name][0], d)
        names = list(candidates)
        speaker = quote["speaker"]
        para_start = spans[p]["start"]

        def para_text(i: int) -> str | None:
            if i < 0 or i >= len(spans):
                return None
            return text[spans[i]["start"] : spans[i]["end"]]

        rows.append(
            {
                "id": f"{record['id']}#q{qi}",
                "article_id": record["id"],
                "quote": quote["text"],
                "kind": quote["kind"],
                "paragraph": p,
                "start": qs - para_start,
                "end": qe - para_start,
                "context": {
                    "previous": para_text(p - 1),
                    "paragraph": para_text(p),
                    "next": para_text(p + 1),
                },
                "speaker": speaker,
                "speaker_confidence": quote.get("speaker_confidence"),
                "candidates": names,
                "candidate_labels": [candidates[n][0] for n in names],
                "candidate_distances": [candidates[n][1] for n in names],
                "label": names.index(speaker) if speaker in candidates else -1,
            }
        )
    return rows
