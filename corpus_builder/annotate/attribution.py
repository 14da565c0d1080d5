"""Speaker attribution: a sieve of ordered rules, the first that decides wins.

Rule names are stable (they are written to each quote's `attribution` field):

  cue_after        a cue verb after the quote in its sentence, with its subject next to it
                   ("..., Varga said", "... said Mayor Ellen Varga")
  cue_before       a cue verb before the quote in its sentence ("Heller said: ...")
  cue_after_parsed, cue_before_parsed
                   the same, with the subject read from a dependency parse of that one sentence
                   because it is not next to the cue ("Biegun delivered an address calling on")
  byline           "Headline - Carl Bialik: “...”": a name between a dash and the colon
                   opening the quote (tried first: the headline's verb is not a cue)
  according_to     "according to X" in the quote's sentence
  colon_intro      the quote follows a colon closing an introducing sentence, in this paragraph
                   or at the end of the previous one
  multi_paragraph  a piece of a quote running over several paragraphs takes the speaker of the
                   piece that has one
  sentence_person  a partial quote inside a sentence about a named person (tried before
                   carry_over for partial quotes, after it for whole statements)
  carry_over       a quote with no cue continues the speaker of the last quote attributed by a
                   cue, within two paragraphs
  previous_paragraph  a paragraph that is only a quote: the person the previous paragraph names

A pronoun subject (he/she/it) is resolved to a named person or organisation and the rule name
gets a "+pronoun" suffix (`pronoun_resolution.py`). The first rules only look at NER-tagged
tokens; the parser runs on single sentences, and only when a cue's subject is not next to it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from corpus_builder.annotate.attribution_context import (
    Context,
    canonical_text,
    cue_tokens,
    possessive,
)
from corpus_builder.annotate.lexicon import PRONOUNS, lexicon
from corpus_builder.annotate.pronoun_resolution import (
    document_genders,
    resolve_pronoun,
    speaker_events,
)
from corpus_builder.annotate.quotes import QuoteSpan
from corpus_builder.annotate.speakers import (
    Mention,
    person_ahead,
    strip_titles,
    subject_after,
    subject_before,
)
from corpus_builder.types import Entity, Quote, Span

# Rules whose speaker is not carried over to the next quote.
_WEAK_RULES = frozenset({"sentence_person", "previous_paragraph"})
_SCARE_BEFORE = re.compile(
    r"\b(so-called|dubbed|titled|entitled|term|terms|word|words|phrase|named|called|of|as)\s*$",
    re.IGNORECASE,
)
_MAX_SHORT_WORDS = 4
_MAX_NAME_LIKE_WORDS = 2
_CUE_SEARCH_TOKENS = 40
_MAX_PARSE_TOKENS = 120
_CARRY_PARAGRAPHS = 2
_CLOSE_CUE_TOKENS = 4
_ATTRIBUTION_SENTENCE_WORDS = 40
_NEXT_SENTENCE_CUE_TOKENS = 14  # room for an apposition: "Miller, a retired nurse, said"
_MAX_CLIMB = 6
_MAX_SUBJECT_TOKENS = 8


@dataclass
class _Decision:
    mention: Mention | None = None
    speaker_tokens: tuple[int, int] | None = None  # the mention finally pointed at
    speaker: str | None = None
    cue: tuple[int, int] | None = None  # token span of the cue
    rule: str | None = None


def _segments(ctx: Context, idx: int) -> tuple[tuple[int, int], tuple[int, int]]:
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
    left = (ctx.tok_at_or_after(lo_char), ctx.tok_before(q.start - 1))
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
            if _opens_with_cue_clause(ctx, lo, ctx.tok_before(nxt[1])):
                hi_char = nxt[1]
    rl = ctx.tok_at_or_after(q.end + 1)
    right = (rl, min(ctx.tok_before(hi_char), rl + _CUE_SEARCH_TOKENS))
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
        titles = lexicon().titles
        if m is not None and all(ctx.doc[i].lower_ in titles for i in range(lo, m.start)):
            return True
    return False


def _subject_for(
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
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


def _rule_cue(ctx: Context, idx: int) -> _Decision | None:
    (ll, lh), (rl, rh) = _segments(ctx, idx)
    left_cues = cue_tokens(ctx, ll, lh)
    right_cues = cue_tokens(ctx, rl, rh)
    right = [("cue_after", c, rl, rh) for c in right_cues]
    left = [("cue_before", c, ll, lh) for c in reversed(left_cues)]
    # a quote opening its sentence is attributed after it; one inside a sentence, before it
    close_after = bool(right_cues) and right_cues[0][0] - rl <= _CLOSE_CUE_TOKENS
    tries = right + left if lh <= ll or close_after else left + right
    for rule, cue, lo, hi in tries:
        m = _subject_for(ctx, cue, lo, hi, quote_after=rule == "cue_before")
        if m is not None:
            return _Decision(mention=m, cue=cue, rule=rule)
    for rule, cue, _lo, _hi in tries:
        m = _parsed_subject(ctx, idx, cue)
        if m is not None:
            return _Decision(mention=m, cue=cue, rule=f"{rule}_parsed")
    return None


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CLIMB_DEPS = frozenset(
    {
        "xcomp",
        "advcl",
        "conj",
        "acl",
        "relcl",
        "pcomp",
        "prep",
        "pobj",
        "dobj",
        "ccomp",
        "dep",
        "npadvmod",
        "appos",
    }
)


def _parsed_subject(ctx: Context, idx: int, cue: tuple[int, int]) -> Mention | None:
    """The grammatical subject of the cue's clause, from a parse of the quote's sentence only.

    Used when the subject is not next to the cue ("an address calling on ...", "Abedin, vice
    chairwoman ..., emailed supporters, telling them"): only these sentences are parsed.
    """
    s_start, s_end = ctx.sentence_of(ctx.quotes[idx].start)
    a, b = ctx.tok_at_or_after(s_start), ctx.tok_before(s_end)
    sub = _parse_tokens(ctx, a, b) if a <= cue[0] < b else None
    if sub is None:
        return None
    tok = sub[cue[0] - a]
    for _ in range(_MAX_CLIMB):
        subj = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
        if subj is not None:
            return _mention_from_subject(ctx, a, subj)
        if tok.dep_ not in _CLIMB_DEPS or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _mention_from_subject(ctx: Context, offset: int, subj) -> Mention | None:
    cut = None  # where a relative clause starts: the antecedent's words end there
    if subj.lower_ in _RELATIVE_PRONOUNS and subj.head.dep_ == "relcl":
        cut = subj.i + offset
        subj = subj.head.head  # "the mayor, who called the plan “dead”": the antecedent
    i = subj.i + offset
    if ctx.inside_quote(ctx.doc[i].idx):
        return None
    if subj.lower_ in PRONOUNS:
        return Mention(i, i + 1, "pronoun")
    ent = ctx.view.speaker_entity(i)
    if ent is not None:
        return Mention(ent.start, ent.end, "entity")
    lo, hi = subj.left_edge.i + offset, subj.right_edge.i + offset + 1
    if cut is not None and lo < cut < hi:
        hi = cut
    for j in range(lo, hi):
        ent = ctx.view.speaker_entity(j)
        # an owner is not the speaker: "Mendez's campaign brushed off ..." stays as written,
        # "Mendez's spokeswoman, Ana Lopes, wrote" is Lopes
        if ent is not None and ent.label_ == "PERSON" and ent.end <= hi:
            if not possessive(ctx, ent.end):
                return Mention(ent.start, ent.end, "entity")
    if hi - lo > _MAX_SUBJECT_TOKENS:
        hi = i + 1
    while hi > lo and ctx.doc[hi - 1].is_punct:
        hi -= 1
    return Mention(lo, hi, "group") if hi > lo else None


def _rule_according_to(ctx: Context, idx: int) -> _Decision | None:
    (ll, lh), (rl, rh) = _segments(ctx, idx)
    doc = ctx.doc
    for lo, hi in ((rl, rh), (ll, lh)):
        for i in range(lo, hi - 2):
            if doc[i].lower_ == "according" and doc[i + 1].lower_ == "to":
                m = subject_after(ctx.view, i + 2, hi)
                if m is not None:
                    return _Decision(mention=m, rule="according_to")
    return None


def _intro_sentence(ctx: Context, idx: int) -> tuple[int, int] | None:
    """The sentence ending with a colon right before the quote (same or previous paragraph),
    up to that colon: the words after it are the quotation's, not its introduction's."""
    q = ctx.quotes[idx]
    j = q.start - 2
    while j >= 0 and ctx.text[j] in " \t\n\u00a0\u201c\"'\u2018`":
        j -= 1
    if j < 0 or ctx.text[j] != ":":
        return None
    if ctx.inside_quote(j):
        return None
    return ctx.sentence_of(j)[0], j


def _rule_byline(ctx: Context, idx: int) -> _Decision | None:
    """ "Pollsters agree - Carl Bialik: “...”", "More from Jones: “...”": a name between a dash
    (or "from"/"by") and the colon opening the quote is its source, whatever verb the headline
    before it has."""
    sent = _intro_sentence(ctx, idx)
    if sent is None:
        return None
    lo, hi = ctx.tok_at_or_after(sent[0]), ctx.tok_before(sent[1])
    ent = ctx.view.speaker_entity(hi - 1) if hi > lo else None
    if ent is not None and ent.end == hi and ent.label_ in ("PERSON", "ORG"):
        start, kind = ent.start, "entity"
    else:  # a name the NER missed ("- HuffPollster:"): a short run of capitalised words
        start, kind = hi, "name"
        while start > lo and hi - start < _MAX_NAME_LIKE_WORDS + 2:
            tok = ctx.doc[start - 1]
            if not (tok.is_alpha and tok.text[:1].isupper() and not tok.is_upper):
                break
            start -= 1
    if not lo < start < hi or ctx.doc[start - 1].lower_ not in _BYLINE_LEADS:
        return None
    return _Decision(mention=Mention(start, hi, kind), rule="byline")


def _rule_colon_intro(ctx: Context, idx: int) -> _Decision | None:
    sent = _intro_sentence(ctx, idx)
    if sent is None:
        return None
    lo, hi = ctx.tok_at_or_after(sent[0]), ctx.tok_before(sent[1])
    for cue in reversed(cue_tokens(ctx, lo, hi)):
        m = _subject_for(ctx, cue, lo, hi)
        if m is not None:
            return _Decision(mention=m, cue=cue, rule="colon_intro")
    m = _last_named(ctx, lo, hi, ("PERSON", "ORG")) or _parsed_root_subject(ctx, lo, hi)
    if m is not None:
        return _Decision(mention=m, rule="colon_intro")
    return None


def _parsed_root_subject(ctx: Context, lo: int, hi: int) -> Mention | None:
    """ "Hoff's letter makes a libertarian-style case:": the subject of the sentence's verb."""
    sub = _parse_tokens(ctx, lo, hi)
    if sub is None:
        return None
    root = next((t for t in sub if t.dep_ == "ROOT"), None)
    subj = (
        None if root is None else next((c for c in root.children if c.dep_ in _SUBJECT_DEPS), None)
    )
    return None if subj is None else _mention_from_subject(ctx, lo, subj)


def _parse_tokens(ctx: Context, a: int, b: int) -> Doc | None:
    """A parse of tokens [a, b) (one sentence), made once per document and sentence."""
    if ctx.parse is None or not 0 < b - a <= _MAX_PARSE_TOKENS:
        return None
    sub = ctx.parsed.get((a, b))
    if sub is None:
        sub = ctx.parse(ctx.doc[a:b].as_doc())
        ctx.parsed[(a, b)] = sub
    return sub


def _last_named(ctx: Context, lo: int, hi: int, labels: tuple[str, ...]) -> Mention | None:
    """The named mention closest before token `hi` (not a possessive, not quoted)."""
    for ent in reversed(ctx.view.ents):
        if ent.start >= lo and ent.end <= hi and ent.label_ in labels:
            if not ctx.inside_quote(ent.start_char) and not possessive(ctx, ent.end):
                return Mention(ent.start, ent.end, "entity")
    return None


def _first_named(ctx: Context, lo: int, hi: int, labels: tuple[str, ...]) -> Mention | None:
    for ent in ctx.view.ents:
        if ent.start >= lo and ent.end <= hi and ent.label_ in labels:
            if not ctx.inside_quote(ent.start_char):
                return Mention(ent.start, ent.end, "entity")
    return None


def _rule_sentence_person(ctx: Context, idx: int) -> _Decision | None:
    """The person a sentence is about: the first one named before the quote (not as a
    possessive), else the only one named after it."""
    (ll, lh), (rl, rh) = _segments(ctx, idx)
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
            return _Decision(
                mention=Mention(found[0].start, found[0].end, "entity"), rule="sentence_person"
            )
        return None
    return None


def _rule_previous_paragraph(ctx: Context, idx: int) -> _Decision | None:
    q = ctx.quotes[idx]
    para = ctx.paragraphs[q.paragraph]
    only_quote = q.start - para.start <= 2 and para.end - q.end <= 2
    if not only_quote or q.paragraph == 0:
        return None
    prev = ctx.paragraphs[q.paragraph - 1]
    lo, hi = ctx.tok_at_or_after(prev.start), ctx.tok_before(prev.end)
    m = _first_named(ctx, lo, hi, ("PERSON",))
    if m is not None:
        return _Decision(mention=m, rule="previous_paragraph")
    return None


_BYLINE_LEADS = frozenset({"-", "\u2013", "\u2014", "from", "by"})


def _finish(ctx: Context, d: _Decision) -> _Decision:
    """Resolve pronouns, strip titles, and name the speaker canonically."""
    m = d.mention
    if m is None:
        return d
    if m.kind == "pronoun":
        ante = resolve_pronoun(ctx, m)
        if ante is not None:
            m = ante
            d.rule = f"{d.rule}+pronoun"
    m = strip_titles(ctx.view, m)
    d.mention = m
    d.speaker_tokens = (m.start, m.end)
    if m.kind in ("entity", "name"):
        d.speaker = canonical_text(ctx, (m.start, m.end))
    else:
        s, e = ctx.char_span((m.start, m.end))
        d.speaker = ctx.text[s:e]
    return d


def _is_title_or_scare(ctx: Context, q: QuoteSpan, has_cue: bool) -> bool:
    """Film titles, headlines, scare quotes and named things in quotation marks are not
    quotations."""
    inner = ctx.text[q.start : q.end]
    words = re.findall(r"[\w\u2019'-]+", inner)
    if not words or ctx.text[q.start - 2 : q.start - 1] in ("=", "\u201d"):
        return True  # nothing to say, or a markup attribute (author="...")
    content = [w for w in words if w.lower() not in _TITLE_SMALL]
    title_case = len(content) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in content)
    if title_case:
        return not (has_cue and q.kind == "direct")
    short = len(words) <= _MAX_SHORT_WORDS
    if q.kind == "partial" and len(words) <= _MAX_NAME_LIKE_WORDS:
        return True  # “provisional”, “silver standard”: a word or two is a term, not speech
    if len(words) == 1 and not (has_cue and q.kind == "direct"):
        return True
    if short and q.kind == "partial":
        para_start = ctx.paragraphs[q.paragraph].start
        before = ctx.text[max(para_start, q.start - 30) : max(para_start, q.start - 1)]
        if _SCARE_BEFORE.search(before):
            return True
    if has_cue or not short:
        return False
    return not (len(words) >= 2 and inner.rstrip()[-1:] in ",.?!\u2026")


_TITLE_SMALL = frozenset("a an the of and in on at to for with from by or".split())


def attribute(
    text: str,
    paragraphs: list[Span],
    doc: Doc,
    entities: list[Entity],
    quotes: list[QuoteSpan],
    parse: Callable[[Doc], Doc] | None = None,
) -> list[Quote]:
    """Speakers for `quotes` (found by `find_quotes`) of one document whose NER is `doc`.

    `parse` adds a dependency parse to a small Doc (one sentence); it is called only for
    sentences whose cue verb has no subject next to it. Without it those quotes fall through
    to the later rules.
    """
    if not quotes:
        return []
    ctx = Context(text, paragraphs, doc, entities, quotes, parse)
    ctx.gender = document_genders(ctx)
    ctx.speaker_events = speaker_events(ctx)
    ctx.speaker_events_at = [doc[m.start].idx for m in ctx.speaker_events]
    decisions: list[_Decision] = []
    keep: list[bool] = []
    for idx, q in enumerate(quotes):
        d = (
            _rule_byline(ctx, idx)
            or _rule_cue(ctx, idx)
            or _rule_according_to(ctx, idx)
            or _rule_colon_intro(ctx, idx)
        )
        cued = d is not None and (d.cue is not None or d.rule in ("according_to", "byline"))
        keep.append(not _is_title_or_scare(ctx, q, cued))
        decisions.append(_finish(ctx, d) if d is not None else _Decision())
    _propagate_chains(quotes, decisions)
    last = None  # index of the previous quote attributed by a cue or carried over
    for idx, q in enumerate(quotes):
        if not keep[idx]:
            continue
        d = decisions[idx]
        if d.rule is None:
            # a fragment inside a sentence about a named person is that person's words;
            # a bare statement continues the last speaker
            d2 = _rule_sentence_person(ctx, idx) if q.kind == "partial" else None
            if d2 is None:
                d2 = _carry_over(ctx, decisions, idx, last)
            if d2 is None:
                d2 = _rule_sentence_person(ctx, idx) or _rule_previous_paragraph(ctx, idx)
            if d2 is not None and d2.speaker is None:
                d2 = _finish(ctx, d2)
            if d2 is not None:
                decisions[idx] = d = d2
        if d.speaker is not None and d.rule.split("+")[0] not in _WEAK_RULES:
            last = idx
    return [_to_quote(ctx, q, decisions[i]) for i, q in enumerate(quotes) if keep[i]]


def _propagate_chains(quotes: list[QuoteSpan], decisions: list[_Decision]) -> None:
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
                decisions[i] = _Decision(
                    src.mention, src.speaker_tokens, src.speaker, None, "multi_paragraph"
                )


def _carry_over(
    ctx: Context, decisions: list[_Decision], idx: int, last: int | None
) -> _Decision | None:
    quotes = ctx.quotes
    if last is None or quotes[idx].paragraph - quotes[last].paragraph > _CARRY_PARAGRAPHS:
        return None
    src = decisions[last]
    if src.speaker is not None and _other_person_between(ctx, src.speaker, last, idx):
        return None
    return _Decision(src.mention, src.speaker_tokens, src.speaker, None, "carry_over")


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
        b = ctx.tok_before(min(s_end, hi))
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


def _to_quote(ctx: Context, q: QuoteSpan, d: _Decision) -> Quote:
    sp_s = sp_e = cue_s = cue_e = None
    cue = None
    if d.speaker_tokens is not None and d.speaker is not None:
        sp_s, sp_e = ctx.char_span(d.speaker_tokens)
    if d.cue is not None:
        cue_s, cue_e = ctx.char_span(d.cue)
        cue = ctx.text[cue_s:cue_e]
    return Quote(
        start=q.start,
        end=q.end,
        text=ctx.text[q.start : q.end],
        paragraph=q.paragraph,
        kind=q.kind,
        speaker=d.speaker,
        speaker_start=sp_s,
        speaker_end=sp_e,
        cue=cue,
        cue_start=cue_s,
        cue_end=cue_e,
        attribution=d.rule if d.speaker is not None else None,
    )
