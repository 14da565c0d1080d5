"""The extraction matrix: every visible body set x system (x renderer for text dumps), one run.

Body sets (../shared/benchmarks/extraction/*, each README says what its gold holds):
scrapinghub (news articles), wcxb-dev (ARTICLE pages only: the set's other page types have no
article body to find; the metadata helper's page-type figures cover them), l3s-gn1 (2008 news),
cleaneval (2006 general web; its gold keeps headings and list items, so article extractors lose
recall there by design).

HTML rows: ours (`corpus_builder.extract.extract`, the build's code path), trafilatura with the
settings of the scrapinghub benchmark's baseline (`include_comments=False`), readability-lxml
(its summary as text). Text-dump rows, per renderer (`renderers.py`): ours (a RawPage of kind
"textdump", cross-page templates learned over the set's dumps first, as a build does), the whole
dump, and a one-line heuristic (the run of lines with the best sum of words - 10). Scores come
from the benchmark's own scorer (`extraction/score.py`, imported, never copied).

  .venv/bin/python benchmarks/extraction.py --matrix [--limit N] [--sets a,b]
      [--renderers r1,r2] [--systems ours,trafilatura,readability] [--no-dumps]
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from corpus_builder.errors import InputError
from corpus_builder.extract import extract
from corpus_builder.extract.textdump.template import template_stats
from corpus_builder.types import RawPage, Source

SHARED = Path("/work/shared/benchmarks/extraction")
SETS = ("scrapinghub", "wcxb-dev", "l3s-gn1", "cleaneval")
HTML_SYSTEMS = ("ours", "trafilatura", "readability")
_WORD = re.compile(r"\w+")


def scorer():
    spec = importlib.util.spec_from_file_location("extraction_score", SHARED / "score.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def _read(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def load_set(name: str, limit: int | None) -> list[dict]:
    """The first `limit` scored pages of one set, in file order (wcxb-dev: article pages)."""
    out = []
    for rec in _read(SHARED / name / "pages.jsonl.gz"):
        if name == "wcxb-dev" and rec.get("page_type") != "article":
            continue
        out.append(rec)
        if limit and len(out) >= limit:
            break
    return out


def html_page(name: str, n: int, rec: dict) -> RawPage:
    raw = rec["html"]
    src = Source(
        path=f"{name}/pages.jsonl.gz#{n + 1}",
        format="html",
        sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        uri=rec.get("url") or None,
    )
    return RawPage(src, raw, "html", id=rec["id"], url=rec.get("url") or None)


def dump_page(name: str, renderer: str, n: int, rec: dict, dump: str) -> RawPage:
    src = Source(
        path=f"{renderer}/{name}#{n + 1}",
        format="textdump",
        sha256=hashlib.sha256(dump.encode("utf-8")).hexdigest(),
    )
    return RawPage(src, dump, "textdump", id=rec["id"])


def ours(templates: dict | None = None) -> Callable[[RawPage], str]:
    def run(page: RawPage) -> str:
        try:
            return extract(page, templates).text
        except InputError:
            return ""

    return run


def trafilatura_text(page: RawPage) -> str:
    import trafilatura

    return trafilatura.extract(page.content, include_comments=False) or ""


def readability_text(page: RawPage) -> str:
    from lxml import html as lxml_html
    from readability import Document

    try:
        summary = Document(page.content).summary(html_partial=True)
        tree = lxml_html.fromstring(summary)
    except Exception:  # noqa: BLE001 - readability raises on pages it cannot read
        return ""
    parts = []
    for el in tree.iter("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "td", "div"):
        if el.tag == "div" and any(c.tag in ("p", "div", "li", "ul", "ol") for c in el):
            continue
        text = " ".join(el.text_content().split())
        if text and not any(a.tag in ("p", "li", "pre", "td") for a in el.iterancestors()):
            parts.append(text)
    return "\n\n".join(parts)


def whole(page: RawPage) -> str:
    return page.content


def best_run(page: RawPage) -> str:
    """The baseline: the run of non-blank lines with the best sum of (words - 10)."""
    lines = [ln.strip() for ln in page.content.splitlines() if ln.strip()]
    best, best_span, cur, start = 0.0, (0, 0), 0.0, 0
    for i, line in enumerate(lines):
        if cur <= 0:
            cur, start = 0.0, i
        cur += len(_WORD.findall(line)) - 10
        if cur > best:
            best, best_span = cur, (start, i + 1)
    return "\n".join(lines[best_span[0] : best_span[1]])


def _timed(fn: Callable[[RawPage], str], pages: list[RawPage]) -> tuple[dict[str, str], float]:
    if pages:
        fn(pages[0])  # warm-up: imports and one-time loads are not per-page cost
    t0 = time.process_time()
    preds = {p.id or "": fn(p) for p in pages}
    dt = time.process_time() - t0
    return preds, (len(pages) / dt if dt > 0 else float("inf"))


def run_matrix(
    sets: list[str],
    systems: list[str],
    renderers: list[str],
    limit: int | None,
    extra: Callable[[list[str], int | None], list[tuple]] | None = None,
) -> list[tuple]:
    """Rows (set, input, system, scores, docs/s); input is "html" or a renderer's name."""
    from renderers import dumps  # benchmarks/ is on sys.path (extraction.py puts it there)

    score = scorer()
    rows = []
    for name in sets:
        recs = load_set(name, limit)
        gold = {r["id"]: r["article_body"] for r in recs}
        pages = [html_page(name, n, r) for n, r in enumerate(recs)]
        fns = {"ours": ours(), "trafilatura": trafilatura_text, "readability": readability_text}
        # Alternate the systems in slices so load from other jobs falls on each alike.
        for system in systems:
            preds, rate = _timed(fns[system], pages)
            rows.append((name, "html", system, score.evaluate(preds, gold), rate))
            print(f"  {name} html {system}: F1 {rows[-1][3]['f1']:.4f}", flush=True)
        for rend in renderers:
            texts = dumps(rend, name, ((r["id"], r["html"]) for r in recs))
            dpages = [dump_page(name, rend, n, r, texts[r["id"]]) for n, r in enumerate(recs)]
            templates = template_stats(iter(dpages)).templates()
            for system, fn in (("ours", ours(templates)), ("whole", whole), ("best-run", best_run)):
                preds, rate = _timed(fn, dpages)
                rows.append((name, rend, system, score.evaluate(preds, gold), rate))
            print(f"  {name} {rend}: ours F1 {rows[-3][3]['f1']:.4f}", flush=True)
    return rows


def print_table(rows: list[tuple], limit: int | None) -> None:
    print(f"\nmatrix, first {limit or 'all'} pages per set (wcxb-dev: article pages)")
    print("| set | input | system | n | P | R | F1 | empty | docs/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, inp, system, r, rate in rows:
        print(
            f"| {name} | {inp} | {system} | {r['n']} | {r['precision']:.4f} | {r['recall']:.4f} "
            f"| **{r['f1']:.4f}** | {r['empty']} | {rate:.1f} |"
        )
