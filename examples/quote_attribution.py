"""Quote attribution baselines on the `quotes` config of a built corpus; prints accuracy.

    python examples/quote_attribution.py OUT    # OUT: a corpus folder or a Hub dataset repo id

Each row lists the speaker candidates mentioned around a quote and `label`, the index of the
right one (-1 when the speaker is not among them). Two baselines pick a candidate:
- nearest: the PERSON candidate mentioned closest to the quote (any candidate if no PERSON);
- logistic regression over per-candidate features (distance, side, label, rank), trained on
  train and scored on the evaluation split.
Accuracy is over the rows whose speaker is among the candidates (label >= 0).
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from datasets import load_dataset
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression


def nearest(row: dict[str, Any]) -> int:
    cands = range(len(row["candidates"]))
    people = [i for i in cands if row["candidate_labels"][i] == "PERSON"]
    pool = people or list(cands)
    return min(pool, key=lambda i: (abs(row["candidate_distances"][i]), i))


def candidate_features(row: dict[str, Any], i: int) -> dict[str, float]:
    d = row["candidate_distances"][i]
    by_distance = sorted(
        range(len(row["candidates"])), key=lambda k: abs(row["candidate_distances"][k])
    )
    return {
        "bias": 1.0,
        f"label={row['candidate_labels'][i]}": 1.0,
        "side=before" if d < 0 else "side=after" if d > 0 else "side=inside": 1.0,
        "log_distance": math.log1p(abs(d)),
        f"distance_rank={min(by_distance.index(i), 3)}": 1.0,
        "first_candidate": float(i == 0),
        f"kind={row['kind']}": 1.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="corpus folder or Hub dataset repo id")
    parser.add_argument(
        "--eval-split",
        default="validation",
        help="split to score (falls back to train when it has no scorable row)",
    )
    args = parser.parse_args(argv)

    ds = load_dataset(args.corpus, "quotes")
    split = args.eval_split
    if split not in ds or not any(r["label"] >= 0 for r in ds[split]):
        print(
            f"split {split!r} has no quote with a gold candidate: scoring train instead",
            file=sys.stderr,
        )
        split = "train"
    scored = [r for r in ds[split] if r["label"] >= 0]
    total = len(ds[split])
    if not scored:
        print("nearest-candidate accuracy: n/a (no quote with a gold candidate)")
        return 1
    acc = sum(nearest(r) == r["label"] for r in scored) / len(scored)
    print(f"quotes in {split}: {total}, with the speaker among the candidates: {len(scored)}")
    print(f"nearest-candidate accuracy: {acc:.3f} (n={len(scored)}, split {split})")

    train = [r for r in ds["train"] if r["label"] >= 0]
    feats = [candidate_features(r, i) for r in train for i in range(len(r["candidates"]))]
    ys = [int(i == r["label"]) for r in train for i in range(len(r["candidates"]))]
    if len(set(ys)) < 2:
        print("logistic-regression accuracy: n/a (train needs right and wrong candidates)")
        return 0
    vec = DictVectorizer()
    model = LogisticRegression(max_iter=200, random_state=0).fit(vec.fit_transform(feats), ys)
    hits = 0
    for r in scored:
        probs = model.predict_proba(
            vec.transform([candidate_features(r, i) for i in range(len(r["candidates"]))])
        )[:, 1]
        hits += int(max(range(len(probs)), key=lambda i: (probs[i], -i)) == r["label"])
    print(
        f"logistic-regression accuracy: {hits / len(scored):.3f} (n={len(scored)}, "
        f"split {split}, trained on {len(train)} quotes)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
