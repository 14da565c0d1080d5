"""Train a small token classifier on the `ner` config of a built corpus and print entity-level F1.

    python examples/train_ner.py OUT            # OUT: a corpus folder or a Hub dataset repo id

It trains on the `train` split and scores a held-out one: `validation`, or `test` when
validation is empty; with neither it exits 2 rather than score the rows it trained on.

A linear model over hand-made word features (no embeddings, nothing downloaded), trained for a
few passes of SGD on CPU. It shows how to read the config and score it the CoNLL way; it is a
baseline, not a good tagger.
"""

from __future__ import annotations

import argparse
import random
import sys

from datasets import load_dataset
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import SGDClassifier

HELD_OUT = ("validation", "test")  # scored in this order: the first one with rows


def shape(word: str) -> str:
    """Word shape with runs collapsed: "Kim" -> "Xx", "U.S" -> "X.X", "2019" -> "d"."""
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def token_features(tokens: list[str], i: int) -> dict[str, float]:
    word = tokens[i]
    low = word.lower()
    feats = {
        "bias": 1.0,
        f"w={low}": 1.0,
        f"shape={shape(word)}": 1.0,
        f"suf3={low[-3:]}": 1.0,
        f"pre3={low[:3]}": 1.0,
        "title": float(word.istitle()),
        "upper": float(word.isupper()),
        "digit": float(any(c.isdigit() for c in word)),
        "first": float(i == 0),
    }
    for off in (-2, -1, 1, 2):
        j = i + off
        ctx = tokens[j] if 0 <= j < len(tokens) else "<pad>"
        feats[f"w{off:+d}={ctx.lower()}"] = 1.0
        feats[f"shape{off:+d}={shape(ctx)}"] = 1.0
    return feats


def entity_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) spans of a BIO sequence, CoNLL style: an I- tag that does not continue
    an entity of its type starts a new one."""
    spans = set()
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind
        if start is not None and not continues:
            spans.add((start, i, kind))
            start, kind = None, None
        if prefix in ("B", "I") and not continues:
            start, kind = i, label
    return spans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="corpus folder or Hub dataset repo id")
    parser.add_argument("--epochs", type=int, default=5, help="passes of SGD over train")
    parser.add_argument(
        "--eval-split",
        choices=HELD_OUT + ("train",),
        help="split to score (default: validation, else test when validation is empty); "
        "train only reports how well the model fits its own training data",
    )
    args = parser.parse_args(argv)

    ds = load_dataset(args.corpus, "ner")
    if "train" not in ds or len(ds["train"]) == 0:
        print(f"{args.corpus}: the train split of `ner` is empty", file=sys.stderr)
        return 2
    split = args.eval_split or next((s for s in HELD_OUT if s in ds and len(ds[s])), None)
    if split is None or split not in ds or len(ds[split]) == 0:
        # Scoring the training rows instead would print a fit, not a held-out F1.
        wanted = split or " or ".join(HELD_OUT)
        print(
            f"{args.corpus}: no rows in split {wanted}: nothing held out to score", file=sys.stderr
        )
        return 2
    names = ds["train"].features["ner_tags"].feature.names
    vec = DictVectorizer()
    rows = ds["train"]
    x_train = vec.fit_transform(
        token_features(r["tokens"], i) for r in rows for i in range(len(r["tokens"]))
    )
    y_train = [t for r in rows for t in r["ner_tags"]]
    model = SGDClassifier(loss="log_loss", alpha=1e-4, random_state=0)
    order = list(range(x_train.shape[0]))
    rng = random.Random(0)
    for _ in range(args.epochs):
        rng.shuffle(order)
        model.partial_fit(
            x_train[order], [y_train[k] for k in order], classes=list(range(len(names)))
        )

    gold_n = pred_n = hit = 0
    for r in ds[split]:
        tokens = r["tokens"]
        pred = model.predict(vec.transform(token_features(tokens, i) for i in range(len(tokens))))
        gold = entity_spans([names[t] for t in r["ner_tags"]])
        guess = entity_spans([names[t] for t in pred])
        gold_n += len(gold)
        pred_n += len(guess)
        hit += len(gold & guess)
    precision = hit / pred_n if pred_n else 0.0
    recall = hit / gold_n if gold_n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"trained on {len(y_train)} tokens of {len(rows)} paragraphs for {args.epochs} epochs")
    print(
        f"entity-level F1: {f1:.3f} (precision {precision:.3f}, recall {recall:.3f}, "
        f"{gold_n} gold entities, split {split})"
    )
    if split == "train":
        print("(scored on the training split: a fit, not a held-out figure)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
