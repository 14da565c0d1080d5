"""Greedy decoding of spaCy's transition-based NER model, vectorised over a batch of Docs.

spaCy's own decoder checks every move's validity one state and one move at a time, which costs
more than the network itself (about half of the `ner` pipe's time). The BILUO moves of the NER
transition system always consume exactly one token, so all the Docs of a batch advance in
lockstep: step t scores token t of every Doc still running. Here the scoring, the validity
masks and the argmax of a step are a few numpy operations over the whole batch.

The network and its weights are spaCy's, used through its own layers (tok2vec, the
precomputable lower layer, the output layer), with the same float32 operations in the same
order as spaCy's C loop, so the entities are the same as the `ner` pipe's (the test suite and
`benchmarks/ner_decoder.py` compare them). Anything this decoder does not model (beam
search, other feature sets, preset entities) returns None and the caller runs spaCy's pipe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc

__all__ = ["GreedyNER", "Entities"]

# (start token, end token, label id) per Doc, the same triples as `(e.start, e.end, e.label)`.
Entities = tuple[tuple[int, int, int], ...]

_BEGIN, _IN, _LAST, _UNIT, _OUT, _NONE = range(6)
_MOVE_CODES = {"B": _BEGIN, "I": _IN, "L": _LAST, "U": _UNIT, "O": _OUT}


@dataclass(frozen=True)
class _Moves:
    kind: numpy.ndarray  # (n_classes,) one of the codes above
    label: numpy.ndarray  # (n_classes,) label id (uint64 hash), 0 for O


class GreedyNER:
    """The decoder for one `ner` pipe; `supports(ner)` says whether it can stand in for it."""

    def __init__(self, ner: EntityRecognizer) -> None:
        model = ner.model
        self._tok2vec, self._lower, upper = model.layers
        self._upper = upper if model.attrs["has_upper"] else None
        self._moves = _moves_of(ner)
        self._table, self._label_index = _validity_table(self._moves)
        self._unseen = numpy.array(sorted(model.attrs.get("unseen_classes") or ()), dtype=int)
        self._ops = model.ops

    @staticmethod
    def supports(ner: object) -> bool:
        """Greedy (beam width 1) BILUO NER with spaCy's v2 parser model and the NER feature set
        (3 context tokens), on the CPU."""
        if not isinstance(ner, EntityRecognizer) or ner.cfg.get("beam_width", 1) != 1:
            return False
        model = ner.model
        if len(model.layers) != 3 or model.layers[1].name != "precomputable_affine":
            return False
        if model.ops.xp is not numpy:
            return False
        lower = model.layers[1]
        if lower.get_dim("nF") != 3 or lower.get_dim("nP") < 2:
            return False  # other feature sets and the relu/linear variants are not modelled
        try:
            _moves_of(ner)
        except ValueError:
            return False
        return True

    def __call__(self, docs: Sequence[Doc]) -> list[Entities] | None:
        """The entities of each Doc, or None when a Doc carries annotations the transition
        system would have to respect (preset entities, sentence starts)."""
        if any(_preset(doc) for doc in docs):
            return None
        out: list[Entities] = [() for _ in docs]
        running = [i for i, doc in enumerate(docs) if len(doc)]
        if not running:
            return out
        # Longest first: the Docs still running at step t are then a prefix of the batch.
        running.sort(key=lambda i: -len(docs[i]))
        ordered = [docs[i] for i in running]
        for i, ents in zip(running, self._decode(ordered), strict=True):
            out[i] = ents
        return out

    def _decode(self, docs: list[Doc]) -> list[Entities]:
        tokvecs = self._tok2vec.predict(docs)
        cached = self._lower.predict(tokvecs)  # (1 + tokens, nF, nO, nP); row 0 is padding
        bias = self._lower.get_param("b")
        lengths = numpy.array([len(doc) for doc in docs])
        base = numpy.concatenate(([1], 1 + numpy.cumsum(lengths)[:-1]))  # row of token 0
        space = numpy.concatenate([doc.to_array(IS_SPACE) for doc in docs]).astype(bool)
        space = numpy.concatenate(([False], space))  # indexed like `cached`
        kind, label = self._moves.kind, self._moves.label
        label_index = self._label_index  # (n_classes,) row block of each move's label
        n = len(docs)
        open_label = numpy.zeros(n, dtype=numpy.int64)  # index into the labels, 0: none open
        open_start = numpy.zeros(n, dtype=numpy.int64)
        found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
        for t in range(int(lengths[0])):
            k = int(numpy.count_nonzero(lengths > t))
            rows = base[:k] + t
            is_open = open_label[:k] != 0
            # The three context tokens of an NER state: the current token, the entity's first
            # token and the token before the current one (the last two only inside an entity).
            first = numpy.where(is_open, base[:k] + open_start[:k], 0)
            before = numpy.where(is_open, rows - 1, 0)
            pre = cached[rows, 0]
            pre = pre + cached[first, 1]
            pre += cached[before, 2]
            pre += bias
            hidden = pre.max(axis=2)
            scores = self._scores(hidden)
            # The state's validity row: open label, last token or not, space token or not.
            state = (open_label[:k] * 2 + (lengths[:k] == t + 1)) * 2 + space[rows]
            valid = self._table[state]
            guess = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)
            move = kind[guess]
            closes = (move == _LAST) | (move == _UNIT)  # an entity ends at this token
            if closes.any():
                for i in numpy.flatnonzero(closes):
                    if move[i] == _LAST:
                        found[i].append((int(open_start[i]), t + 1, int(label[guess[i]])))
                    else:
                        found[i].append((t, t + 1, int(label[guess[i]])))
                open_label[:k][closes] = 0
            begin = numpy.flatnonzero(move == _BEGIN)
            if len(begin):
                open_label[begin] = label_index[guess[begin]]
                open_start[begin] = t
        return [tuple(ents) for ents in found]

    def _scores(self, hidden: numpy.ndarray) -> numpy.ndarray:
        if self._upper is None:
            scores = hidden
        else:
            # The same BLAS gemm, then bias, as spaCy's C loop, so ties break the same way.
            scores = self._ops.gemm(hidden, self._upper.get_param("W"), trans2=True)
            scores += self._upper.get_param("b")
        if len(self._unseen):
            scores[:, self._unseen] = scores.min()
        return scores


def _valid(
    kind: numpy.ndarray,
    label: numpy.ndarray,
    is_open: numpy.ndarray,
    open_label: numpy.ndarray,
    last: numpy.ndarray,
    space: numpy.ndarray,
) -> numpy.ndarray:
    """(states, classes) validity of each move, the BILUO rules of spaCy's `ner.pyx` for Docs
    without preset entities or sentence starts."""
    same = label[None, :] == open_label[:, None]
    opened, closed = is_open[:, None], ~is_open[:, None]
    labelled = label != 0  # every move but O names its label
    may_start = closed & ~space[:, None]
    return (
        ((kind == _BEGIN) & labelled & may_start & ~last[:, None])
        | ((kind == _IN) & labelled & opened & same & ~last[:, None])
        | ((kind == _LAST) & labelled & opened & same)
        | ((kind == _UNIT) & labelled & may_start)
        | ((kind == _OUT) & closed)
    )


def _validity_table(moves: _Moves) -> tuple[numpy.ndarray, numpy.ndarray]:
    """`_valid` for every state the decoder can be in, as a lookup table: row
    `(open * 2 + last) * 2 + space`, where `open` is 0 when no entity is open, else 1 + the
    index of the open entity's label among `labels`; and each move's label index (0 for O).
    The BILUO rules depend on nothing else, so a lookup replaces the rules' dozen array
    operations on every step."""
    labels = numpy.unique(moves.label[moves.label != 0])
    index = numpy.searchsorted(labels, moves.label) + 1
    index[moves.label == 0] = 0
    states = [
        (j, last, space) for j in range(len(labels) + 1) for last in (0, 1) for space in (0, 1)
    ]
    opened = numpy.array([j for j, _, _ in states])
    table = _valid(
        moves.kind,
        moves.label,
        opened != 0,
        numpy.where(opened != 0, labels[numpy.maximum(opened - 1, 0)], 0).astype(numpy.uint64),
        numpy.array([last for _, last, _ in states], dtype=bool),
        numpy.array([space for _, _, space in states], dtype=bool),
    )
    return table, index


def _moves_of(ner: EntityRecognizer) -> _Moves:
    strings = ner.vocab.strings
    kinds, labels = [], []
    for i in range(ner.moves.n_moves):
        name = ner.moves.get_class_name(i)
        code, _, text = name.partition("-")
        if code not in _MOVE_CODES:
            raise ValueError(f"unknown NER move {name!r}")
        kinds.append(_MOVE_CODES[code])
        labels.append(strings.add(text) if text else 0)
    return _Moves(numpy.array(kinds), numpy.array(labels, dtype=numpy.uint64))


def _preset(doc: Doc) -> bool:
    """Entity or sentence annotations that constrain the moves (a fresh Doc has none; token 0
    always counts as a sentence start)."""
    marks = doc.to_array([ENT_IOB, SENT_START])
    return bool(marks[:, 0].any() or (marks[1:, 1] == 1).any())
