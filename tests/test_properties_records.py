"""Property: any page the builder accepts yields a record that validates. Pages are news-like
paragraphs (text dumps and paragraph JSONL units) with random quotes, names, cue verbs, odd
marks and unicode, annotated by the real spaCy model and checked like a build checks them."""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_builder.annotate import annotate
from corpus_builder.errors import InputError
from corpus_builder.extract import extract
from corpus_builder.pipeline import checked_record
from corpus_builder.readers.textdump import textdump_page
from corpus_builder.types import RawPage, Source

NAMES = [
    "Craig Menear",
    "Kelly L Clarke",
    "Shira Gill",
    "Mr. O\u2019Neill",
    "Dr. Ana-Mar\u00eda L\u00f3pez",
    "Kim Jong Un",
    "CEO and president Craig Menear",
    "Oilers head coach Ken Hitchcock",
    "the council",
    "she",
    "they",
    "Jamil",
    "Zo\u00eb \u0141ukasz",
    "Home Depot",
]
CUES = ["said", "says", "told reporters", "added", "according to", "wrote", ":", "asked"]
WORDS = ["the", "plan", "will", "not", "work", "on", "Monday", "in", "2019", "percent", "we"]
MARKS = ["\u201c", "\u201d", '"', "'", "\u2018", "\u2019", "\u00ab", "\u00bb", "``", "''"]
ODD = ["\u2026", "\u2014", " - ", "\u00a0", "\u200b", "\U0001f600", "\u2028", "(", ")", ",", "."]

words = st.lists(st.sampled_from(WORDS + ODD), min_size=1, max_size=8).map(" ".join)
quote = st.tuples(st.sampled_from(MARKS), words, st.sampled_from(MARKS)).map("".join)
piece = st.one_of(
    st.tuples(quote, st.just(","), st.sampled_from(NAMES), st.sampled_from(CUES)).map(" ".join),
    st.tuples(st.sampled_from(NAMES), st.sampled_from(CUES), quote).map(" ".join),
    st.tuples(st.sampled_from(CUES), st.sampled_from(NAMES), quote, words).map(" ".join),
    quote,
    words,
    st.text(max_size=12),
)
paragraph = st.lists(piece, min_size=1, max_size=4).map(" ".join)
pages = st.lists(paragraph, min_size=1, max_size=5)


def _source(content: str, fmt: str) -> Source:
    digest = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
    return Source(path=f"prop.{fmt}", format=fmt, sha256=digest)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages, st.booleans())
def test_an_accepted_page_yields_a_valid_record(paras: list[str], as_jsonl: bool) -> None:
    if as_jsonl:
        kept = tuple(p for p in paras if p.strip())
        page = RawPage(
            _source("\n".join(kept), "paragraphs"), "", "paragraphs", None, None, None, kept
        )
    else:
        content = "\n\n".join(paras)
        page = textdump_page(content, _source(content, "textdump"))
    try:
        doc = extract(page)
    except InputError:
        return  # not accepted: a reject line, not a record
    (ad,) = annotate([doc])
    record, _dropped, problems = checked_record(ad)
    assert problems == [], [p.to_text() for p in problems]
    assert record["text"] == doc.text
