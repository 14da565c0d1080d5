"""Semantic checks JSON Schema cannot express: offsets agree with `text` and with each other.

Every check reads only fields whose shape is usable (an offset must be a non-negative integer,
a text a string); a wrongly typed field is the schema check's finding, not reported twice here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .problems import Problem, child, short_value

SEPARATOR = "\n\n"
_CLIP = 40

Add = Callable[[str, str, str, Any], None]
Span = tuple[int, int]


def invariant_problems(record: Any, file: str = "", ref: str = "-") -> list[Problem]:
    """Every semantic invariant `record` breaks (see problems.RULES for the codes)."""
    if not isinstance(record, dict):
        return []
    text = record.get("text")
    if not isinstance(text, str):
        return []
    problems: list[Problem] = []

    def add(path: str, rule: str, message: str, value: Any) -> None:
        problems.append(Problem(file, ref, path, rule, message, short_value(value)))

    paragraphs = _items(record.get("paragraphs"))
    entities = _items(record.get("entities"))
    para_spans = _check_paragraphs(text, paragraphs, add)
    mentions = _check_entities(text, entities, add)
    _check_quotes(text, _items(record.get("quotes")), para_spans, mentions, add)
    return problems


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _offset(value: Any) -> int | None:
    """A usable offset, or None (a bad type or a negative value is a schema finding)."""
    if type(value) is int:
        return value if value >= 0 else None
    if type(value) is float and value.is_integer() and value >= 0:
        return int(value)  # JSON Schema counts 3.0 as an integer
    return None


def _clip(s: str) -> str:
    return repr(s if len(s) <= _CLIP else s[: _CLIP - 3] + "...")


def _span(
    obj: Any, path: str, n: int, add: Add, s_key: str = "start", e_key: str = "end"
) -> Span | None:
    """(start, end) of a span inside a text of length n, reporting range/order problems."""
    if not isinstance(obj, dict):
        return None
    start, end = _offset(obj.get(s_key)), _offset(obj.get(e_key))
    if start is None or end is None:
        return None
    if start > end:
        add(child(path, s_key), "span:reversed", f"{s_key} {start} is after {e_key} {end}", start)
        return None
    if end > n:
        add(
            child(path, e_key),
            "span:out_of_range",
            f"{e_key} {end} is beyond the end of text (length {n})",
            end,
        )
        return None
    return start, end


def _check_text(text: str, span: Span, stored: Any, path: str, add: Add) -> None:
    if isinstance(stored, str) and text[span[0] : span[1]] != stored:
        add(
            path,
            "span:text_mismatch",
            f"text[{span[0]}:{span[1]}] is {_clip(text[span[0] : span[1]])}, "
            f"not the stored {_clip(stored)}",
            stored,
        )


def _check_paragraphs(text: str, paragraphs: list[Any], add: Add) -> list[Span | None]:
    """Paragraph spans (None where unusable); text must be exactly their "\\n\\n" join."""
    n = len(text)
    spans = [_span(p, f"$.paragraphs[{i}]", n, add) for i, p in enumerate(paragraphs)]
    if not spans:
        if n:
            add(
                "$.paragraphs",
                "paragraphs:cover",
                "text is not empty but there are no paragraphs",
                [],
            )
        return spans
    if spans[0] is not None and spans[0][0] != 0:
        add(
            "$.paragraphs[0].start",
            "paragraphs:cover",
            f"the first paragraph must start at 0; text[0:{spans[0][0]}] is not covered",
            spans[0][0],
        )
    for i in range(1, len(spans)):
        prev, cur = spans[i - 1], spans[i]
        if prev is None or cur is None:
            continue
        if cur[0] < prev[1]:
            add(
                f"$.paragraphs[{i}].start",
                "paragraphs:order",
                f"paragraph {i} starts at {cur[0]}, before paragraph {i - 1} ends ({prev[1]})",
                cur[0],
            )
        elif text[prev[1] : cur[0]] != SEPARATOR:
            gap = text[prev[1] : cur[0]]
            add(
                f"$.paragraphs[{i}].start",
                "paragraphs:cover",
                f"text between paragraphs {i - 1} and {i} is {_clip(gap)}, expected '\\n\\n'",
                cur[0],
            )
    last = spans[-1]
    if last is not None and last[1] != n:
        add(
            f"$.paragraphs[{len(spans) - 1}].end",
            "paragraphs:cover",
            f"the last paragraph must end at the end of text ({n}); "
            f"text[{last[1]}:{n}] is not covered",
            last[1],
        )
    return spans


def _check_entities(text: str, entities: list[Any], add: Add) -> list[tuple[int, int, Any]]:
    """Usable mentions as (start, end, canonical); spans must match text, be ordered and flat."""
    n = len(text)
    mentions: list[tuple[int, int, Any]] = []
    indexed: list[tuple[int, int, int]] = []
    prev_start = -1
    for i, ent in enumerate(entities):
        path = f"$.entities[{i}]"
        span = _span(ent, path, n, add)
        if span is None:
            continue
        _check_text(text, span, ent.get("text"), f"{path}.text", add)
        if span[0] < prev_start:
            add(
                f"{path}.start",
                "entities:order",
                f"entity {i} starts at {span[0]}, before the previous entity ({prev_start})",
                span[0],
            )
        prev_start = span[0]
        mentions.append((span[0], span[1], ent.get("canonical")))
        indexed.append((span[0], span[1], i))
    # Flat mentions are what the derived BIO `ner` config can express, so any shared
    # character (crossing, nesting or a duplicate) is a problem.
    indexed.sort()
    reach, reach_i = -1, -1
    for start, end, i in indexed:
        if start < reach:
            add(
                f"$.entities[{i}].start",
                "entities:crossing",
                f"entity {i} [{start}:{end}] overlaps entity {reach_i} (which ends at {reach})",
                [start, end],
            )
        if end > reach:
            reach, reach_i = end, i
    return mentions


def _check_quotes(
    text: str,
    quotes: list[Any],
    para_spans: list[Span | None],
    mentions: list[tuple[int, int, Any]],
    add: Add,
) -> None:
    n = len(text)
    prev_start = -1
    for i, quote in enumerate(quotes):
        if not isinstance(quote, dict):
            continue
        path = f"$.quotes[{i}]"
        span = _span(quote, path, n, add)
        if span is not None:
            _check_text(text, span, quote.get("text"), f"{path}.text", add)
            if span[0] < prev_start:
                add(
                    f"{path}.start",
                    "quotes:order",
                    f"quote {i} starts at {span[0]}, before the previous quote ({prev_start})",
                    span[0],
                )
            prev_start = span[0]
            _check_paragraph(span, quote.get("paragraph"), para_spans, path, add)
        _check_speaker(text, quote, mentions, path, add)
        _check_confidence(quote, path, add)
        _check_cue(text, quote, path, add)


def _check_paragraph(
    span: Span, index: Any, para_spans: list[Span | None], path: str, add: Add
) -> None:
    p = _offset(index)
    if p is None:
        return
    if p >= len(para_spans):
        add(
            f"{path}.paragraph",
            "quote:paragraph_index",
            f"paragraph {p} does not exist (the record has {len(para_spans)})",
            p,
        )
        return
    para = para_spans[p]
    if para is not None and not (para[0] <= span[0] and span[1] <= para[1]):
        field = "start" if span[0] < para[0] else "end"
        add(
            f"{path}.{field}",
            "quote:outside_paragraph",
            f"quote [{span[0]}:{span[1]}] is not inside its paragraph {p} [{para[0]}:{para[1]}]",
            span[0] if field == "start" else span[1],
        )


def _both_or_neither(quote: dict, keys: tuple[str, ...], path: str, what: str, add: Add) -> bool:
    """True when all keys are set; reports a half-set group as span:incomplete."""
    missing = [k for k in keys if quote.get(k) is None]
    if missing and len(missing) < len(keys):
        add(
            f"{path}.{missing[0]}",
            "span:incomplete",
            f"{what} must be all null or all set; {', '.join(missing)} is null",
            None,
        )
    return not missing


def _check_speaker(
    text: str, quote: dict, mentions: list[tuple[int, int, Any]], path: str, add: Add
) -> None:
    if not _both_or_neither(
        quote, ("speaker_start", "speaker_end"), path, "speaker_start and speaker_end", add
    ):
        return
    span = _span(quote, path, len(text), add, "speaker_start", "speaker_end")
    if span is None:
        return
    speaker = quote.get("speaker")
    mention = text[span[0] : span[1]]
    if speaker is None:
        add(
            f"{path}.speaker",
            "speaker:not_a_mention",
            f"speaker is null but speaker_start/speaker_end point at {_clip(mention)}",
            None,
        )
    elif isinstance(speaker, str) and not mentions_speaker(mention, speaker, span, mentions):
        add(
            f"{path}.speaker_start",
            "speaker:not_a_mention",
            f"text[{span[0]}:{span[1]}] is {_clip(mention)}, not a mention of the speaker "
            f"{_clip(speaker)}",
            mention,
        )


def _check_confidence(quote: dict, path: str, add: Add) -> None:
    speaker, confidence = quote.get("speaker"), quote.get("speaker_confidence")
    if (speaker is None) != (confidence is None):
        add(
            f"{path}.speaker_confidence",
            "speaker:confidence",
            "speaker_confidence must be null exactly when speaker is null; speaker is "
            f"{_clip(speaker) if isinstance(speaker, str) else speaker!r}",
            confidence,
        )


@lru_cache(maxsize=4096)  # speaker names repeat across the quotes of a corpus
def _words(s: str) -> tuple[str, ...]:
    words = (w.strip(".,;:!?\"'()[]").removesuffix("'s").removesuffix("\u2019s") for w in s.split())
    return tuple(w.casefold() for w in words if w)


@lru_cache(maxsize=65536)  # (mention, speaker) pairs repeat across the quotes of a corpus
def names_speaker(mention: str, speaker: str) -> bool:
    """The mention is the speaker's name or a run of its words, whatever the entities say."""
    if mention == speaker or (mention.isalpha() and f" {mention} " in f" {speaker} "):
        return True  # the whole name, or one whole word of it (the usual surname)
    said, name = _words(mention), _words(speaker)
    if said and any(name[k : k + len(said)] == said for k in range(len(name) - len(said) + 1)):
        return True
    # A coordinated group named with full names where the page shortens them ("Ford and Fry"
    # for "Mike Ford and Martha Fry"), or adds tags, titles and appositions ("Ada Brenner
    # (D-Ore.) and Sen. Tom Okafor", "Mara Lind, the mayor, and Tom Okafor"): each conjunct of
    # the speaker runs in order through its own conjunct of the mention, or each of the
    # mention's through the speaker's, one for one.
    if "and" not in said or "and" not in name:
        return False
    groups, groups_name = _conjuncts(mention), _conjuncts(speaker)
    return _runs_through(groups_name, groups) or (
        len(groups) == len(groups_name) and _runs_through(groups, groups_name)
    )


def _runs_through(short: list[tuple[str, ...]], long: list[tuple[str, ...]]) -> bool:
    """Each group of `short`, in order, is spelled in order within a group of `long` (groups of
    `long` may be left over: an apposition between two names)."""
    rest_groups = iter(long)
    for g in short:
        if not any(_subsequence(g, gl) for gl in rest_groups):
            return False
    return True


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    rest = iter(long)
    return bool(short) and all(w in rest for w in short)


def _conjuncts(s: str) -> list[tuple[str, ...]]:
    """The words of each conjunct of a coordination ("A, B and C")."""
    return [w for w in (_words(part) for part in re.split(r",|\band\b", s)) if w]


def mentions_speaker(
    mention: str, speaker: str, span: Span, mentions: list[tuple[int, int, Any]]
) -> bool:
    """The mention is the speaker, a run of the speaker's words ("Kim" of "Kim Jong Un"), or
    overlaps an entity mention whose canonical name is the speaker."""
    if names_speaker(mention, speaker):
        return True
    return any(
        canonical == speaker and start < span[1] and span[0] < end
        for start, end, canonical in mentions
    )


def _check_cue(text: str, quote: dict, path: str, add: Add) -> None:
    if not _both_or_neither(
        quote, ("cue", "cue_start", "cue_end"), path, "cue, cue_start and cue_end", add
    ):
        return
    span = _span(quote, path, len(text), add, "cue_start", "cue_end")
    if span is not None:
        _check_text(text, span, quote.get("cue"), f"{path}.cue", add)
