"""Score predicted speakers against hand-resolved names for PolNeAR "he"/"she" quotes.

    python benchmarks/pronoun_labels.py PRED.jsonl [PRED2.jsonl ...]
                                        [--labels benchmarks/polnear_pronoun_labels.tsv]

PRED.jsonl is the predictions file `benchmarks/quotes.py --out DIR` writes
(DIR/polnear-train.ours.jsonl): one record per article with its quotes (start, end, speaker).

The labels: 100 direct quotes of PolNeAR train whose gold speaker mention is "he" or "she",
taken at an even stride over all 1,357 such quotes in file order; for each, the article was
read and the person the pronoun stands for written down by hand (the fullest name the article
gives, or the surname when that is all it gives). The file holds ids, offsets and names only.

A labelled quote is matched to the predicted quote that overlaps it most (by offsets, or by
shared words when a prediction has none), at least half of it. The speaker is
right when its words and the label's share the surname, i.e. one's word set holds the
other's last word (titles ignored); a pronoun, no speaker or no matching quote is wrong.
Printed per file: right / 100, and how many were unmatched, null, a pronoun, another name.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

LABELS = Path(__file__).resolve().parent / "polnear_pronoun_labels.tsv"
# ../shared beside the checkout; a git worktree one level deeper finds it one level up
GOLD = next(
    (
        p / "shared" / "benchmarks" / "quotes" / "polnear-train" / "polnear-train.jsonl.gz"
        for p in Path(__file__).resolve().parents[1:4]
        if (p / "shared" / "benchmarks").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared",
)
_MIN_OVERLAP = 0.5
_WORD = re.compile(r"[\w\u2019'-]+")
_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "him", "her"})
_TITLES = frozenset("mr mrs ms dr sen rep gov president former jr sr".split())


def read_labels(path: Path) -> list[tuple[str, int, int, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rid, start, end, name = line.split("\t")
            rows.append((rid, int(start), int(end), name))
    return rows


def _words(name: str) -> list[str]:
    return [w for w in (w.lower().strip(".") for w in _WORD.findall(name)) if w not in _TITLES]


def same_person(pred: str, label: str) -> bool:
    p, g = _words(pred), _words(label)
    if not p or not g:
        return False
    return g[-1] in p or p[-1] in g


def read_texts(ids: set[str]) -> dict[str, str]:
    """The gold texts of the labelled records (a prediction without offsets is placed by its
    text, as the set's scorer does)."""
    texts = {}
    with gzip.open(GOLD, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["id"] in ids:
                texts[rec["id"]] = rec["text"]
    return texts


def _words_overlap(a: str, b: str) -> float:
    wa, wb = _WORD.findall(a.lower()), set(_WORD.findall(b.lower()))
    return sum(w in wb for w in wa) / max(len(wa), len(wb), 1)


def score(pred_path: Path, labels: list[tuple[str, int, int, str]]) -> dict[str, int]:
    preds: dict[str, list[dict]] = {}
    with pred_path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                preds[rec["id"]] = rec.get("quotes") or []
    texts = read_texts({rid for rid, *_ in labels})
    out = {"right": 0, "unmatched": 0, "null": 0, "pronoun": 0, "other": 0, "n": 0}
    for rid, start, end, name in labels:
        out["n"] += 1
        gold_text = texts[rid][start:end]
        best, overlap = None, 0.0
        for q in preds.get(rid, []):
            if "start" in q:
                ov = (min(end, q["end"]) - max(start, q["start"])) / max(end - start, 1)
            else:
                ov = _words_overlap(q.get("text") or "", gold_text)
            if ov > overlap and ov >= _MIN_OVERLAP:
                best, overlap = q, ov
        if best is None:
            out["unmatched"] += 1
        elif not best.get("speaker"):
            out["null"] += 1
        elif best["speaker"].lower() in _PRONOUNS:
            out["pronoun"] += 1
        elif same_person(best["speaker"], name):
            out["right"] += 1
        else:
            out["other"] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("preds", nargs="+", type=Path)
    ap.add_argument("--labels", type=Path, default=LABELS)
    args = ap.parse_args(argv)
    labels = read_labels(args.labels)
    for p in args.preds:
        r = score(p, labels)
        print(
            f"{p}: right {r['right']}/{r['n']} = {r['right'] / r['n']:.2f} "
            f"(no quote {r['unmatched']}, null {r['null']}, pronoun {r['pronoun']}, "
            f"another name {r['other']})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
