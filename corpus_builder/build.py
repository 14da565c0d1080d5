"""`corpus-builder build`: plan shards, run them on an engine, assemble the dataset folder.

Output is staged in `OUT/.cb-staging` and swapped into place only when complete, so an
interrupted build leaves the previous output intact. Finished shards are kept in
`OUT/.cb-work` until the build succeeds, which is what `--resume` reuses.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import SCHEMA_VERSION, __version__
from .dedup.store import read_output as read_signatures
from .engine import make_engine
from .options import BuildOptions
from .pipeline import ShardResult, part_path, process_shard, signature_path, template_stats_for
from .preflight import check_model, check_options, check_output
from .readers import InputFile, discover, split_large
from .write.append import read_previous
from .write.assemble import assemble

WORK = ".cb-work"
STAGING = ".cb-staging"
PREVIOUS = ".cb-previous"


@dataclass
class BuildSummary:
    files: int = 0
    units: int = 0
    records: int = 0
    rejects: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    annotations_dropped: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    wall: float = 0.0
    shards: int = 0
    resumed: int = 0
    engine: str = "local"
    workers: int = 1
    corpus_records: int | None = None  # records in the corpus after an --append build

    def render(self) -> str:
        rejected = sum(self.rejects.values())
        rate = self.units / self.wall if self.wall else 0.0
        lines = [
            f"pages in: {self.units} (from {self.files} files, {self.shards} shards"
            + (f", {self.resumed} resumed" if self.resumed else "")
            + ")",
            f"records written: {self.records}"
            + (f" (corpus now {self.corpus_records})" if self.corpus_records is not None else ""),
            f"rejected: {rejected}"
            + (
                " (" + ", ".join(f"{k}: {v}" for k, v in sorted(self.rejects.items())) + ")"
                if rejected
                else ""
            ),
        ]
        if self.skipped:
            lines.append(
                "skipped (not pages): "
                + ", ".join(f"{k}: {v}" for k, v in sorted(self.skipped.items()))
            )
        if self.annotations_dropped:
            lines.append(
                "annotations dropped (article kept): "
                + ", ".join(f"{k}: {v}" for k, v in sorted(self.annotations_dropped.items()))
            )
        if self.languages:
            lines.append(
                "languages: "
                + ", ".join(
                    f"{k}: {v}" for k, v in sorted(self.languages.items(), key=lambda kv: -kv[1])
                )
            )
        if self.seconds:
            lines.append(
                "time per stage (s, summed over workers; templates and assemble: wall): "
                + ", ".join(f"{k} {v:.2f}" for k, v in self.seconds.items())
            )
        lines.append(
            f"time: {self.wall:.2f}s ({rate:.1f} pages/s, engine {self.engine}, "
            f"{self.workers} workers)"
        )
        return "\n".join(lines)


# Most input files per shard, and shards per worker on a small build: enough shards that no
# worker idles while another finishes a long shard, few enough that start-up stays negligible.
MAX_SHARD_FILES = 64
SHARDS_PER_WORKER = 4


def shard_size(files: int, workers: int, asked: int | None = None) -> int:
    """Files per shard: `asked` when given, else small enough that every worker gets about
    SHARDS_PER_WORKER shards (a 20-file build on 2 workers: 3 files a shard, 7 shards).
    Output bytes do not depend on it: assemble streams the parts in input order."""
    if asked is not None:
        return asked
    return max(1, min(MAX_SHARD_FILES, -(-files // (workers * SHARDS_PER_WORKER))))


def plan(files: list[InputFile], shard_files: int) -> list[list[InputFile]]:
    """Groups of `shard_files` files in order; a byte range of a big file is a shard alone."""
    shards: list[list[InputFile]] = []
    current: list[InputFile] = []
    for f in files:
        if f.stop is not None:
            if current:
                shards.append(current)
                current = []
            shards.append([f])
            continue
        current.append(f)
        if len(current) == shard_files:
            shards.append(current)
            current = []
    if current:
        shards.append(current)
    return shards


def _fingerprint(files: list[InputFile], options: BuildOptions, templates_digest: str) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([__version__, asdict(options), templates_digest]).encode())
    for f in files:
        st = f.path.stat()
        h.update(f"{f.display}\0{f.start}\0{f.stop}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _learn_templates(
    shards: list[list[InputFile]], options: BuildOptions, engine: Any
) -> tuple[dict[str, Any] | None, str, int | None]:
    """Templates, their digest, and the number of pages (None when no pass read them)."""
    if not options.templates:
        return None, "off", None
    stats = None
    pages = 0
    for part, units in engine.map(template_stats_for, [(files, options) for files in shards]):
        stats = part if stats is None else stats.merge(part)
        pages += units
    if stats is None:
        return None, "empty", pages
    templates = stats.templates()
    digest = hashlib.sha256(
        repr(sorted((k, repr(v)) for k, v in templates.items())).encode()
    ).hexdigest()
    return templates, digest, pages


def _progress(total: int | None, quiet: bool) -> Any:
    """A bar of pages (the total is known when the template pass counted them)."""
    if quiet:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="page", desc="build", file=sys.stderr, dynamic_ncols=True)


def build(
    inputs: list[Path],
    out: Path,
    options: BuildOptions | None = None,
    engine_kind: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    quiet: bool = True,
    overwrite: bool = False,
    append: bool = False,
) -> BuildSummary:
    """Build `inputs` into the dataset folder `out`.

    Everything that can be checked without reading a page is checked first (options, output
    folder, model): a SetupError then, and nothing is read or written. An existing corpus in
    `out` is replaced only with `overwrite`; `append` adds this build's pages to it."""
    options = options or BuildOptions()
    started = time.perf_counter()
    inputs = [Path(p) for p in inputs]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise FileNotFoundError(f"input not found: {', '.join(missing)}")
    out = Path(out)
    check_options(options, engine_kind, workers, scheduler)
    check_output(inputs, out, overwrite=overwrite, append=append)
    previous = read_previous(out, SCHEMA_VERSION) if append else None
    # Loaded here only when the shards run in this process too (then the load is reused).
    in_process = engine_kind == "local" and (workers or os.cpu_count() or 1) == 1
    check_model(options.model, load=in_process)

    out.mkdir(parents=True, exist_ok=True)
    work = out / WORK
    if work.exists() and not resume:
        shutil.rmtree(work)
    (work / "done").mkdir(parents=True, exist_ok=True)

    found = [f for f in discover(inputs) if not _inside(f.path, out)]
    files = split_large(found, options.split_bytes)
    engine = make_engine(engine_kind, workers, scheduler)
    summary = BuildSummary(files=len(found), engine=engine_kind, workers=engine.workers)
    try:
        shards = plan(files, _planned_size(work, resume, len(files), engine.workers, options))
        summary.shards = len(shards)
        t = time.perf_counter()
        templates, digest, pages = _learn_templates(shards, options, engine)
        templates_wall = time.perf_counter() - t
        results: list[ShardResult | None] = [None] * len(shards)
        todo = []
        for i, files_i in enumerate(shards):
            fp = _fingerprint(files_i, options, digest)
            done = work / "done" / f"shard-{i:06d}.json"
            if resume and done.exists():
                saved = json.loads(done.read_text())
                if saved["fingerprint"] == fp:
                    results[i] = ShardResult.from_json(saved["result"])
                    summary.resumed += 1
                    continue
            todo.append((i, fp))
        units = sum(r.units for r in results if r)
        bar = _progress(pages, quiet)
        if bar:
            bar.update(units)
        jobs = [(i, shards[i], options, templates, work) for i, _ in todo]
        for (i, fp), res in zip(todo, engine.map(process_shard, jobs), strict=True):
            results[i] = res
            (work / "done" / f"shard-{i:06d}.json").write_text(
                json.dumps({"fingerprint": fp, "result": res.to_json()})
            )
            units += res.units
            if bar:
                bar.update(res.units)
                bar.set_postfix(
                    rejects=sum(len(r.rejects) for r in results if r),
                    rate=f"{units / (time.perf_counter() - started):.1f}/s",
                )
        if bar:
            bar.close()
    finally:
        engine.close()

    final = [r for r in results if r is not None]
    staging = out / STAGING
    if staging.exists():
        shutil.rmtree(staging)
    t = time.perf_counter()
    outcome = assemble(
        staging,
        final,
        lambda i: part_path(work, i),
        lambda i: signature_path(work, i),
        options=options,
        builder_version=__version__,
        schema_version=SCHEMA_VERSION,
        files=len(found),
        inputs=tuple(p.name for p in inputs),
        previous=previous,
        existing=read_signatures(out) if append else None,
    )
    _swap_into_place(staging, out)
    shutil.rmtree(work, ignore_errors=True)

    seconds: Counter[str] = Counter({"templates": templates_wall})
    for r in final:
        seconds.update(r.seconds)
    seconds["assemble"] += time.perf_counter() - t - outcome["cluster_seconds"]
    seconds["dedup clustering"] += outcome["cluster_seconds"]
    summary.units = outcome["units"]
    summary.records = outcome["records"]
    summary.corpus_records = outcome["corpus_records"] if append else None
    summary.rejects = outcome["rejects_by_reason"]
    summary.skipped = outcome["skipped"]
    summary.annotations_dropped = outcome["annotations_dropped"]
    summary.languages = outcome["languages"]
    summary.seconds = {k: round(v, 3) for k, v in seconds.items()}
    summary.wall = time.perf_counter() - started
    return summary


def _planned_size(work: Path, resume: bool, files: int, workers: int, options: BuildOptions) -> int:
    """Files per shard, kept in the work folder so a resumed build plans the same shards even
    with another worker count (a shard's fingerprint is its files)."""
    saved = work / "plan.json"
    if resume and saved.exists() and options.shard_files is None:
        return int(json.loads(saved.read_text())["shard_files"])
    size = shard_size(files, workers, options.shard_files)
    saved.write_text(json.dumps({"shard_files": size}))
    return size


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to((folder / "data").resolve())
        return True
    except ValueError:
        return False


def _swap_into_place(staging: Path, out: Path) -> None:
    """Move every finished entry of staging into OUT, keeping the old ones until done."""
    previous = out / PREVIOUS
    if previous.exists():
        shutil.rmtree(previous)
    previous.mkdir()
    entries = sorted(p.name for p in staging.iterdir())
    for name in entries:
        if (out / name).exists():
            (out / name).rename(previous / name)
    for name in entries:
        (staging / name).rename(out / name)
    shutil.rmtree(staging)
    shutil.rmtree(previous)
