"""WARC archives (.warc, .warc.gz) -> one RawPage per HTML response record, with warcio.

Every record is accounted for: an HTML response becomes a RawPage, any other record a
`Skipped` (counted, not an error), an unusable HTML response a `Reject`, and an archive that
ends early yields what it holds and then one `Reject("truncated")` for the rest.

`source.path` is `"{display_path}#{n}"` where n counts every record of the file from 1 (like
line numbers in JSONL), so it stays the same whatever is skipped. `source.sha256` hashes the
HTTP payload as served after transfer and content decoding (chunked, gzip), i.e. the HTML bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from corpus_builder.errors import InputError
from corpus_builder.extract.dates import normalise_date
from corpus_builder.readers.decode import decode_bytes
from corpus_builder.types import RawPage, Reject, Skipped, Source

HTML_TYPES = ("text/html", "application/xhtml+xml")
# The same per-page bound as the other readers: one huge record must not exhaust a worker.
DEFAULT_MAX_BYTES = 5_000_000
# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">,
# looked for in the first bytes only, where browsers look for it too.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_META_SNIFF_BYTES = 4096
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_TAIL_BYTES = 64
_SNIFF_BYTES = 64
# An ARC file starts with "filedesc://name ip date ..." (or a URL record header).
_ARC_HEADER = re.compile(rb"^(?:filedesc|https?|dns|ftp)://\S+ \S+ \d{14}")
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length:[ \t]*(\d+)[ \t]*$")
# What warcio raises when the bytes stop in the middle of a (compressed) record.
_BROKEN = (
    EOFError,
    zlib.error,
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    ValueError,
    AttributeError,
)


def read_warc(
    path: Path,
    display_path: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    start: int = 0,
    stop: int | None = None,
    first_record: int = 1,
) -> Iterator[RawPage | Reject | Skipped]:
    """Every record of the WARC file at `path`, as RawPage, Skipped or Reject, in file order.

    `start`/`stop`/`first_record` read one piece cut by `record_cuts`: the records that begin
    in [start, stop), numbered from `first_record`.
    """
    if start == 0:
        kind = _sniff(path)
        if kind == "empty":
            yield Reject(display_path, "empty", f"{display_path}: the file is empty")
            return
        if kind == "other":
            yield Reject(display_path, "unreadable", f"{display_path}: not a WARC or ARC file")
            return
    n = first_record - 1  # records read so far
    broken = first_record  # the record the bytes stop in, if they do
    with _open_archive(path) as fh:
        if start:
            fh.seek(start)
        records = ArchiveIterator(fh, arc2warc=True)
        stream = iter(records)
        end = start  # file offset just after the last complete record
        complete = False  # the iteration ended at a record boundary
        while True:
            try:
                record = next(stream)
            except StopIteration:
                broken = n + 1
                complete = True
                break
            except _BROKEN:
                broken = n + 1
                break
            # `offset` is where this record begins (an uncompressed record's length leaves out
            # its trailing blank lines, so the previous end is not it); reading it would not.
            if stop is not None and records.offset >= stop:
                return  # this record begins the next piece
            n += 1
            broken = n
            if record.rec_headers.get_header("Content-Length") is None:
                break  # the header block itself was cut off
            unit = _unit(record, f"{display_path}#{n}", max_bytes)
            try:
                records.read_to_end(record)
            except _BROKEN:
                break
            if getattr(record.raw_stream, "limit", 0) > 0:
                break  # the file ended before the record's declared Content-Length
            # warcio counts offsets from the file's start, wherever it began reading
            end = records.get_record_offset() + records.get_record_length()
            yield unit
        inflating = getattr(fh, "raw", None)
        if isinstance(inflating, _Inflating):
            if complete and not inflating.cut:
                return
        else:
            # A .gz cut inside a record ends the iteration quietly, so compare positions: bytes
            # left after the last complete record mean the archive was cut there.
            fh.seek(end)
            if not fh.read(_TAIL_BYTES).strip():
                return
    yield Reject(
        display_path,
        "truncated",
        f"{display_path}: the archive ends early inside record #{broken}; "
        f"that record and anything after it are lost",
    )


def _open_archive(path: Path) -> BinaryIO:
    """The file itself, or its decompressed stream when a .gz holds the whole archive as one
    gzip stream (`gzip crawl.warc`): warcio stops after the first record of those."""
    if not _one_gzip_stream(path):
        return open(path, "rb")
    return io.BufferedReader(_Inflating(path))  # type: ignore[return-value]


class _Inflating(io.RawIOBase):
    """A gzip file's inflated bytes as a stream that ends quietly where the compressed bytes
    do (`cut` then says so), so a truncated archive yields the records before the cut, as a
    truncated per-record .warc.gz does; gzip.open would raise mid-record instead."""

    def __init__(self, path: Path) -> None:
        self._raw = open(path, "rb")  # noqa: SIM115 - closed with this stream
        self._inflate = zlib.decompressobj(wbits=31)
        self._pending = b""
        self._at = 0  # bytes of `_pending` already handed out
        self.cut = False

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while self._at == len(self._pending):
            if self._inflate.eof:
                rest = self._inflate.unused_data.lstrip(b"\0")
                if not rest:
                    rest = self._raw.read(1 << 16).lstrip(b"\0")
                    if not rest:
                        return 0
                self._inflate = zlib.decompressobj(wbits=31)  # the next concatenated member
            else:
                rest = self._inflate.unconsumed_tail or self._raw.read(1 << 16)
                if not rest:
                    self.cut = True
                    return 0
            try:
                # Bounded output per call: a gzip bomb must not be inflated into memory.
                self._pending = self._inflate.decompress(rest, 1 << 16)
                self._at = 0
            except zlib.error:
                self.cut = True
                return 0
        n = min(len(buffer), len(self._pending) - self._at)
        buffer[:n] = memoryview(self._pending)[self._at : self._at + n]
        self._at += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def _one_gzip_stream(path: Path) -> bool:
    """True for a gzip file whose first member holds more than one record (`gzip crawl.warc`);
    a per-record .warc.gz has a member per record. Only the first member is inflated, and only
    until its first record's declared length is passed, so a big single-stream file is not
    inflated twice (here and by the reader)."""
    inflate = zlib.decompressobj(wbits=31)
    head = bytearray()  # kept only until the first record's header is read
    first_record: int | None = None
    seen = 0  # bytes inflated before the current piece, once `first_record` is known
    with open(path, "rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return False
        fh.seek(0)
        while not inflate.eof:
            chunk = fh.read(1 << 16)
            if not chunk:
                return False  # cut inside the first member: the reader reports it
            try:
                piece = inflate.decompress(chunk)
            except zlib.error:
                return False
            if first_record is None:
                head += piece
                first_record = _first_record_bytes(head)
                if first_record is None:
                    continue
                piece, head = bytes(head), bytearray()
            # anything but line ends past the first record: the member goes on with another
            if piece[max(0, first_record - seen) :].strip(b"\r\n"):
                return True
            seen += len(piece)
        return not inflate.unused_data.strip(b"\0") and not fh.read(1)


def _first_record_bytes(head: bytes) -> int | None:
    """Bytes of the first record (header block and declared content), once `head` holds its
    header; None while it does not, or when the header declares no length."""
    if head.startswith(b"WARC/"):
        end = head.find(b"\r\n\r\n")
        if end < 0:
            return None
        length = _CONTENT_LENGTH.search(head[:end])
        return end + 4 + int(length.group(1)) if length else None
    line_end = head.find(b"\n")
    if line_end < 0 or not _ARC_HEADER.match(head):
        return None
    fields = head[:line_end].split()
    return line_end + 1 + int(fields[-1]) if fields[-1].isdigit() else None


def record_cuts(path: Path, piece_bytes: int) -> list[tuple[int, int]]:
    """Where pieces of about `piece_bytes` begin, as (file offset, record number), found by one
    pass over the archive, so several workers can share one big WARC.

    A cut is only made where a fresh reader can start: a record header in a plain WARC, a gzip
    member holding one in a .warc.gz (one gzip stream for the whole file never gets a cut).
    Whatever cannot be read here (a truncated tail) stays in the last piece, whose reader
    reports it.
    """
    cuts = [(0, 1)]
    try:
        with open(path, "rb") as fh, open(path, "rb") as probe:
            gz = fh.read(2) == b"\x1f\x8b"
            fh.seek(0)
            records = ArchiveIterator(fh, arc2warc=True)
            for n, _record in enumerate(records, 1):
                offset = records.get_record_offset()
                if offset - cuts[-1][0] >= piece_bytes and _record_starts_at(probe, offset, gz):
                    cuts.append((offset, n))
    except (*_BROKEN, OSError):
        pass
    return cuts


def _record_starts_at(fh: BinaryIO, offset: int, gz: bool) -> bool:
    fh.seek(offset)
    head = fh.read(_SNIFF_BYTES * 8)
    if gz:
        try:
            head = zlib.decompressobj(wbits=31).decompress(head)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def _sniff(path: Path) -> str:
    """ "archive", "empty" or "other", from the first (decompressed) bytes."""
    with open(path, "rb") as fh:
        head = fh.read(2)
    opener = gzip.open if head == b"\x1f\x8b" else open
    try:
        with opener(path, "rb") as fh:
            start = fh.read(_SNIFF_BYTES).lstrip(b"\r\n")
    except (EOFError, zlib.error, gzip.BadGzipFile):
        return "archive"  # a gzip stream cut very early: the reader reports it as truncated
    if not start.strip():
        return "empty"
    if start.startswith(b"WARC/") or _ARC_HEADER.match(start):
        return "archive"
    return "other"


def _unit(record: ArcWarcRecord, name: str, max_bytes: int) -> RawPage | Reject | Skipped:
    if record.rec_type != "response":
        return Skipped(name, "warc_non_response")
    http = record.http_headers
    if http is None:
        return Skipped(name, "warc_non_html")
    content_type = (http.get_header("Content-Type") or "").lower()
    if not content_type.split(";")[0].strip().startswith(HTML_TYPES):
        return Skipped(name, "warc_non_html")
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        # Redirects and error pages are HTML too, but not the article the URL names.
        return Skipped(name, "warc_http_status")
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return Reject(
            name, "too_large", f"{name}: payload larger than the {max_bytes:,}-byte limit"
        )
    try:
        text = decode_bytes(data, name, _declared_charset(content_type, data))
    except InputError as exc:
        return Reject(name, exc.code, exc.message)
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    # The WARC date is when the page was crawled, not when it was published: it is kept as
    # the fetch date and never offered as a publication-date hint.
    fetched = normalise_date(record.rec_headers.get_header("WARC-Date"))
    source = Source(
        path=name,
        format="warc",
        sha256=hashlib.sha256(data).hexdigest(),
        uri=url,
        fetch_date=fetched,
    )
    return RawPage(source=source, content=text, kind="html", url=url, fetch_date=fetched)


def _declared_charset(content_type: str, data: bytes) -> str | None:
    """The charset the HTTP header declares, else the one the page's <meta> declares."""
    m = _HEADER_CHARSET.search(content_type)
    if m:
        return m.group(1)
    m = _META_CHARSET.search(data[:_META_SNIFF_BYTES])
    return m.group(1).decode("ascii") if m else None
