"""Speaker attribution: a sieve of ordered rules, the first that decides wins.

Rule names are stable (they are written to each quote's `attribution` field):

  cue_after        a cue verb after the quote in its sentence, with its subject next to it
                   ("..., Varga said", "... said Mayor Ellen Varga")
  cue_before       a cue verb before the quote in its sentence ("Heller said: ...")
  cue_after_parsed, cue_before_parsed
                   the same, with the subject read from a dependency parse of that one sentence
                   because it is not next to the cue ("Biegun delivered an address calling on")
  byline           "Headline - Nora Vale: “...”": a name between a dash and the colon
                   opening the quote (tried first: the headline's verb is not a cue)
  according_to     "according to X" in the quote's sentence
  colon_intro      the quote follows a colon closing an introducing sentence, in this paragraph
                   or at the end of the previous one
  multi_paragraph  a piece of a quote running over several paragraphs takes the speaker of the
                   piece that has one
  sentence_person  a partial quote inside a sentence about a named person (tried before
                   carry_over for partial quotes, after it for whole statements)
  indirect_speech  a paragraph that is only a quote takes the subject of the cue of indirect
                   speech in the paragraph before it ("Too often, he says, they get it wrong.")
  carry_over       a quote with no cue continues the speaker of the last quote attributed by a
                   cue, within two paragraphs
  previous_paragraph  a paragraph that is only a quote: the person the previous paragraph names

A pronoun subject (he/she/it) is resolved to a named person or organisation and the rule name
gets a "+pronoun" suffix (`pronoun_resolution.py`). The first rules only look at NER-tagged
tokens; the parser runs on single sentences, and only when a cue's subject is not next to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from spacy.tokens import Doc

from corpus_builder.annotate.lexicon import AUXILIARIES, PRONOUNS, lexicon
from corpus_builder.annotate.quotes.context import (
    Context,
    canonical_text,
    cue_tokens,
    possessive,
)
from corpus_builder.annotate.quotes.fallbacks import (
    carry_over,
    continued_cue,
    propagate_chains,
    rule_indirect_speech,
    rule_previous_paragraph,
    rule_sentence_person,
    subjectless_cue_between,
)
from corpus_builder.annotate.quotes.marks import QuoteSpan
from corpus_builder.annotate.quotes.pronoun_resolution import (
    descriptor_antecedent,
    document_genders,
    is_author,
    resolve_pronoun,
    speaker_events,
)
from corpus_builder.annotate.quotes.segments import Decision, segments, subject_for
from corpus_builder.annotate.quotes.speaker_filter import acceptable_speaker, name_head, trim_tail
from corpus_builder.annotate.quotes.speakers import (
    Mention,
    strip_titles,
    subject_after,
)
from corpus_builder.types import Entity, Quote, Span
from corpus_builder.validate.invariants import names_speaker

# Rules whose speaker is not carried over to the next quote.
_WEAK_RULES = frozenset({"sentence_person", "previous_paragraph"})
_SCARE_BEFORE = re.compile(
    r"\b(so-called|dubbed|titled|entitled|term|terms|word|words|phrase|named|called|of|as)\s*$",
    re.IGNORECASE,
)
_MAX_SHORT_WORDS = 4
_MAX_NAME_LIKE_WORDS = 2
_MAX_PARSE_TOKENS = 120
_CLOSE_CUE_TOKENS = 4
_MAX_CLIMB = 6
_MAX_SUBJECT_TOKENS = 8
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


def _rule_cue(ctx: Context, idx: int) -> Decision | None:
    (ll, lh), (rl, rh) = segments(ctx, idx)
    left_cues = cue_tokens(ctx, ll, lh)
    right_cues = cue_tokens(ctx, rl, rh)
    right = [("cue_after", c, rl, rh) for c in right_cues]
    left = [("cue_before", c, ll, lh) for c in reversed(left_cues)]
    # a quote opening its sentence is attributed after it; one inside a sentence, before it
    close_after = bool(right_cues) and right_cues[0][0] - rl <= _CLOSE_CUE_TOKENS
    tries = right + left if lh <= ll or close_after else left + right
    for rule, cue, lo, hi in tries:
        m = subject_for(ctx, cue, lo, hi, quote_after=rule == "cue_before")
        if m is not None:
            return Decision(mention=m, cue=cue, rule=rule)
    for rule, cue, _lo, _hi in tries:
        m = _parsed_subject(ctx, idx, cue)
        if m is not None:
            return Decision(mention=m, cue=cue, rule=f"{rule}_parsed")
    return None


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_EMBEDDED_DEPS = frozenset({"ccomp", "relcl", "acl"})
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
    a, b = ctx.tok_at_or_after(s_start), ctx.tok_at_or_after(s_end)
    sub = _parse_tokens(ctx, a, b) if a <= cue[0] < b else None
    if sub is None:
        return None
    tok = sub[cue[0] - a]
    participle = tok.lower_.endswith("ing")
    for _ in range(_MAX_CLIMB):
        subj = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
        if subj is not None and participle and subj.i > cue[0] - a:
            # "adding file2", "after asking about sales, the agent knows": a subject after a
            # participle is its object or another clause's, not who speaks
            return None
        if subj is not None:
            m = _mention_from_subject(ctx, a, subj)
            # a participle adds to the main clause: "Lee said the deadlock has “kept us
            # safe” before claiming ...", where the parser hangs it on the reported clause,
            # whose subject is no speaker unless it is a person
            embedded = participle and tok.dep_ in _EMBEDDED_DEPS and tok.head.i != tok.i
            if not embedded or ctx.inside_quote(ctx.doc[tok.head.i + a].idx) or _personal(ctx, m):
                return m
        if tok.dep_ not in _CLIMB_DEPS or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _personal(ctx: Context, m: Mention | None) -> bool:
    """A named person (a pronoun in a reported clause often stands for someone else)."""
    if m is None or m.kind == "pronoun":
        return False
    ent = ctx.view.entity(m.end - 1)
    return ent is not None and ent.label_ == "PERSON"


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


def _rule_according_to(ctx: Context, idx: int) -> Decision | None:
    (ll, lh), (rl, rh) = segments(ctx, idx)
    doc = ctx.doc
    for lo, hi in ((rl, rh), (ll, lh)):
        for i in range(lo, hi - 2):
            if doc[i].lower_ == "according" and doc[i + 1].lower_ == "to":
                m = subject_after(ctx.view, i + 2, hi)
                if m is not None:
                    return Decision(mention=m, rule="according_to")
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


def _rule_byline(ctx: Context, idx: int) -> Decision | None:
    """ "Forecasters agree - Nora Vale: “...”", "More from Jones: “...”": a name between a dash
    (or "from"/"by") and the colon opening the quote is its source, whatever verb the headline
    before it has."""
    sent = _intro_sentence(ctx, idx)
    if sent is None:
        return None
    lo, hi = ctx.tok_at_or_after(sent[0]), ctx.tok_at_or_after(sent[1])
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
    if _glued_dash(ctx.doc, start - 1):
        return None  # "If-Match:", "Follow-up:": a hyphenated word, not a dash before a name
    return Decision(mention=Mention(start, hi, kind), rule="byline")


def _rule_colon_intro(ctx: Context, idx: int) -> Decision | None:
    sent = _intro_sentence(ctx, idx)
    if sent is None:
        return None
    lo, hi = ctx.tok_at_or_after(sent[0]), ctx.tok_at_or_after(sent[1])
    for cue in reversed(cue_tokens(ctx, lo, hi)):
        m = subject_for(ctx, cue, lo, hi)
        if m is not None:
            return Decision(mention=m, cue=cue, rule="colon_intro")
    m = _last_named(ctx, lo, hi, ("PERSON", "ORG")) or _parsed_root_subject(ctx, lo, hi)
    if m is not None:
        return Decision(mention=m, rule="colon_intro")
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


_BYLINE_LEADS = frozenset({"-", "\u2013", "\u2014", "from", "by"})


def _glued_dash(doc: Doc, i: int) -> bool:
    """A dash with no space on either side, between two words."""
    return (
        doc[i].text in ("-", "\u2013")
        and 0 < i
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i - 1].is_alpha
    )


def _finish(ctx: Context, d: Decision) -> Decision:
    """Resolve pronouns, strip titles, and name the speaker canonically."""
    m = d.mention
    if m is None:
        return d
    if m.kind == "group" and not m.parts:
        m = _before_a_verb(ctx, m)  # may leave a pronoun ("They would only" -> "They")
        if m is None:
            d.mention = None
            return d
    m = trim_tail(ctx.view, m)  # "he instead", "Priebus later Thursday"
    if m.kind == "pronoun":
        ante = resolve_pronoun(ctx, m)
        if ante is not None:
            m = ante
            d.rule = f"{d.rule}+pronoun"
    m = strip_titles(ctx.view, m)
    m = name_head(ctx.view, m)
    # "said the rookie defenceman": a description of the person just named
    described = descriptor_antecedent(ctx, m)
    if described is not None:
        m = described
        d.rule = f"{d.rule}+descriptor"
    strict = d.rule.split("+")[0] not in _NEXT_TO_A_CUE
    if not acceptable_speaker(ctx.view, m, strict):
        d.mention = None  # a place, a number phrase or a fragment names no one
        return d
    people = [p for p in m.parts if not _only_titles(ctx, p)]
    if m.parts and len(people) == 1 and people[0] is m.parts[-1] and people[0].kind != "group":
        m = strip_titles(ctx.view, people[0])  # "CEO and president Craig Menear": one person
    d.mention = m
    d.speaker_tokens = (m.start, m.end)
    if m.parts:
        joined = _join_names([_speaker_name(ctx, strip_titles(ctx.view, p)) for p in m.parts])
        written = ctx.doc[m.start : m.end].text
        # The full names joined are not text of the page when the page shortens them ("Ford
        # and Fry"); the speaker is then the group as written, which its span does name.
        d.speaker = joined if names_speaker(written, joined) else written
    else:
        d.speaker = _speaker_name(ctx, m)
    if d.rule.split("+")[0] in _FROM_AROUND and is_author(ctx, d.speaker):
        d.mention = d.speaker = d.speaker_tokens = None  # the byline's writer, named nearby
    return d


# rules that read the speaker as the subject next to a cue verb: a common noun there is a
# source by grammar ("the town said"); any other rule needs a head the lists know
_NEXT_TO_A_CUE = frozenset({"cue_after", "cue_before", "according_to"})
# rules that take a speaker from the text around a quote rather than from its cue
_FROM_AROUND = frozenset(
    {"sentence_person", "previous_paragraph", "colon_intro", "indirect_speech"}
)


def _before_a_verb(ctx: Context, m: Mention) -> Mention | None:
    """A phrase subject cut before an auxiliary that a misparse left in it ("They would only",
    "a spokesman for the mayor could only" -> "They", "a spokesman for the mayor"); None when
    the phrase starts with one. Capitalised words stay: "Will" is also a name."""
    doc = ctx.doc
    for k in range(m.start, m.end):
        if doc[k].text in AUXILIARIES:
            if k == m.start:
                return None
            if k - m.start == 1 and doc[m.start].lower_ in PRONOUNS:
                return Mention(m.start, k, "pronoun")
            ent = ctx.view.speaker_entity(k - 1)
            if ent is not None and ent.start == m.start and ent.end == k:
                return Mention(m.start, k, "entity")
            return Mention(m.start, k, m.kind)
    return m


def _speaker_name(ctx: Context, m: Mention) -> str:
    if m.kind in ("entity", "name"):
        return canonical_text(ctx, (m.start, m.end))
    s, e = ctx.char_span((m.start, m.end))
    return ctx.text[s:e]


def _only_titles(ctx: Context, m: Mention) -> bool:
    """A conjunct that is only title words ("CEO" of "CEO and president Craig Menear")."""
    lex = lexicon()
    return all(lex.is_title(ctx.doc[k].text) or ctx.doc[k].is_punct for k in range(m.start, m.end))


def _join_names(names: list[str]) -> str:
    """ "Ada Lee and Ben Park", "Ames, Berg and Cole"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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
    authors: Sequence[str] = (),
) -> list[Quote]:
    """Speakers for `quotes` (found by `find_quotes`) of one document whose NER is `doc`.

    `parse` adds a dependency parse to a small Doc (one sentence); it is called only for
    sentences whose cue verb has no subject next to it. Without it those quotes fall through
    to the later rules. `authors` (the byline's) are never a speaker found by pronoun
    resolution or carried from the text around a quote.
    """
    if not quotes:
        return []
    ctx = Context(text, paragraphs, doc, entities, quotes, parse, authors)
    ctx.gender = document_genders(ctx)
    ctx.speaker_events = speaker_events(ctx)
    ctx.speaker_events_at = [doc[m.start].idx for m in ctx.speaker_events]
    decisions: list[Decision] = []
    keep: list[bool] = []
    # cues with no subject of their own between two quotes: decided once the previous
    # quote is
    continued = [subjectless_cue_between(ctx, idx) for idx in range(len(quotes))]
    for idx, q in enumerate(quotes):
        d = None
        if continued[idx] is None:
            d = (
                _rule_byline(ctx, idx)
                or _rule_cue(ctx, idx)
                or _rule_according_to(ctx, idx)
                or _rule_colon_intro(ctx, idx)
            )
        cued = continued[idx] is not None or (
            d is not None and (d.cue is not None or d.rule in ("according_to", "byline"))
        )
        keep.append(not _is_title_or_scare(ctx, q, cued))
        decisions.append(_finish(ctx, d) if d is not None else Decision())
        cue = continued[idx]
        if cue is not None:
            decisions[idx] = continued_cue(decisions, idx, cue) or decisions[idx]
    propagate_chains(quotes, decisions)
    last = None  # index of the previous quote attributed by a cue or carried over
    for idx, q in enumerate(quotes):
        if not keep[idx]:
            continue
        d = decisions[idx]
        cue = continued[idx]
        if d.rule is None and cue is not None:
            decisions[idx] = d = continued_cue(decisions, idx, cue) or d
        if d.rule is None:
            # a fragment inside a sentence about a named person is that person's words;
            # a bare statement continues the last speaker
            d2 = rule_sentence_person(ctx, idx) if q.kind == "partial" else None
            if d2 is None:
                d2 = rule_indirect_speech(ctx, idx)
            if d2 is None:
                d2 = carry_over(ctx, decisions, idx, last)
            if d2 is None:
                d2 = rule_sentence_person(ctx, idx) or rule_previous_paragraph(ctx, idx)
            if d2 is not None and d2.speaker is None:
                d2 = _finish(ctx, d2)
            if d2 is not None:
                decisions[idx] = d = d2
        if d.speaker is not None and d.rule.split("+")[0] not in _WEAK_RULES:
            last = idx
    return [_to_quote(ctx, q, decisions[i]) for i, q in enumerate(quotes) if keep[i]]


def _to_quote(ctx: Context, q: QuoteSpan, d: Decision) -> Quote:
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
