"""Throughput of a full build, measured against baselines in the same run.

Generates a corpus by re-rendering the scrapinghub benchmark pages (text dumps of both
renderers and HTML; each copy gets an edition line so ids differ), then prints:
  1. full build pages/s/core (local engine, 1 worker) vs a naive baseline: our extraction
     plus spaCy's FULL pipeline on every paragraph of the same pages (nlp.pipe);
  2. HTML extraction docs/s: ours vs trafilatura alone on the same pages;
  3. scaling 1 -> N workers (wall clock), with the per-stage time split;
  4. peak RSS of a build of --small vs --large pages (subprocess; ru_maxrss of the child).
  5. with --scale 10000,100000: only the scale runs (see scale_corpus), each a build through
     the Dask engine with --workers workers and dedup on (keep-first), in a child process:
     pages/s, peak RSS (sampled process tree: the largest process and the sum), and dedup's
     share of the time (signatures in the shards + clustering at assembly).

Usage: python benchmarks/throughput.py [--pages 400] [--small 1000] [--large 10000]
       [--workers 2] [--skip-rss] [--skip-scaling] [--linalg numpy|blis] [--scale 10000,100000]
The baseline runs spaCy as it ships (thinc's default ops, blis); --linalg sets our builds' path.
Reads ../shared/benchmarks/extraction/ (never copied into the repo).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# ../shared from the main checkout; worktrees sit one level deeper.
EXTRACTION = next(
    (p / "shared" / "benchmarks" / "extraction" for p in REPO.parents if (p / "shared").is_dir()),
    REPO.parent / "shared" / "benchmarks" / "extraction",
)
SHARED = EXTRACTION / "scrapinghub"
sys.path.insert(0, str(REPO))


def load_sources() -> tuple[list[dict], list[dict]]:
    with gzip.open(SHARED / "text_dumps.jsonl.gz", "rt", encoding="utf-8") as fh:
        dumps = [json.loads(line) for line in fh]
    with gzip.open(SHARED / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh]
    return dumps, pages


def make_corpus(
    folder: Path, n: int, dumps: list[dict], pages: list[dict], html_share: float = 0.25
) -> Path:
    """n input files: text dumps (both renderers) and HTML pages, each copy made unique."""
    folder.mkdir(parents=True, exist_ok=True)
    n_html = int(n * html_share)
    for i in range(n):
        if i < n_html:
            src = pages[i % len(pages)]
            html = src["html"].replace("<body", f"<!-- edition {i} --><body", 1)
            (folder / f"p{i:06d}.html").write_text(html, encoding="utf-8")
        else:
            src = dumps[i % len(dumps)]
            text = src["text"]
            head, _, rest = text.partition("\n")
            (folder / f"p{i:06d}.txt").write_text(f"{head}\nEdition {i}\n{rest}", encoding="utf-8")
    return folder


def timed_build(inputs: Path, out: Path, workers: int, linalg: str) -> tuple[float, object]:
    from corpus_builder.build import build
    from corpus_builder.options import BuildOptions

    start = time.perf_counter()
    summary = build([inputs], out, BuildOptions(shard_files=16, linalg=linalg), workers=workers)
    return time.perf_counter() - start, summary


def naive_baseline(inputs: Path) -> tuple[float, int, dict[str, float]]:
    """Our extraction, then spaCy's full pipeline over every paragraph (no selective parsing),
    as spaCy ships: thinc's default ops (blis)."""
    from corpus_builder.annotate.nlp import load_nlp
    from corpus_builder.extract import extract
    from corpus_builder.readers import iter_units
    from corpus_builder.types import RawPage

    nlp = load_nlp(None, "blis")
    start = time.perf_counter()
    paragraphs, pages = [], 0
    for unit in iter_units([inputs]):
        if not isinstance(unit, RawPage):
            continue
        try:
            doc = extract(unit)
        except Exception:
            continue
        pages += 1
        paragraphs.extend(doc.text[p.start : p.end] for p in doc.paragraphs)
    mid = time.perf_counter()
    for _ in nlp.pipe(paragraphs, batch_size=64):
        pass
    end = time.perf_counter()
    return end - start, pages, {"read+extract": mid - start, "spaCy pipeline": end - mid}


def stages(seconds: dict[str, float]) -> str:
    """Each stage's seconds and share of the total, in the build's order."""
    total = sum(seconds.values()) or 1.0
    return ", ".join(f"{k} {v:.1f} ({100 * v / total:.0f}%)" for k, v in seconds.items())


def html_speed(pages: list[dict], limit: int) -> tuple[float, float]:
    import hashlib

    import trafilatura

    from corpus_builder.extract.html.extract import extract_html
    from corpus_builder.types import RawPage, Source

    sample = pages[:limit]
    raws = [
        RawPage(
            Source(
                path=p["id"],
                format="html",
                sha256=hashlib.sha256(p["html"].encode()).hexdigest(),
                uri=p["url"],
            ),
            p["html"],
            "html",
            url=p["url"],
        )
        for p in sample
    ]
    start = time.perf_counter()
    for p in sample:
        trafilatura.extract(p["html"], include_comments=False, url=p["url"])
    t_traf = time.perf_counter() - start
    start = time.perf_counter()
    for raw in raws:
        try:
            extract_html(raw)
        except Exception:
            pass
    t_ours = time.perf_counter() - start
    return len(sample) / t_ours, len(sample) / t_traf


def child_peak_rss(inputs: Path, out: Path, workers: int) -> float:
    """Peak RSS (MiB) of a build run as a child process (max over it and its workers)."""
    code = (
        "import sys; from pathlib import Path; from corpus_builder.build import build; "
        "from corpus_builder.options import BuildOptions; "
        f"build([Path({str(inputs)!r})], Path({str(out)!r}), BuildOptions(shard_files=16), "
        f"workers={workers})"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=10000)
    ap.add_argument("--skip-rss", action="store_true")
    ap.add_argument("--linalg", choices=("numpy", "blis"), default="numpy", help="for our builds")
    ap.add_argument("--skip-scaling", action="store_true", help="skip part 3 (1 -> N workers)")
    ap.add_argument("--only-rss", action="store_true", help="measure only peak RSS (part 4)")
    ap.add_argument(
        "--scale", help="comma-separated page counts for the Dask scale runs, e.g. 10000,100000"
    )
    ap.add_argument(
        "--dedup-only",
        help="comma-separated page counts: dedup alone (signatures + clustering), scale pages",
    )
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.dedup_only:
        from scale import run_dedup_only

        run_dedup_only([int(x) for x in args.dedup_only.split(",")], EXTRACTION)
    if args.scale:
        from scale import run_scale

        run_scale([int(x) for x in args.scale.split(",")], args.workers, EXTRACTION)
    if args.scale or args.dedup_only:
        return
    dumps, pages = load_sources()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.only_rss:
            _rss(args, tmp, dumps, pages)
            return
        corpus = make_corpus(tmp / "in", args.pages, dumps, pages)

        t1, s1 = timed_build(corpus, tmp / "out1", workers=1, linalg=args.linalg)
        tb, nb, base_stages = naive_baseline(corpus)
        ours = s1.units / t1
        base = nb / tb
        print(f"\n1. full build, 1 worker: {s1.units} pages in {t1:.1f}s = {ours:.2f} pages/s/core")
        print(
            f"   naive baseline (extract + full spaCy pipeline on every paragraph): "
            f"{nb} pages in {tb:.1f}s = {base:.2f} pages/s/core"
        )
        print(f"   ratio ours / baseline: {ours / base:.2f}x")
        print(f"   build stages (s, --linalg {args.linalg}): {stages(s1.seconds)}")
        print(f"   baseline stages (s): {stages(base_stages)}")

        ours_html, traf_html = html_speed(pages, min(len(pages), 181))
        print(
            f"\n2. HTML extraction: ours {ours_html:.1f} docs/s, trafilatura alone "
            f"{traf_html:.1f} docs/s, ratio {ours_html / traf_html:.2f}x"
        )

        if args.skip_scaling:
            print(f"\nload average at the end: {os.getloadavg()}")
            return
        tn, sn = timed_build(corpus, tmp / "outN", workers=args.workers, linalg=args.linalg)
        print(
            f"\n3. scaling: 1 worker {t1:.1f}s, {args.workers} workers {tn:.1f}s, "
            f"speed-up {t1 / tn:.2f}x"
        )
        print(f"   build stages with {args.workers} workers (s, summed): {stages(sn.seconds)}")
        same = all(
            (tmp / "out1" / p.relative_to(tmp / "outN")).read_bytes() == p.read_bytes()
            for p in (tmp / "outN" / "data").rglob("*.parquet")
        )
        print(f"   same bytes with 1 and {args.workers} workers: {same}")

        if not args.skip_rss:
            shutil.rmtree(tmp / "out1", ignore_errors=True)
            _rss(args, tmp, dumps, pages)
    print(f"\nload average at the end: {os.getloadavg()}")


def _rss(args: argparse.Namespace, tmp: Path, dumps: list[dict], pages: list[dict]) -> None:
    small = make_corpus(tmp / "small", args.small, dumps, pages)
    rss_small = child_peak_rss(small, tmp / "rs", workers=1)
    shutil.rmtree(small)
    large = make_corpus(tmp / "large", args.large, dumps, pages)
    rss_large = child_peak_rss(large, tmp / "rl", workers=1)
    print(
        f"\n4. peak RSS of a 1-worker build: {args.small} pages {rss_small:.0f} MiB, "
        f"{args.large} pages {rss_large:.0f} MiB (ratio {rss_large / rss_small:.2f})"
    )


if __name__ == "__main__":
    main()
