"""Annotated paragraph text -> HTML, from character offsets.

Quotes, entity mentions, speaker mentions and cue verbs are spans over one text. They nest
(an entity inside a quote) and can cross (an entity that starts before a quote and ends inside
it). Each paragraph is cut at every span boundary; for every piece the set of covering spans,
outermost first, is compared with the stack of open elements: elements that no longer match are
closed and the rest opened, so a crossing span is split into several elements and the HTML stays
well nested. Every piece of text goes through `escape`: page text is data, never markup.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

# A quote's span excludes its marks; its speaker badge goes after the closing mark.
CLOSING_MARKS = frozenset("\"'\u2019\u201d\u00bb\u203a\u300d\u300f")

# Outer before inner when two spans cover exactly the same characters.
RANK = {"quote": 0, "ent": 1, "spk": 2, "cue": 3}


# eq=False: spans are told apart by identity (two entities may share offsets and label).
@dataclass(frozen=True, eq=False)
class Ann:
    start: int
    end: int
    kind: str  # a key of RANK
    index: int  # position in the record's list (quotes, entities) or a running number
    data: Any = None  # what the tag builder needs (the quote or entity dict)

    def order(self) -> tuple[int, int, int, int]:
        return (self.start, -self.end, RANK[self.kind], self.index)


@dataclass
class Annotations:
    spans: list[Ann]
    badges: dict[int, list[Markup]]  # offset -> markup inserted there, outside every span
    problems: list[str]  # spans that could not be drawn, and why


def slug(article_id: str) -> str:
    """A file-name-safe, collision-resistant name for an article id (ids may hold `/`, `..`)."""
    readable = re.sub(r"[^a-z0-9]+", "-", article_id.lower()).strip("-")[:40].strip("-")
    digest = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:12]
    return f"{readable}-{digest}" if readable else digest


def speaker_anchor(name: str) -> str:
    return "s-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


def _valid(text: str, start: Any, end: Any) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)


def collect(record: dict[str, Any], speakers_href: str) -> Annotations:
    """The spans of one record and the speaker badges that follow each quote."""
    text = record["text"]
    spans: list[Ann] = []
    badges: dict[int, list[Markup]] = {}
    problems: list[str] = []
    for i, e in enumerate(record.get("entities") or []):
        if not _valid(text, e.get("start"), e.get("end")):
            problems.append(
                f"entity {i} ({e.get('text')!r}): offsets {e.get('start')}-"
                f"{e.get('end')} are outside the text"
            )
            continue
        spans.append(Ann(e["start"], e["end"], "ent", i, e))
    mentions: dict[tuple[int, int], list[int]] = {}
    cues: dict[tuple[int, int], list[int]] = {}
    for i, q in enumerate(record.get("quotes") or []):
        if not _valid(text, q.get("start"), q.get("end")):
            problems.append(
                f"quote {i} ({q.get('text')!r}): offsets {q.get('start')}-"
                f"{q.get('end')} are outside the text"
            )
            continue
        spans.append(Ann(q["start"], q["end"], "quote", i, q))
        after = q["end"] + 1 if text[q["end"] : q["end"] + 1] in CLOSING_MARKS else q["end"]
        badges.setdefault(after, []).append(quote_badge(i, q, speakers_href))
        if _valid(text, q.get("speaker_start"), q.get("speaker_end")):
            mentions.setdefault((q["speaker_start"], q["speaker_end"]), []).append(i)
        if _valid(text, q.get("cue_start"), q.get("cue_end")):
            cues.setdefault((q["cue_start"], q["cue_end"]), []).append(i)
    for n, ((s, e), quotes) in enumerate(sorted(mentions.items())):
        spans.append(Ann(s, e, "spk", n, quotes))
    for n, ((s, e), quotes) in enumerate(sorted(cues.items())):
        spans.append(Ann(s, e, "cue", n, quotes))
    return Annotations(spans, badges, problems)


def quote_badge(i: int, q: dict[str, Any], speakers_href: str) -> Markup:
    cue = q.get("cue")
    speaker = q.get("speaker")
    if not speaker:
        label = "speaker unknown" + (f" · {cue}" if cue else "")
        return Markup('<span class="qtag unknown" data-q="{}">{}</span>').format(i, label)
    label = speaker + (f" · {cue}" if cue else "")
    href = f"{speakers_href}#{speaker_anchor(speaker)}"
    return Markup('<a class="qtag" data-q="{}" href="{}" title="all quotes by {}">{}</a>').format(
        i, href, speaker, label
    )


def _open_tag(a: Ann, first: bool) -> Markup:
    cont = "" if first else " cont"
    if a.kind == "quote":
        q = a.data
        unknown = "" if q.get("speaker") else " unknown"
        who = q.get("speaker") or "speaker unknown"
        title = f"quote {a.index + 1} · {q.get('kind')} · {who}"
        if q.get("cue"):
            title += f" · cue: {q['cue']}"
        if q.get("attribution"):
            title += f" · rule: {q['attribution']}"
        anchor = Markup(' id="q{}"').format(a.index) if first else ""
        return Markup('<span class="quote{}{}"{} data-q="{}" title="{}">').format(
            unknown, cont, anchor, a.index, title
        )
    if a.kind == "ent":
        e = a.data
        return Markup(
            '<span class="ent ent-{}{}" data-e="{}" data-label="{}" title="{} · {}">'
        ).format(e["label"], cont, a.index, e["label"], e["label"], e["canonical"])
    quotes = " ".join(str(q + 1) for q in a.data)
    role = "speaker" if a.kind == "spk" else "cue"
    return Markup('<span class="{}{}" title="{} of quote {}">').format(a.kind, cont, role, quotes)


def paragraph_html(
    text: str,
    start: int,
    end: int,
    anns: Annotations,
    open_tag: Callable[[Ann, bool], Markup] = _open_tag,
) -> Markup:
    """HTML of `text[start:end]` with every span clipped to the paragraph and drawn nested."""
    local = [a for a in anns.spans if a.start < end and a.end > start]
    cuts = {start, end}
    for a in local:
        cuts.add(max(a.start, start))
        cuts.add(min(a.end, end))
    for pos in anns.badges:
        if start < pos <= end:
            cuts.add(pos)
    bounds = sorted(cuts)
    out: list[Markup | str] = []
    stack: list[Ann] = []
    opened: set[Ann] = set()

    def close_to(depth: int) -> None:
        while len(stack) > depth:
            stack.pop()
            out.append(Markup("</span>"))

    for lo, hi in zip(bounds, bounds[1:], strict=False):
        if lo in anns.badges and lo != start:
            close_to(0)
            out.extend(anns.badges[lo])
        active = sorted((a for a in local if a.start <= lo and a.end >= hi), key=Ann.order)
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        close_to(keep)
        for a in active[keep:]:
            out.append(open_tag(a, a not in opened))
            opened.add(a)
            stack.append(a)
        out.append(escape(text[lo:hi]))
    close_to(0)
    if end in anns.badges and end != start:
        out.extend(anns.badges[end])
    return Markup("").join(out)
