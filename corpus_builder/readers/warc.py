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
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

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
    path: Path, display_path: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawPage | Reject | Skipped]:
    """Every record of the WARC file at `path`, as RawPage, Skipped or Reject, in file order."""
    kind = _sniff(path)
    if kind == "empty":
        yield Reject(display_path, "empty", f"{display_path}: the file is empty")
        return
    if kind == "other":
        yield Reject(display_path, "unreadable", f"{display_path}: not a WARC or ARC file")
        return
    n = 0  # records read so far
    broken = 1  # the record the bytes stop in, if they do
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh, arc2warc=True)
        stream = iter(records)
        end = 0  # file offset just after the last complete record
        while True:
            try:
                record = next(stream)
            except StopIteration:
                broken = n + 1
                break
            except _BROKEN:
                broken = n + 1
                break
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
            end = records.get_record_offset() + records.get_record_length()
            yield unit
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
