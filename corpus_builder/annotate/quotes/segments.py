"""Where the attribution rules look for a quote's cue: the stretches of its sentence before and
after it (`segments`), and the subject of a cue found there (`subject_for`); plus the
`Decision` each rule returns."""

from __future__ import annotations

from dataclasses import dataclass

from corpus_builder.annotate.lexicon import lexicon
from corpus_builder.annotate.quotes.context import Context, cue_tokens
from corpus_builder.annotate.quotes.speakers import Mention, subject_after, subject_before

_CUE_SEARCH_TOKENS = 40
_ATTRIBUTION_SENTENCE_WORDS = 40
_NEXT_SENTENCE_CUE_TOKENS = 14  # room for an apposition: "Miller, a retired nurse, said"


@dataclass
class Decision:
    mention: Mention | None = None
    speaker_tokens: tuple[int, int] | None = None  # the mention finally pointed at
    speaker: str | None = None
    cue: tuple[int, int] | None = None  # token span of the cue
    rule: str | None = None


def segments(ctx: Context, idx: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Token ranges of the quote's sentence before and after it, other quotes excluded."""
    q = ctx.quotes[idx]
    s_start, s_end = ctx.sentence_of(q.start)
    lo_char = s_start
    if idx > 0 and ctx.quotes[idx - 1].end > lo_char:
        lo_char = ctx.quotes[idx - 1].end + 1
    hi_char = s_end
    if idx + 1 < len(ctx.quotes) and ctx.quotes[idx + 1].start < hi_char:
        hi_char = ctx.quotes[idx + 1].start - 1
    # "“Why now?” Moritz asked." or "“... missing.” Trump said." ends a sentence at the mark:
    # a short next sentence that opens with a cue clause belongs to the quote, unless the
    # quote's own sentence introduces it ("Price said, “...” The director then recalled ...")
    left = (ctx.tok_at_or_after(lo_char), ctx.tok_at_or_after(q.start - 1))
    if (
        hi_char <= _past_closing_mark(ctx.text, q.end)
        and s_end < len(ctx.text)
        and not cue_tokens(ctx, *left)
    ):
        nxt = ctx.sentence_of(s_end)
        short = len(ctx.text[nxt[0] : nxt[1]].split()) <= _ATTRIBUTION_SENTENCE_WORDS
        # (the cue must open it, so a long sentence is fine: "Dawson shouted, shorthand for")
        no_quote = idx + 1 >= len(ctx.quotes) or ctx.quotes[idx + 1].start >= nxt[1]
        if nxt[0] == s_end and short and no_quote and ctx.paragraph_of(nxt[0]) == q.paragraph:
            lo = ctx.tok_at_or_after(nxt[0])
            if _opens_with_cue_clause(ctx, lo, ctx.tok_at_or_after(nxt[1])):
                hi_char = nxt[1]
    rl = ctx.tok_at_or_after(q.end + 1)
    right = (rl, min(ctx.tok_at_or_after(hi_char), rl + _CUE_SEARCH_TOKENS))
    return left, right


def _past_closing_mark(text: str, end: int) -> int:
    """The offset after the closing quotation mark at `end` and the space after it; the mark
    may be two characters (''), as in some wire and archive text."""
    j = end
    while j < len(text) and j - end < 3 and text[j] in _CLOSING_MARKS:
        j += 1
    while j < len(text) and text[j] in " \t\u00a0":
        j += 1
    return max(j, end + 2)


_CLOSING_MARKS = frozenset("\u201d\u2019\"'\u00bb")


def _opens_with_cue_clause(ctx: Context, lo: int, hi: int) -> bool:
    """Does the sentence at token `lo` open with "Subject (, apposition,) cue" or "cue Subject"?
    ("Miller, a retired nurse, said ..." yes; "In his speech, Kim said ..." no: a new
    statement.)"""
    for cue in cue_tokens(ctx, lo, min(lo + _NEXT_SENTENCE_CUE_TOKENS, hi)):
        if cue[0] == lo:
            return subject_after(ctx.view, cue[1], hi) is not None
        m = subject_before(ctx.view, lo, cue[0])
        lex = lexicon()
        if m is not None and all(lex.is_title(ctx.doc[i].text) for i in range(lo, m.start)):
            return True
    return False


def subject_for(
    ctx: Context, cue: tuple[int, int], lo: int, hi: int, quote_after: bool = False
) -> Mention | None:
    doc = ctx.doc
    passive = cue[0] > lo and doc[cue[0] - 1].lower_ in _PASSIVE_AUXILIARIES
    if passive and cue[1] + 1 < hi and doc[cue[1]].lower_ == "by":
        # "Adler was asked by host Simon Tate, “...”": the agent speaks
        return subject_after(ctx.view, cue[1] + 1, hi)
    m = subject_before(ctx.view, lo, cue[0])
    if m is None:
        m = subject_after(ctx.view, cue[1], hi)
        if m is not None and quote_after and m.kind == "group":
            return None  # "declared a resolve to “...”": the object, not a subject
    return m


_PASSIVE_AUXILIARIES = frozenset({"was", "were", "is", "are", "been", "being"})
