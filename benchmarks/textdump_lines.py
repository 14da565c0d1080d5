"""Train and evaluate the text-dump line model (`corpus_builder/extract/textdump/linemodel.py`).

Data: the visible extraction sets of ../shared/benchmarks/extraction rendered by the five
renderers of `renderers.py` (cache /tmp/body-dumps). A line's label is whether most of it is
gold article text (its token 4-grams, or for a short line its whole token run, occur in the
gold body). Each page is read as a build reads it: cross-page templates learned over the
set's dumps of that renderer, the rule body with and without the template.

  .venv/bin/python benchmarks/textdump_lines.py features [--limit 150]
      (features of every page, cached in /tmp/dumps-features.pkl)
  .venv/bin/python benchmarks/textdump_lines.py heldout [--by renderer,set]
      (leave-one-renderer-out and leave-one-set-out tables)
  .venv/bin/python benchmarks/textdump_lines.py unseen [--unseen-cache PKL]
      (train on the five, score a renderer none of it saw: renderers.py's markdown)
  .venv/bin/python benchmarks/textdump_lines.py shipped
      (the shipped model, in-sample, per set x renderer, next to the rules alone)
  .venv/bin/python benchmarks/textdump_lines.py write
      (train on all of it, write resources/textdump_line_model.json)

Held-out figures: for each renderer (set), the model is trained on the other renderers'
(sets') lines only, its two thresholds chosen on those, and the held-out renderer's (set's)
pages are scored with the benchmark's scorer, next to the rules alone.
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extraction_matrix import SETS, dump_page, load_set, scorer  # noqa: E402
from renderers import RENDERERS, dumps  # noqa: E402

from corpus_builder.extract.textdump import linemodel  # noqa: E402
from corpus_builder.extract.textdump.body import closed_lines, rule_body  # noqa: E402
from corpus_builder.extract.textdump.extract import TEMPLATE_MIN_KEEP, _trim_lead  # noqa: E402
from corpus_builder.extract.textdump.lines import split_lines  # noqa: E402
from corpus_builder.extract.textdump.profiles import match_profile  # noqa: E402
from corpus_builder.extract.textdump.template import page_site_key, template_stats  # noqa: E402
from corpus_builder.types import Document  # noqa: E402

CACHE = Path("/tmp/dumps-features.pkl")
MODEL_PATH = (
    Path(__file__).resolve().parent.parent / "corpus_builder/resources" / (linemodel.MODEL_FILE)
)
_WORD = re.compile(r"\w+")
HIDDEN = 24
EPOCHS = 8
BATCH = 2048
LEARNING_RATE = 3e-3
L2 = 1e-4
SEED = 13
DROP_GRID = (0.0, 0.05, 0.1, 0.2, 0.3)
ADD_GRID = (0.6, 0.7, 0.8, 0.9, 0.95, 1.01)
DROP_PENALTY = 3.0
TUNE_PAGES = 800  # thresholds are chosen on this many training pages (every n-th)


def _labels(lines, gold: str) -> np.ndarray:
    gtoks = _WORD.findall(gold)
    grams = {tuple(gtoks[i : i + 4]) for i in range(len(gtoks) - 3)}
    joined = " " + " ".join(gtoks) + " "
    out = np.zeros(len(lines))
    for k, line in enumerate(lines):
        toks = _WORD.findall(line.text)
        if not toks:
            continue
        if len(toks) < 4:
            out[k] = float(" " + " ".join(toks) + " " in joined)
        else:
            lg = [tuple(toks[i : i + 4]) for i in range(len(toks) - 3)]
            out[k] = sum(g in grams for g in lg) / len(lg)
    return out


def _variant(lines, boilerplate, promo, gold):
    rule = rule_body(lines, boilerplate, promo)
    x = linemodel.line_features(lines, rule.classes, rule.values, (rule.start, rule.end), rule.kept)
    return {
        "x": x.astype(np.float32),
        "kept": rule.kept,
        "closed": closed_lines(lines, rule),
        "y": _labels(lines, gold),
        "tokens": np.array([len(_WORD.findall(line.text)) for line in lines]),
    }


def build_features(limit: int | None, sets, renderers) -> list[dict]:
    pages = []
    for set_name in sets:
        recs = load_set(set_name, limit)
        for rend in renderers:
            texts = dumps(rend, set_name, ((r["id"], r["html"]) for r in recs))
            dpages = [dump_page(set_name, rend, n, r, texts[r["id"]]) for n, r in enumerate(recs)]
            templates = template_stats(iter(dpages)).templates()
            for rec, page in zip(recs, dpages, strict=True):
                lines = split_lines(page.content)
                profile = match_profile(lines, page.url, None)
                promo = profile.promo_re if profile is not None else None
                gold = rec["article_body"]
                entry = {
                    "set": set_name,
                    "renderer": rend,
                    "id": rec["id"],
                    "gold": gold,
                    "texts": [line.text for line in lines],
                    "plain": _variant(lines, lambda _t: False, promo, gold),
                    "templated": None,
                }
                template = templates.get(page_site_key(page))
                if template is not None:
                    entry["templated"] = _variant(lines, template.is_boilerplate, promo, gold)
                pages.append(entry)
            print(f"features {set_name} {rend}: {len(recs)} pages", flush=True)
    return pages


# -- the network ------------------------------------------------------------------------


def _training_rows(pages: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for p in pages:
        for v in (p["plain"], p["templated"]):
            if v is None or len(v["y"]) == 0:
                continue
            tok = np.minimum(v["tokens"], 200).astype(np.float64)
            # every page counts alike (the scorer averages per page), long lines more
            w = (1.0 + tok) / (1.0 + tok).sum() * len(tok)
            xs.append(v["x"])
            ys.append((v["y"] >= 0.5).astype(np.float64))
            ws.append(w)
    return np.vstack(xs).astype(np.float64), np.concatenate(ys), np.concatenate(ws)


def train(pages: list[dict], seed: int = SEED) -> linemodel.LineModel:
    x, y, w = _training_rows(pages)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    xs = (x - mean) / scale
    rng = np.random.default_rng(seed)
    d = xs.shape[1]
    params = {
        "w1": rng.normal(0, 1 / np.sqrt(d), (d, HIDDEN)),
        "b1": np.zeros(HIDDEN),
        "w2": rng.normal(0, 1 / np.sqrt(HIDDEN), HIDDEN),
        "b2": np.zeros(1),
    }
    m = {k: np.zeros_like(v) for k, v in params.items()}
    s = {k: np.zeros_like(v) for k, v in params.items()}
    t = 0
    n = len(y)
    for _epoch in range(EPOCHS):
        order = rng.permutation(n)
        for b in range(0, n, BATCH):
            idx = order[b : b + BATCH]
            xb, yb, wb = xs[idx], y[idx], w[idx]
            h = np.tanh(xb @ params["w1"] + params["b1"])
            z = h @ params["w2"] + params["b2"][0]
            p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
            g = (p - yb) * wb / wb.sum()
            grads = {
                "w2": h.T @ g + L2 * params["w2"],
                "b2": np.array([g.sum()]),
            }
            gh = np.outer(g, params["w2"]) * (1 - h**2)
            grads["w1"] = xb.T @ gh + L2 * params["w1"]
            grads["b1"] = gh.sum(axis=0)
            t += 1
            for k in params:
                m[k] = 0.9 * m[k] + 0.1 * grads[k]
                s[k] = 0.999 * s[k] + 0.001 * grads[k] ** 2
                mh = m[k] / (1 - 0.9**t)
                sh = s[k] / (1 - 0.999**t)
                params[k] -= LEARNING_RATE * mh / (np.sqrt(sh) + 1e-8)
    return linemodel.LineModel(
        names=tuple(linemodel.feature_names()),
        mean=mean,
        scale=scale,
        w1=params["w1"],
        b1=params["b1"],
        w2=params["w2"],
        b2=float(params["b2"][0]),
        drop_below=0.0,
        add_above=1.01,
    )


# -- scoring as extract_textdump does ----------------------------------------------------------


def _chars(texts, kept) -> int:
    return sum(len(texts[i]) for i in kept)


def page_text(p: dict, probs: dict | None, drop: float, add: float) -> str:
    """The body text extract_textdump gives for this page (probs: None = the rules alone)."""

    def kept_of(name: str):
        v = p[name]
        if probs is None or not v["kept"]:
            return list(v["kept"])
        k = linemodel.corrected(probs[name], v["kept"], v["closed"], drop, add)
        return k or list(v["kept"])

    texts = p["texts"]
    kept = kept_of("plain")
    if p["templated"] is not None:
        templated = kept_of("templated")
        if _chars(texts, templated) >= TEMPLATE_MIN_KEEP * _chars(texts, kept):
            kept = templated

    class _L:  # _trim_lead reads .text only
        __slots__ = ("text",)

        def __init__(self, t: str) -> None:
            self.text = t

    _lead, kept = _trim_lead([_L(t) for t in texts], kept)
    text, _spans = Document.join([texts[i] for i in kept])
    return text


def predict_all(model, pages) -> list[dict]:
    out = []
    for p in pages:
        out.append(
            {
                name: model.predict(p[name]["x"].astype(np.float64))
                for name in ("plain", "templated")
                if p[name] is not None
            }
        )
    return out


def cell_scores(pages, probs, drop, add, score) -> dict[tuple[str, str], float]:
    """F1 per (set, renderer), by the scorer's own shingles and aggregate (gold shingles are
    counted once per page and kept in the page)."""
    by_cell = defaultdict(list)
    for p, pr in zip(pages, probs, strict=True):
        if "gold_shingles" not in p:
            p["gold_shingles"] = score.shingles(p["gold"])
        pred = score.shingles(page_text(p, pr, drop, add))
        gold = p["gold_shingles"]
        tp = sum((pred & gold).values())
        by_cell[(p["set"], p["renderer"])].append(
            (tp, sum(pred.values()) - tp, sum(gold.values()) - tp)
        )
    return {cell: score.aggregate(counts)["f1"] for cell, counts in by_cell.items()}


def tune(model, pages, score) -> tuple[float, float]:
    """The thresholds with the best gain over the rules on `pages` (the training pages): the
    mean gain per (set, renderer) cell, a loss in any cell counted DROP_PENALTY times (a change
    that lifts one cell and drops another is not an improvement)."""
    pages = pages[:: max(1, len(pages) // TUNE_PAGES)]
    probs = predict_all(model, pages)
    rules = cell_scores(pages, [None] * len(pages), 0.0, 1.01, score)
    best = (0.0, 0.0, 1.01)  # no correction at all: gain 0
    for drop in DROP_GRID:
        for add in ADD_GRID:
            cells = cell_scores(pages, probs, drop, add, score)
            gains = [cells[c] - rules[c] for c in rules]
            value = float(np.mean(gains)) + DROP_PENALTY * float(np.mean(np.minimum(gains, 0)))
            if value > best[0] + 1e-9:
                best = (value, drop, add)
    return best[1], best[2]


def with_thresholds(model, drop, add):
    return linemodel.LineModel(**{**model.__dict__, "drop_below": drop, "add_above": add})


def heldout(pages, score, key: str) -> list[tuple]:
    rows = []
    for held in sorted({p[key] for p in pages}):
        train_pages = [p for p in pages if p[key] != held]
        test_pages = [p for p in pages if p[key] == held]
        model = train(train_pages)
        drop, add = tune(model, train_pages, score)
        rules = cell_scores(test_pages, [None] * len(test_pages), 0, 1.01, score)
        learned = cell_scores(test_pages, predict_all(model, test_pages), drop, add, score)
        for cell in sorted(rules):
            rows.append((key, held, cell, rules[cell], learned[cell], drop, add))
            print(
                f"held-out {key}={held} {cell[0]:<12} {cell[1]:<10} rules {rules[cell]:.4f} "
                f"model {learned[cell]:.4f} (drop<{drop} add>{add})",
                flush=True,
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=("features", "heldout", "unseen", "shipped", "write"))
    ap.add_argument(
        "--unseen-cache",
        type=Path,
        default=Path("/tmp/dumps-features-markdown.pkl"),
        help="unseen: features of a renderer outside the training five (features --renderers "
        "markdown --cache ...)",
    )
    ap.add_argument("--limit", type=int, default=150)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--renderers", default=",".join(RENDERERS))
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--by", default="renderer,set", help="heldout: renderer, set or both")
    a = ap.parse_args(argv)
    if a.command == "features":
        pages = build_features(a.limit, a.sets.split(","), a.renderers.split(","))
        with a.cache.open("wb") as f:
            pickle.dump(pages, f)
        print(f"{len(pages)} pages -> {a.cache}")
        return 0
    with a.cache.open("rb") as f:
        pages = pickle.load(f)
    score = scorer()
    if a.command == "heldout":
        for key in a.by.split(","):
            rows = heldout(pages, score, key)
            print(f"\n| held-out {key} | set | rules F1 | model F1 |")
            print("|---|---|---|---|")
            for _k, held, cell, r, m, _d, _a in rows:
                print(
                    f"| {held} | {cell[0] if key == 'renderer' else cell[1]} | {r:.4f} | {m:.4f} |"
                )
            rs = [r[3] for r in rows]
            ms = [r[4] for r in rows]
            print(f"| mean | | {np.mean(rs):.4f} | {np.mean(ms):.4f} |")
        return 0
    if a.command == "shipped":  # the shipped model on the cached pages (and the unseen renderer)
        model = linemodel.packaged_model()
        extra = []
        if a.unseen_cache.exists():
            with a.unseen_cache.open("rb") as f:
                extra = pickle.load(f)
        everything = pages + extra
        rules = cell_scores(everything, [None] * len(everything), 0, 1.01, score)
        probs = predict_all(model, everything)
        learned = cell_scores(everything, probs, model.drop_below, model.add_above, score)
        print(f"shipped model, drop<{model.drop_below} add>{model.add_above}")
        print("| set | renderer | rules F1 | model F1 | change |")
        print("|---|---|---|---|---|")
        for cell in sorted(rules):
            d = learned[cell] - rules[cell]
            print(f"| {cell[0]} | {cell[1]} | {rules[cell]:.4f} | {learned[cell]:.4f} | {d:+.4f} |")
        return 0
    model = train(pages)
    drop, add = tune(model, pages, score)
    model = with_thresholds(model, drop, add)
    if a.command == "unseen":
        with a.unseen_cache.open("rb") as f:
            unseen = pickle.load(f)
        rules = cell_scores(unseen, [None] * len(unseen), 0, 1.01, score)
        learned = cell_scores(unseen, predict_all(model, unseen), drop, add, score)
        print("| unseen renderer | set | rules F1 | model F1 |")
        print("|---|---|---|---|")
        for cell in sorted(rules):
            print(f"| {cell[1]} | {cell[0]} | {rules[cell]:.4f} | {learned[cell]:.4f} |")
        r_mean, m_mean = np.mean(list(rules.values())), np.mean(list(learned.values()))
        print(f"| mean | | {r_mean:.4f} | {m_mean:.4f} |")
        return 0
    about = (
        "text-dump line model (one hidden layer), written by benchmarks/textdump_lines.py write "
        f"from the visible extraction sets ({', '.join(sorted({p['set'] for p in pages}))}) "
        f"rendered by {', '.join(sorted({p['renderer'] for p in pages}))}, first {a.limit} pages"
    )
    import json

    MODEL_PATH.write_text(json.dumps(model.to_json(about)) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH} (drop<{drop} add>{add})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
