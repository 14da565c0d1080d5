"""The scale runs of benchmarks/throughput.py (--scale): N short pages through the Dask engine.

The pages are JSONL `paragraphs` pages (so HTML and text-dump extraction are skipped; the
work is annotation, validation, writing and dedup): 3-4 paragraphs of 1-3 sentences drawn
at random (seeded) from the sentences of the visible gold article bodies (scrapinghub,
l3s-gn1, wcxb-dev articles; read from ../shared, never copied), about 90 words a page. 5% of
the pages are planted syndicated copies of an earlier page (another byline and footer, or
the first 70%), so dedup has real clusters to find at every scale.

Each run is a child process (`build(..., engine_kind="dask", workers=W)`, keep-first);
the parent samples the RSS of the child's process tree (scheduler, nannies, workers) every
0.5 s and reports the largest single process and the largest sum.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGES_PER_FILE = 500
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def sentence_pool(extraction: Path) -> list[str]:
    seen: dict[str, None] = {}
    for name in ("scrapinghub", "l3s-gn1", "wcxb-dev"):
        with gzip.open(extraction / name / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row.get("page_type", "article") != "article":
                    continue
                for para in row["article_body"].split("\n"):
                    for sent in _SENTENCE.split(para.strip()):
                        if 8 <= len(sent.split()) <= 40:
                            seen.setdefault(sent, None)
    return list(seen)


def scale_corpus(folder: Path, n: int, pool: list[str]) -> int:
    """Write n pages in files of PAGES_PER_FILE; return the number of planted copies."""
    rng = random.Random(f"scale-{n}")
    folder.mkdir(parents=True, exist_ok=True)
    pages: list[list[str]] = []
    planted = 0
    fh = None
    for i in range(n):
        if i % PAGES_PER_FILE == 0:
            if fh:
                fh.close()
            fh = open(folder / f"pages-{i // PAGES_PER_FILE:05d}.jsonl", "w", encoding="utf-8")
        if i >= 100 and rng.random() < 0.05:
            source = pages[rng.randrange(len(pages))]
            if rng.random() < 0.5:
                paras = ["By Jo Ames, Metro Herald", *source, "Copyright Metro Herald."]
            else:
                words = " ".join(source).split(" ")
                paras = [" ".join(words[: int(len(words) * 0.7)])]
            planted += 1
        else:
            paras = [
                " ".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
                for _ in range(rng.randint(3, 4))
            ]
            pages.append(paras)
        page = {"id": f"s{i:07d}", "date": "2024-01-01", "paragraphs": paras}
        fh.write(json.dumps(page, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    return planted


def _tree_rss(pid: int) -> tuple[int, int, int]:
    """(largest process, sum over the tree, the build's own process) RSS in bytes."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0, 0
    sizes = []
    own = 0
    for p in procs:
        try:
            rss = p.memory_info().rss
        except psutil.NoSuchProcess:
            continue
        sizes.append(rss)
        if p.pid == pid:
            own = rss
    return (max(sizes), sum(sizes), own) if sizes else (0, 0, 0)


def child_build(inputs: Path, out: Path, workers: int, summary_path: Path) -> dict:
    code = (
        "import json, sys; from dataclasses import asdict; from pathlib import Path; "
        "from corpus_builder.build import build; from corpus_builder.options import BuildOptions; "
        f"s = build([Path({str(inputs)!r})], Path({str(out)!r}), BuildOptions(shard_files=1), "
        f"engine_kind='dask', workers={workers}); "
        f"Path({str(summary_path)!r}).write_text(json.dumps(asdict(s)))"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO)
    peak = [0, 0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            one, total, own = _tree_rss(proc.pid)
            peak[0], peak[1], peak[2] = max(peak[0], one), max(peak[1], total), max(peak[2], own)
            stop.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    code_ = proc.wait()
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    if code_:
        raise SystemExit(f"scale build failed with exit code {code_}")
    summary = json.loads(summary_path.read_text())
    summary["child_wall"] = wall
    summary["peak_rss_one_mib"] = peak[0] / 2**20
    summary["peak_rss_sum_mib"] = peak[1] / 2**20
    # The build's own process holds the scheduler and does assembly (clustering, card);
    # the workers are its children. Which one peaks says where memory grows with n.
    summary["peak_rss_build_process_mib"] = peak[2] / 2**20
    return summary


def run_scale(sizes: list[int], workers: int, extraction: Path) -> None:
    pool = sentence_pool(extraction)
    print(f"scale runs: {len(pool)} distinct sentences in the pool, Dask engine, {workers} workers")
    rows = []
    with tempfile.TemporaryDirectory(prefix="dedup-scale-") as tmp_name:
        tmp = Path(tmp_name)
        for n in sizes:
            inputs = tmp / f"in-{n}"
            planted = scale_corpus(inputs, n, pool)
            s = child_build(inputs, tmp / f"out-{n}", workers, tmp / f"summary-{n}.json")
            secs = s["seconds"]
            dedup = secs.get("dedup", 0.0) + secs.get("dedup clustering", 0.0)
            stage_total = sum(secs.values())
            # Wall-clock share: signatures run in parallel on the workers, clustering alone.
            dedup_wall = secs.get("dedup", 0.0) / workers + secs.get("dedup clustering", 0.0)
            row = {
                "pages": s["units"],
                "records": s["records"],
                "near_duplicate": s["rejects"].get("near_duplicate", 0),
                "planted": planted,
                "wall_s": round(s["wall"], 1),
                "pages_per_s": round(s["units"] / s["wall"], 2),
                "peak_rss_one_mib": round(s["peak_rss_one_mib"]),
                "peak_rss_sum_mib": round(s["peak_rss_sum_mib"]),
                "peak_rss_build_process_mib": round(s["peak_rss_build_process_mib"]),
                "dedup_share_of_stage_time": round(dedup / stage_total, 4),
                "dedup_share_of_wall": round(dedup_wall / s["wall"], 4),
                "seconds": secs,
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
            import shutil

            shutil.rmtree(inputs, ignore_errors=True)
            shutil.rmtree(tmp / f"out-{n}", ignore_errors=True)
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        print(
            f"peak RSS {b['pages']} vs {a['pages']} pages: largest process "
            f"{b['peak_rss_one_mib'] / a['peak_rss_one_mib']:.2f}x, process tree "
            f"{b['peak_rss_sum_mib'] / a['peak_rss_sum_mib']:.2f}x"
        )


_DEDUP_ONLY = """
import json, resource, sys, time
from pathlib import Path
import numpy as np
from corpus_builder.dedup.decisions import decide
from corpus_builder.dedup.minhash import signature
from corpus_builder.dedup.store import Signatures
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
ids, sigs, counts = [], [], []
t = time.process_time()
for path in sorted(Path(sys.argv[1]).glob("*.jsonl")):
    for line in path.open(encoding="utf-8"):
        page = json.loads(line)
        sig, n = signature("\\n\\n".join(page["paragraphs"]))
        ids.append(page["id"]); sigs.append(sig); counts.append(n)
t_sig = time.process_time() - t
table = Signatures(ids, ids, np.stack(sigs), np.array(counts))
t = time.process_time()
d = decide(table, "keep-first")
t_cluster = time.process_time() - t
print(json.dumps({"pages": len(ids), "signature_cpu_s": round(t_sig, 2),
    "cluster_cpu_s": round(t_cluster, 2), "candidates": d.candidates,
    "near_duplicate": sum(c is None for c in d.cluster_ids),
    "rss_growth_mib": round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024),
    "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def run_dedup_only(sizes: list[int], extraction: Path) -> list[dict]:
    """Dedup alone (signatures of every page + clustering, one process) at each size: the
    part of a build whose cost grows with the corpus, measured where a full annotated
    build is too slow for this machine."""
    pool = sentence_pool(extraction)
    rows = []
    with tempfile.TemporaryDirectory(prefix="dedup-only-") as tmp_name:
        for n in sizes:
            inputs = Path(tmp_name) / f"in-{n}"
            planted = scale_corpus(inputs, n, pool)
            out = subprocess.run(
                [sys.executable, "-c", _DEDUP_ONLY, str(inputs)],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            row = {**json.loads(out), "planted": planted}
            rows.append(row)
            print("dedup only: " + json.dumps(row), flush=True)
    return rows
