"""Quote benchmark: our annotator vs textacy's direct_quotations, and speed vs the full pipeline.

    python benchmarks/quotes.py [--sets polnear-train hardcases] [--limit N] [--skip N]
                                [--model sm] [--chunk N]
                                [--out DIR] [--no-baselines]

Each gold record's text is split on newlines into paragraphs and goes through the same code
path as a JSONL "paragraphs" input in a build (RawPage -> extract -> annotate). Predictions are
written as JSONL and scored with the set's own score.py (run as a subprocess, not copied).
In the same process and with the same model: textacy's `direct_quotations` on the full spaCy
pipeline run over every paragraph, which is also the timing baseline; the two take turns
over chunks of `--chunk` records so that a loaded machine slows both alike, and the CPU-time
ratio (this process's own) is printed beside the wall-time one. Our speaker accuracy is also
split by the gold mention: a name, or a pronoun (which the lenient metric credits to a
resolved name only through the gold's automatic-coreference aliases). Not a unit test: it
reads ../shared and prints figures.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

from corpus_builder.annotate import annotate
from corpus_builder.annotate.nlp import load_nlp, model_id
from corpus_builder.extract import extract
from corpus_builder.types import Document, RawPage, Source

# ../shared beside the checkout; a git worktree one level deeper finds it one level up
SHARED = next(
    (
        p / "shared" / "benchmarks" / "quotes"
        for p in Path(__file__).resolve().parents[2:4]
        if (p / "shared" / "benchmarks").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "quotes",
)
SETS = {
    "polnear-train": SHARED / "polnear-train" / "polnear-train.jsonl.gz",
    "hardcases": SHARED / "hardcases" / "hardcases.jsonl.gz",
}


def read_gold(path: Path, limit: int | None, skip: int = 0) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()][skip:]
    return recs[:limit] if limit else recs


def to_document(rec: dict) -> Document:
    paragraphs = tuple(p.strip() for p in rec["text"].split("\n") if p.strip())
    source = Source(path=rec["id"], format="paragraphs", sha256="0" * 64)
    page = RawPage(source, "", "paragraphs", rec["id"], None, None, paragraphs)
    return extract(page)


def _pred_quote(text: str, same_text: bool, q: dict) -> dict:
    if not same_text:  # the scorer finds the quote by its text
        q = {k: v for k, v in q.items() if k not in ("start", "end")}
    return q


def _clocks() -> tuple[float, float]:
    """Wall time, and this process's CPU time (robust to other processes on the machine)."""
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    now = _clocks()
    return now[0] - start[0], now[1] - start[1]


def run_ours(
    recs: list[dict], docs: list[Document], model: str | None
) -> tuple[list, tuple[float, float]]:
    t0 = _clocks()
    annotated = annotate(docs, model=model)
    elapsed = _since(t0)
    preds = []
    for rec, ad in zip(recs, annotated, strict=True):
        same = ad.document.text == rec["text"]
        quotes = [
            _pred_quote(
                rec["text"],
                same,
                {
                    "start": q.start,
                    "end": q.end,
                    "text": q.text,
                    "speaker": q.speaker,
                    "kind": q.kind,
                    "attribution": q.attribution,
                },
            )
            for q in ad.quotes
        ]
        preds.append({"id": rec["id"], "quotes": quotes})
    return preds, elapsed


def run_full_pipeline_and_textacy(recs: list[dict], docs: list[Document], model: str | None):
    """The full pipeline on every paragraph (timed), and textacy's quotes from those docs."""
    from textacy.extract.triples import direct_quotations

    nlp = load_nlp(model, "blis")  # spaCy as it ships: thinc's default ops (blis)
    paras = [
        (i, d.text[p.start : p.end], p.start) for i, d in enumerate(docs) for p in d.paragraphs
    ]
    t0 = _clocks()
    parsed = list(nlp.pipe((t for _, t, _ in paras), batch_size=64))
    full_time = _since(t0)
    by_doc: list[list[dict]] = [[] for _ in docs]
    t0 = time.perf_counter()
    for (i, _t, offset), sdoc in zip(paras, parsed, strict=True):
        try:
            triples = list(direct_quotations(sdoc))
        except ValueError:  # textacy refuses paragraphs with an odd number of marks
            triples = []
        for triple in triples:
            content = triple.content
            speaker = " ".join(t.text for t in triple.speaker) or None
            by_doc[i].append(
                {
                    "start": content.start_char + offset,
                    "end": content.end_char + offset,
                    "text": content.text,
                    "speaker": speaker,
                }
            )
    textacy_time = time.perf_counter() - t0
    preds = []
    for rec, d, quotes in zip(recs, docs, by_doc, strict=True):
        same = d.text == rec["text"]
        preds.append({"id": rec["id"], "quotes": [_pred_quote(d.text, same, q) for q in quotes]})
    return preds, full_time, textacy_time, len(paras)


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def score(pred: Path, gold: Path, out_json: Path) -> dict:
    scorer = SHARED / "score.py"
    subprocess.run(
        [sys.executable, str(scorer), str(pred), str(gold), "--json", str(out_json), "--quiet"],
        check=True,
    )
    return json.loads(out_json.read_text())


def by_gold_mention(pred: Path, recs: list[dict], out: Path, name: str) -> str:
    """Lenient speaker accuracy split by what the gold speaker mention is: a name, or a
    pronoun (right only when the scorer's aliases, from automatic coreference, hold our name)."""
    spec = importlib.util.spec_from_file_location("quotemarks", SHARED / "quotemarks.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {SHARED / 'quotemarks.py'}")
    quotemarks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(quotemarks)
    parts = []
    for kind, keep in (("name", False), ("pronoun", True)):
        subset = []
        for r in recs:
            quotes = [
                q
                for q in r.get("quotes") or []
                if q.get("kind", "direct") != "direct"
                or (q.get("speaker") and bool(quotemarks.is_pronoun(q["speaker"])) == keep)
            ]
            subset.append(dict(r, quotes=quotes))
        gold = out / f"{name}.gold-{kind}.jsonl"
        write_jsonl(gold, subset)
        res = score(pred, gold, out / f"{name}.ours.{kind}.score.json")
        parts.append(f"{kind} {res['speaker_acc_lenient']:.3f} (n={res['speaker_acc_n']})")
    return "speaker lenient accuracy by gold mention: " + ", ".join(parts)


def _row(name: str, res: dict, pps: float | None) -> str:
    ov, e2e = res["quote_overlap"], res["e2e_lenient"]
    speed = f"{pps:10.1f}" if pps is not None else f"{'-':>10}"
    return (
        f"{name:<30}{ov['p']:7.3f}{ov['r']:7.3f}{ov['f1']:7.3f}"
        f"{res['speaker_acc_strict']:8.3f}{res['speaker_acc_lenient']:8.3f}"
        f"{res['speaker_acc_named']:8.3f}{e2e['f1']:8.3f}{speed}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    ap.add_argument("--limit", type=int, default=None, help="first N records of each set")
    ap.add_argument("--skip", type=int, default=0, help="skip the first N records of each set")
    ap.add_argument("--model", default=None)
    ap.add_argument("--out", type=Path, default=Path("/tmp/quotes-benchmark"))
    ap.add_argument(
        "--chunk",
        type=int,
        default=100,
        help="records per turn when timing ours and the full pipeline in turns (0: all at once)",
    )
    ap.add_argument(
        "--no-baselines",
        action="store_true",
        help="skip textacy and the full pipeline (so no speed ratio)",
    )
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    nlp = load_nlp(args.model)
    print(f"model {model_id(nlp)}")
    for name in args.sets:
        gold = SETS[name]
        recs = read_gold(gold, args.limit, args.skip)
        if args.limit or args.skip:  # score against the same subset
            gold = args.out / f"{name}.gold.jsonl"
            write_jsonl(gold, recs)
        docs = [to_document(r) for r in recs]
        n_paras = sum(len(d.paragraphs) for d in docs)
        annotate(docs[:2], model=args.model)  # warm-up: model load and first-batch costs
        # Ours and the full pipeline take turns over chunks of records, so that load from
        # other processes falls on both alike (each chunk is annotated in one call).
        step = args.chunk or len(recs) or 1
        ours, tx = [], []
        ours_time = ours_cpu = full_time = full_cpu = tx_time = 0.0
        n = 0
        for lo in range(0, len(recs), step):
            part_recs, part_docs = recs[lo : lo + step], docs[lo : lo + step]
            preds, (wall, cpu) = run_ours(part_recs, part_docs, args.model)
            ours += preds
            ours_time, ours_cpu = ours_time + wall, ours_cpu + cpu
            if not args.no_baselines:
                preds, (wall, cpu), t, k = run_full_pipeline_and_textacy(
                    part_recs, part_docs, args.model
                )
                tx += preds
                full_time, full_cpu, tx_time, n = (
                    full_time + wall,
                    full_cpu + cpu,
                    tx_time + t,
                    n + k,
                )
        write_jsonl(args.out / f"{name}.ours.jsonl", ours)
        res = score(args.out / f"{name}.ours.jsonl", gold, args.out / f"{name}.ours.score.json")
        print(f"\n== {name}: {len(recs)} records, {n_paras} paragraphs ==")
        print(
            f"{'system':<30}{'P':>7}{'R':>7}{'F1':>7}{'spk-st':>8}{'spk-len':>8}"
            f"{'spk-nam':>8}{'e2e-F1':>8}{'para/s':>10}"
        )
        print(_row("corpus_builder.annotate", res, n_paras / ours_time))
        print("  " + by_gold_mention(args.out / f"{name}.ours.jsonl", recs, args.out, name))
        if not args.no_baselines:
            write_jsonl(args.out / f"{name}.textacy.jsonl", tx)
            tres = score(
                args.out / f"{name}.textacy.jsonl", gold, args.out / f"{name}.textacy.score.json"
            )
            print(_row("textacy direct_quotations", tres, n / (full_time + tx_time)))
            print(f"{'spaCy full pipeline/paragraph':<30}{'':>53}{n / full_time:10.1f}")
            print(
                f"speed-up vs full pipeline: {full_time / ours_time:.2f}x wall, "
                f"{full_cpu / ours_cpu:.2f}x process CPU time"
            )
        print(
            "P/R/F1: quote span overlap>=.5; spk-st/spk-len: speaker accuracy strict/lenient; "
            "spk-nam: lenient, pronoun wrong when a name is known; e2e-F1: span+speaker lenient"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
