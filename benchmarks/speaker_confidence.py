"""Measure `quotes[].speaker_confidence`: per-evidence speaker precision on PolNeAR train,
calibrated on folds split by publisher, written to corpus_builder/resources/.

    python benchmarks/speaker_confidence.py [--limit N] [--shared DIR] [--write]
                                            [--predictions FILE]

Every PolNeAR train article goes through the build's code path (paragraphs -> extract ->
annotate). Each predicted quote that has a speaker and overlap-matches a gold quote (the
scorer's own greedy one-to-one matching, direct and partial gold quotes) is labelled right or
wrong with the scorer's NAMED correctness (`named_ok`: lenient same-person matching, a pronoun
is wrong whenever the gold side knows a name); a gold speaker that has no name at all is
judged by the lenient metric. Quotes without a speaker get no confidence and are not counted;
predicted quotes matching no gold quote are not judged.

Evidence groups (confidence.py reads the same keys): the attribution rule; then the rule and
the speaker kind (name / pronoun resolved / group noun); then also the quote kind. A group's
figure is its precision shrunk toward its parent's (`--prior` pseudo-counts), and a group
whose precision is not shown to be >= 0.95 (one-sided Wilson bound) is held below 0.9.

Held out: seven folds, one per publisher; the table is fitted on six publishers and read on
the seventh. Printed: the reliability table of the pooled held-out quotes (10 equal-width
bins), ECE overall and per fold, and the accuracy of quotes given >= 0.9. `--write` then fits
the table on all publishers and writes corpus_builder/resources/speaker_confidence.json.
Not a unit test: it reads ../shared and prints figures.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from corpus_builder.annotate import annotate
from corpus_builder.annotate.quotes.confidence import (
    CONFIDENCE_CAP,
    TABLE_PATH,
    evidence_keys,
    may_reach_high,
    table_confidence,
)
from corpus_builder.extract import extract
from corpus_builder.types import Document, RawPage, Source

HERE = Path(__file__).resolve()
BINS = 10


def find_shared() -> Path:
    """../shared/benchmarks/quotes from the checkout (or a worktree beside it)."""
    for parent in HERE.parents:
        candidate = parent / "shared" / "benchmarks" / "quotes"
        if candidate.is_dir():
            return candidate
    raise SystemExit("no shared/benchmarks/quotes above this checkout: pass --shared")


def load_scorer(shared: Path) -> Any:
    sys.path.insert(0, str(shared))  # score.py imports quotemarks beside it
    spec = importlib.util.spec_from_file_location("quote_score", shared / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {shared / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_gold(path: Path, limit: int | None) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    # a spread over the whole set, so that a small run still holds every publisher
    return recs[:: max(1, len(recs) // limit)][:limit] if limit else recs


def to_document(rec: dict) -> Document:
    paragraphs = tuple(p.strip() for p in rec["text"].split("\n") if p.strip())
    source = Source(path=rec["id"], format="paragraphs", sha256="0" * 64)
    return extract(RawPage(source, "", "paragraphs", rec["id"], None, None, paragraphs))


def predict(recs: list[dict], chunk: int = 40) -> list[dict]:
    """Our quotes for each gold record, with the fields the evidence keys read."""
    out = []
    for lo in range(0, len(recs), chunk):
        part = recs[lo : lo + chunk]
        for rec, ad in zip(part, annotate([to_document(r) for r in part]), strict=True):
            quotes = [
                {k: getattr(q, k) for k in ("text", "kind", "speaker", "attribution", "cue")}
                for q in ad.quotes
            ]
            out.append({"id": rec["id"], "quotes": quotes})
        print(f"  annotated {min(lo + chunk, len(recs))}/{len(recs)}", file=sys.stderr)
    return out


def judged(scorer: Any, gold: list[dict], preds: dict[str, dict]) -> list[dict]:
    """One row per attributed predicted quote matched to a gold quote: publisher, keys, right."""
    rows = []
    for g in gold:
        text = g["text"]
        pq = [q for q in scorer.locate(text, (preds.get(g["id"]) or {}).get("quotes") or [])]
        G = [(*scorer.trim_span(text, q["start"], q["end"]), q) for q in g.get("quotes") or []]
        P = [(*scorer.trim_span(text, q["start"], q["end"]), q) for q in pq]
        G = [x for x in G if x[0] < x[1]]
        P = [x for x in P if x[0] < x[1]]
        gw = [scorer.words(text, s, e) for s, e, _ in G]
        pw = [scorer.words(text, s, e) for s, e, _ in P]
        pairs = []
        for i, a in enumerate(gw):
            for j, b in enumerate(pw):
                inter = len(a & b)
                if inter and inter / max(len(a), len(b)) >= 0.5:
                    pairs.append((inter / max(len(a), len(b)), i, j))
        pairs.sort(reverse=True)
        gm: set[int] = set()
        pm: set[int] = set()
        for _ratio, i, j in pairs:
            if i in gm or j in pm:
                continue
            gm.add(i)
            pm.add(j)
            gq, q = G[i][2], P[j][2]
            if q.get("speaker") is None:
                continue
            if scorer.named_candidates(gq) and gq.get("speaker") is not None:
                right = scorer.named_ok(q["speaker"], gq)
            else:
                right = scorer.speaker_ok(q["speaker"], gq, lenient=True)
            rows.append(
                {
                    "publisher": g["meta"]["publisher"],
                    "keys": evidence_keys(q.get("attribution") or "", q["speaker"], q["kind"]),
                    "right": bool(right),
                    "gold_direct": gq.get("kind", "direct") == "direct",
                }
            )
    return rows


def fit(rows: list[dict], prior: float) -> dict[str, Any]:
    """The evidence table: counts and confidence per key, shrunk toward the parent key."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        for key in ["*", *r["keys"]]:
            counts[key][0] += 1
            counts[key][1] += r["right"]
    groups: dict[str, dict[str, Any]] = {}
    # keys are ordered general -> specific in every row, so parents are fitted first
    for key in sorted(counts, key=lambda k: (k != "*", k.count("|"), k)):
        n, k = counts[key]
        parent = key.rsplit("|", 1)[0] if "|" in key else ("*" if key != "*" else None)
        base = groups[parent]["raw"] if parent in groups else (k / n if n else 0.5)
        raw = (k + prior * base) / (n + prior)
        conf = raw if may_reach_high(k, n) else min(raw, CONFIDENCE_CAP)
        groups[key] = {"n": n, "right": k, "raw": raw, "confidence": round(conf, 4)}
    return groups


def reliability(pairs: list[tuple[float, bool]]) -> tuple[list[tuple], float]:
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(BINS)]
    for c, right in pairs:
        bins[min(int(c * BINS), BINS - 1)].append((c, right))
    table, ece = [], 0.0
    for b, items in enumerate(bins):
        if not items:
            continue
        mean = sum(c for c, _ in items) / len(items)
        acc = sum(r for _, r in items) / len(items)
        ece += len(items) / len(pairs) * abs(acc - mean)
        table.append((b / BINS, (b + 1) / BINS, len(items), mean, acc))
    return table, ece


def brier(pairs: list[tuple[float, bool]]) -> float:
    return sum((c - right) ** 2 for c, right in pairs) / len(pairs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=None, help="shared/benchmarks/quotes")
    ap.add_argument("--limit", type=int, default=None, help="N PolNeAR train articles, spread")
    ap.add_argument("--prior", type=float, default=20.0, help="pseudo-counts toward the parent")
    ap.add_argument("--predictions", type=Path, default=None, help="reuse/save predictions")
    ap.add_argument("--write", action="store_true", help=f"write {TABLE_PATH.name}")
    args = ap.parse_args(argv)
    shared = args.shared or find_shared()
    scorer = load_scorer(shared)
    gold = read_gold(shared / "polnear-train" / "polnear-train.jsonl.gz", args.limit)
    if args.predictions and args.predictions.is_file():
        preds = [json.loads(line) for line in args.predictions.open(encoding="utf-8")]
    else:
        preds = predict(gold)
        if args.predictions:
            with args.predictions.open("w", encoding="utf-8") as f:
                f.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in preds)
    by_id = {p["id"]: p for p in preds}
    rows = judged(scorer, gold, by_id)
    direct = [r for r in rows if r["gold_direct"]]
    print(
        f"PolNeAR train: {len(gold)} articles; {len(rows)} attributed quotes matched to gold "
        f"({len(direct)} direct), named accuracy {sum(r['right'] for r in rows) / len(rows):.3f} "
        f"(direct {sum(r['right'] for r in direct) / max(1, len(direct)):.3f})"
    )
    publishers = sorted({r["publisher"] for r in rows})
    held: list[tuple[float, bool]] = []
    print(f"\nheld-out folds (fit on the other {len(publishers) - 1} publishers):")
    print(f"{'publisher':<14}{'n':>6}{'ECE':>8}{'>=0.9 n':>9}{'>=0.9 acc':>11}")
    base_held: list[tuple[float, bool]] = []
    fold_ece: list[tuple[float, float]] = []
    for pub in publishers:
        train = [r for r in rows if r["publisher"] != pub]
        table = fit(train, args.prior)
        test = [r for r in rows if r["publisher"] == pub]
        fold = [(table_confidence(table, r["keys"]), r["right"]) for r in test]
        # baseline: one constant, the accuracy on the other publishers
        constant = sum(r["right"] for r in train) / len(train)
        base = [(constant, r["right"]) for r in test]
        _, ece = reliability(fold)
        fold_ece.append((ece, reliability(base)[1]))
        high = [right for c, right in fold if c >= 0.9]
        acc = f"{sum(high) / len(high):.3f}" if high else "-"
        print(
            f"{pub:<14}{len(fold):>6}{ece:>8.3f}{len(high):>9}{acc:>11}"
            f"   baseline ECE {fold_ece[-1][1]:.3f}"
        )
        held += fold
        base_held += base
    bins, ece = reliability(held)
    base_ece = reliability(base_held)[1]
    print("\nreliability, pooled held-out folds (named correctness):")
    print(f"{'bin':<12}{'count':>7}{'mean conf':>11}{'accuracy':>10}")
    for lo, hi, n, mean, acc in bins:
        print(f"[{lo:.1f}, {hi:.1f}){'':<2}{n:>7}{mean:>11.3f}{acc:>10.3f}")
    high = [right for c, right in held if c >= 0.9]
    print(
        f"ECE pooled {ece:.3f}, mean over folds {sum(e for e, _ in fold_ece) / len(fold_ece):.3f}, "
        f"worst fold {max(e for e, _ in fold_ece):.3f}; confidence >= 0.9: {len(high)} quotes, "
        f"accuracy {sum(high) / len(high) if high else float('nan'):.3f}"
    )
    print(
        f"baseline (one constant = accuracy on the other publishers): ECE pooled {base_ece:.3f}, "
        f"mean over folds {sum(b for _, b in fold_ece) / len(fold_ece):.3f}; "
        f"Brier score ours {brier(held):.4f} vs baseline {brier(base_held):.4f}"
    )
    if args.write:
        table = fit(rows, args.prior)
        doc = {
            "about": "speaker_confidence evidence table; regenerate with "
            "`python benchmarks/speaker_confidence.py --write`",
            "measured_on": f"PolNeAR train, {len(gold)} articles, {len(rows)} quotes",
            "correctness": "score.py named_ok (lenient when the gold names no one)",
            "prior": args.prior,
            "groups": {
                k: {"n": v["n"], "right": v["right"], "confidence": v["confidence"]}
                for k, v in sorted(table.items())
            },
        }
        print(f"\n{'evidence (fitted on all publishers)':<44}{'n':>6}{'right':>8}{'conf':>7}")
        for key, v in sorted(table.items(), key=lambda kv: -kv[1]["n"]):
            if key.count("|") < 2:
                print(f"{key:<44}{v['n']:>6}{v['right'] / v['n']:>8.3f}{v['confidence']:>7.3f}")
        TABLE_PATH.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {TABLE_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
