"""NER benchmark: our entity layer vs the raw spaCy model, on CoNLL-2003 English test.

    python benchmarks/ner.py [--model sm|md] [--pipes build|no-parser] [--limit N]
                             [--data DIR] [--save-pred DIR] [--json]

Each gold document becomes a Document whose paragraphs are its sentences (joined as a build
joins paragraphs) and runs through `nlp.pipe` with the pipes a build switches off
(`annotate.ner_pipes_disabled`: NER only, so no part-of-speech tags), or with only the parser
off (`--pipes no-parser`: tags available). Each is scored twice in the same process: the raw
`doc.ents` and `entities_from_doc(doc)`. Offsets are
mapped back to the gold text; labels are mapped with label_map.json; scoring is the shared
score.py. Not a unit test: it reads ../shared and prints figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

from corpus_builder.annotate import ner_pipes_disabled
from corpus_builder.annotate.entities import entities_from_doc
from corpus_builder.annotate.linalg import DEFAULT_LINALG, LINALG_CHOICES, describe, one_blas_thread
from corpus_builder.annotate.nlp import load_nlp, model_id
from corpus_builder.types import Document

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "ner" / "conll2003"


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("ner_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_gold(path: Path, limit: int | None) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    return docs[:limit] if limit else docs


def offset_mapper(gold_text: str):
    """The built Document's text and a function from its offsets back to the gold text's:
    sentences become paragraphs joined by a blank line instead of one newline."""
    sentences = gold_text.split("\n")
    text, spans = Document.join(sentences)
    gold_starts, pos = [], 0
    for s in sentences:
        gold_starts.append(pos)
        pos += len(s) + 1

    def back(start: int, end: int) -> tuple[int, int] | None:
        for span, g in zip(spans, gold_starts, strict=True):
            if span.start <= start and end <= span.end:
                return g + start - span.start, g + end - span.start
        return None  # crosses a paragraph break: no gold span can match it

    return text, back


def run(
    model: str, data: Path, limit: int | None, pipes: str = "build", linalg: str = DEFAULT_LINALG
) -> dict[str, object]:
    with one_blas_thread():  # as in a build
        return _run(model, data, limit, pipes, linalg)


def _run(model: str, data: Path, limit: int | None, pipes: str, linalg: str) -> dict[str, object]:
    scorer = load_scorer(data.parent / "score.py")
    mapping = json.loads((data / "label_map.json").read_text(encoding="utf-8"))["map"]
    gold_docs = read_gold(data / "test.jsonl", limit)
    nlp = load_nlp(model, linalg)
    built = [offset_mapper(g["text"]) for g in gold_docs]
    raw_pred: dict[str, dict] = {}
    our_pred: dict[str, dict] = {}
    t0 = time.perf_counter()
    ours_time = 0.0
    disable = ner_pipes_disabled(nlp) if pipes == "build" else ["parser"]
    docs = nlp.pipe((text for text, _ in built), disable=disable, batch_size=16)
    for gold, (_text, back), doc in zip(gold_docs, built, docs, strict=True):
        t1 = time.perf_counter()
        ours = entities_from_doc(doc)
        ours_time += time.perf_counter() - t1
        for store, spans in (
            (raw_pred, [(e.start_char, e.end_char, e.label_) for e in doc.ents]),
            (our_pred, [(e.start, e.end, e.label) for e in ours]),
        ):
            ents = []
            for s, e, label in spans:
                mapped = back(s, e)
                if mapped is not None:
                    ents.append({"start": mapped[0], "end": mapped[1], "label": label})
            store[gold["id"]] = {"id": gold["id"], "text": gold["text"], "entities": ents}
    elapsed = time.perf_counter() - t0
    gold = {g["id"]: g for g in gold_docs}
    return {
        "model": model_id(nlp),
        "linalg": describe(linalg),
        "disabled": disable,
        "docs": len(gold_docs),
        "seconds": elapsed,
        "entity_layer_seconds": ours_time,
        "raw": scorer.score(raw_pred, gold, mapping),
        "ours": scorer.score(our_pred, gold, mapping),
        "pred": {"raw": raw_pred, "ours": our_pred},
    }


def print_table(result: dict) -> None:
    raw, ours = result["raw"], result["ours"]
    print(
        f"model {result['model']}  docs {result['docs']}  pipe+layer {result['seconds']:.1f}s"
        f"  (entity layer {result['entity_layer_seconds']:.2f}s)"
        f"  disabled: {','.join(result['disabled'])}  linalg {result['linalg']}"
    )
    print(f"{'':<8}{'raw P':>8}{'R':>7}{'F1':>7}   {'ours P':>8}{'R':>7}{'F1':>7}")
    labels = sorted(set(raw["per_label"]) | set(ours["per_label"]))
    rows = [(lab, raw["per_label"].get(lab), ours["per_label"].get(lab)) for lab in labels]
    rows += [("micro", raw["micro"], ours["micro"]), ("span", raw["span"], ours["span"])]
    for name, a, b in rows:
        cells = []
        for v in (a, b):
            cells.append(
                f"{100 * v['p']:8.1f}{100 * v['r']:7.1f}{100 * v['f1']:7.1f}" if v else " " * 22
            )
        print(f"{name:<8}{cells[0]}   {cells[1]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="sm", help="sm | md | a spaCy package name (default sm)")
    ap.add_argument(
        "--pipes",
        choices=("build", "no-parser"),
        default="build",
        help="build: the pipes a build runs (NER only); no-parser: all but the parser",
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="conll2003 folder")
    ap.add_argument("--linalg", choices=LINALG_CHOICES, default=DEFAULT_LINALG)
    ap.add_argument("--limit", type=int, help="first N documents only")
    ap.add_argument("--save-pred", type=Path, help="write raw/ours prediction JSONL here")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = ap.parse_args(argv)
    if not (args.data / "test.jsonl").is_file():
        print(f"error: no test.jsonl in {args.data} (pass --data)", file=sys.stderr)
        return 2
    result = run(args.model, args.data, args.limit, args.pipes, args.linalg)
    if args.save_pred:
        args.save_pred.mkdir(parents=True, exist_ok=True)
        for name, preds in result["pred"].items():
            with (args.save_pred / f"{name}.jsonl").open("w", encoding="utf-8") as f:
                for rec in preds.values():
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if args.json:
        out = {k: v for k, v in result.items() if k != "pred"}
        print(json.dumps(out, indent=1))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
