"""`corpus-builder view OUT`: browse a built corpus, served on loopback or exported to a folder."""

from __future__ import annotations

import argparse
import ipaddress
import sys
import time
from pathlib import Path

from .load import CorpusError, load_corpus
from .render import export_site, render_site
from .server import make_server


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="a built corpus folder (holds data/articles/)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    mode.add_argument(
        "--export",
        type=Path,
        metavar="DIR",
        help="write static pages to DIR (open DIR/index.html from disk) instead of serving",
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    try:
        corpus = load_corpus(out)
    except CorpusError as exc:
        print(f"corpus-builder view: error: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    site = render_site(corpus)
    took = time.perf_counter() - started
    pages = sum(1 for p in site if p.endswith(".html"))
    if args.export is not None:
        dest: Path = args.export
        if dest.resolve() == out.resolve():
            print(
                f"corpus-builder view: error: {dest}: export folder must not be the corpus "
                "folder itself (the pages would land in the dataset)",
                file=sys.stderr,
            )
            return 2
        try:
            export_site(site, dest)
        except OSError as exc:
            print(f"corpus-builder view: error: {dest}: cannot write ({exc})", file=sys.stderr)
            return 2
        print(
            f"wrote {pages} pages for {len(corpus.articles)} articles to {dest} in "
            f"{took:.1f}s; open {dest / 'index.html'}"
        )
        return 0
    if not _is_loopback(args.host):
        print(
            f"warning: serving on {args.host}: anyone who can reach this address can read "
            "the corpus",
            file=sys.stderr,
        )
    try:
        server = make_server(site, args.host, args.port)
    except OSError as exc:
        print(
            f"corpus-builder view: error: cannot listen on {args.host}:{args.port} ({exc})",
            file=sys.stderr,
        )
        return 2
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in str(host) else host
    print(
        f"serving {len(corpus.articles)} articles from {out} at http://{shown}:{port}/ "
        "(Ctrl-C to stop)",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
