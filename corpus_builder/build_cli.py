"""Arguments of `corpus-builder build`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
        "--max-page-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"reject pages larger than this (default {DEFAULT_MAX_BYTES:,})",
    )
    p.add_argument(
        "--shard-files",
        type=int,
        default=BuildOptions.shard_files,
        help="input files per shard (the unit of work and of --resume)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from .build import build

    if args.scheduler and args.engine != "dask":
        print("corpus-builder build: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    options = BuildOptions(
        fmt=args.fmt,
        model=args.model,
        max_bytes=args.max_page_bytes,
        templates=not args.no_templates,
        shard_files=args.shard_files,
        linalg=args.linalg,
    )
    try:
        summary = build(
            args.inputs,
            args.out,
            options,
            engine_kind=args.engine,
            workers=args.workers,
            scheduler=args.scheduler,
            resume=args.resume,
            quiet=args.quiet or not sys.stderr.isatty(),
        )
    except FileNotFoundError as exc:
        print(f"corpus-builder build: {exc}", file=sys.stderr)
        return 2
    print(summary.render())
    print(f"output: {args.out}")
    return 0
