"""Quote-aware sentence bounds for a paragraph, without a parser.

Terminal punctuation inside a quotation does not end the sentence unless the closing mark is
followed by a new capitalised sentence ("“... with us.” In his speech, ..."), so a quote and its
cue ("“Why now?” asked Moritz.") stay in one sentence.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.?!]+[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[A-Z0-9])")
_ABBREV = frozenset(
    "mr mrs ms dr st jr sr gen gov sen rep lt col sgt prof rev no vs mt ft jan feb mar apr aug "
    "sept sep oct nov dec inc corp co ltd u.s u.k u.n d.c a.m p.m e.g i.e "
    # ranks before a name ("Cmdr. Sean Robertson"): the name goes with its sentence
    "cmdr capt maj adm cpl pvt supt insp det lt.col lt.gen brig".split()
)


def sentence_bounds(
    text: str, start: int, end: int, quotes: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sentences of text[start:end] as (start, end); `quotes` are sorted inner spans."""
    bounds = []
    s = start
    qi = 0
    for m in _END.finditer(text, start, end):
        while qi < len(quotes) and quotes[qi][1] < m.start():
            qi += 1
        if qi < len(quotes) and quotes[qi][0] <= m.start() and m.end() <= quotes[qi][1] + 1:
            continue  # inside a quotation
        if m.group().startswith(".") and _abbreviation(text, s, m.start()):
            continue
        bounds.append((s, m.end()))
        s = m.end()
    if s < end:
        bounds.append((s, end))
    return bounds


def _abbreviation(text: str, lo: int, dot: int) -> bool:
    j = dot
    while j > lo and not text[j - 1].isspace():
        j -= 1
    word = text[j:dot].lower().lstrip("(\"'\u201c\u2018")
    return word in _ABBREV or (len(word) == 1 and word.isalpha())
