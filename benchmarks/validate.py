"""Validation throughput: `validate_paths` on an output folder of article Parquet (what
`corpus-builder validate OUT` runs: read, schema, invariants, ids; columnar) against a plain
`jsonschema` loop over the same records, in the same run; also the per-record dict path
(what JSONL submissions take) and jsonschema_rs alone.

    .venv/bin/python benchmarks/validate.py [--records 10000] [--seed 0] [--corpus OUT]
        [--one-thread] [--profile 25]

pyarrow decodes the Parquet columns of a batch on its CPU thread pool (as `validate` does);
--one-thread shrinks that pool to one thread, for a per-core comparison with the baseline.
--profile N prints where validate_paths(OUT) spends its time (cProfile, N lines) at the end.

Records are synthetic but shaped like real output: 6-14 paragraphs, dozens of entity mentions,
direct and partial quotes with speaker and cue offsets. Every generated record is checked to be
valid first, so both sides do the full work of a valid record.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jsonschema
import pyarrow as pa

from corpus_builder.schema import article_arrow_schema, article_schema
from corpus_builder.validate import record_problems, validate_paths
from corpus_builder.validate.schema_check import fast_validator
from corpus_builder.validate.sources import iter_items, resolve
from corpus_builder.write.parquet import to_arrow_row, write_config

PEOPLE = [
    ("Kim Jong Un", "Kim"),
    ("Moon Jae-in", "Moon"),
    ("Angela Merkel", "Merkel"),
    ("Jacinda Ardern", "Ardern"),
    ("Narendra Modi", "Modi"),
    ("Cyril Ramaphosa", "Ramaphosa"),
    ("Emmanuel Macron", "Macron"),
    ("Justin Trudeau", "Trudeau"),
    ("Jair Bolsonaro", "Bolsonaro"),
    ("Shinzo Abe", "Abe"),
    ("Scott Morrison", "Morrison"),
    ("Imran Khan", "Khan"),
]
PLACES = ["Seoul", "Berlin", "Wellington", "New Delhi", "Pretoria", "Paris", "Ottawa", "Tokyo"]
ORGS = ["the United Nations", "the World Bank", "Reuters", "the European Union", "NATO"]
DATES = ["Monday", "Tuesday", "last week", "September 10", "2019", "Friday morning"]
CUES = ["said", "told reporters", "added", "warned", "insisted"]
CHUNK = 500
WORDS = (
    "the talks would continue and both sides agreed that progress on trade security and "
    "climate was possible if the ministers kept meeting before the summit next year"
).split()


class Paragraph:
    """Text built piece by piece, remembering the offsets of entities, quotes and cues."""

    def __init__(self) -> None:
        self.text = ""
        self.entities: list[tuple[int, int, str, str]] = []  # start, end, label, canonical
        self.quotes: list[dict[str, Any]] = []

    def add(self, piece: str, label: str | None = None, canonical: str | None = None) -> tuple:
        start = len(self.text)
        self.text += piece
        if label:
            self.entities.append((start, len(self.text), label, canonical or piece))
        return start, len(self.text)


def _sentence(rng: random.Random, p: Paragraph) -> None:
    full, short = rng.choice(PEOPLE)
    kind = rng.randrange(4)
    if p.text:
        p.add(" ")
    if kind == 0:
        other = rng.choice(PEOPLE)[0]
        p.add(full, "PERSON")
        p.add(" met ")
        p.add(other, "PERSON")
        p.add(" in ")
        p.add(rng.choice(PLACES), "GPE")
        p.add(" on ")
        p.add(rng.choice(DATES), "DATE")
        p.add(".")
    elif kind == 1:
        p.add('"')
        words = " ".join(rng.choices(WORDS, k=rng.randint(6, 18))).capitalize() + ","
        q = p.add(words)
        p.add('" ')
        speaker = p.add(short, "PERSON", full)
        p.add(" ")
        cue = rng.choice(CUES).split()[0]
        c = p.add(cue)
        p.add(".")
        p.quotes.append(_quote(q, "direct", full, speaker, cue, c))
    elif kind == 2:
        p.add(rng.choice(ORGS), "ORG")
        p.add(" said " + " ".join(rng.choices(WORDS, k=rng.randint(8, 20))) + ".")
    else:
        speaker = p.add(full, "PERSON")
        p.add(" ")
        c = p.add("called")
        p.add(' the plan "')
        q = p.add(" ".join(rng.choices(WORDS, k=rng.randint(2, 6))))
        p.add('."')
        p.quotes.append(_quote(q, "partial", full, speaker, "called", c))


def _quote(q: tuple, kind: str, speaker: str, s: tuple, cue: str, c: tuple) -> dict[str, Any]:
    return {
        "start": q[0],
        "end": q[1],
        "kind": kind,
        "speaker": speaker,
        "speaker_start": s[0],
        "speaker_end": s[1],
        "cue": cue,
        "cue_start": c[0],
        "cue_end": c[1],
        "attribution": "cue_subject",
        "speaker_confidence": 0.9,
    }


def make_record(rng: random.Random, i: int) -> dict[str, Any]:
    paragraphs = []
    for _ in range(rng.randint(6, 14)):
        p = Paragraph()
        for _ in range(rng.randint(2, 5)):
            _sentence(rng, p)
        paragraphs.append(p)
    text = "\n\n".join(p.text for p in paragraphs)
    spans, entities, quotes, pos = [], [], [], 0
    for index, p in enumerate(paragraphs):
        spans.append({"start": pos, "end": pos + len(p.text)})
        for s, e, label, canonical in p.entities:
            entities.append(
                {
                    "start": pos + s,
                    "end": pos + e,
                    "text": text[pos + s : pos + e],
                    "label": label,
                    "canonical": canonical,
                }
            )
        for q in p.quotes:
            shifted = {k: v + pos if k.endswith(("start", "end")) else v for k, v in q.items()}
            shifted["text"] = text[shifted["start"] : shifted["end"]]
            shifted["paragraph"] = index
            quotes.append(shifted)
        pos += len(p.text) + 2
    key = (
        "start",
        "end",
        "text",
        "paragraph",
        "kind",
        "speaker",
        "speaker_start",
        "speaker_end",
        "cue",
        "cue_start",
        "cue_end",
        "attribution",
        "speaker_confidence",
    )
    return {
        "id": f"bench-{i:07d}",
        "schema_version": "1.1",
        "cluster_id": f"bench-{i:07d}",
        "source": {
            "uri": f"https://news.example/{i}",
            "path": f"raw/{i}.txt",
            "format": "textdump",
            "sha256": f"{i:064x}",
            "site": "news.example",
        },
        "metadata": {
            "title": f"Article {i}",
            "subtitle": None,
            "byline": "By Staff",
            "authors": ["Staff"],
            "published_date": f"2019-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            "site_name": "Example News",
            "section": "World",
            "topics": ["politics"],
            "tags": [],
            "image_credit": None,
            "language": "en",
        },
        "text": text,
        "paragraphs": spans,
        "entities": entities,
        "quotes": [{k: q[k] for k in key} for q in quotes],
        "provenance": {
            "builder_version": "0.1.0",
            "extractor": "bench==0",
            "models": ["en_core_web_sm==3.8.0"],
            "linalg": "blis",
        },
    }


def _corpus_records(folder: Path) -> list[dict[str, Any]]:
    inputs, failures = resolve([folder])
    if failures:
        raise SystemExit(f"--corpus: {failures[0]}")
    return [item.record for inp in inputs for item in iter_items(inp)]


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:>10,.0f} records/s  ({seconds:.2f} s)"


def _write_shards(folder: Path, records: list[dict[str, Any]]) -> None:
    """An output folder of article files, written by the build's own writer."""
    rows = [to_arrow_row(r) for r in records]
    write_config(folder, "articles", {"train": rows}, article_arrow_schema())


def _profile(folder: Path, lines: int) -> None:
    """cProfile of validate_paths(OUT), by own time: where the columnar check's time goes."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(5):
        validate_paths([folder])
    profile.disable()
    print("validate_paths(OUT) x5 under cProfile:")
    pstats.Stats(profile).strip_dirs().sort_stats("tottime").print_stats(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--corpus",
        type=Path,
        help="use the records of a built output folder instead, "
        "repeated up to --records (a real-data check of the synthetic figures)",
    )
    parser.add_argument(
        "--one-thread",
        action="store_true",
        help="pyarrow uses one CPU thread and one I/O thread (no parallel column decoding)",
    )
    parser.add_argument(
        "--profile", type=int, metavar="N", help="print the top N functions of validate_paths(OUT)"
    )
    args = parser.parse_args(argv)
    if args.one_thread:
        pa.set_cpu_count(1)
        pa.set_io_thread_count(1)

    if args.corpus:
        real = _corpus_records(args.corpus)
        print(f"{len(real)} distinct records from {args.corpus}")
        # unique ids, or the file pass would (rightly) report the repeats as duplicates
        records = [dict(real[i % len(real)], id=f"r{i}") for i in range(args.records)]
    else:
        rng = random.Random(args.seed)
        records = [make_record(rng, i) for i in range(args.records)]
    bad = [r["id"] for r in records if record_problems(r)]
    if bad:
        print(f"{len(bad)} invalid records, e.g. {record_problems(records[0])}")
        return 1
    n = len(records)
    mentions = sum(len(r["entities"]) for r in records) / n
    quotes = sum(len(r["quotes"]) for r in records) / n
    chars = sum(len(r["text"]) for r in records) / n
    ascii_share = sum(r["text"].isascii() for r in records) / n
    print(
        f"{n} records; per record: {chars:.0f} chars, {mentions:.1f} entities, {quotes:.1f} "
        f"quotes; {ascii_share:.0%} ASCII-only texts"
    )

    cls = jsonschema.Draft202012Validator
    plain = cls(article_schema(), format_checker=cls.FORMAT_CHECKER)
    fast = fast_validator()
    # The records held for the in-memory sides are millions of objects a `validate` run never
    # holds; keep the garbage collector from walking them inside whichever side it interrupts.
    gc.collect()
    gc.freeze()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write_shards(folder, records)
        validate_paths([folder])  # compile the validators once, as the baseline's are
        # The machine is shared: alternate the sides chunk by chunk so load spikes hit all of
        # them. Our side is the whole command, one validate_paths(OUT) call per chunk.
        runs = 0
        files = ours = baseline = schema_only = 0.0
        for at in range(0, n, CHUNK):
            chunk = records[at : at + CHUNK]
            t = time.perf_counter()
            report = validate_paths([folder])
            files += time.perf_counter() - t
            runs += 1
            assert report.status == 0 and report.records == n, report.summary()
            t = time.perf_counter()
            for r in chunk:
                record_problems(r)
            ours += time.perf_counter() - t
            t = time.perf_counter()
            for r in chunk:
                fast.is_valid(r)
            schema_only += time.perf_counter() - t
            t = time.perf_counter()
            for r in chunk:
                list(plain.iter_errors(r))
            baseline += time.perf_counter() - t
        # The same command reading every row as a dict (the path before the columnar check).
        t = time.perf_counter()
        validate_paths([folder], columnar=False)
        rows = time.perf_counter() - t
        if args.profile:
            _profile(folder, args.profile)
    files /= runs

    print(f"plain jsonschema iter_errors       {_rate(n, baseline)}  (schema only)")
    print(
        f"validate_paths(OUT), Parquet       {_rate(n, files)}  {baseline / files:6.1f}x  "
        f"(read + schema + invariants + ids; mean of {runs} runs)"
    )
    print(
        f"  same, every row as a dict        {_rate(n, rows)}  {baseline / rows:6.1f}x  "
        "(columnar=False; one run)"
    )
    print(
        f"dict path: record_problems         {_rate(n, ours)}  {baseline / ours:6.1f}x  "
        "(what JSONL submissions take; records already parsed)"
    )
    print(
        f"jsonschema_rs alone (schema only)  {_rate(n, schema_only)}  "
        f"{baseline / schema_only:6.1f}x"
    )
    threads = "1 (--one-thread)" if args.one_thread else f"{pa.cpu_count()} (pyarrow default)"
    print(f"pyarrow CPU threads for Parquet decoding: {threads}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
