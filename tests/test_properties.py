"""Property-based tests: arbitrary text never crashes the text-dump reader/extractor or the
quote finder, and every span they produce satisfies the record invariants."""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_builder.annotate.quotes.marks import find_quotes
from corpus_builder.errors import InputError
from corpus_builder.extract import extract
from corpus_builder.readers.textdump import split_header, textdump_page
from corpus_builder.types import Document, Source

QUOTEY = st.sampled_from(list("\"'“”‘’«»„‚`") + ["''", "``"])
WORDS = st.sampled_from(
    [
        "said",
        "Smith",
        "the",
        "plan",
        "He",
        "“We",
        "won’t",
        "Kim’s",
        ".",
        ",",
        ":",
        "\n",
        "\n\n",
        " ",
        "Mr.",
        "according",
        "to",
        "\u2028",
        "\x00",
        "’90s",
        "so-called",
    ]
)
TEXTISH = st.lists(st.one_of(QUOTEY, WORDS, st.text(max_size=8)), max_size=120).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _source(content: str) -> Source:
    return Source(
        path="prop.txt",
        format="textdump",
        sha256=hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest(),
    )


@SETTINGS
@given(st.one_of(TEXTISH, st.text(max_size=400)), st.booleans())
def test_textdump_reader_and_extractor_never_crash(content: str, header: bool) -> None:
    if header:
        content = " date 2020-01-01 " + content
    date, body = split_header(content)
    assert body == content[len(content) - len(body) :]
    page = textdump_page(content, _source(content))
    try:
        doc = extract(page)
    except InputError as exc:
        assert exc.code == "no_body"
        return
    assert doc.text, "a document has a body"
    prev_end = -2
    for span in doc.paragraphs:
        assert 0 <= span.start < span.end <= len(doc.text)
        assert span.start == prev_end + 2 or prev_end == -2
        assert doc.text[span.start : span.end].strip() == doc.text[span.start : span.end]
        prev_end = span.end
    assert prev_end == len(doc.text)
    assert doc.metadata.published_date in (None, date) or len(doc.metadata.published_date) == 10


@SETTINGS
@given(st.lists(TEXTISH.filter(lambda s: s.strip()), min_size=1, max_size=6))
def test_quote_spans_stay_inside_their_paragraphs(paragraphs: list[str]) -> None:
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    if not paragraphs:
        return
    text, spans = Document.join(paragraphs)
    quotes = find_quotes(text, spans)
    last_end = -1
    for q in quotes:
        para = spans[q.paragraph]
        assert para.start <= q.start <= q.end <= para.end
        assert q.kind in ("direct", "partial")
        assert q.start >= last_end, "quotes are ordered and do not overlap"
        last_end = q.end


def test_fifty_thousand_unbalanced_marks_take_linear_work() -> None:
    for n in (5_000, 50_000):
        para = "He said " + "“" * n + " and then ” stopped " + '"' * n
        text, spans = Document.join([para])
        steps = [0]
        find_quotes(text, spans, steps=steps)
        # work per character is bounded by a constant: linear, not quadratic
        assert steps[0] <= 4 * len(text), (n, steps[0], len(text))
