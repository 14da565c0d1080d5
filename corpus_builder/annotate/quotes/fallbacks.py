"""The sieve's rules that lean on a neighbouring quote or sentence: a cue with no subject of
its own between two quotes ("..., adding, “...”"), and the last rules, for quotes no cue
decides: a fragment inside a sentence about a named person, a quote continuing the last
speaker, a paragraph that is only a quote, and the pieces of a quote running over several
paragraphs."""

from __future__ import annotations

import bisect

from corpus_builder.annotate.quotes.context import (
    Context,
    canonical_text,
    cue_tokens,
    possessive,
)
from corpus_builder.annotate.quotes.marks import QuoteSpan
from corpus_builder.annotate.quotes.segments import Decision, segments, subject_for
from corpus_builder.annotate.quotes.speakers import Mention, is_ly_adverb, person_ahead

_CARRY_PARAGRAPHS = 2
# words that may stand beside a subjectless cue between two quotes ("and then added")
_CUE_FILLERS = frozenset("and but then also later before after while further again so".split())
_COORDINATORS = frozenset({"and", "but", "then"})


def subjectless_cue_between(ctx: Context, idx: int) -> tuple[int, int] | None:
    """The cue between the previous quote and this one, in the same paragraph, when nothing
    else stands there: a participle ("“...,” adding, “...”", "“...” Adding, “...”") or a verb
    coordinated with the previous clause ("“...” and added: “...”"). Its subject is the
    previous quote's speaker, not a name inside either quote (the parser would take one)."""
    if idx == 0:
        return None
    prev, q = ctx.quotes[idx - 1], ctx.quotes[idx]
    if prev.paragraph != q.paragraph:
        return None
    doc = ctx.doc
    a, b = ctx.tok_at_or_after(prev.end), ctx.tok_at_or_after(q.start)
    while a < b and not doc[a].is_alpha:
        a += 1  # so that a cue opening a sentence ("Adding, “...”") is found
    cues = cue_tokens(ctx, a, b)
    if len(cues) != 1:
        return None
    cue = cues[0]
    words = [i for i in range(a, b) if doc[i].is_alpha and not cue[0] <= i < cue[1]]
    if any(doc[i].lower_ not in _CUE_FILLERS and not is_ly_adverb(doc[i]) for i in words):
        return None
    participle = doc[cue[0]].lower_.endswith("ing")
    coordinated = any(doc[i].lower_ in _COORDINATORS for i in words if i < cue[0])
    return cue if participle or coordinated else None


def continued_cue(decisions: list[Decision], idx: int, cue: tuple[int, int]) -> Decision | None:
    """The decision for a quote whose cue has no subject (`subjectless_cue_between`)."""
    src = decisions[idx - 1]
    if src.speaker is None:
        return None
    return Decision(src.mention, src.speaker_tokens, src.speaker, cue, "continued_cue")


def _first_named(ctx: Context, lo: int, hi: int, labels: tuple[str, ...]) -> Mention | None:
    for ent in ctx.view.ents:
        if ent.start >= lo and ent.end <= hi and ent.label_ in labels:
            if not ctx.inside_quote(ent.start_char):
                return Mention(ent.start, ent.end, "entity")
    return None


def rule_sentence_person(ctx: Context, idx: int) -> Decision | None:
    """The person a sentence is about: the first one named before the quote (not as a
    possessive), else the only one named after it."""
    (ll, lh), (rl, rh) = segments(ctx, idx)
    for lo, hi, first in ((ll, lh, True), (rl, rh, False)):
        found = [
            e
            for e in ctx.view.ents
            if e.start >= lo and e.end <= hi and e.label_ == "PERSON" and not possessive(ctx, e.end)
        ]
        if not found:
            continue
        names = {canonical_text(ctx, (e.start, e.end)) for e in found}
        if first or len(names) == 1:
            return Decision(
                mention=Mention(found[0].start, found[0].end, "entity"), rule="sentence_person"
            )
        return None
    return None


def rule_previous_paragraph(ctx: Context, idx: int) -> Decision | None:
    q = ctx.quotes[idx]
    para = ctx.paragraphs[q.paragraph]
    only_quote = q.start - para.start <= 2 and para.end - q.end <= 2
    if not only_quote or q.paragraph == 0:
        return None
    prev = ctx.paragraphs[q.paragraph - 1]
    lo, hi = ctx.tok_at_or_after(prev.start), ctx.tok_at_or_after(prev.end)
    m = _first_named(ctx, lo, hi, ("PERSON",))
    if m is not None:
        return Decision(mention=m, rule="previous_paragraph")
    return None


def propagate_chains(quotes: list[QuoteSpan], decisions: list[Decision]) -> None:
    chains: list[list[int]] = []
    for idx, q in enumerate(quotes):
        if q.continues and chains and chains[-1][-1] == idx - 1:
            chains[-1].append(idx)
        else:
            chains.append([idx])
    for chain in chains:
        if len(chain) < 2:
            continue
        source = next((i for i in chain if decisions[i].speaker is not None), None)
        if source is None:
            continue
        for i in chain:
            if decisions[i].rule is None:
                src = decisions[source]
                decisions[i] = Decision(
                    src.mention, src.speaker_tokens, src.speaker, None, "multi_paragraph"
                )


def carry_over(
    ctx: Context, decisions: list[Decision], idx: int, last: int | None
) -> Decision | None:
    quotes = ctx.quotes
    if last is None or quotes[idx].paragraph - quotes[last].paragraph > _CARRY_PARAGRAPHS:
        return None
    src = decisions[last]
    if src.speaker is not None and _other_person_between(ctx, src.speaker, last, idx):
        return None
    return Decision(src.mention, src.speaker_tokens, src.speaker, None, "carry_over")


def _other_person_between(ctx: Context, speaker: str, last: int, idx: int) -> bool:
    """Does narration between the two quotes, in a paragraph of its own, end with a sentence
    whose subject is someone else ("Smith said ... ¶ Opposition leader Karl Brandt disagreed.
    ¶ “...”")? Then the speaker does not simply continue. Other names further inside such
    sentences ("Choe was referring to Kim's speech") do not stop it."""
    para = ctx.quotes[last].paragraph + 1
    if para >= len(ctx.paragraphs):
        return False
    lo, hi = ctx.paragraphs[para].start, ctx.quotes[idx].start
    n = bisect.bisect_right(ctx.sent_starts, hi) - 1
    while n >= 0 and ctx.sentences[n][0] >= lo:
        s_start, s_end = ctx.sentences[n]
        n -= 1
        a = ctx.tok_at_or_after(s_start)
        b = ctx.tok_at_or_after(min(s_end, hi))
        while a < b and (ctx.doc[a].is_punct or ctx.doc[a].is_space):
            a += 1
        if a >= b or ctx.inside_quote(ctx.doc[a].idx):
            continue  # a quotation, not narration
        m = person_ahead(ctx.view, a, b)
        if m is None or possessive(ctx, m.end):
            return False
        name = canonical_text(ctx, (m.start, m.end))
        return not set(speaker.lower().split()) & set(name.lower().split())
    return False


def rule_indirect_speech(ctx: Context, idx: int) -> Decision | None:
    """ "Too often, he says, they get it wrong. ¶ “...”": a paragraph that is only a quote,
    after a paragraph of indirect speech (a cue with its subject, no quotation), continues the
    speaker of that indirect speech, as a quote continues the speaker of the quote before it.
    """
    q = ctx.quotes[idx]
    para = ctx.paragraphs[q.paragraph]
    if q.paragraph == 0 or q.start - para.start > 2 or para.end - q.end > 2:
        return None
    prev = ctx.paragraphs[q.paragraph - 1]
    if idx > 0 and ctx.quotes[idx - 1].end > prev.start:
        return None  # the previous paragraph quotes someone: carry-over decides
    lo, hi = ctx.tok_at_or_after(prev.start), ctx.tok_at_or_after(prev.end)
    for cue in reversed(cue_tokens(ctx, lo, hi)):
        s_lo = ctx.tok_at_or_after(ctx.sentence_of(ctx.doc[cue[0]].idx)[0])
        m = subject_for(ctx, cue, max(lo, s_lo), hi)
        if m is not None and m.kind in ("entity", "name", "pronoun"):
            return Decision(mention=m, cue=None, rule="indirect_speech")
    return None
