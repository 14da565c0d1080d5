"""The networks' linear-algebra path: chosen per build, applied to every layer, the BLAS held to
one thread while annotating (and only then), and recorded in provenance."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pyarrow.parquet as pq
import pytest
from threadpoolctl import threadpool_info

from corpus_builder.annotate import annotate
from corpus_builder.annotate.linalg import (
    DEFAULT_LINALG,
    LINALG_CHOICES,
    RowStableOps,
    describe,
    one_blas_thread,
    ops_for,
)
from corpus_builder.annotate.nlp import load_nlp
from corpus_builder.build import build
from corpus_builder.options import BuildOptions
from corpus_builder.types import Document, Metadata, Source

PARAGRAPHS = [
    "Councilwoman Rosa Delgado met the Harbor Port Authority in Baltimore on Tuesday.",
    "“We will not sign this contract,” Delgado said after the meeting.",
    "The authority’s director, Samuel Okafor, said talks with Maersk would go on in March.",
]


def _doc() -> Document:
    text, spans = Document.join(PARAGRAPHS)
    source = Source(path="t.txt", format="textdump", sha256="0" * 64)
    return Document("t", source, None, Metadata(language="en"), text, spans, "test")


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


@pytest.mark.parametrize("linalg", LINALG_CHOICES)
def test_every_layer_runs_on_the_chosen_path(linalg: str) -> None:
    nlp = load_nlp(None, linalg)
    models = [m for _, pipe in nlp.pipeline if (m := getattr(pipe, "model", None)) is not None]
    layers = [node for model in models for node in model.walk()]
    assert layers
    assert {node.ops.use_blis for node in layers} == {linalg == "blis"}
    for name, pipe in nlp.pipeline:
        if (model := getattr(pipe, "model", None)) is not None:
            ops = ops_for(linalg, row_stable=name == "ner")
            assert all(node.ops is ops for node in model.walk())
    ner_ops = nlp.get_pipe("ner").model.ops
    assert isinstance(ner_ops, RowStableOps) == (linalg == "numpy")


def test_default_is_cached_once_and_matches_the_build_option() -> None:
    assert load_nlp() is load_nlp(None, DEFAULT_LINALG)
    assert load_nlp(None, "blis") is not load_nlp(None, "numpy")
    assert BuildOptions().linalg == DEFAULT_LINALG


def test_unknown_path_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown linalg 'mkl'"):
        load_nlp(None, "mkl")


def test_one_blas_thread_only_inside_the_block() -> None:
    before = _blas_threads()
    assert before, "numpy's BLAS should be visible to threadpoolctl"
    with one_blas_thread():
        assert _blas_threads() == [1] * len(before)
    assert _blas_threads() == before


def test_annotate_holds_one_thread_while_the_networks_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import corpus_builder.annotate as annotate_module

    seen: list[list[int]] = []
    real = annotate_module.ner_documents

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(_blas_threads())
        yield from real(*args, **kwargs)

    monkeypatch.setattr(annotate_module, "ner_documents", spy)
    before = _blas_threads()
    annotate([_doc()])
    assert seen and set(seen[0]) == {1}
    assert _blas_threads() == before


def test_provenance_names_the_path() -> None:
    numpy_path, blis_path = describe("numpy"), describe("blis")
    assert numpy_path.startswith("numpy+") and numpy_path.endswith("-1thread")
    assert blis_path.startswith("blis-")
    (ad_numpy,) = annotate([_doc()], linalg="numpy")
    (ad_blis,) = annotate([_doc()], linalg="blis")
    assert ad_numpy.linalg == numpy_path
    assert ad_blis.linalg == blis_path
    # Different BLAS libraries, the same entities on ordinary news text.
    assert [(e.start, e.end, e.label) for e in ad_numpy.entities] == [
        (e.start, e.end, e.label) for e in ad_blis.entities
    ]
    assert any(e.label == "PERSON" for e in ad_numpy.entities)


@pytest.mark.slow
def test_build_records_the_option(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [{"id": "a", "paragraphs": PARAGRAPHS}]
    (raw / "p.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    got = {}
    for linalg in LINALG_CHOICES:
        out = tmp_path / linalg
        build([raw], out, BuildOptions(linalg=linalg), workers=1)
        table = pq.read_table(sorted((out / "data" / "articles").glob("*.parquet")))
        got[linalg] = {r["linalg"] for r in table.column("provenance").to_pylist()}
    assert got == {linalg: {describe(linalg)} for linalg in LINALG_CHOICES}


def test_a_gemm_row_does_not_depend_on_the_other_rows() -> None:
    ops = ops_for("numpy", row_stable=True)
    rng = numpy.random.default_rng(7)
    w = rng.standard_normal((74, 64)).astype("float32")  # the NER output layer's shape
    x = rng.standard_normal((3000, 64)).astype("float32")
    whole = ops.gemm(x, w, trans2=True)
    for start, rows in ((0, 1), (5, 3), (100, 40), (17, 300), (2999, 1)):
        part = ops.gemm(x[start : start + rows], w, trans2=True)
        assert numpy.array_equal(part, whole[start : start + rows])
    out = numpy.empty((40, 74), dtype="float32")
    assert ops.gemm(x[:40], w, out=out, trans2=True) is out
    assert numpy.array_equal(out, whole[:40])


def test_a_paragraphs_vectors_are_the_same_alone_and_in_a_batch() -> None:
    nlp = load_nlp(None, "numpy")
    tok2vec = nlp.get_pipe("ner").model.layers[0]
    text = "Mara Voss told the Ottawa Citizen on Tuesday that the plan would fail."
    others = [
        f"Paragraph {i}: the council of {town} met {day} and voted {i} to {i + 3}."
        for i, (town, day) in enumerate(
            [(t, d) for t in ("Leeds", "Brno", "Quito", "Perth") for d in ("Monday", "today")] * 6
        )
    ]
    doc = nlp.make_doc(text)
    with one_blas_thread():
        alone = tok2vec.predict([doc])  # one row per token, the batch's Docs one after another
        batch = tok2vec.predict([nlp.make_doc(t) for t in others] + [doc])
    assert alone.shape[0] == len(doc)
    assert numpy.array_equal(batch[-len(doc) :], alone)
