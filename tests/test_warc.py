"""WARC reading: HTML responses become pages, everything else is counted, truncation reported."""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpus_builder.readers.warc import read_warc
from corpus_builder.types import RawPage, Reject, Skipped

ARTICLE = (
    "<html><head><title>Café opens</title></head><body><article>"
    "<p>The new café on Rue Lepic opened on Tuesday, its owner said.</p>"
    "</article></body></html>"
)


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, **kw) -> None:
    status = kw.get("status", "200 OK")
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": kw.get("date", "2019-09-10T12:34:56Z")},
    )
    writer.write_record(record)


def _request(writer: WARCWriter, url: str) -> None:
    http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
    writer.write_record(
        writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http)
    )


def write_warc(path: Path, gz: bool) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        _request(writer, "https://example.org/a")
        _response(
            writer,
            "https://example.org/a",
            ARTICLE.encode("utf-8"),
            "text/html; charset=utf-8",
        )
        _response(
            writer, "https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"
        )
        # No charset in the header: the <meta> declares latin-1, and the bytes are latin-1.
        latin = ARTICLE.replace("<head>", '<head><meta charset="iso-8859-1">')
        _response(
            writer,
            "https://example.org/b",
            latin.encode("latin-1"),
            "application/xhtml+xml",
            date="2020-01-31T23:59:59Z",
        )
        _response(
            writer,
            "https://example.org/gone",
            b"<html>gone</html>",
            "text/html",
            status="404 Not Found",
        )


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_round_trip_pages_and_skips(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, gz)
    units = list(read_warc(path, "crawl"))

    pages = [u for u in units if isinstance(u, RawPage)]
    skipped = [u for u in units if isinstance(u, Skipped)]
    assert not [u for u in units if isinstance(u, Reject)]
    assert [p.url for p in pages] == ["https://example.org/a", "https://example.org/b"]
    assert [p.fetch_date for p in pages] == ["2019-09-10", "2020-01-31"]
    assert [p.source.fetch_date for p in pages] == ["2019-09-10", "2020-01-31"]
    # a crawl date is not a publication date: no date hint is offered to the extractor
    assert [p.date for p in pages] == [None, None]
    assert all(p.kind == "html" and p.source.format == "warc" for p in pages)
    assert [p.source.path for p in pages] == ["crawl#2", "crawl#4"]
    assert pages[0].source.uri == "https://example.org/a"
    assert pages[0].source.sha256 == hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    # Both decode to the same text although one was latin-1 on the wire.
    assert "café on Rue Lepic" in pages[0].content
    assert "café on Rue Lepic" in pages[1].content
    assert [(s.input, s.reason) for s in skipped] == [
        ("crawl#1", "warc_non_response"),
        ("crawl#3", "warc_non_html"),
        ("crawl#5", "warc_http_status"),
    ]


def _many_pages(path: Path, gz: bool, count: int) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for i in range(count):
            body = ARTICLE.replace("Tuesday", f"day {i} " + "and more words " * 200)
            _response(writer, f"https://example.org/{i}", body.encode(), "text/html")


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("keep", [0.6, 0.05])
def test_truncated_archive_keeps_what_it_holds(tmp_path: Path, gz: bool, keep: float) -> None:
    whole = tmp_path / "whole"
    _many_pages(whole, gz, 4)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[: int(len(data) * keep)])

    units = list(read_warc(cut, "cut"))
    pages = [u for u in units if isinstance(u, RawPage)]
    rejects = [u for u in units if isinstance(u, Reject)]
    assert len(pages) < 4 and (len(pages) >= 1 or keep < 0.25)
    assert [p.url for p in pages] == [f"https://example.org/{i}" for i in range(len(pages))]
    assert len(rejects) == 1 and units[-1] is rejects[0]
    assert rejects[0].input == "cut" and rejects[0].reason == "truncated"
    assert f"record #{len(pages) + 1}" in rejects[0].message
    # No partial page slips through: every page read is complete.
    assert all(p.content.endswith("</html>") for p in pages)


def test_not_a_warc_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(b"this is not an archive\n" * 10)
    units = list(read_warc(path, "x.warc"))
    assert [(type(u), u.reason) for u in units] == [(Reject, "unreadable")]


def test_empty_warc_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "e.warc.gz"
    path.write_bytes(gzip.compress(b""))
    units = list(read_warc(path, "e.warc.gz"))
    assert len(units) == 1 and isinstance(units[0], Reject)
    assert units[0].reason == "empty"


def test_oversized_record_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        _response(
            writer, "https://example.org/big", b"<html>" + b"x" * 5000 + b"</html>", "text/html"
        )
        _response(writer, "https://example.org/small", ARTICLE.encode(), "text/html")
    units = list(read_warc(path, "big.warc", max_bytes=1000))
    assert isinstance(units[0], Reject) and units[0].reason == "too_large"
    assert units[0].input == "big.warc#1"
    assert isinstance(units[1], RawPage) and units[1].url == "https://example.org/small"


def write_many_articles(path: Path, count: int) -> None:
    """A per-record .warc.gz of `count` distinct news pages, each behind a request record."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(count):
            _request(writer, f"https://example.org/{i}")
            body = ARTICLE.replace(
                "<p>The new",
                "".join(  # distinct sentences: an article long enough not to be `not_article`
                    f"Officials in district {i} said stall {j} would reopen next week. "
                    for j in range(6)
                )
                + "</p><p>The new",
            )
            _response(writer, f"https://example.org/{i}", body.encode(), "text/html")


def _unit_keys(units: list) -> list[tuple[str, str]]:
    return [
        (u.source.path, u.url or "") if isinstance(u, RawPage) else (u.input, u.reason)
        for u in units
    ]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("keep", [1.0, 0.8], ids=["whole", "truncated"])
def test_big_archive_split_at_records_reads_the_same_units(
    tmp_path: Path, gz: bool, keep: float
) -> None:
    from corpus_builder.readers import discover, read_file, split_large

    whole = tmp_path / "whole"
    with open(whole, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for i in range(12):
            _request(writer, f"https://example.org/{i}")
            body = ARTICLE.replace("Tuesday", f"day {i} " + "and more words " * 200)
            _response(writer, f"https://example.org/{i}", body.encode(), "text/html")
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    data = whole.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])

    [file] = discover([path])
    pieces = split_large([file], piece_bytes=len(data) // 6)
    assert len(pieces) >= 4
    assert all(a.stop == b.start for a, b in zip(pieces, pieces[1:], strict=False))
    expected = _unit_keys(list(read_file(file)))
    got = _unit_keys([u for piece in pieces for u in read_file(piece)])
    assert got == expected
    assert ("crawl.warc.gz#2" if gz else "crawl.warc#2", "https://example.org/0") in got
    assert (keep < 1) == (got[-1][1] == "truncated")


def test_one_gzip_stream_for_the_whole_archive_is_not_cut(tmp_path: Path) -> None:
    # Without a gzip member per record there is no offset a second reader could start at.
    from corpus_builder.readers import discover, read_file, split_large

    plain = tmp_path / "plain.warc"
    _many_pages(plain, False, 8)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    [file] = discover([path])
    assert split_large([file], piece_bytes=500) == [file]
    assert len([u for u in read_file(file) if isinstance(u, RawPage)]) == 8


def _pages_and_rejects(path: Path) -> tuple[list[str], list[Reject]]:
    units = list(read_warc(path, path.name))
    return [u.url for u in units if isinstance(u, RawPage)], [
        u for u in units if isinstance(u, Reject)
    ]


def test_one_gzip_stream_cut_short_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    plain = tmp_path / "plain.warc"
    _many_pages(plain, False, 6)
    data = plain.read_bytes()
    starts = [m.start() for m in re.finditer(rb"WARC/1\.[01]\r\n", data)]
    # Flushed at the start of record 4, so the cut inflates to exactly three whole records:
    # nothing in the inflated bytes shows the loss, only the gzip stream's missing end does.
    deflate = zlib.compressobj(wbits=31)
    head = deflate.compress(data[: starts[3]]) + deflate.flush(zlib.Z_FULL_FLUSH)
    rest = deflate.compress(data[starts[3] :]) + deflate.flush()
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(head + rest)
    assert _pages_and_rejects(whole) == ([f"https://example.org/{i}" for i in range(6)], [])
    for cut_at, pages in ((len(head), 3), (len(head) + len(rest) // 2, 3)):
        cut = tmp_path / "cut.warc.gz"
        cut.write_bytes((head + rest)[:cut_at])
        urls, rejects = _pages_and_rejects(cut)
        assert urls == [f"https://example.org/{i}" for i in range(pages)]
        assert [r.reason for r in rejects] == ["truncated"]
        assert f"record #{pages + 1}" in rejects[0].message


def test_concatenated_gzip_streams_are_read_through(tmp_path: Path) -> None:
    # `cat a.warc.gz b.warc.gz` of two single-stream archives: both members are read.
    parts = []
    for name in ("a", "b"):
        plain = tmp_path / f"{name}.warc"
        _many_pages(plain, False, 3)
        parts.append(gzip.compress(plain.read_bytes()))
    both = tmp_path / "both.warc.gz"
    both.write_bytes(parts[0] + parts[1])
    urls, rejects = _pages_and_rejects(both)
    assert urls == [f"https://example.org/{i}" for i in (0, 1, 2, 0, 1, 2)] and rejects == []
