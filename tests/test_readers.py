"""Readers on real files: formats, folders, .gz, encodings and the bad inputs they reject."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from corpus_builder.readers import discover, format_of, iter_units, sniff
from corpus_builder.readers.textdump import split_header
from corpus_builder.types import RawPage, Reject

DUMP = " date 2021-03-04 Menu\nHome\nA Headline About Rivers\n\nThe river rose overnight.\n"


def units(*paths: Path, **kw) -> list:
    return list(iter_units(list(paths), **kw))


def test_split_header_variants() -> None:
    assert split_header(" date 2019-09-10 Menu\nx") == ("2019-09-10", "Menu\nx")
    assert split_header(" date unknown Menu\nx") == (None, "Menu\nx")
    assert split_header("no header here") == (None, "no header here")


def test_textdump_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DUMP, encoding="utf-8")
    [page] = units(tmp_path / "a.txt")
    assert isinstance(page, RawPage)
    assert page.kind == "textdump" and page.date == "2021-03-04"
    assert page.content.startswith("Menu\nHome")
    assert page.source.path == "a.txt" and len(page.source.sha256) == 64


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "raw"
    (root / "b" / "c").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "z.txt").write_text(DUMP)
    (root / "b" / "c" / "a.txt").write_text(DUMP)
    (root / ".git" / "x.txt").write_text(DUMP)
    (root / ".hidden.txt").write_text(DUMP)
    names = [f.display for f in discover([root])]
    assert names == ["raw/b/c/a.txt", "raw/z.txt"]


def test_jsonl_kinds_and_line_units(tmp_path: Path) -> None:
    lines = [
        {"id": "p1", "url": "https://ex.com/a", "date": "2020-01-02", "text": DUMP},
        {"id": "p2", "html": "<html><body><p>Hello there.</p></body></html>"},
        {"id": "p3", "paragraphs": ["One.", "", "Two."]},
    ]
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n")
    p1, p2, p3 = units(path)
    assert (p1.kind, p1.id, p1.url, p1.date) == ("textdump", "p1", "https://ex.com/a", "2020-01-02")
    assert p1.source.path == "pages.jsonl#1" and p1.source.format == "textdump"
    assert p2.kind == "html" and p2.source.path == "pages.jsonl#2"
    assert p3.kind == "paragraphs" and p3.paragraphs == ("One.", "Two.")


def test_jsonl_bad_lines_are_rejected_with_reasons(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"id": "ok", "paragraphs": ["Fine."]}\n'
        "{not json\n"
        "[1, 2]\n"
        '{"id": "both", "text": "a", "html": "<p>b</p>"}\n'
        '{"id": 7, "text": "a"}\n'
        '{"id": "e", "paragraphs": ["", "  "]}\n'
    )
    got = units(path)
    assert isinstance(got[0], RawPage)
    rejects = [(u.input, u.reason) for u in got[1:]]
    assert rejects == [
        ("bad.jsonl#2", "bad_json"),
        ("bad.jsonl#3", "bad_json"),
        ("bad.jsonl#4", "bad_fields"),
        ("bad.jsonl#5", "bad_fields"),
        ("bad.jsonl#6", "empty"),
    ]
    assert all("bad.jsonl#" in u.message for u in got[1:])


def test_gz_text_and_jsonl(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "a.txt.gz", "wt", encoding="utf-8") as fh:
        fh.write(DUMP)
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "x", "paragraphs": ["P."]}) + "\n")
    a, b = units(tmp_path / "a.txt.gz", tmp_path / "b.jsonl.gz")
    assert a.kind == "textdump" and a.date == "2021-03-04"
    assert b.id == "x" and b.source.path == "b.jsonl.gz#1"


def test_truncated_gz_reads_what_it_can(tmp_path: Path) -> None:
    body = "".join(
        json.dumps({"id": f"id{i}", "paragraphs": [f"Paragraph {i}." * 50]}) + "\n"
        for i in range(200)
    )
    data = gzip.compress(body.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(DUMP.encode() * 50)[:40])
    got = units(tmp_path / "cut.jsonl.gz", tmp_path / "cut.txt.gz")
    pages = [u for u in got if isinstance(u, RawPage)]
    rejects = [u for u in got if isinstance(u, Reject)]
    assert 0 < len(pages) < 200
    assert [r.reason for r in rejects] == ["truncated", "truncated"]
    assert rejects[0].input == f"cut.jsonl.gz#{len(pages) + 1}"


def test_encodings_nuls_binary_empty(tmp_path: Path) -> None:
    text = " date unknown Café Olé\nThe mayor’s café reopened — “finally”, said Zoë.\n"
    (tmp_path / "latin.txt").write_bytes(
        text.replace("’", "'")
        .replace("—", "-")
        .replace("“", '"')
        .replace("”", '"')
        .encode("latin-1")
    )
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "nul.txt").write_bytes(text.encode("utf-8").replace(b"Caf", b"Ca\x00f"))
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "empty.txt").write_bytes(b"  \n\n")
    got = {
        Path(u.source.path if isinstance(u, RawPage) else u.input).name: u for u in units(tmp_path)
    }
    assert "Zoë" in got["latin.txt"].content
    assert "Zoë" in got["utf16.txt"].content and got["utf16.txt"].date is None
    assert "Café" in got["nul.txt"].content and "\x00" not in got["nul.txt"].content
    assert (got["bin.txt"].reason, got["empty.txt"].reason) == ("binary", "empty")


def test_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 10_000)
    (tmp_path / "big.jsonl").write_text(
        json.dumps({"id": "b", "text": "w " * 10_000})
        + "\n"
        + json.dumps({"id": "s", "text": "small"})
        + "\n"
    )
    got = units(tmp_path, max_bytes=1000)
    reasons = [(u.input, u.reason) if isinstance(u, Reject) else u.id for u in got]
    folder = tmp_path.name
    assert reasons == [
        (f"{folder}/big.jsonl#1", "too_large"),
        "s",
        (f"{folder}/big.txt", "too_large"),
    ]


def test_format_detection_and_forcing(tmp_path: Path) -> None:
    assert format_of("x.warc.gz") == "warc" and format_of("x.JSONL.gz") == "jsonl"
    assert format_of("x.htm") == "html" and format_of("noext") is None
    assert sniff(b"WARC/1.1\r\n") == "warc" and sniff(b'  {"id": 1}') == "jsonl"
    assert sniff(b"<!DOCTYPE html><html>") == "html" and sniff(b" date 2020-01-01 x") == "textdump"
    (tmp_path / "page").write_text("<!doctype html><html><body><p>Hi</p></body></html>")
    (tmp_path / "forced.data").write_text("<p>not html really</p>")
    a, b = units(tmp_path / "page"), units(tmp_path / "forced.data", fmt="html")
    assert a[0].kind == "html" and b[0].kind == "html"


def test_missing_file_is_a_reject_not_a_crash(tmp_path: Path) -> None:
    from corpus_builder.readers import InputFile, read_file

    [r] = list(read_file(InputFile(tmp_path / "gone.txt", "gone.txt")))
    assert r.reason == "unreadable" and "gone.txt" in r.message


def test_big_jsonl_split_into_byte_ranges_reads_the_same_units(tmp_path: Path) -> None:
    from corpus_builder.readers import read_file, split_large

    path = tmp_path / "big.jsonl"
    lines = [
        json.dumps({"id": f"d{i}", "paragraphs": [f"Line {i} " * (i % 7 + 1)]}) for i in range(300)
    ]
    lines[150] = "{broken"
    path.write_text("\n".join(lines) + "\n")
    [whole] = discover([path])
    pieces = split_large([whole], piece_bytes=1000)
    assert len(pieces) > 5
    assert pieces[0].start == 0 and pieces[-1].stop == path.stat().st_size
    assert all(a.stop == b.start for a, b in zip(pieces, pieces[1:], strict=False))

    def key(u):
        return (u.source.path, u.id) if isinstance(u, RawPage) else (u.input, u.reason)

    expected = [key(u) for u in read_file(whole)]
    got = [key(u) for piece in pieces for u in read_file(piece)]
    assert got == expected and len(got) == 300
    assert ("big.jsonl#151", "bad_json") in got
