"""Page type: train and measure the `not_article` classifier (extract/page_type.py).

Labels come from wcxb-dev's page types (article vs service, forum, listing, product,
collection, documentation; its 19 JavaScript-only pages with an empty gold are left out).
Training adds the article pages of the other sets (label "article"): without them the model
learns that a page lacking og:type/JSON-LD is not an article, which rejects 2008-era news.
cleaneval (general web pages of 2006: news, blogs, but also forums, shops and FAQs, no page
types) is never trained on; its reject rate is reported.

Every figure is held out, threshold included:
* wcxb-dev: 5 folds grouped by domain (no site in both the fold and its training part):
  precision and recall of "not article", overall, per page type and per fold;
* the article sets, each left out in turn (trained on wcxb-dev + the other article sets): how
  many of its article pages get rejected (scrapinghub, l3s-gn1, readability's real pages,
  trafilatura-eval's dated pages, htmldate-default's pages that are not in trafilatura-eval),
  and cleaneval's pages (model trained on everything else).
The threshold of each model is chosen on out-of-fold probabilities of its own training part
(an inner 5-fold split grouped by site): the lowest at which the wcxb-dev rejects reach
TARGET_PRECISION and at most MAX_ARTICLE_REJECTS of the article sets' pages go.

The body and metadata come through the build's own path (`extract(...,
keep_non_articles=True)`), cached per set in --cache DIR (they do not depend on this
module); the features are recomputed from the HTML each run. `--write` fits on all the sets
and writes `corpus_builder/resources/page_type_model.json` (the shipped model, read by
page_type.py with no scikit-learn).

  .venv/bin/python benchmarks/page_type.py [--limit N] [--cache DIR] [--model gbt|lr] [--write]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus_builder.errors import InputError  # noqa: E402
from corpus_builder.extract import extract, page_type  # noqa: E402
from corpus_builder.extract.html.parse import parse_html  # noqa: E402
from corpus_builder.types import Document, Metadata, RawPage, Source, Span  # noqa: E402

DEFAULT_SHARED = Path("/work/shared/benchmarks")
MODEL_PATH = (
    Path(__file__).resolve().parent.parent / "corpus_builder/resources/page_type_model.json"
)
SETS = {
    "wcxb-dev": "extraction/wcxb-dev/pages.jsonl.gz",
    "scrapinghub": "extraction/scrapinghub/pages.jsonl.gz",
    "l3s-gn1": "extraction/l3s-gn1/pages.jsonl.gz",
    "readability": "metadata/readability/pages.jsonl.gz",
    "trafilatura-eval": "metadata/trafilatura-eval/pages.jsonl.gz",
    "htmldate-default": "metadata/htmldate-default/pages.jsonl.gz",
    "cleaneval": "extraction/cleaneval/pages.jsonl.gz",
}
REPORT_ONLY = ("cleaneval",)  # not all articles, no page types: measured, never trained on
# On the training part's out-of-fold wcxb-dev pages: a margin over the 0.95 asked of held-out
# data.
TARGET_PRECISION = 0.965
MAX_ARTICLE_REJECTS = 0.01  # share of the article sets' training pages the model may reject
FOLDS = 5
ARTICLE_SET_WEIGHT = 1.0
NOT_MODEL_INPUTS = ("words", "page_chars")  # the rule's input and a raw count (its log is one)
LR_C = 1.0
GBT = {"n_estimators": 300, "learning_rate": 0.05, "max_depth": 3, "subsample": 0.8}
GBT_MIN_LEAF = 10


def _read(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _pages(shared: Path, name: str, limit: int | None):
    """(record, label) pairs: label 1 = not an article, 0 = article."""
    seen_urls = set()
    if name == "htmldate-default":
        seen_urls = {r.get("url") for r in _read(shared / SETS["trafilatura-eval"])}
    n = 0
    for rec in _read(shared / SETS[name]):
        label = 0
        if name == "wcxb-dev":
            if rec.get("spa") or not rec.get("article_body", "").strip():
                continue
            label = int(rec["page_type"] != "article")
        elif name == "readability" and rec.get("synthetic"):
            continue
        elif name == "trafilatura-eval" and "date" not in rec.get("gold", {}):
            continue
        elif name == "htmldate-default" and rec.get("url") in seen_urls:
            continue
        yield rec, label
        n += 1
        if limit and n >= limit:
            return


def _page(rec: dict, n: int) -> RawPage:
    raw = rec["html"]
    url = rec.get("url") or None
    src = Source(f"pages.jsonl.gz#{n + 1}", "html", hashlib.sha256(raw.encode()).hexdigest(), url)
    return RawPage(src, raw, "html", id=rec["id"], url=url)


def _extracted(rec: dict, n: int) -> dict | None:
    """What the build's extraction gives for the page (None: rejected as no_body)."""
    try:
        doc = extract(_page(rec, n), keep_non_articles=True)
    except InputError:
        return None
    m = doc.metadata
    return {
        "uri": doc.source.uri,
        "text": doc.text,
        "spans": [[s.start, s.end] for s in doc.paragraphs],
        "title": m.title,
        "authors": m.authors,
        "date": m.published_date,
    }


def _document(rec: dict, n: int, got: dict) -> Document:
    page = _page(rec, n)
    meta = Metadata(title=got["title"], authors=got["authors"], published_date=got["date"])
    spans = [Span(s, e) for s, e in got["spans"]]
    return Document(rec["id"], page.source, None, meta, got["text"], spans, "cached")


def _domain(rec: dict) -> str:
    if rec.get("domain"):
        return rec["domain"]
    host = urlsplit(rec.get("url") or "").hostname or rec["id"]
    return host.removeprefix("www.")


def _feature_version() -> str:
    """A hash of what the features are computed from (the module and its cue list)."""
    here = Path(page_type.__file__)
    text = here.read_bytes() + (here.parent.parent / "resources" / page_type.CUES_FILE).read_bytes()
    return hashlib.sha256(text).hexdigest()[:12]


def collect(shared: Path, limit: int | None, cache: Path | None) -> list[dict]:
    """One row per page: set, id, label, type, domain, features (None: no body). With a
    cache folder, the rows are kept there too, under a hash of the feature code."""
    done = (
        cache / f"rows-{_feature_version()}{'' if limit is None else f'-{limit}'}.jsonl"
        if cache
        else None
    )
    if done and done.exists():
        return [json.loads(x) for x in done.read_text().splitlines() if x]
    rows = []
    for name in SETS:
        path = cache / f"{name}{'' if limit is None else f'-{limit}'}.jsonl" if cache else None
        docs = None
        if path and path.exists():
            docs = {d["id"]: d["got"] for d in map(json.loads, path.read_text().splitlines()) if d}
        fresh = []
        for n, (rec, label) in enumerate(_pages(shared, name, limit)):
            got = docs[rec["id"]] if docs is not None else _extracted(rec, n)
            if docs is None:
                fresh.append({"id": rec["id"], "got": got})
            feats = None
            tree = parse_html(rec["html"]) if got else None
            if got and tree is not None:
                doc = _document(rec, n, got)
                feats = {
                    "words": page_type.count_words(doc.text),
                    **page_type.page_features(tree, doc, got["uri"] or rec.get("url") or None),
                }
            rows.append(
                {
                    "set": name,
                    "id": rec["id"],
                    "label": label,
                    "type": rec.get("page_type", "article"),
                    "domain": _domain(rec),
                    "features": feats,
                }
            )
        if path and docs is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("".join(json.dumps(d) + "\n" for d in fresh))
        print(f"# features: {name} done", file=sys.stderr)
    if done:
        done.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return rows


def _matrix(rows: list[dict], names: list[str]) -> np.ndarray:
    return np.array([[r["features"][k] for k in names] for r in rows], dtype=float)


def _weights(rows: list[dict], y: np.ndarray) -> np.ndarray:
    """wcxb-dev classes balanced; the article sets' pages at ARTICLE_SET_WEIGHT of a
    wcxb-dev article (they teach that a page without modern markup can be an article)."""
    wcxb = np.array([r["set"] == "wcxb-dev" for r in rows])
    w = np.ones(len(rows))
    pos, neg = (wcxb & (y == 1)).sum(), (wcxb & (y == 0)).sum()
    if pos and neg:
        w[wcxb & (y == 1)] = len(rows) / (2 * pos)
        w[wcxb & (y == 0)] = len(rows) / (2 * neg)
    w[~wcxb] = ARTICLE_SET_WEIGHT * (w[wcxb & (y == 0)].mean() if neg else 1.0)
    return w


class Model:
    """A fitted classifier and the JSON the runtime scores (page_type.not_article_probability)."""

    def __init__(self, kind: str, names: list[str]):
        self.kind, self.names = kind, names

    def fit(self, rows: list[dict]) -> Model:
        x, y = _matrix(rows, self.names), np.array([r["label"] for r in rows])
        w = _weights(rows, y)
        if self.kind == "lr":
            from sklearn.linear_model import LogisticRegression

            self.mean, self.scale = x.mean(axis=0), x.std(axis=0)
            self.scale[self.scale == 0] = 1.0
            self.est = LogisticRegression(C=LR_C, max_iter=5000)
            self.est.fit((x - self.mean) / self.scale, y, sample_weight=w)
        else:
            from sklearn.ensemble import GradientBoostingClassifier

            self.est = GradientBoostingClassifier(
                **GBT, min_samples_leaf=GBT_MIN_LEAF, random_state=0
            )
            self.est.fit(x, y, sample_weight=w)
        return self

    def proba(self, rows: list[dict]) -> np.ndarray:
        x = _matrix(rows, self.names)
        if self.kind == "lr":
            return self.est.predict_proba((x - self.mean) / self.scale)[:, 1]
        return self.est.predict_proba(x)[:, 1]

    def to_json(self) -> dict:
        if self.kind == "lr":
            return {
                "kind": "logistic",
                "features": self.names,
                "mean": [round(float(v), 6) for v in self.mean],
                "scale": [round(float(v), 6) for v in self.scale],
                "coef": [round(float(v), 6) for v in self.est.coef_[0]],
                "intercept": round(float(self.est.intercept_[0]), 6),
            }
        est = self.est
        trees = []
        for (tree,) in est.estimators_:
            t = tree.tree_
            leaf = t.children_left == -1
            trees.append(
                {
                    "feature": [
                        int(f) if not lf else -1 for f, lf in zip(t.feature, leaf, strict=True)
                    ],
                    "threshold": [
                        float(v) if not lf else 0.0 for v, lf in zip(t.threshold, leaf, strict=True)
                    ],
                    "left": [int(v) for v in t.children_left],
                    "right": [int(v) for v in t.children_right],
                    "value": [round(float(v), 8) for v in t.value[:, 0, 0]],
                }
            )
        prior = est.init_.class_prior_[1]
        return {
            "kind": "boosted_trees",
            "features": self.names,
            "init": float(np.log(prior / (1 - prior))),
            "learning_rate": est.learning_rate,
            "trees": trees,
        }


def _groups(rows: list[dict]) -> np.ndarray:
    return np.array(
        [int(hashlib.sha256(r["domain"].encode()).hexdigest(), 16) % FOLDS for r in rows]
    )


def _threshold(p: np.ndarray, rows: list[dict]) -> float:
    """The lowest threshold at which the wcxb-dev rejects reach TARGET_PRECISION and at most
    MAX_ARTICLE_REJECTS of the article sets' pages go (`p`: out-of-fold probabilities)."""
    y = np.array([r["label"] for r in rows])
    labelled = np.array([r["set"] == "wcxb-dev" for r in rows])
    for t in np.arange(0.30, 0.995, 0.005):
        hit = p >= t
        wcxb_hit = hit & labelled
        if (
            wcxb_hit.sum()
            and y[wcxb_hit].mean() >= TARGET_PRECISION
            and hit[~labelled].mean() <= MAX_ARTICLE_REJECTS
        ):
            return float(round(t, 3))
    return 0.995


def fit_with_threshold(kind: str, names: list[str], rows: list[dict]) -> tuple[Model, float]:
    """A model fitted on `rows`, with a threshold chosen on an inner grouped split of them."""
    oof = np.zeros(len(rows))
    fold = _groups(rows)
    for k in range(FOLDS):
        test = fold == k
        train = [r for r, m in zip(rows, test, strict=True) if not m]
        tested = [r for r, m in zip(rows, test, strict=True) if m]
        if tested:
            oof[test] = Model(kind, names).fit(train).proba(tested)
    return Model(kind, names).fit(rows), _threshold(oof, rows)


def _rejected(rows: list[dict], fitted: tuple[Model, float]) -> np.ndarray:
    model, t = fitted
    ruled = np.array(
        [bool(page_type.rule_reason(r["features"]["words"], r["features"])) for r in rows]
    )
    return ruled | (model.proba(rows) >= t)


def _pr(held: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    tp = int((held & (y == 1)).sum())
    return tp / max(int(held.sum()), 1), tp / max(int((y == 1).sum()), 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--limit", type=int, default=None, help="first N pages of each set")
    ap.add_argument("--cache", type=Path, default=None, help="folder for the extracted bodies")
    ap.add_argument("--model", choices=("gbt", "lr"), default="gbt")
    ap.add_argument("--write", action="store_true", help="write the shipped model")
    ap.add_argument("--errors", type=Path, default=None, help="write held-out errors (JSONL)")
    a = ap.parse_args(argv)
    all_rows = collect(a.shared, a.limit, a.cache)
    rows = [r for r in all_rows if r["features"]]
    no_body = Counter(r["set"] for r in all_rows if not r["features"])
    names = [k for k in rows[0]["features"] if k not in NOT_MODEL_INPUTS]
    trainable = [r for r in rows if r["set"] not in REPORT_ONLY]
    wcxb = [r for r in rows if r["set"] == "wcxb-dev"]
    articles = [r for r in trainable if r["set"] != "wcxb-dev"]
    y = np.array([r["label"] for r in wcxb])
    fold = _groups(wcxb)
    held = np.zeros(len(wcxb), dtype=bool)
    prob = np.zeros(len(wcxb))
    per_fold = []
    for k in range(FOLDS):
        test = fold == k
        train = [r for r, m in zip(wcxb, test, strict=True) if not m] + articles
        tested = [r for r, m in zip(wcxb, test, strict=True) if m]
        fitted = fit_with_threshold(a.model, names, train)
        held[test] = _rejected(tested, fitted)
        prob[test] = fitted[0].proba(tested)
        per_fold.append((k, int(test.sum()), fitted[1], *_pr(held[test], y[test])))
    precision, recall = _pr(held, y)
    tp = int((held & (y == 1)).sum())
    print(
        f"model {a.model}; wcxb-dev ({len(wcxb)} pages with a body; {no_body['wcxb-dev']}"
        f" no_body), {FOLDS} folds grouped by domain, each trained on the other folds + the"
        " article sets, threshold from an inner split, held out:"
    )
    print(
        f"  not_article precision {precision:.3f}  recall {recall:.3f}"
        f"  (rejected {int(held.sum())}, of them non-articles {tp})"
    )
    for k, n, t, p, r in per_fold:
        print(f"  fold {k}: {n:>4} pages, threshold {t:.3f}, precision {p:.3f} recall {r:.3f}")
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r, h in zip(wcxb, held, strict=True):
        by_type[r["type"]][0] += 1
        by_type[r["type"]][1] += int(h)
    for kind, (n, k) in sorted(by_type.items()):
        print(f"  {kind:<14} {n:>4} pages, rejected {k:>4} ({k / n:.2f})")
    print("article sets, each left out (trained on wcxb-dev + the other article sets):")
    errors = [
        {"set": "wcxb-dev", "id": r["id"], "type": r["type"], "p": round(float(q), 3)}
        for r, h, q in zip(wcxb, held, prob, strict=True)
        if bool(h) != bool(r["label"])
    ]
    for name in SETS:
        if name == "wcxb-dev":
            continue
        tested = [r for r in rows if r["set"] == name]
        if not tested:
            continue
        train = wcxb + [r for r in articles if r["set"] != name]
        fitted = fit_with_threshold(a.model, names, train)
        bad = _rejected(tested, fitted)
        p = fitted[0].proba(tested)
        errors += [
            {"set": name, "id": r["id"], "p": round(float(q), 3), "words": r["features"]["words"]}
            for r, b, q in zip(tested, bad, p, strict=True)
            if b
        ]
        note = " (not all articles; never trained on)" if name in REPORT_ONLY else ""
        short = sum(r["features"]["words"] < page_type.MIN_WORDS for r in tested)
        print(
            f"  {name:<17} {int(bad.sum()):>4} of {len(tested):>4} pages rejected"
            f" ({bad.mean():.3f}; {short} under {page_type.MIN_WORDS} words)"
            f"  [{no_body[name]} no_body]{note}"
        )
    if a.errors:
        a.errors.write_text("".join(json.dumps(e) + "\n" for e in errors))
    model, t = fit_with_threshold(a.model, names, trainable)
    print(f"final model on all trainable sets: threshold {t}")
    if a.write:
        shipped = {
            "about": f"not-article classifier ({a.model}), written by benchmarks/page_type.py"
            " --write (wcxb-dev page types + the article sets of ../shared/benchmarks)",
            **model.to_json(),
            "threshold": t,
        }
        check = np.array([page_type.score(shipped, r["features"]) for r in trainable])
        gap = float(np.abs(check - model.proba(trainable)).max())
        assert gap < 1e-4, f"the runtime scorer differs from scikit-learn by {gap}"
        MODEL_PATH.write_text(json.dumps(shipped, separators=(",", ":")) + "\n")
        print(f"wrote {MODEL_PATH} (runtime scorer within {gap:.1e} of scikit-learn)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
