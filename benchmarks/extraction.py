"""Main-content extraction benchmark on the scrapinghub set (HTML and text dumps).

For every input kind (html, innertext, inscriptis) it builds RawPage objects as a
reader would, runs `corpus_builder.extract.extract` (the build's code path), runs
trafilatura in the same process on the same inputs, and the whole-page baseline,
writes predictions as JSONL and scores them with the benchmark's own `score.py`
(run as a subprocess, never copied). Prints P/R/F1 and docs/s per kind and system.

  .venv/bin/python benchmarks/extraction.py [--kinds html,innertext,inscriptis]
      [--systems ours,trafilatura,whole] [--limit N] [--out DIR] [--no-templates]
      [--data DIR] [--worst N]
  .venv/bin/python benchmarks/extraction.py --matrix [--limit N] [--sets ...] [--renderers ...]
      (every visible body set x system x renderer; see extraction_matrix.py)

Like a build, it first learns cross-page site templates over each kind's text dumps (two
passes); --no-templates extracts every page alone. This set holds mostly one page per site,
so the two give the same figures here; on sets with several pages per site they differ.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extraction_matrix import ours, trafilatura_text  # noqa: E402  (benchmarks/ is sys.path[0])

from corpus_builder.extract.textdump.template import template_stats  # noqa: E402
from corpus_builder.readers.textdump import textdump_page  # noqa: E402
from corpus_builder.types import RawPage, Source  # noqa: E402

DEFAULT_DATA = Path("/work/shared/benchmarks/extraction/scrapinghub")
KINDS = ("html", "innertext", "inscriptis")


def read_jsonl(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def load_inputs(data: Path, kind: str, limit: int | None) -> list[tuple[dict, RawPage]]:
    """(gold record, page) pairs for one input kind, in file order."""
    out: list[tuple[dict, RawPage]] = []
    if kind == "html":
        for n, rec in enumerate(read_jsonl(data / "pages.jsonl.gz")):
            raw = rec["html"]
            src = Source(
                path=f"pages.jsonl.gz#{n + 1}",
                format="html",
                sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
                uri=rec.get("url"),
            )
            page = RawPage(src, raw, "html", id=rec["id"], url=rec.get("url"), date=rec.get("date"))
            out.append((rec, page))
            if limit and len(out) >= limit:
                break
        return out
    for n, rec in enumerate(read_jsonl(data / "text_dumps.jsonl.gz")):
        if rec["renderer"] != kind:
            continue
        raw = rec["text"]
        src = Source(
            path=f"text_dumps.jsonl.gz#{n + 1}",
            format="textdump",
            sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        )
        out.append((rec, textdump_page(raw, src, page_id=rec["id"])))
        if limit and len(out) >= limit:
            break
    return out


def whole_page(page: RawPage) -> str:
    if page.kind == "html":
        import trafilatura

        return trafilatura.html2txt(page.content) or ""
    return page.content


def score(pred_path: Path, gold_path: Path, scorer: Path) -> dict:
    res = subprocess.run(
        [sys.executable, str(scorer), str(pred_path), str(gold_path), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(res.stdout)


def run_system(
    name: str, fn: Callable[[RawPage], str], items: list[tuple[dict, RawPage]], out: Path, kind: str
) -> tuple[Path, float, list[tuple[str, str]]]:
    preds: list[tuple[str, str]] = []
    # CPU time of this process: the machine is shared, and wall time would charge other
    # jobs' load to whichever system happened to run during it.
    t0 = time.process_time()
    for _rec, page in items:
        preds.append((page.id or "", fn(page)))
    elapsed = time.process_time() - t0
    path = out / f"{kind}.{name}.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for pid, text in preds:
            f.write(json.dumps({"id": pid, "text": text}, ensure_ascii=False) + "\n")
    return path, len(items) / elapsed if elapsed > 0 else float("inf"), preds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--systems", default="ours,trafilatura,whole")
    ap.add_argument("--limit", type=int, default=None, help="first N pages of each kind")
    ap.add_argument("--out", type=Path, default=None, help="prediction folder (default: temp)")
    ap.add_argument(
        "--no-templates",
        action="store_true",
        help="extract every page alone (a build learns cross-page templates first)",
    )
    ap.add_argument("--worst", type=int, default=0, help="list our N lowest-F1 pages per kind")
    ap.add_argument(
        "--matrix",
        action="store_true",
        help="every visible body set x system (x renderer for dumps); see extraction_matrix.py",
    )
    ap.add_argument("--sets", default=None, help="--matrix: sets (default: all visible)")
    ap.add_argument("--renderers", default=None, help="--matrix: dump renderers (default: all)")
    ap.add_argument("--no-dumps", action="store_true", help="--matrix: HTML rows only")
    a = ap.parse_args(argv)
    if a.matrix:
        return matrix(a)
    scorer = a.data.parent / "score.py"
    out = a.out or Path(tempfile.mkdtemp(prefix="extraction-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    kinds = [k for k in a.kinds.split(",") if k]
    systems = [s for s in a.systems.split(",") if s]
    rows: list[tuple[str, str, dict, float]] = []
    for kind in kinds:
        if kind not in KINDS:
            ap.error(f"unknown kind {kind!r}; choose from {KINDS}")
        items = load_inputs(a.data, kind, a.limit)
        gold_path = out / f"{kind}.gold.jsonl"
        with gold_path.open("w", encoding="utf-8") as f:
            for rec, _page in items:
                f.write(json.dumps({"id": rec["id"], "article_body": rec["article_body"]}) + "\n")
        templates = None
        if not a.no_templates and kind != "html":
            templates = template_stats(page for _r, page in items).templates()
        fns: dict[str, Callable[[RawPage], str]] = {
            "ours": ours(templates),
            "trafilatura": trafilatura_text,
            "whole": whole_page,
        }
        kind_systems = list(systems)
        if kind == "html" and "ours" in systems:
            try:
                import corpus_builder.extract.html  # noqa: F401
            except ImportError:
                print("skip ours/html: corpus_builder.extract.html is not importable")
                kind_systems.remove("ours")
        # Warm-up of every system before any is timed: one-time imports and model loads are
        # not per-page cost, and libraries the systems share (trafilatura loads justext's
        # stoplists on first use) would otherwise be charged to whichever system runs first.
        for name in kind_systems if items else ():
            fns[name](items[0][1])
        for name in kind_systems:
            path, rate, preds = run_system(name, fns[name], items, out, kind)
            rows.append((kind, name, score(path, gold_path, scorer), rate))
            if name == "ours" and a.worst:
                show_worst(items, preds, a.worst, kind, scorer)
    print(
        f"\npredictions in {out}"
        + ("  (no templates)" if a.no_templates else "  (templates learned per kind)")
    )
    print(f"{'kind':<11} {'system':<12} {'P':>6} {'R':>6} {'F1':>6} {'empty':>5} {'docs/s':>8}")
    for kind, name, r, rate in rows:
        print(
            f"{kind:<11} {name:<12} {r['precision']:6.4f} {r['recall']:6.4f} {r['f1']:6.4f} "
            f"{r['empty']:5d} {rate:8.1f}"
        )
    return 0


def matrix(a: argparse.Namespace) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from extraction_matrix import HTML_SYSTEMS, SETS, print_table, run_matrix
    from renderers import RENDERERS

    sets = a.sets.split(",") if a.sets else list(SETS)
    systems = [s for s in a.systems.split(",") if s in HTML_SYSTEMS]
    if a.systems == "ours,trafilatura,whole":  # this script's default: the matrix's own
        systems = list(HTML_SYSTEMS)
    renderers = [] if a.no_dumps else (a.renderers.split(",") if a.renderers else list(RENDERERS))
    rows = run_matrix(sets, systems, renderers, a.limit)
    print_table(rows, a.limit)
    # Optional (the `metadata` helper's benchmarks/metadata.py): metadata per field, if present.
    try:
        from metadata import format_table, metadata_matrix  # type: ignore[import-not-found]
    except ImportError:
        metadata_matrix = None
    if metadata_matrix is not None:
        print(f"\nmetadata, first {a.limit or 'all'} pages per set")
        print(format_table(metadata_matrix(limit=a.limit)))
    return 0


def show_worst(
    items: list[tuple[dict, RawPage]],
    preds: list[tuple[str, str]],
    n: int,
    kind: str,
    scorer: Path,
) -> None:
    """Our lowest-F1 pages by position in the input (diagnostics; scores come from score.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_score", scorer)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    scored = []
    for pos, ((rec, _page), (_pid, text)) in enumerate(zip(items, preds, strict=True)):
        tp, fp, fn = mod.doc_counts(text, rec["article_body"])
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        scored.append((f, pos, p, r))
    print(f"worst {kind}:")
    for f, pos, p, r in sorted(scored)[:n]:
        print(f"  #{pos:03d} F1 {f:.3f} P {p:.3f} R {r:.3f}")


if __name__ == "__main__":
    sys.exit(main())
