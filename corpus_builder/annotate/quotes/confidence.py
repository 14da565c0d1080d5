"""`speaker_confidence`: how often a speaker chosen on the same evidence was right.

The evidence is the attribution rule that chose the speaker, the kind of speaker (a name, a
pronoun resolved to a name, a group noun) and the kind of quote. Its precision was measured on
PolNeAR train and calibrated on folds held out by publisher (`benchmarks/speaker_confidence.py`
writes `resources/speaker_confidence.json`); a quote takes the figure of its most specific
evidence group in that table. A group not shown to be at least 95% right stays below 0.9, so
that "confidence >= 0.9" can be trusted as a filter. No speaker, no confidence.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from corpus_builder.types import Quote

TABLE_PATH = Path(__file__).resolve().parents[2] / "resources" / "speaker_confidence.json"
CONFIDENCE_CAP = 0.89  # the most a group not shown to be >= 95% right may get
TARGET_PRECISION = 0.95
WILSON_Z = 1.645  # one-sided 95%
_PRONOUN_SUFFIX = "+pronoun"


def speaker_kind(attribution: str, speaker: str) -> str:
    """name, pronoun (resolved to a name by pronoun_resolution) or group ("the police")."""
    if attribution.endswith(_PRONOUN_SUFFIX):
        return "pronoun"
    return "name" if speaker[:1].isupper() and not speaker.startswith("The ") else "group"


def evidence_keys(attribution: str, speaker: str, kind: str) -> list[str]:
    """Evidence groups of one attributed quote, general to specific: rule, rule|speaker kind,
    rule|speaker kind|quote kind."""
    rule = attribution.removesuffix(_PRONOUN_SUFFIX)
    who = speaker_kind(attribution, speaker)
    return [rule, f"{rule}|{who}", f"{rule}|{who}|{kind}"]


def wilson_lower(right: int, n: int, z: float = WILSON_Z) -> float:
    """One-sided lower bound of a precision measured as right/n (Wilson score interval)."""
    if n == 0:
        return 0.0
    p = right / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - margin) / (1 + z * z / n)


def may_reach_high(right: int, n: int) -> bool:
    """Whether a group may be given >= 0.9: its precision is shown to be >= 95%."""
    return wilson_lower(right, n) >= TARGET_PRECISION


def table_confidence(groups: dict[str, Any], keys: list[str]) -> float:
    """The figure of the most specific key the table holds; the table's overall figure for a
    rule it has never seen (a new sieve rule)."""
    for key in reversed(keys):
        if key in groups:
            return float(groups[key]["confidence"])
    return float(groups["*"]["confidence"])


@cache
def _groups() -> dict[str, Any]:
    return json.loads(TABLE_PATH.read_text(encoding="utf-8"))["groups"]


def with_confidence(quote: Quote) -> Quote:
    """`quote` with its speaker_confidence (None when it has no speaker)."""
    if quote.speaker is None:
        return replace(quote, speaker_confidence=None)
    keys = evidence_keys(quote.attribution or "", quote.speaker, quote.kind)
    return replace(quote, speaker_confidence=table_confidence(_groups(), keys))
