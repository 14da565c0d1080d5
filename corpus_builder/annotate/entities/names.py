"""Personal-name boundary repair: grow PERSON spans the model cut short.

Small models often tag "Choe Son" in "Choe Son Hui" or "Trump" in "Donald J. Trump". A PERSON
span is extended over adjacent name-like tokens (capitalised, proper-noun tagged when tags
exist, not a title, not an ordinary word opening a sentence, not an ordinary word of a
headline as `headlines` finds them) and over middle initials.
"""

from __future__ import annotations

from spacy.tokens import Doc

from corpus_builder.annotate.entities.headlines import Headlines, headlines
from corpus_builder.annotate.entities.lexicon import Lexicon
from corpus_builder.annotate.entities.spans import (
    NAME_LABELS,
    SENTENCE_OPENERS,
    Mention,
    is_sentence_start,
)

# Never grow a name past this many tokens: guards against runs of capitalised words
# (headlines in title case) turning into one giant PERSON.
MAX_NAME_TOKENS = 5


def _joined(doc: Doc, left: int) -> bool:
    """Tokens `left` and `left + 1` are separated by one plain space or nothing."""
    return doc[left].whitespace_ in ("", " ") and not doc[left].is_space


def _can_take(doc: Doc, i: int, lex: Lexicon, tagged: bool, leftward: bool) -> bool:
    tok = doc[i]
    if lex.is_initial(tok):
        return True
    if not lex.looks_like_name_part(tok, tagged):
        return False
    if leftward and is_sentence_start(doc, i):
        if lex.is_common_word(tok.text) or tok.lower_ in SENTENCE_OPENERS:
            return False
    return True


def _hyphen_tail(doc: Doc, end: int) -> bool:
    """Tokens end, end+1 continue the name's last word with a hyphen ("Kim Yoon" + "-man",
    "Moon Jae" + "-in"): no space on either side of the hyphen."""
    return (
        end + 1 < len(doc)
        and doc[end].text in ("-", "‐")
        and doc[end - 1].whitespace_ == ""
        and doc[end].whitespace_ == ""
        and doc[end + 1].is_alpha
    )


def repair_person_spans(
    doc: Doc, mentions: list[Mention], lex: Lexicon, heads: Headlines | None = None
) -> list[Mention]:
    """Mentions with PERSON spans grown over adjacent name tokens not claimed by any other
    mention, never over a headline verb ("Trevor Noah Says"). Input must be non-overlapping;
    so is the output."""
    tagged = doc.has_annotation("TAG")
    heads = heads if heads is not None else headlines(doc)
    owner: list[Mention | None] = [None] * len(doc)
    for m in mentions:
        for i in range(m.start, m.end):
            owner[i] = m
    out: list[Mention] = []
    absorbed: set[Mention] = set()
    for m in mentions:
        if m in absorbed:
            continue
        if m.label != "PERSON":
            out.append(m)
            continue
        start, end = m.start, m.end
        while end < len(doc) and end - start < MAX_NAME_TOKENS:
            if doc[end - 1].text in lex.particles:
                # A name does not end in "van der": the next name word belongs to it, even
                # when the model tagged it as a mention of its own.
                nxt = owner[end]
                if nxt is not None and nxt.label == "PERSON" and nxt.start == end:
                    absorbed.add(nxt)
                    end = nxt.end
                    continue
            if owner[end] is None and _hyphen_tail(doc, end) and owner[end + 1] is None:
                end += 2
                continue
            if (
                owner[end] is None
                and _joined(doc, end - 1)
                and not is_sentence_start(doc, end)
                and _can_take(doc, end, lex, tagged, leftward=False)
                and not heads.stops_growth(end, lex)
            ):
                end += 1
                continue
            break
        while (
            start > 0
            and end - start < MAX_NAME_TOKENS
            and owner[start - 1] is None
            and _joined(doc, start - 1)
            and not is_sentence_start(doc, start)
            and _can_take(doc, start - 1, lex, tagged, leftward=True)
            and not heads.stops_growth(start - 1, lex)
        ):
            start -= 1
        # An initial ends no name ("Biegun E."): give back initials taken on the right.
        while end > m.end and lex.is_initial(doc[end - 1]):
            end -= 1
        grown = Mention(start, end, m.label)
        for i in range(start, end):
            owner[i] = grown
        out.append(grown)
    return out


def honorific_names(
    doc: Doc, mentions: list[Mention], lex: Lexicon, heads: Headlines | None = None
) -> list[Mention]:
    """Persons marked by an honorific ("Mr. Barra", "Dr Tedros Adhanom"): name words after
    one become a PERSON mention when untagged, and a mention starting right after one (or
    with one) becomes PERSON whatever its label."""
    tagged = doc.has_annotation("TAG")
    heads = heads if heads is not None else headlines(doc)
    taken = [False] * len(doc)
    out: list[Mention] = []
    for m in mentions:
        start = m.start + 1 if lex.is_honorific(doc[m.start].text) else m.start
        after_honorific = start > m.start or (
            start > 0 and lex.is_honorific(doc[start - 1].text) and _joined(doc, start - 1)
        )
        if after_honorific and start < m.end and m.label in NAME_LABELS:
            m = Mention(start, m.end, "PERSON")
        out.append(m)
        for i in range(m.start, m.end):
            taken[i] = True
    texts = heads.texts
    for i in range(len(doc) - 1):
        if taken[i] or taken[i + 1] or not lex.is_honorific(texts[i]):
            continue
        end = i + 1
        while (
            end < len(doc)
            and end - i <= MAX_NAME_TOKENS
            and not taken[end]
            and _joined(doc, end - 1)
            and _can_take(doc, end, lex, tagged, leftward=False)
            and not heads.stops_growth(end, lex)
        ):
            end += 1
        while end > i + 1 and lex.is_initial(doc[end - 1]):
            end -= 1
        if end > i + 1:
            out.append(Mention(i + 1, end, "PERSON"))
            for n in range(i + 1, end):
                taken[n] = True
    return sorted(out)


def _place_texts(doc: Doc, mentions: list[Mention]) -> set[str]:
    return {doc[m.start : m.end].text for m in mentions if m.label in ("GPE", "NORP")}


def cut_office_titles(doc: Doc, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """Non-PERSON mentions without the title words that end them when they name an office,
    not an organisation: "U.S. Special Representative" (an ORG to some models) before
    "on North Korea Stephen E. Biegun" shrinks to "U.S.". Applies when the mention runs
    straight into a PERSON, or when what precedes the titles is a place or nationality
    tagged elsewhere in the document; the first title word must be singular, so "House of
    Representatives" and "Kansas City Chiefs" stay whole."""
    places = _place_texts(doc, mentions)
    out: list[Mention] = []
    for n, m in enumerate(mentions):
        nxt = mentions[n + 1] if n + 1 < len(mentions) else None
        end = m.end
        while end > m.start and lex.is_title(doc[end - 1].text):
            end -= 1
        if m.label == "PERSON" or end == m.end or doc[end].text.rstrip(".") not in lex.titles:
            out.append(m)
            continue
        before_person = (
            nxt is not None
            and nxt.label == "PERSON"
            and nxt.start == m.end
            and _joined(doc, m.end - 1)
        )
        if before_person or (end > m.start and doc[m.start : end].text in places):
            if end > m.start:
                out.append(Mention(m.start, end, m.label))
            continue
        out.append(m)
    return out
