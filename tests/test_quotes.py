"""Quote-mark pairing (annotate/quotes/marks.py): spans, styles, kinds, multi-paragraph,
linear time."""

from __future__ import annotations

import pytest

from corpus_builder.annotate.quotes.marks import find_quotes
from corpus_builder.types import Document


def quotes_of(*paragraphs: str):
    text, spans = Document.join(list(paragraphs))
    return text, find_quotes(text, spans)


def texts(*paragraphs: str) -> list[str]:
    text, qs = quotes_of(*paragraphs)
    return [text[q.start : q.end] for q in qs]


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("“We will win,” she said.", ["We will win,"]),
        ('"We will win," she said.', ["We will win,"]),
        ("``We will win,'' she said.", ["We will win,"]),
        ("''We will win,'' she said.", ["We will win,"]),
        ("‘We will win,’ says the union leader.", ["We will win,"]),
        ("«We will win,» she said.", ["We will win,"]),
        ('“We will win," she said.', ["We will win,"]),  # inconsistent marks
    ],
)
def test_every_mark_style_gives_the_inner_text(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph) == expected


def test_span_excludes_marks_and_keeps_inner_punctuation() -> None:
    text, (q,) = quotes_of("“Is it over? Not yet.” He left.")
    assert text[q.start - 1] == "“" and text[q.end] == "”"
    assert text[q.start : q.end] == "Is it over? Not yet."


def test_nested_quotes_stay_inside_the_outer_quote() -> None:
    assert texts("“He told me ‘sign it,’ and I refused,” she said.") == [
        "He told me ‘sign it,’ and I refused,"
    ]
    assert texts("\"He kept saying 'trust me' all night,\" she said.") == [
        "He kept saying 'trust me' all night,"
    ]


def test_apostrophes_are_not_quote_marks() -> None:
    assert texts("The players’ union rejected Kim’s offer in the ’90s, and didn’t budge.") == []
    assert texts("‘The players’ union is not for sale,’ he said.") == [
        "The players’ union is not for sale,"
    ]
    assert texts("It was the '90s, wasn't it?") == []


def test_two_quotes_around_a_cue_are_two_spans() -> None:
    assert texts("“We acted within the law,” Dana Whitcombe said, “and we will prove it.”") == [
        "We acted within the law,",
        "and we will prove it.",
    ]


def test_multi_paragraph_quote_is_one_span_per_paragraph_chained() -> None:
    text, qs = quotes_of(
        "Heller said: “This season has been hard on everyone.",
        "“But we will come back stronger next year.”",
        "The club declined to comment.",
    )
    assert [text[q.start : q.end] for q in qs] == [
        "This season has been hard on everyone.",
        "But we will come back stronger next year.",
    ]
    assert [q.paragraph for q in qs] == [0, 1]
    assert [q.closed for q in qs] == [False, True]
    assert [q.continues for q in qs] == [False, True]


def test_direct_and_partial_kinds() -> None:
    _, qs = quotes_of(
        "“We will reopen the bridge,” said the mayor.",
        "Drummond called the plan “a reckless gamble with public money” and left.",
        "He said: “Nobody was hurt.”",
    )
    assert [q.kind for q in qs] == ["direct", "partial", "direct"]


def test_unclosed_short_quote_is_dropped_but_long_one_runs_to_paragraph_end() -> None:
    assert texts('He is 6 feet 2" tall.') == []
    assert texts("She said “we will never give up on this town and its people") == [
        "we will never give up on this town and its people"
    ]


@pytest.mark.parametrize("mark", ["“", "”", '"', "‘", "’", "'", "``", "''"])
def test_pairing_is_linear_in_the_number_of_marks(mark: str) -> None:
    def steps_for(n: int) -> int:
        paragraph = (f"word {mark}") * n
        text, spans = Document.join([paragraph])
        counter = [0]
        find_quotes(text, spans, steps=counter)
        return counter[0]

    small, large = steps_for(5_000), steps_for(50_000)
    # ten times the marks, ten times the work (a quadratic scan would be 100x)
    assert large <= 10.5 * small
    assert large <= 2 * len((f"word {mark}") * 50_000)


def test_many_unbalanced_marks_give_spans_inside_the_text() -> None:
    paragraph = "“a ‘b ” c’ “ " * 10_000
    text, spans = Document.join([paragraph])
    qs = find_quotes(text, spans)
    assert all(0 <= q.start < q.end <= len(text) for q in qs)
    assert qs
    assert all(text[: q.start].rstrip()[-1] in "“‘" for q in qs)


def test_plural_possessives_inside_a_long_single_quote_finish() -> None:
    # each "s’ x" inside an open single quote asks whether the quote holds a space; the
    # question must not rescan the quote (50,000 of them would take hours if it did)
    paragraph = "‘The " + "cats’ dogs " * 50_000
    text, spans = Document.join([paragraph])
    counter = [0]
    assert find_quotes(text, spans, steps=counter) == []
    assert counter[0] <= len(paragraph)
