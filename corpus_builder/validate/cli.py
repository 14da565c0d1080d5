"""`corpus-builder validate PATH... [--against CORPUS_DIR [--corrections]] [--format text|json]
[--max-problems N]`

New records must have ids the corpus does not use; corrected records (`--corrections`) must keep
the id of the record they replace.

Exit status: 0 every record is valid, 1 some record is invalid, 2 some input could not be read.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .submission import validate_paths


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="output folder (its data/articles/*.parquet), .parquet file, or .jsonl/.jsonl.gz "
        "file of records",
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="CORPUS_DIR",
        help="existing corpus (output folder or records file): ids must not already be in it",
    )
    parser.add_argument(
        "--corrections",
        action="store_true",
        help="the records correct records of the --against corpus: every id must already be in "
        "it (id:not_in_corpus otherwise)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one line per problem (default); json: one document, for CI",
    )
    parser.add_argument(
        "--max-problems",
        type=_positive,
        default=None,
        metavar="N",
        help="list at most N problems (the counts still cover all of them)",
    )


def run(args: argparse.Namespace) -> int:
    if args.corrections and args.against is None:
        print("corpus-builder validate: --corrections needs --against CORPUS_DIR", file=sys.stderr)
        return 2
    report = validate_paths(
        args.paths,
        against=args.against,
        corrections=args.corrections,
        max_problems=args.max_problems,
    )
    try:
        if args.format == "json":
            print(report.to_json())
        else:
            for line in report.error_lines():
                print(line, file=sys.stderr)
            print("\n".join(report.text_lines()))
            sys.stdout.flush()
    except BrokenPipeError:
        # `validate ... | head` is normal use: keep the exit status, drop the rest quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return report.status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="corpus-builder validate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
