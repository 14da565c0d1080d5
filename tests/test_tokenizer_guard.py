"""The tokenizer guard keeps text and offsets exact and keeps long runs away from spaCy."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_builder.annotate.nlp import load_nlp
from corpus_builder.annotate.tokenizer_guard import MAX_RUN, GuardedTokenizer


def test_long_runs_never_reach_the_base_tokenizer() -> None:
    nlp = load_nlp()
    seen: list[str] = []
    base = nlp.tokenizer.base

    def recording(text: str):
        seen.append(text)
        return base(text)

    recording.vocab = base.vocab
    guarded = GuardedTokenizer(recording)
    text = "He said " + "“" * 50_000 + " then " + "x" * 3000 + "… Smith left.\n\nNext."
    doc = guarded(text)
    assert doc.text == text
    assert all(max((len(w) for w in s.split()), default=0) <= MAX_RUN for s in seen)
    assert sum(len(s) for s in seen) < 100  # only the short ordinary segments went to spaCy


RUNS = st.sampled_from(["“" * 300, '"' * 250, "a" * 500, "—" * 210, "x.y" * 90])
PARTS = st.lists(
    st.one_of(
        RUNS,
        st.sampled_from([" ", "  ", "\n", "\n\n", "Kim said ", "“Yes,” ", "U.S. ", "’", " \t "]),
    ),
    max_size=12,
)


@settings(max_examples=80, deadline=None)
@given(PARTS)
def test_doc_text_is_the_input_text(parts: list[str]) -> None:
    text = "".join(parts)
    doc = load_nlp().tokenizer(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text


def test_ordinary_text_is_tokenized_by_spacy_unchanged() -> None:
    nlp = load_nlp()
    text = "North Korean Vice Foreign Minister Choe Son Hui said on Monday."
    assert [t.text for t in nlp.tokenizer(text)] == [t.text for t in nlp.tokenizer.base(text)]


def test_closing_mark_glued_to_the_next_word_is_split() -> None:
    tok = load_nlp().tokenizer
    words = [t.text for t in tok("to paranoia,”Clinton said, and O’Brien’s rock’n’roll.")]
    assert words[:6] == ["to", "paranoia", ",", "”", "Clinton", "said"]
    assert "O’Brien" in words and "rock’n’roll" in words
