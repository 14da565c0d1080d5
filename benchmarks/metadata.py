"""Metadata benchmark: title, authors, date, site name per visible set, ours vs the references.

Sets (read from ../shared/benchmarks, never copied): metadata/trafilatura-eval,
metadata/readability, metadata/htmldate-default, and the title/authors/date gold of
extraction/wcxb-dev (re-shaped to the metadata record format: all 1356 pages carry a title
and an author list, `[]` meaning "no author", so spurious authors cost precision there; dates
only where the gold is a day). Systems, same run, same pages:

* ours: `corpus_builder.extract.extract` on an HTML RawPage with the record's URL, as a JSONL
  reader builds it (the build's code path; non-articles kept, so metadata is scored on every
  page; a page rejected as `no_body` is an empty prediction, as in a build);
* trafilatura: `bare_extraction(html, url=url, with_metadata=True, include_comments=False)`,
  authors split on `;`/`,` (the set READMEs' reference configuration);
* htmldate: `find_date(html, url=url, original_date=True, extensive_search=True)`, dates only.

Scored by the sets' own `metadata/score.py` (imported, not re-implemented). One table:
set x field, a column per system.

  .venv/bin/python benchmarks/metadata.py [--limit N] [--sets a,b] [--systems ours,trafilatura]
      [--shared DIR] [--cache DIR] [--json FILE]

--cache keeps the reference systems' predictions (they do not change with our code) between
runs of the same --limit; `ours` is always recomputed (and written there for diagnosis).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import sys
import time
from collections.abc import Callable, Iterator
from inspect import signature
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus_builder.errors import InputError  # noqa: E402
from corpus_builder.extract import extract  # noqa: E402
from corpus_builder.types import RawPage, Source  # noqa: E402

DEFAULT_SHARED = Path("/work/shared/benchmarks")
SETS = {
    "trafilatura-eval": "metadata/trafilatura-eval/pages.jsonl.gz",
    "readability": "metadata/readability/pages.jsonl.gz",
    "htmldate-default": "metadata/htmldate-default/pages.jsonl.gz",
    "wcxb-dev": "extraction/wcxb-dev/pages.jsonl.gz",
}
SYSTEMS = ("ours", "trafilatura", "htmldate")
# (label, score.py metric, key): the table's rows, where the set has the field.
FIELDS = [
    ("title exact", "title", "exact"),
    ("title token F1", "title", "token_f1"),
    ("authors F1", "authors", "f1"),
    ("authors P", "authors", "p"),
    ("authors R", "authors", "r"),
    ("byline token P", "byline", "token_p"),
    ("date acc", "date", "acc"),
    ("date answered", "date", "answered"),
    ("site_name exact", "site_name", "exact"),
    ("language acc", "language", "acc"),
    ("description F1", "description", "token_f1"),
    ("categories F1", "categories", "f1"),
    ("tags F1", "tags", "f1"),
]
Pred = dict[str, object]


def load_scorer(shared: Path) -> ModuleType:
    path = shared / "metadata" / "score.py"
    spec = importlib.util.spec_from_file_location("metadata_score", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_jsonl(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _wcxb_record(rec: dict) -> dict:
    """A wcxb-dev page in the metadata record format (gold title, authors, day)."""
    gold: dict[str, object] = {"title": rec["title"], "authors": list(rec.get("authors") or [])}
    date = rec.get("date")
    if isinstance(date, str) and len(date) == 10:
        gold["date"] = date
    return {
        "id": rec["id"],
        "source": "wcxb-dev",
        "url": rec.get("url") or None,
        "html": rec["html"],
        "gold": gold,
        "page_type": rec.get("page_type"),
    }


def load_set(shared: Path, name: str, limit: int | None) -> list[dict]:
    out = []
    for rec in read_jsonl(shared / SETS[name]):
        out.append(_wcxb_record(rec) if name == "wcxb-dev" else rec)
        if limit and len(out) >= limit:
            break
    return out


def raw_page(rec: dict, n: int) -> RawPage:
    raw = rec["html"]
    src = Source(
        path=f"pages.jsonl.gz#{n + 1}",
        format="html",
        sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        uri=rec.get("url") or None,
    )
    return RawPage(src, raw, "html", id=rec["id"], url=rec.get("url") or None)


# Older code (main before the page-type check) has no such option and keeps every page.
_KEEP = {"keep_non_articles": True} if "keep_non_articles" in signature(extract).parameters else {}


def ours(rec: dict, n: int) -> Pred:
    try:
        doc = extract(raw_page(rec, n), **_KEEP)
    except InputError:
        return {}
    m = doc.metadata
    return {
        "title": m.title,
        "authors": list(m.authors),
        "date": m.published_date,
        "site_name": m.site_name,
        "language": m.language,
        "description": m.subtitle,
        "topics": list(m.topics),
        "tags": list(m.tags),
    }


def _split(value: str | None) -> list[str]:
    if not value:
        return []
    return [a.strip() for a in value.replace(";", ",").split(",") if a.strip()]


def trafilatura_system(rec: dict, n: int) -> Pred:
    import trafilatura

    found = trafilatura.bare_extraction(
        rec["html"], url=rec.get("url") or None, with_metadata=True, include_comments=False
    )
    if found is None:
        return {}
    return {
        "title": found.title,
        "authors": _split(found.author),
        "date": found.date,
        "site_name": found.sitename,
        "description": found.description,
        "topics": list(found.categories or []),
        "tags": list(found.tags or []),
    }


def htmldate_system(rec: dict, n: int) -> Pred:
    from htmldate import find_date

    date = find_date(
        rec["html"],
        url=rec.get("url") or None,
        original_date=True,
        extensive_search=True,
        max_date="2099-12-31",
    )
    return {"date": date}


RUNNERS: dict[str, Callable[[dict, int], Pred]] = {
    "ours": ours,
    "trafilatura": trafilatura_system,
    "htmldate": htmldate_system,
}


def predict(
    system: str, name: str, recs: list[dict], cache: Path | None, limit: int | None
) -> tuple[dict[str, Pred], float]:
    """Predictions by id and pages per second (0 when read from the cache)."""
    cached = cache / f"{system}-{name}-{limit or 'all'}.json" if cache else None
    if cached is not None and system != "ours" and cached.exists():
        return json.loads(cached.read_text()), 0.0
    start = time.perf_counter()
    preds = {rec["id"]: RUNNERS[system](rec, n) for n, rec in enumerate(recs)}
    rate = len(recs) / max(time.perf_counter() - start, 1e-9)
    if cached is not None:  # ours too, for diagnosis; it is never read back
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(preds))
    return preds, rate


def metadata_matrix(
    shared: Path = DEFAULT_SHARED,
    limit: int | None = None,
    sets: tuple[str, ...] = tuple(SETS),
    systems: tuple[str, ...] = SYSTEMS,
    cache: Path | None = None,
) -> list[dict]:
    """Rows {"set", "field", "n", <system>: value|None, ...} for every field a set has.

    htmldate answers dates only (its other cells are None)."""
    scorer = load_scorer(shared)
    rows: list[dict] = []
    for name in sets:
        recs = load_set(shared, name, limit)
        gold = [{k: v for k, v in r.items() if k != "html"} for r in recs]
        scores = {}
        for system in systems:
            preds, rate = predict(system, name, recs, cache, limit)
            if rate:
                print(f"# {name} {system}: {rate:.1f} pages/s", file=sys.stderr)
            scores[system] = scorer.score_records(gold, preds)
        for label, metric, key in FIELDS:
            cells = {s: (scores[s].get(metric) or {}).get(key) for s in systems}
            if all(v is None for v in cells.values()):
                continue
            if metric != "date":
                cells = {s: (None if s == "htmldate" else v) for s, v in cells.items()}
            n = next((scores[s][metric]["n"] for s in systems if metric in scores[s]), 0)
            rows.append({"set": name, "field": label, "n": n, **cells})
    return rows


def format_table(rows: list[dict], systems: tuple[str, ...] = SYSTEMS) -> str:
    head = f"{'set':<17} {'field':<16} {'n':>5} " + " ".join(f"{s:>11}" for s in systems)
    lines = [head, "-" * len(head)]
    for r in rows:
        vals = " ".join(f"{'-':>11}" if r.get(s) is None else f"{r[s]:>11.3f}" for s in systems)
        lines.append(f"{r['set']:<17} {r['field']:<16} {r['n']:>5} {vals}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--limit", type=int, default=None, help="first N pages of each set")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--systems", default=",".join(SYSTEMS))
    ap.add_argument("--cache", type=Path, default=None, help="reuse reference predictions")
    ap.add_argument("--json", type=Path, default=None, help="also write the rows here")
    a = ap.parse_args(argv)
    sets = tuple(s for s in a.sets.split(",") if s)
    systems = tuple(s for s in a.systems.split(",") if s)
    unknown = [s for s in sets if s not in SETS] + [s for s in systems if s not in RUNNERS]
    if unknown:
        ap.error(f"unknown set or system: {', '.join(unknown)}")
    rows = metadata_matrix(a.shared, a.limit, sets, systems, a.cache)
    print(format_table(rows, systems))
    if a.json:
        a.json.write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
