"""What the attribution rules share for one document: the `Context` (tokens, sentences,
paragraphs, entities, quotes and caches) and the small readings of it that several rules
and pronoun resolution make (cue verbs, possessives, the speaker name of a mention)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from spacy.attrs import IDX
from spacy.tokens import Doc

from corpus_builder.annotate.entities.canonical import surnames_of, unique_names
from corpus_builder.annotate.lexicon import POSSESSIVE_MARKS, lexicon
from corpus_builder.annotate.quotes.marks import QuoteSpan
from corpus_builder.annotate.quotes.pronouns import (
    honorific_against,
)
from corpus_builder.annotate.quotes.sentences import sentence_bounds
from corpus_builder.annotate.quotes.speakers import (
    Mention,
    TokenView,
    in_hyphenated_word,
)
from corpus_builder.types import Entity, Span


class Context:
    """Everything the rules look at for one document."""

    def __init__(
        self,
        text: str,
        paragraphs: list[Span],
        doc: Doc,
        entities: list[Entity],
        quotes: list[QuoteSpan],
        parse: Callable[[Doc], Doc] | None,
        authors: Sequence[str] = (),
    ) -> None:
        self.text = text
        # the byline's writers (lowercase full names, and their surnames): never a speaker
        # found by resolution or carry-over
        self.authors = frozenset(a.lower() for a in author_names(authors))
        self.author_surnames = frozenset(s for a in self.authors for s in surnames_of(a))
        self.parse = parse
        self.parsed: dict[tuple[int, int], Doc] = {}
        self.gender: dict[str, str] = {}
        self.names: dict[str, str] = {}  # canonical person name -> speaker name
        self.surnames: dict[str, str] | None = None  # see `surnames`
        self.speaker_events: list[Mention] = []
        self.speaker_events_at: list[int] = []
        self.paragraphs = paragraphs
        self.doc = doc
        self.view = TokenView(doc, entities)
        self.quotes = quotes
        self.tok_starts = doc.to_array(IDX).tolist() if len(doc) else []
        self.canon = {(e.start, e.end): e for e in entities}
        self.entities = sorted(entities, key=lambda e: e.start)
        self.ent_starts = [e.start for e in self.entities]
        spans = [(q.start, q.end) for q in quotes]
        self.sentences: list[tuple[int, int]] = []
        for para in paragraphs:
            inside = [s for s in spans if para.start <= s[0] < para.end]
            self.sentences.extend(sentence_bounds(text, para.start, para.end, inside))
        self.sent_starts = [s for s, _ in self.sentences]
        self.para_starts = [p.start for p in paragraphs]
        self.quote_starts = [q.start for q in quotes]

    def tok_at_or_after(self, char: int) -> int:
        """The first token starting at or after `char`: also one past the last token that
        starts before it."""
        return bisect.bisect_left(self.tok_starts, char)

    def sentence_of(self, char: int) -> tuple[int, int]:
        n = bisect.bisect_right(self.sent_starts, char) - 1
        return self.sentences[max(n, 0)]

    def paragraph_of(self, char: int) -> int:
        return bisect.bisect_right(self.para_starts, char) - 1

    def inside_quote(self, char: int) -> bool:
        n = bisect.bisect_right(self.quote_starts, char) - 1
        return n >= 0 and self.quotes[n].start <= char < self.quotes[n].end

    def char_span(self, m: tuple[int, int]) -> tuple[int, int]:
        return self.doc[m[0]].idx, self.doc[m[1] - 1].idx + len(self.doc[m[1] - 1])


_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_AUTHOR_LEAD = re.compile(r"^(?:by|written by|from)\s+", re.IGNORECASE)


def author_names(authors: Sequence[str]) -> list[str]:
    """ "By Ana Lopes and Ben Park" -> ["Ana Lopes", "Ben Park"]."""
    out = []
    for a in authors:
        for part in _AUTHOR_SPLIT.split(_AUTHOR_LEAD.sub("", a.strip())):
            if part.strip():
                out.append(part.strip())
    return out


def cue_tokens(ctx: Context, lo: int, hi: int) -> list[tuple[int, int]]:
    """Cue verbs (token spans) among tokens [lo, hi); lowercase only, so "Post" in "Washington
    Post" or "States" in "United States" is no cue."""
    lex = lexicon()
    doc = ctx.doc
    out = []
    for i in range(lo, hi):
        tok = doc[i]
        if not tok.is_lower and not (i == lo and tok.is_title):
            continue
        low = tok.lower_
        if low in lex.cues:
            cue = (i, i + 1)
        elif low in lex.phrasal and i + 1 < hi and doc[i + 1].lower_ in lex.phrasal[low]:
            cue = (i, i + 2)
        else:
            continue
        if not in_hyphenated_word(tok):  # "so-called": part of a word
            out.append(cue)
    return out


def possessive(ctx: Context, end_tok: int) -> bool:
    return end_tok < len(ctx.doc) and ctx.doc[end_tok].lower_ in POSSESSIVE_MARKS


def canonical_text(ctx: Context, tokens: tuple[int, int]) -> str:
    s, e = ctx.char_span(tokens)
    ent = ctx.canon.get((s, e))
    if ent is None:
        n = bisect.bisect_right(ctx.ent_starts, s) - 1
        if n >= 0 and ctx.entities[n].start <= s and e <= ctx.entities[n].end:
            ent = ctx.entities[n]
    if ent is not None and ent.label in ("PERSON", "ORG"):
        if ent.label != "PERSON":
            return ent.canonical
        name = ctx.names.get(ent.canonical)
        if name is None:
            name = headline_tail_off(ctx.text, strip_title_words(ent.canonical))
            ctx.names[ent.canonical] = name
        # (an honorific's gender already steered the canonical name: entities/canonical.py)
        return name
    if ent is None and tokens[1] - tokens[0] == 1:
        # a surname the NER left untagged here ("Grant himself was ...")
        full = surnames(ctx).get(ctx.text[s:e])
        if full is not None and honorific_against(ctx.doc, tokens[0], full) is None:
            return full
    return ctx.text[s:e]


def headline_tail_off(text: str, name: str) -> str:
    """Headline words the NER took into a name off its end ("Ben Carson Defends" from "Ben
    Carson Defends Himself", "Trevor Noah Says"): when the whole name occurs at most once in
    the text, the longest start of it (two words at least) that occurs more often is the name."""
    words = name.split()
    if len(words) <= 2:
        return name
    n_full = _count_name(text, words)
    if n_full > 1:
        return name
    for k in range(len(words) - 1, 1, -1):
        if _count_name(text, words[:k]) > n_full:
            return " ".join(words[:k])
    return name


def _count_name(text: str, words: list[str]) -> int:
    """Occurrences of the name as whole words: "Kelly L" is not in "Kelly Lynn", nor in
    "Kelly L. Clarke" (an initial's full stop belongs to it), so a real surname is not taken for
    a headline word."""
    tail = r"(?!\w)" + (r"(?!\.)" if len(words[-1]) == 1 else "")
    return len(re.findall(r"(?<!\w)" + re.escape(" ".join(words)) + tail, text))


def strip_title_words(name: str) -> str:
    """Leading titles off a person's name: the NER sometimes takes them in ("Councillor X")."""
    words = name.split()
    lex = lexicon()
    k = 0
    while k < len(words) - 1 and lex.is_title(words[k]):
        k += 1
    return " ".join(words[k:])


def surnames(ctx: Context) -> dict[str, str]:
    """Surname -> the one full person name of the document that ends with it."""
    if ctx.surnames is None:
        pairs = []
        for ent in ctx.entities:
            if ent.label == "PERSON" and (forms := surnames_of(ent.canonical)):
                tokens = (ctx.tok_at_or_after(ent.start), ctx.tok_at_or_after(ent.end))
                name = canonical_text(ctx, tokens)
                pairs.extend((form, name) for form in forms)
        ctx.surnames = unique_names(pairs)
    return ctx.surnames
