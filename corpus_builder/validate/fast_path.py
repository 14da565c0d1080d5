"""The fast yes/no version of the semantic invariants, run on every record.

It checks whole columns of offsets with C-level `map` and comprehensions instead of a function
call per span, and never explains anything: when it says no (or an odd value makes it raise),
invariants.invariant_problems runs and words the problems. It must never say yes to a record
that invariant_problems would fault; tests/test_validate.py checks the two agree.
"""

from __future__ import annotations

from operator import itemgetter, le
from typing import Any

from .invariants import SEPARATOR, mentions_speaker


def invariants_hold(record: dict[str, Any]) -> bool:
    """True only when invariant_problems(record) is empty; for a schema-valid record."""
    try:
        return _holds(record)
    except (TypeError, KeyError, IndexError, AttributeError):
        return False


_START, _END, _TEXT = itemgetter("start"), itemgetter("end"), itemgetter("text")
_PARAGRAPH = itemgetter("paragraph")
_SPEAKER = itemgetter("speaker", "speaker_start", "speaker_end")
_CUE = itemgetter("cue", "cue_start", "cue_end")
_CONFIDENCE = itemgetter("speaker", "speaker_confidence")


def _holds(record: dict[str, Any]) -> bool:
    text: str = record["text"]
    n = len(text)
    cut = text.__getitem__
    paras = record["paragraphs"]
    ps = list(map(_START, paras))
    pe = list(map(_END, paras))
    if paras:
        # With every start <= end, first start 0, last end n and exactly "\n\n" between
        # neighbours, text is the join of the paragraphs (so they are ordered and in range).
        if ps[0] != 0 or pe[-1] != n or not all(map(le, ps, pe)):
            return False
        if list(map(cut, map(slice, pe, ps[1:]))) != [SEPARATOR] * (len(ps) - 1):
            return False
    elif n:
        return False
    ents = record["entities"]
    if ents:
        es = list(map(_START, ents))
        ee = list(map(_END, ents))
        # start <= end and end <= next start: ordered and flat, so the last end is the maximum.
        if ee[-1] > n or not all(map(le, es, ee)) or not all(map(le, ee, es[1:])):
            return False
        if list(map(cut, map(slice, es, ee))) != list(map(_TEXT, ents)):
            return False
    quotes = record["quotes"]
    if not quotes:
        return True
    qs = list(map(_START, quotes))
    qe = list(map(_END, quotes))
    if max(qe) > n or not all(map(le, qs, qe)) or not all(map(le, qs, qs[1:])):
        return False
    if list(map(cut, map(slice, qs, qe))) != list(map(_TEXT, quotes)):
        return False
    index = list(map(_PARAGRAPH, quotes))  # an index past the end raises IndexError: False
    if not all(map(le, map(ps.__getitem__, index), qs)) or not all(
        map(le, qe, map(pe.__getitem__, index))
    ):
        return False
    for speaker, confidence in map(_CONFIDENCE, quotes):
        if (speaker is None) != (confidence is None):
            return False
    mentions = None
    for speaker, ss, se in map(_SPEAKER, quotes):
        if ss is None and se is None:
            continue
        if ss is None or se is None or speaker is None or ss > se or se > n:
            return False
        mention = text[ss:se]
        if mention != speaker:
            if mentions is None:
                mentions = [(e["start"], e["end"], e["canonical"]) for e in ents]
            if not mentions_speaker(mention, speaker, (ss, se), mentions):
                return False
    for cue, cs, ce in map(_CUE, quotes):
        if cue is None:
            if cs is not None or ce is not None:
                return False
        elif cs is None or ce is None or cs > ce or ce > n or text[cs:ce] != cue:
            return False
    return True
