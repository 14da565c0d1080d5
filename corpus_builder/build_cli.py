"""Arguments of `corpus-builder build`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .dedup.clusters import DEDUP_MODES
from .options import BuildOptions
from .readers import DEFAULT_MAX_BYTES, FORMATS


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="files or folders (text dumps, .jsonl, .html, .warc[.gz], .gz)",
    )
    p.add_argument("--out", required=True, type=Path, help="output dataset folder")
    p.add_argument(
        "--format",
        choices=FORMATS,
        dest="fmt",
        help="force the input format instead of detecting it",
    )
    p.add_argument("--model", help="spaCy model: module name, path, or alias sm|md")
    p.add_argument(
        "--linalg",
        choices=("numpy", "blis"),
        default=BuildOptions.linalg,
        help="linear algebra for the networks: numpy's BLAS on one thread (default, faster "
        "where blis has no kernel for the CPU) or blis (thinc's default)",
    )
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    p.add_argument("--scheduler", help="address of an existing Dask scheduler (tcp://host:port)")
    p.add_argument(
        "--resume", action="store_true", help="reuse the finished shards of an interrupted build"
    )
    p.add_argument(
        "--no-templates", action="store_true", help="skip cross-page boilerplate learning"
    )
    p.add_argument(
        "--keep-non-articles",
        action="store_true",
        help="keep pages that are not articles (listings, forms, ...) instead of rejecting them",
    )
    p.add_argument(
        "--max-page-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"reject pages larger than this (default {DEFAULT_MAX_BYTES:,})",
    )
    p.add_argument(
        "--shard-files",
        type=int,
        help="input files per shard (the unit of work and of --resume; default: at most 64, "
        "fewer on a small build so every worker has work)",
    )
    p.add_argument(
        "--languages",
        metavar="CODES",
        help="keep only pages in these languages (comma-separated ISO 639-1 codes, e.g. en,fr; "
        "`unknown` for undetected); the others are `language` rejects",
    )
    p.add_argument("--overwrite", action="store_true", help="replace the corpus already in --out")
    p.add_argument(
        "--append",
        action="store_true",
        help="add the pages to the corpus already in --out (existing records keep their ids "
        "and splits)",
    )
    p.add_argument(
        "--dedup",
        choices=DEDUP_MODES,
        default=BuildOptions.dedup,
        help="near-duplicate bodies: keep the first copy and reject the others "
        "(near_duplicate), mark them with a shared cluster_id, or off",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from .build import build
    from .preflight import SetupError, parse_languages

    try:
        options = BuildOptions(
            fmt=args.fmt,
            model=args.model,
            max_bytes=args.max_page_bytes,
            templates=not args.no_templates,
            keep_non_articles=args.keep_non_articles,
            shard_files=args.shard_files,
            languages=parse_languages(args.languages),
            dedup=args.dedup,
            linalg=args.linalg,
        )
        summary = build(
            args.inputs,
            args.out,
            options,
            engine_kind=args.engine,
            workers=args.workers,
            scheduler=args.scheduler,
            resume=args.resume,
            quiet=args.quiet or not sys.stderr.isatty(),
            overwrite=args.overwrite,
            append=args.append,
        )
    except (FileNotFoundError, SetupError) as exc:
        print(f"corpus-builder build: {exc}", file=sys.stderr)
        return 2
    print(summary.render())
    print(f"output: {args.out}")
    return 0
