"""Pronoun resolution for the attribution sieve: a he/she/it speaker becomes the named person
or organisation it refers to (the most recent speaker of a cue, else the topic of the
nearest sentence naming one, with genders voted over the document)."""

from __future__ import annotations

import bisect

from corpus_builder.annotate.entities.gender import given_name_gender, honorific_gender
from corpus_builder.annotate.entities.labels import relative_who_follows
from corpus_builder.annotate.lexicon import PERSON_PRONOUNS, lexicon
from corpus_builder.annotate.quotes.context import (
    Context,
    canonical_text,
    cue_tokens,
    possessive,
    surnames,
)
from corpus_builder.annotate.quotes.pronouns import (
    infinitive_follows,
    kinship_gender,
    object_position,
    subject_pronoun_before,
)
from corpus_builder.annotate.quotes.speakers import (
    Mention,
    coordinated_after,
    person_ahead,
    subject_after,
    subject_before,
)

_PRONOUN_WINDOW_PARAGRAPHS = 4
_RECENT_SPEAKER_PARAGRAPHS = 1
_QUESTION_CUES = frozenset({"ask", "asks", "asked", "asking"})
_GENDER_PRONOUNS = {"he": "he", "his": "he", "him": "he", "she": "she", "her": "she", "hers": "she"}
# "Kinder Morgan said its pipeline ...", "Kinder Morgan, which ...": a thing, whatever the
# NER's label ("it" itself is left out: "Lee said it was over" is about something else)
_THING_PRONOUNS = frozenset({"its", "which"})
_THING_WINDOW = 2  # "Kinder Morgan said its", "Kinder Morgan, which"
_GENDER_WINDOW = 25


def resolve_pronoun(ctx: Context, m: Mention) -> Mention | None:
    """The person (he/she) or organisation (it) a pronoun subject refers to.

    Sentences are searched from the pronoun's own backwards and each from its start, so the
    first name found is the topic of the nearest sentence naming one (usually its subject),
    not whoever was named last ("Calderon said Trump could succeed Obama. “...,” he said").
    Names inside quotations and names whose known gender disagrees are skipped.
    """
    pron = ctx.doc[m.start].lower_
    if pron in PERSON_PRONOUNS:
        labels = ("PERSON",)
    elif pron == "it":
        labels = ("ORG",)
    elif pron == "they":
        return _coordinated_antecedent(ctx, m)
    else:
        return None
    char = ctx.doc[m.start].idx
    if pron in PERSON_PRONOUNS:
        recent = _recent_speaker(ctx, char, pron)
        if recent is not None:
            return recent
    first_para = max(0, ctx.paragraph_of(char) - _PRONOUN_WINDOW_PARAGRAPHS)
    floor = ctx.paragraphs[first_para].start
    n_sent = bisect.bisect_right(ctx.sent_starts, char) - 1
    limit = char
    deferred = None  # a name in object position, taken only when no subject is found
    while n_sent >= 0 and ctx.sentences[n_sent][1] > floor:
        s_start = ctx.sentences[n_sent][0]
        opener = _untagged_surname_opening(ctx, s_start, limit, pron)
        if opener is not None:
            return opener
        k = bisect.bisect_left(ctx.ent_starts, s_start)
        while k < len(ctx.entities) and ctx.entities[k].start < limit:
            ent = ctx.entities[k]
            k += 1
            if ctx.inside_quote(ent.start):
                continue
            lo, hi = ctx.tok_at_or_after(ent.start), ctx.tok_at_or_after(ent.end)
            # "Odessa, who won the award ...": whatever the NER's label, a person
            person = pron in PERSON_PRONOUNS and relative_who_follows(ctx.doc, lo, hi)
            thing = pron == "it" and ctx.gender.get(ent.canonical) == "it"
            if (ent.label not in labels and not person and not thing) or hi <= lo:
                continue
            if possessive(ctx, hi):
                continue  # "in Clinton's way": a possessive is seldom the one talking
            # "Obama consultant Cornell Belcher": the last name of a title run is its head
            head = person_ahead(ctx.view, lo, ctx.tok_at_or_after(ctx.sentences[n_sent][1]))
            if head is not None and ent.label == "PERSON":
                lo, hi = head.start, head.end
            name = canonical_text(ctx, (lo, hi))
            if pron in PERSON_PRONOUNS and ctx.gender.get(name, pron) != pron:
                continue
            if is_author(ctx, name):
                continue  # the byline's writer is not whom the story quotes
            opening = ctx.tok_at_or_after(s_start)
            if limit != char and subject_pronoun_before(
                ctx.doc, opening, lo, pron, ctx.inside_quote
            ):
                # "He nodded to his finish behind Cruz.", "Asked who leads, she named Calder.":
                # the same pronoun as the sentence's subject is the same person; look
                # further back
                break
            if object_position(ctx.doc, ctx.tok_at_or_after(ent.start)):
                # "the governor spoke with Ben Ruiz": a name after a preposition is seldom the
                # topic
                deferred = deferred or Mention(lo, hi, "entity")
                continue
            return Mention(lo, hi, "entity")
        limit = s_start
        n_sent -= 1
    return deferred


def is_author(ctx: Context, name: str) -> bool:
    """Is `name` (or its surname) one of the document's byline authors?"""
    if not ctx.authors:
        return False
    words = name.lower().split()
    return " ".join(words) in ctx.authors or (len(words) == 1 and words[0] in ctx.author_surnames)


def _coordinated_antecedent(ctx: Context, m: Mention) -> Mention | None:
    """ "Owners Ann Berg and Lee Moss said they ... “...,” they said.": a plural pronoun
    speaker is the people last named together as a clause's subject, within the pronoun's
    paragraph and the one before it (a single name is no antecedent for "they")."""
    char = ctx.doc[m.start].idx
    floor = ctx.paragraphs[max(0, ctx.paragraph_of(char) - _RECENT_SPEAKER_PARAGRAPHS)].start
    lo = ctx.tok_at_or_after(floor)
    best = None
    for ent in ctx.view.ents:
        if ent.start < lo or ent.start_char >= char:
            continue
        if ent.label_ != "PERSON" or ctx.inside_quote(ent.start_char):
            continue
        if object_position(ctx.doc, ent.start) or possessive(ctx, ent.end):
            continue
        s_end = ctx.tok_at_or_after(ctx.sentence_of(ent.start_char)[1])
        pair = coordinated_after(ctx.view, Mention(ent.start, ent.end, "entity"), s_end)
        if pair.parts and ctx.doc[pair.end - 1].idx < char:
            best = pair
    return best


def _untagged_surname_opening(ctx: Context, s_start: int, limit: int, pron: str) -> Mention | None:
    """ "Grant himself was pleased.": a sentence opening with the surname of a person the
    document names, where the NER tagged nothing (a capitalised word at a sentence start is
    often left out when it is also an ordinary word)."""
    if pron not in PERSON_PRONOUNS:
        return None
    i = ctx.tok_at_or_after(s_start)
    doc = ctx.doc
    while i < len(doc) and (doc[i].is_punct or doc[i].is_space):
        i += 1
    if i + 1 >= len(doc) or doc[i].idx >= limit or not doc[i].is_title:
        return None
    if ctx.view.entity(i) is not None or ctx.inside_quote(doc[i].idx) or possessive(ctx, i + 1):
        return None
    full = surnames(ctx).get(doc[i].text)
    if full is None or ctx.gender.get(full, pron) != pron:
        return None
    return Mention(i, i + 1, "name")


def _recent_speaker(ctx: Context, char: int, pron: str) -> Mention | None:
    """The person most recently named as the subject of a cue verb ("Viguerie argues",
    "said Bozell"), within the current and previous paragraph, if the gender fits: a pronoun
    speaker in news usually continues the speaker of the preceding lines."""
    floor = ctx.paragraphs[max(0, ctx.paragraph_of(char) - _RECENT_SPEAKER_PARAGRAPHS)].start
    n = bisect.bisect_left(ctx.speaker_events_at, char) - 1
    if n < 0 or ctx.speaker_events_at[n] < floor:
        return None
    m = ctx.speaker_events[n]
    name = canonical_text(ctx, (m.start, m.end))
    if ctx.gender.get(name, pron) != pron or is_author(ctx, name):
        return None
    # someone else named in a later sentence is the likelier antecedent
    event_sentence = ctx.sentence_of(ctx.doc[m.start].idx)
    k = bisect.bisect_left(ctx.ent_starts, event_sentence[1])
    while k < len(ctx.entities) and ctx.entities[k].start < char:
        ent = ctx.entities[k]
        k += 1
        if ent.label == "PERSON" and ent.canonical != name and not ctx.inside_quote(ent.start):
            if object_position(ctx.doc, ctx.tok_at_or_after(ent.start)):
                continue  # "Later he suggested that Mr. Brandt had ...": not a new topic
            if ctx.gender.get(ent.canonical, pron) == pron:
                return None
    return m


def speaker_events(ctx: Context) -> list[Mention]:
    """Named persons that are the subject of a cue verb outside quotations, in text order."""
    events: list[Mention] = []
    doc = ctx.doc
    for para in ctx.paragraphs:
        lo, hi = ctx.tok_at_or_after(para.start), ctx.tok_at_or_after(para.end)
        for cue in cue_tokens(ctx, lo, hi):
            if ctx.inside_quote(doc[cue[0]].idx) or doc[cue[0]].lower_ in _QUESTION_CUES:
                continue  # who asks a question is rarely who answers it next
            if infinitive_follows(doc, cue[1]):
                continue  # "Kerr agreed to stay on" reports no speech
            m = subject_before(ctx.view, lo, cue[0]) or subject_after(ctx.view, cue[1], hi)
            if m is None or m.kind != "entity" or ctx.inside_quote(doc[m.start].idx):
                continue
            ent = ctx.view.entity(m.start)
            if ent is not None and ent.label_ == "PERSON":
                events.append(m)
    events.sort(key=lambda m: m.start)
    return events


def document_genders(ctx: Context) -> dict[str, str]:
    """Canonical person name -> "he"/"she", voted by the first personal pronoun that follows
    each mention (outside quotations, before another person is named)."""
    votes: dict[str, dict[str, int]] = {}
    doc = ctx.doc
    persons = [e for e in ctx.view.ents if e.label_ == "PERSON"]
    names = [canonical_text(ctx, (ent.start, ent.end)) for ent in persons]
    for k, ent in enumerate(persons):
        if ctx.inside_quote(ent.start_char) or possessive(ctx, ent.end):
            continue
        if object_position(doc, ent.start):
            continue  # "with Mayor Walsh by her side": the pronoun is the subject's
        stop = persons[k + 1].start if k + 1 < len(persons) else len(doc)
        for i in range(ent.end, min(stop, ent.end + _GENDER_WINDOW)):
            g = _GENDER_PRONOUNS.get(doc[i].lower_)
            if doc[i].lower_ in _THING_PRONOUNS and i <= ent.end + _THING_WINDOW:
                g = "it"  # right after the name or its verb: further on, "its" is another's
            if g is not None and doc[i - 1].lower_ == "that":
                continue  # "X told the paper that she was ...": often someone else
            if g is not None:
                if not ctx.inside_quote(doc[i].idx):
                    tally = votes.setdefault(names[k], {"he": 0, "she": 0, "it": 0})
                    tally[g] += 1
                break
    genders = {}
    for n, v in votes.items():
        top = max(v.values())
        winners = [g for g, c in v.items() if c == top]
        if len(winners) == 1:
            genders[n] = winners[0]  # "it": a company or a thing, never "he" or "she"
    # a known first name or an honorific ("Mr. Trump", "Ms. Rhimes") outweighs pronoun votes,
    # which a nearby other person can mislead
    for ent, name in zip(persons, names, strict=True):
        g = given_name_gender(name) or kinship_gender(doc, ent.start)
        if g is None:
            before = [doc[ent.start - 1].text] if ent.start > 0 else []
            g = honorific_gender(ent.text.split()[0], *before)
        if g is not None:
            genders[name] = g
    return genders


_MIN_DESCRIPTOR = 3
_MAX_DESCRIPTOR = 7  # "the 46-year-old" is six tokens
_NUMBER_LABELS = frozenset({"CARDINAL", "DATE", "ORDINAL", "QUANTITY"})


def descriptor_antecedent(ctx: Context, m: Mention) -> Mention | None:
    """ "Mark Stone scored twice. “...,” said the rookie defenceman.": a definite description
    that is no role or group of its own names the one person the sentences just before it name
    (the quote's and the one before, outside quotations); two different people: undecided."""
    doc = ctx.doc
    if m.kind != "group" or m.parts or doc[m.start].lower_ != "the":
        return None
    if not _MIN_DESCRIPTOR <= m.end - m.start <= _MAX_DESCRIPTOR:
        return None  # "the moderator", "the crowd": often someone else; "the rookie
        # defenceman", "the gambling tycoon": a description of someone
    head = doc[m.end - 1].lower_
    if head.endswith("s") and not head.endswith("ss"):
        return None  # a plural names a group, not the person
    if head in lexicon().groups or head in lexicon().titles:
        return None  # "the spokesman", "the senior official": a role of its own
    for i in range(m.start + 1, m.end):
        ent = ctx.view.entity(i)
        if doc[i].lower_ in _DESCRIPTOR_STOPS or (
            ent is not None and ent.label_ not in _NUMBER_LABELS
        ):
            return None  # "the head of Acme", "the Acme owner": a role of its own
    char = doc[m.start].idx
    n = bisect.bisect_right(ctx.sent_starts, char) - 1
    first = ctx.sentences[max(0, n - 1)][0]
    if ctx.paragraph_of(first) < ctx.paragraph_of(char) - 1:
        first = ctx.paragraphs[ctx.paragraph_of(char) - 1].start
    found: dict[str, Mention] = {}
    for ent in ctx.view.ents:
        if ent.start_char < first or ent.start >= m.start or ent.label_ != "PERSON":
            continue
        if ctx.inside_quote(ent.start_char) or possessive(ctx, ent.end):
            continue
        name = canonical_text(ctx, (ent.start, ent.end))
        if is_author(ctx, name):
            continue
        found.setdefault(name, Mention(ent.start, ent.end, "entity"))
    return next(iter(found.values())) if len(found) == 1 else None


_DESCRIPTOR_STOPS = frozenset({"of", "for", "at", "in", "from", "with", "who", "and"})
