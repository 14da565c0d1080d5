"""Leave-one-renderer-out (or -set-out) fold models of the text-dump line model: each trained
without the held-out renderer (set), scored on it at the shipped thresholds and two less
conservative pairs, next to the rules alone.

  .venv/bin/python benchmarks/textdump_lines_folds.py [--by renderer] -> /tmp/dumps-folds-<by>.json
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from textdump_lines import (  # noqa: E402
    CACHE,
    cell_scores,
    predict_all,
    scorer,
    train,
)

GRID = ((0.05, 0.95), (0.1, 0.9), (0.2, 0.8))  # the shipped pair first


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--by", default="renderer")
    a = ap.parse_args(argv)
    with CACHE.open("rb") as f:
        pages = pickle.load(f)
    score = scorer()
    out = {}
    for held in sorted({p[a.by] for p in pages}):
        model = train([p for p in pages if p[a.by] != held])
        test = [p for p in pages if p[a.by] == held]
        probs = predict_all(model, test)
        res = {
            "rules": {
                "|".join(c): f
                for c, f in cell_scores(test, [None] * len(test), 0, 1.01, score).items()
            }
        }
        for drop, add in GRID:
            cells = cell_scores(test, probs, drop, add, score)
            res[f"{drop}|{add}"] = {"|".join(c): f for c, f in cells.items()}
        out[held] = res
        print(held, json.dumps(res["rules"]), flush=True)
        Path(f"/tmp/dumps-folds-{a.by}.json").write_text(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
