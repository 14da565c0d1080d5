"""Readers: input paths -> RawPage units (or Reject / Skipped), lazily and in a stable order.

Formats: seed-style text dumps, JSONL pages, HTML files, WARC archives; folders are walked
recursively and `.gz` files are read through. The format comes from the extension, else from
the content; `fmt` forces it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..types import RawPage, Reject, Skipped, Source
from .decode import decode_bytes
from .jsonl import read_jsonl_lines
from .textdump import has_header, textdump_page

FORMATS = ("textdump", "jsonl", "html", "warc")
_EXTENSIONS = {
    ".txt": "textdump",
    ".dump": "textdump",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".arc": "warc",
}
# A single page larger than this is rejected before it is decoded, so one hostile file
# cannot exhaust a worker's memory.
DEFAULT_MAX_BYTES = 5_000_000

Unit = RawPage | Reject | Skipped


@dataclass(frozen=True)
class InputFile:
    path: Path
    display: str  # stable, machine-independent name used in source.path and rejects
    # A byte range of a plain JSONL file or a WARC, so one big file can be shared by several
    # workers; `first_line` numbers its first line or record (units are `file#n`).
    start: int = 0
    stop: int | None = None
    first_line: int = 1


# Plain JSONL files and WARC archives larger than this are split into pieces of about this
# size (a gzip stream cannot be entered mid-way, so .jsonl.gz stays whole).
SPLIT_BYTES = 16 * 1024 * 1024


def split_large(files: list[InputFile], piece_bytes: int = SPLIT_BYTES) -> list[InputFile]:
    """Split big plain .jsonl files into line-aligned byte ranges and big WARC files at record
    boundaries (other files unchanged)."""
    out: list[InputFile] = []
    for f in files:
        name = f.path.name.lower()
        splittable = name.endswith((".warc", ".warc.gz")) or (
            format_of(name) == "jsonl" and not name.endswith(".gz")
        )
        try:
            size = f.path.stat().st_size if splittable else 0
        except OSError:
            size = 0
        if size <= piece_bytes:
            out.append(f)
        elif format_of(name) == "warc":
            out.extend(_warc_pieces(f, piece_bytes))
        else:
            out.extend(_pieces(f, size, piece_bytes))
    return out


def _warc_pieces(f: InputFile, piece_bytes: int) -> list[InputFile]:
    from .warc import record_cuts

    cuts = record_cuts(f.path, piece_bytes)
    stops = [offset for offset, _ in cuts[1:]] + [None]
    return [
        InputFile(f.path, f.display, start, stop, first)
        for (start, first), stop in zip(cuts, stops, strict=True)
    ]


def _pieces(f: InputFile, size: int, piece_bytes: int) -> list[InputFile]:
    pieces, start, line = [], 0, 1
    with open(f.path, "rb") as fh:
        while start < size:
            fh.seek(min(start + piece_bytes, size))
            if fh.tell() < size:
                fh.readline()  # move to the next line boundary
            stop = fh.tell()
            pieces.append(InputFile(f.path, f.display, start, stop, line))
            fh.seek(start)
            remaining, count = stop - start, 0
            while remaining > 0:
                chunk = fh.read(min(1 << 20, remaining))
                if not chunk:
                    break
                count += chunk.count(b"\n")
                remaining -= len(chunk)
            line += count
            start = stop
    return pieces


def discover(paths: list[Path]) -> list[InputFile]:
    """All input files under `paths`, sorted, hidden files and folders skipped."""
    found: list[InputFile] = []
    for root in paths:
        root = Path(root)
        if root.is_dir():
            base = root.resolve().parent
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if name.startswith("."):
                        continue
                    p = Path(dirpath) / name
                    found.append(InputFile(p, p.resolve().relative_to(base).as_posix()))
        else:
            found.append(InputFile(root, root.name))
    found.sort(key=lambda f: f.display)
    return found


def format_of(name: str) -> str | None:
    """Format from the file name, looking through a trailing .gz."""
    lower = name.lower()
    if lower.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return _EXTENSIONS.get(os.path.splitext(lower)[1])


def sniff(head: bytes) -> str:
    """Format from the first bytes of (decompressed) content."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512]
    lowered = start.lower()
    if start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in lowered:
        return "html"
    return "textdump"


def _read_limited(path: Path, max_bytes: int) -> tuple[bytes, bool]:
    """Read at most max_bytes+1 bytes (decompressing .gz); (data, truncated_archive)."""
    if not path.name.lower().endswith(".gz"):
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1), False
    chunks, size = [], 0
    try:
        with gzip.open(path, "rb") as fh:
            while size <= max_bytes:
                chunk = fh.read(min(1 << 20, max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except (EOFError, zlib.error, gzip.BadGzipFile):
        return b"".join(chunks), True
    return b"".join(chunks), False


def read_file(
    f: InputFile, fmt: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Unit]:
    """Every unit of one input file; failures become Rejects, never exceptions."""
    try:
        fmt = fmt or format_of(f.path.name) or _sniff_file(f.path)
        if fmt == "warc":
            from .warc import read_warc

            yield from read_warc(f.path, f.display, max_bytes, f.start, f.stop, f.first_line)
        elif fmt == "jsonl":
            yield from _read_jsonl(f, max_bytes)
        else:
            yield _read_single(f, fmt, max_bytes)
    except InputError as exc:
        yield Reject(f.display, exc.code, exc.message)
    except OSError as exc:
        yield Reject(f.display, "unreadable", f"{f.display}: {exc.strerror or exc}")


def _sniff_file(path: Path) -> str:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            return sniff(fh.read(4096))
    except (EOFError, zlib.error, gzip.BadGzipFile):
        return "textdump"


def _read_single(f: InputFile, fmt: str, max_bytes: int) -> RawPage:
    data, truncated = _read_limited(f.path, max_bytes)
    if truncated:
        raise InputError(
            "truncated", f"{f.display}: the .gz stream ends early; the page is incomplete"
        )
    if len(data) > max_bytes:
        raise InputError("too_large", f"{f.display}: larger than the {max_bytes:,}-byte page limit")
    text = decode_bytes(data, f.display)
    source = Source(
        path=f.display,
        format="html" if fmt == "html" else "textdump",
        sha256=hashlib.sha256(data).hexdigest(),
    )
    if fmt == "html":
        return RawPage(source, text, "html")
    if fmt != "textdump":
        raise InputError("unreadable", f"{f.display}: unknown format {fmt!r}")
    return textdump_page(text, source)


def _read_jsonl(f: InputFile, max_bytes: int) -> Iterator[Unit]:
    """JSONL is streamed line by line, so a big file is fine; one huge line is rejected."""
    opener = gzip.open if f.path.name.lower().endswith(".gz") else open
    lineno = f.first_line - 1
    try:
        with opener(f.path, "rb") as fh:
            if f.start:
                fh.seek(f.start)
            while f.stop is None or fh.tell() < f.stop:
                raw = fh.readline(max_bytes + 1)
                if not raw:
                    return
                lineno += 1
                if len(raw) > max_bytes and not raw.endswith(b"\n"):
                    # Skip the rest of the oversized line without holding it in memory.
                    while raw and not raw.endswith(b"\n"):
                        raw = fh.readline(1 << 20)
                    yield Reject(
                        f"{f.display}#{lineno}",
                        "too_large",
                        f"{f.display}#{lineno}: line larger than the {max_bytes:,}-byte limit",
                    )
                    continue
                yield from read_jsonl_lines([(lineno, raw)], f.display)
    except (EOFError, zlib.error, gzip.BadGzipFile):
        yield Reject(
            f"{f.display}#{lineno + 1}",
            "truncated",
            f"{f.display}: the .gz stream ends early after line {lineno}; the rest is lost",
        )


def iter_units(
    paths: list[Path], fmt: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Unit]:
    for f in split_large(discover(paths)):
        yield from read_file(f, fmt, max_bytes)


__all__ = [
    "FORMATS",
    "InputFile",
    "Unit",
    "discover",
    "format_of",
    "iter_units",
    "read_file",
    "has_header",
    "split_large",
]
