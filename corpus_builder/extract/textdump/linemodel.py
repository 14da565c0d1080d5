"""A small learned line classifier that corrects the rule-based body of a text dump.

The rules of `body.py` find the body as one best run of lines; they were set on a few
renderers' layouts. The classifier reads every line with what a dump keeps whatever the
renderer (length, punctuation, function-word and capitalised-word shares, position, bullet and
link-marker shapes, repetition in the dump, distance from the densest run of prose) plus what
the rules said about the line and its neighbours, and gives the probability that the line is
article text. It is a one-hidden-layer network, trained leave-one-renderer-out and
leave-one-set-out by `benchmarks/textdump_lines.py` on the visible extraction sets, shipped as
`resources/textdump_line_model.json`; inference is two matrix products in numpy.

The model only overrides the rules where it is sure: a line the rules kept is dropped when its
probability is below `drop_below`, a line they left out is taken in when it is above
`add_above` (both thresholds are in the model file). Lines the site template marks as
boilerplate, and those after a comments heading, are never taken in.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from corpus_builder.extract.textdump.lines import Line, normalise

if TYPE_CHECKING:
    from corpus_builder.extract.textdump.body import LineClass

MODEL_FILE = "textdump_line_model.json"
_WORD = re.compile(r"\w+")
_PUNCT = re.compile(r"[.,;:!?…。，、！？]")
_COMMA = re.compile(r"[,，、;]")
_DIGIT = re.compile(r"\d")
_SEPARATOR = re.compile(r"(?:^|\s)[|•·/»›>«‹◦▪]+(?:\s|$)|\s[–—-]\s")
_LINK_MARK = re.compile(r"\[\s*\w{0,12}\s*\]|\bhttps?://|\bwww\.|\.(?:com|org|net|html?)\b")
_ALL_CAPS = re.compile(r"\b[A-Z\u00c0-\u00de]{2,}\b")
TOP_WORDS = 40  # the page's most frequent words stand for its function words
FUNCTION_WORD_MAX_LEN = 4
WINDOW = 5  # lines each side for the window sums
BASELINE_OFFSET = 10  # the densest run: best sum of (words - 10) over consecutive lines

BASE_FEATURES = (
    "log_words",
    "log_chars",
    "sentence_end",
    "lower_ratio",
    "cased",
    "bullet",
    "blank_before",
    "side",
    "punct_per_word",
    "comma_per_word",
    "digit_share",
    "top_word_share",
    "short_word_share",
    "separators_per_word",
    "ends_colon",
    "ends_question",
    "all_caps_share",
    "log_repeats",
    "link_marks",
    "starts_digit",
    "prose",
    "navlike",
    "promo",
    "caption",
    "comment",
    "table_row",
    "end_marker",
    "hard_end",
    "boilerplate",
    "date_stamp",
    "glued_teaser",
    "rule_value",
    "in_run",
    "kept",
    "log_before_run",
    "log_after_run",
    "position",
    "char_position",
    "in_dense_run",
    "log_before_dense",
    "log_after_dense",
)
NEIGHBOUR_FEATURES = (
    "log_words",
    "sentence_end",
    "lower_ratio",
    "prose",
    "navlike",
    "kept",
    "blank_before",
    "punct_per_word",
)
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
WINDOW_FEATURES = ("window_prose_words", "window_navlike", "window_kept")


def feature_names() -> list[str]:
    names = list(BASE_FEATURES)
    for off in NEIGHBOUR_OFFSETS:
        names += [f"{name}@{off:+d}" for name in NEIGHBOUR_FEATURES]
    return names + list(WINDOW_FEATURES)


def _dense_run(lines: Sequence[Line]) -> tuple[int, int]:
    """The run of lines with the best sum of (words - BASELINE_OFFSET): where prose is densest."""
    best, span, cur, start = 0.0, (0, 0), 0.0, 0
    for i, line in enumerate(lines):
        if cur <= 0:
            cur, start = 0.0, i
        cur += line.words - BASELINE_OFFSET
        if cur > best:
            best, span = cur, (start, i + 1)
    return span


def _distance(i: int, start: int, end: int) -> tuple[float, float]:
    if start == end:
        return math.log1p(i + 1), 0.0
    before = max(0, start - i)
    after = max(0, i - end + 1)
    return math.log1p(before), math.log1p(after)


def line_features(
    lines: Sequence[Line],
    classes: Sequence[LineClass],
    values: Sequence[float],
    run: tuple[int, int],
    kept: Sequence[int],
) -> np.ndarray:
    """The feature matrix (one row per line, columns as `feature_names()`)."""
    from corpus_builder.extract.textdump.body import is_date_stamp, is_glued_teaser

    n = len(lines)
    nb = len(BASE_FEATURES)
    base = np.zeros((n, nb), dtype=np.float64)
    if n == 0:
        return np.zeros((0, len(feature_names())))
    tokens = [_WORD.findall(line.text.lower()) for line in lines]
    counts: Counter[str] = Counter(t for toks in tokens for t in toks)
    top = {
        w
        for w, _c in counts.most_common(TOP_WORDS * 3)
        if len(w) <= FUNCTION_WORD_MAX_LEN and not w.isdigit()
    }
    top = set(sorted(top, key=lambda w: -counts[w])[:TOP_WORDS])
    repeats = Counter(normalise(line.text) for line in lines)
    kept_set = set(kept)
    total_chars = sum(len(line.text) for line in lines) or 1
    dense = _dense_run(lines)
    chars_before = 0
    for i, (line, cls) in enumerate(zip(lines, classes, strict=True)):
        text = line.text
        toks = tokens[i]
        nw = max(1, len(toks))
        value = values[i]
        before_run, after_run = _distance(i, *run)
        before_dense, after_dense = _distance(i, *dense)
        row = (
            math.log1p(line.words),
            math.log1p(len(text)),
            float(line.sentence_end),
            line.lower_ratio if line.cased else 1.0,
            float(line.cased),
            float(line.bullet),
            float(line.blank_before),
            float(line.side),
            min(3.0, len(_PUNCT.findall(text)) / nw),
            min(2.0, len(_COMMA.findall(text)) / nw),
            len(_DIGIT.findall(text)) / max(1, len(text)),
            sum(t in top for t in toks) / nw,
            sum(len(t) <= 3 and not t.isdigit() for t in toks) / nw,
            min(2.0, len(_SEPARATOR.findall(text)) / nw),
            float(text.endswith(":")),
            float(text.endswith("?")),
            len(_ALL_CAPS.findall(text)) / nw,
            math.log(repeats[normalise(text)]),
            min(2.0, len(_LINK_MARK.findall(text)) / nw),
            float(text[:1].isdigit()),
            float(cls.prose),
            float(cls.navlike),
            float(cls.promo),
            float(cls.caption),
            float(cls.comment or cls.comment_head),
            float(cls.table_row),
            float(cls.end_marker),
            float(cls.hard_end),
            float(cls.boilerplate),
            float(is_date_stamp(text)),
            float(is_glued_teaser(text)),
            math.copysign(math.log1p(min(abs(value), 1e3)), value),
            float(run[0] <= i < run[1]),
            float(i in kept_set),
            before_run,
            after_run,
            i / n,
            chars_before / total_chars,
            float(dense[0] <= i < dense[1]),
            before_dense,
            after_dense,
        )
        base[i] = row
        chars_before += len(text)
    idx = [BASE_FEATURES.index(name) for name in NEIGHBOUR_FEATURES]
    parts = [base]
    padded = np.vstack([np.zeros((2, nb)), base, np.zeros((2, nb))])
    for off in NEIGHBOUR_OFFSETS:
        parts.append(padded[2 + off : 2 + off + n, idx])
    # window sums over +-WINDOW lines, by cumulative sums (linear time)
    prose_words = np.array([c.prose * line.words for line, c in zip(lines, classes, strict=True)])
    nav = base[:, BASE_FEATURES.index("navlike")]
    kept_col = base[:, BASE_FEATURES.index("kept")]
    win = []
    for col, scale in ((prose_words, 50.0), (nav, 2 * WINDOW), (kept_col, 2 * WINDOW)):
        cs = np.concatenate([[0.0], np.cumsum(col)])
        lo = np.clip(np.arange(n) - WINDOW, 0, n)
        hi = np.clip(np.arange(n) + WINDOW + 1, 0, n)
        win.append((cs[hi] - cs[lo] - col) / scale)
    parts.append(np.stack(win, axis=1))
    return np.hstack(parts)


@dataclass(frozen=True)
class LineModel:
    """A one-hidden-layer network over standardised line features."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float
    drop_below: float
    add_above: float

    def predict(self, x: np.ndarray) -> np.ndarray:
        if x.shape[0] == 0:
            return np.zeros(0)
        h = np.tanh(((x - self.mean) / self.scale) @ self.w1 + self.b1)
        z = h @ self.w2 + self.b2
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self, about: str) -> dict:
        return {
            "about": about,
            "features": list(self.names),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "w1": self.w1.tolist(),
            "b1": self.b1.tolist(),
            "w2": self.w2.tolist(),
            "b2": self.b2,
            "drop_below": self.drop_below,
            "add_above": self.add_above,
        }

    @classmethod
    def from_json(cls, data: dict) -> LineModel:
        return cls(
            names=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            w1=np.asarray(data["w1"], dtype=np.float64),
            b1=np.asarray(data["b1"], dtype=np.float64),
            w2=np.asarray(data["w2"], dtype=np.float64),
            b2=float(data["b2"]),
            drop_below=float(data["drop_below"]),
            add_above=float(data["add_above"]),
        )


@functools.cache
def packaged_model() -> LineModel | None:
    """The shipped model, or None when the package holds none (the rules then work alone)."""
    path = resources.files("corpus_builder.resources").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    model = LineModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    if list(model.names) != feature_names():
        raise ValueError(f"{MODEL_FILE}: features do not match this code; retrain it")
    return model


def corrected(
    prob: np.ndarray,
    kept: Sequence[int],
    closed: Sequence[bool],
    drop_below: float,
    add_above: float,
) -> list[int]:
    """The kept lines after the model's sure corrections.

    `closed[i]` marks lines that may never be taken in (template boilerplate, after a hard end).
    """
    kept_set = set(kept)
    out = []
    for i, p in enumerate(prob):
        if i in kept_set:
            if p >= drop_below:
                out.append(i)
        elif p > add_above and not closed[i]:
            out.append(i)
    return out
