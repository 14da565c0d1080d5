"""Personal-name boundary repair: grow PERSON spans the model cut short.

Small models often tag "Choe Son" in "Choe Son Hui" or "Trump" in "Donald J. Trump". A PERSON
span is extended over adjacent name-like tokens (capitalised, proper-noun tagged when tags
exist, not a title, not an ordinary word opening a sentence) and over middle initials.
"""

from __future__ import annotations

from spacy.tokens import Doc

from corpus_builder.annotate.entity_lexicon import Lexicon
from corpus_builder.annotate.entity_spans import Mention, is_sentence_start

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
    if leftward and is_sentence_start(doc, i) and lex.is_common_word(tok.text):
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


def repair_person_spans(doc: Doc, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """Mentions with PERSON spans grown over adjacent name tokens not claimed by any other
    mention. Input must be non-overlapping; so is the output."""
    tagged = doc.has_annotation("TAG")
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
