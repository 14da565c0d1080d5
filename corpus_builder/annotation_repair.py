"""Drop the annotations of a record that break their own invariants, so that one bad
annotation never costs the article (issue 14).

The checks are validate's own (`record_problems`: the JSON Schema, then the invariants), read
back by JSON path: a problem under `$.entities[i]` or `$.quotes[i]` names the annotation that
broke it. What is dropped:

- an entity with any problem (span out of range or reversed, stored text != text[start:end],
  crossing or nesting another mention): the entity;
- a quote whose own span, text, paragraph or kind is bad: the whole quote (its words are not
  where it says, so nothing of it can be kept);
- a quote whose speaker is bad (speaker_start/speaker_end out of range, half set, or pointing
  at text that is not a mention of the speaker; a confidence out of range): only the speaker
  fields -- speaker, speaker_start, speaker_end, attribution and speaker_confidence become
  null and the quote stays, unattributed;
- a quote whose cue is bad: only cue, cue_start and cue_end become null.

Dropping an entity can break a speaker that was a mention only through that entity's
canonical name, so the checks run again until nothing more is dropped. Each drop is counted
once under a stable reason code `<annotation>:<rule>` (`speaker:not_a_mention`,
`entity:text_mismatch`, `quote:outside_paragraph`; a JSON Schema keyword reads
`schema_<keyword>`). A problem anywhere else (text, paragraphs, metadata, ids) is not an
annotation's: the record is left as it is for the caller to reject.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .validate import record_problems
from .validate.problems import Problem

SPEAKER_FIELDS = ("speaker", "speaker_start", "speaker_end", "attribution", "speaker_confidence")
CUE_FIELDS = ("cue", "cue_start", "cue_end")
# $.entities[3].text, $.quotes[0].speaker_start, $.quotes[2]
_PATH = re.compile(r"^\$\.(entities|quotes)\[(\d+)\](?:\.(\w+))?")


def _target(path: str) -> tuple[str, int] | None:
    """(annotation kind, index) a problem's path belongs to, or None if not an annotation's."""
    m = _PATH.match(path)
    if m is None:
        return None
    array, index, key = m.group(1), int(m.group(2)), m.group(3)
    if array == "entities":
        return "entity", index
    if key in SPEAKER_FIELDS:
        return "speaker", index
    if key in CUE_FIELDS:
        return "cue", index
    return "quote", index


def reason_code(kind: str, rule: str) -> str:
    """`speaker:not_a_mention` from ("speaker", "speaker:not_a_mention"); schema keywords keep
    their family (`entity:schema_type`)."""
    family, _, name = rule.partition(":")
    return f"{kind}:{'schema_' + name if family == 'schema' else name or family}"


def drop_bad_annotations(record: dict[str, Any]) -> tuple[dict[str, Any], Counter[str]]:
    """`record` without the annotations that fail validation, and the drops by reason.

    The record is returned unchanged (same object) when it validates, and also when a problem
    lies outside the annotations; then the caller's own validation rejects it."""
    dropped: Counter[str] = Counter()
    while True:
        problems = record_problems(record)
        if not problems:
            return record, dropped
        targets = [(_target(p.path), p) for p in problems]
        if any(t is None for t, _ in targets):
            return record, dropped  # not an annotation's problem: the article is invalid
        repaired = _without(record, targets, dropped)
        if repaired == record:  # nothing left to drop (cannot happen for annotation paths)
            return record, dropped
        record = repaired


def _without(
    record: dict[str, Any], targets: list[tuple[Any, Problem]], dropped: Counter[str]
) -> dict[str, Any]:
    first: dict[tuple[str, int], str] = {}  # one drop per annotation, under its first problem
    for target, problem in targets:
        first.setdefault(target, problem.rule)
    bad_quotes = {i for (kind, i) in first if kind == "quote"}
    bad_entities = {i for (kind, i) in first if kind == "entity"}
    for (kind, i), rule in sorted(first.items()):
        if kind in ("speaker", "cue") and i in bad_quotes:
            continue  # the whole quote goes
        dropped[reason_code(kind, rule)] += 1
    quotes = []
    for i, q in enumerate(record.get("quotes") or []):
        if i in bad_quotes:
            continue
        for kind, fields in (("speaker", SPEAKER_FIELDS), ("cue", CUE_FIELDS)):
            if (kind, i) in first:
                q = {**q, **dict.fromkeys(fields)}
        quotes.append(q)
    entities = [e for i, e in enumerate(record.get("entities") or []) if i not in bad_entities]
    return {**record, "entities": entities, "quotes": quotes}
