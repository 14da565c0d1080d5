"""Near-duplicate detection on an edit set built from the visible gold article bodies.

Each original body (scrapinghub, l3s-gn1, wcxb-dev articles; read from ../shared/benchmarks,
never copied) gets the edits syndication makes, each a copy that must join the original's
cluster:
  header_footer  another site's navigation header and copyright/newsletter footer
  paragraph      one middle paragraph replaced by a paragraph of another article
  added          one paragraph of another article inserted
  byline         another byline and a dateline/update line
  short          the first 60-80% of the words
  combo          header/footer + byline + the first 70%
Negatives: all other originals (unrelated pages), and for each original its most similar
other original by word overlap (same topic, different article), which must stay apart.
Originals that are themselves near-copies of an earlier original (true Jaccard of shingles
>= 0.5) are left out, so the truth is not ambiguous.

Prints, per set and overall: pair precision and recall (pairs inside predicted clusters vs
true clusters), per-edit recall (the copy ended in its original's cluster), same-topic
pairs merged, and time per record for signatures and clustering; the same for datasketch's
MinHash + MinHashLSH when installed (pip install datasketch==1.6.5), measured in the same
run. The threshold (0.5) was set before measuring; `--thresholds` shows the sensitivity.

Usage: python benchmarks/dedup.py [--per-set 300] [--thresholds 0.3,0.4,0.5,0.6,0.7]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
# ../shared from the main checkout; worktrees sit one level deeper.
SHARED = next(
    (p / "shared" / "benchmarks" / "extraction" for p in REPO.parents if (p / "shared").is_dir()),
    REPO.parent / "shared" / "benchmarks" / "extraction",
)
sys.path.insert(0, str(REPO))

from corpus_builder.dedup.clusters import THRESHOLD  # noqa: E402
from corpus_builder.dedup.decisions import decide  # noqa: E402
from corpus_builder.dedup.minhash import shingle_hashes, signature, words  # noqa: E402
from corpus_builder.dedup.store import Signatures  # noqa: E402

SETS = ("scrapinghub", "l3s-gn1", "wcxb-dev")
EDITS = ("header_footer", "paragraph", "added", "byline", "short", "combo")
NAV = "Home World Business Markets Politics Tech Opinion Sport Culture Video Podcasts Subscribe"
SITES = ("The Daily Courier", "Metro Herald", "Northern Post", "Valley Times", "Globe Wire")
NAMES = ("Maria Lopez", "James Whitfield", "Anika Rao", "Tom Becker", "Li Wei", "Sara Holm")


def load(name: str, limit: int) -> list[str]:
    with gzip.open(SHARED / name / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    bodies = [
        r["article_body"]
        for r in rows
        if r.get("page_type", "article") == "article" and len(words(r["article_body"])) >= 80
    ]
    return bodies[:limit]


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def header_footer(rng: random.Random) -> tuple[str, str]:
    site = rng.choice(SITES)
    nav = NAV.split()
    rng.shuffle(nav)
    header = f"{site}\n{' | '.join(nav[:8])}\nSign in  Subscribe  Search"
    footer = (
        f"Sign up for the {site} newsletter to get the day's top stories in your inbox. "
        f"Copyright {rng.randint(2010, 2025)} {site}. All rights reserved. "
        "Terms of use | Privacy policy | Cookie settings | Contact us | Advertise with us"
    )
    return header, footer


def shorten(text: str, share: float) -> str:
    ws = text.split(" ")
    return " ".join(ws[: max(1, int(len(ws) * share))])


def edit(kind: str, text: str, other: str, rng: random.Random) -> str:
    paras = paragraphs(text)
    foreign = paragraphs(other)
    if kind == "header_footer":
        head, foot = header_footer(rng)
        return f"{head}\n{text}\n{foot}"
    if kind == "paragraph":
        if len(paras) < 3:
            return text + "\n" + rng.choice(foreign)
        at = rng.randrange(1, len(paras) - 1)
        return "\n".join(paras[:at] + [rng.choice(foreign)] + paras[at + 1 :])
    if kind == "added":
        at = rng.randrange(0, len(paras) + 1)
        return "\n".join(paras[:at] + [rng.choice(foreign)] + paras[at:])
    if kind == "byline":
        who = rng.choice(NAMES)
        return f"By {who}, {rng.choice(SITES)}\nUpdated {rng.randint(1, 12)} hours ago\n{text}"
    if kind == "short":
        return shorten(text, rng.uniform(0.6, 0.8))
    if kind == "combo":
        head, foot = header_footer(rng)
        return f"{head}\nBy {rng.choice(NAMES)}\n{shorten(text, 0.7)}\n{foot}"
    raise ValueError(kind)


def true_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter) if len(a) + len(b) else 0.0


def distinct(bodies: list[str]) -> tuple[list[str], int]:
    """Drop originals that are near-copies of an earlier one (exact shingle Jaccard)."""
    hashes = [shingle_hashes(b) for b in bodies]
    kept: list[int] = []
    for i, h in enumerate(hashes):
        if all(true_jaccard(h, hashes[j]) < 0.5 for j in kept):
            kept.append(i)
    return [bodies[i] for i in kept], len(bodies) - len(kept)


def same_topic(bodies: list[str]) -> list[tuple[int, int]]:
    """For each original, the other original sharing the most distinct words (Jaccard)."""
    vocab = [set(words(b)) for b in bodies]
    pairs = set()
    for i, vi in enumerate(vocab):
        best = max(
            (j for j in range(len(bodies)) if j != i),
            key=lambda j: len(vi & vocab[j]) / len(vi | vocab[j]),
        )
        pairs.add((min(i, best), max(i, best)))
    return sorted(pairs)


def pair_counts(pred: list[int], truth: list[int]) -> tuple[int, int, int]:
    """(pairs predicted together, true pairs, pairs both) from two labelings."""

    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    both = Counter(zip(pred, truth, strict=True))
    return pairs(Counter(pred)), pairs(Counter(truth)), pairs(both)


def ours(texts: list[str], threshold: float) -> tuple[list[int], float, float]:
    t = time.perf_counter()
    sigs = [signature(x) for x in texts]
    t_sig = time.perf_counter() - t
    table = Signatures(
        ids=[str(i) for i in range(len(texts))],
        paths=[str(i) for i in range(len(texts))],
        minhash=np.stack([s for s, _ in sigs]),
        shingles=np.array([n for _, n in sigs]),
    )
    t = time.perf_counter()
    decisions = decide(table, "mark", threshold=threshold)
    t_cluster = time.perf_counter() - t
    return [int(c) for c in decisions.cluster_ids], t_sig, t_cluster


def theirs(texts: list[str], threshold: float) -> tuple[list[int], float, float] | None:
    """datasketch MinHash (128 perm) + MinHashLSH over the same shingles, union-find."""
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        return None
    t = time.perf_counter()
    hashes = [shingle_hashes(x) for x in texts]
    mhs = []
    for h in hashes:
        m = MinHash(num_perm=128, seed=1)
        m.update_batch([int(v).to_bytes(8, "little") for v in h])
        mhs.append(m)
    t_sig = time.perf_counter() - t
    t = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, m in enumerate(mhs):
        for key in lsh.query(m):
            j = int(key)
            if m.jaccard(mhs[j]) >= threshold:
                a, b = find(i), find(j)
                parent[max(a, b)] = min(a, b)
        lsh.insert(str(i), m)
    t_cluster = time.perf_counter() - t
    return [find(i) for i in range(len(texts))], t_sig, t_cluster


def evaluate(name: str, bodies: list[str], thresholds: list[float]) -> dict[str, float]:
    rng = random.Random(f"dedup-{name}")
    texts, truth, kinds = [], [], []
    for i, body in enumerate(bodies):
        texts.append(body)
        truth.append(i)
        kinds.append("original")
    for i, body in enumerate(bodies):
        other = bodies[(i + 1 + rng.randrange(len(bodies) - 1)) % len(bodies)]
        for kind in EDITS:
            texts.append(edit(kind, body, other, rng))
            truth.append(i)
            kinds.append(kind)
    topic = same_topic(bodies)
    figures = {}
    for threshold in thresholds:
        for engine, run in (("ours", ours), ("datasketch", theirs)):
            got = run(texts, threshold)
            if got is None:
                continue
            pred, t_sig, t_cluster = got
            together, true_pairs, both = pair_counts(pred, truth)
            precision = both / together if together else 1.0
            recall = both / true_pairs if true_pairs else 1.0
            per_edit = {
                k: float(
                    np.mean([pred[j] == pred[truth[j]] for j in range(len(texts)) if kinds[j] == k])
                )
                for k in EDITS
            }
            merged = sum(pred[i] == pred[j] for i, j in topic)
            print(
                f"{name:12s} {engine:10s} t={threshold:.2f} records {len(texts):5d} "
                f"pair P {precision:.4f} R {recall:.4f} | same-topic merged {merged}/"
                f"{len(topic)} | "
                + " ".join(f"{k} {v:.3f}" for k, v in per_edit.items())
                + f" | {1e3 * t_sig / len(texts):.2f} ms/rec signature, "
                f"{1e3 * t_cluster / len(texts):.3f} ms/rec clustering"
            )
            if threshold == THRESHOLD:
                figures[f"{engine}_together"] = figures.get(f"{engine}_together", 0) + together
                figures[f"{engine}_true"] = figures.get(f"{engine}_true", 0) + true_pairs
                figures[f"{engine}_both"] = figures.get(f"{engine}_both", 0) + both
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-set", type=int, default=300, help="originals per set")
    ap.add_argument("--thresholds", default=str(THRESHOLD))
    args = ap.parse_args()
    thresholds = [float(x) for x in args.thresholds.split(",")]
    total: Counter[str] = Counter()
    for name in SETS:
        bodies, dropped = distinct(load(name, args.per_set))
        print(
            f"{name}: {len(bodies)} originals ({dropped} near-copies of another original left out)"
        )
        total.update(evaluate(name, bodies, thresholds))
    for engine in ("ours", "datasketch"):
        if total[f"{engine}_together"]:
            p = total[f"{engine}_both"] / total[f"{engine}_together"]
            r = total[f"{engine}_both"] / total[f"{engine}_true"]
            print(
                f"ALL SETS {engine} at threshold {THRESHOLD}: pair precision {p:.4f}, "
                f"recall {r:.4f}"
            )


if __name__ == "__main__":
    main()
