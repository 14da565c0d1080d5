"""A hostile-input corpus builds with exit 0, its output validates, and the accounting adds
up: every input unit is a record or a line of rejects.jsonl."""

from __future__ import annotations

import gzip
import io
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROSE = (
    "The port authority said on Tuesday that shipping volumes rose for a third straight "
    "month, driven by grain exports and a recovery in container traffic. "
)


def _warc(path: Path, truncate: bool) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(3):
        html = (
            f"<html><head><title>Port report {i}</title></head><body><article>"
            f"<h1>Port report {i}</h1><p>{PROSE * 3}</p><p>{PROSE}</p></article></body></html>"
        )
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                f"https://port.example.com/r{i}",
                "response",
                payload=io.BytesIO(html.encode()),
                http_headers=headers,
            )
        )
    data = buf.getvalue()
    path.write_bytes(data[: int(len(data) * 0.7)] if truncate else data)
    return 3


def write_hostile(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "spaces.txt").write_bytes(b"   \n\n\t  ")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "model.pkl").write_bytes(pickle.dumps({"never": "unpickled"}))
    cp1252 = (
        " date 2020-02-02 Weekly\nCafé owners’ “protest” grows\n\n"
        + PROSE * 3
        + "\n\n"
        + PROSE.replace("port", "café") * 2
        + "\n"
    )
    (folder / "cp1252.txt").write_bytes(cp1252.encode("cp1252"))
    (folder / "nuls.txt").write_bytes(
        (" date unknown Home\n\n" + PROSE * 3).encode().replace(b"port", b"po\x00rt")
    )
    (folder / "huge.txt").write_text(" date unknown x\n" + "word " * 1_300_000)
    nested = "<html><body>" + "<div>" * 100_000 + PROSE + "</div>" * 100_000 + "</body></html>"
    (folder / "nested.html").write_text(nested)
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f"<html><body><article><p>&xxe; {PROSE * 3}</p></article></body></html>"
    )
    (folder / "xxe.html").write_text(xxe)
    quotes = " date unknown Home\n\n" + PROSE * 2 + '"' * 50_000 + " " + PROSE + "\n\n" + PROSE * 2
    (folder / "quotes.txt").write_text(quotes)
    lines = [
        json.dumps({"id": "../../etc/passwd", "paragraphs": [PROSE * 2]}),
        json.dumps({"id": "a/b\\c:d*?<>|", "paragraphs": [PROSE * 2]}),
        "{truncated json",
        json.dumps({"id": "nobody"}),
        json.dumps({"id": "x" * 300, "paragraphs": [PROSE]}),
    ]
    (folder / "odd_ids.jsonl").write_text("\n".join(lines) + "\n")
    full = gzip.compress((" date unknown Home\n\n" + PROSE * 20).encode())
    (folder / "cut.txt.gz").write_bytes(full[: len(full) // 2])
    _warc(folder / "crawl.warc.gz", truncate=False)
    _warc(folder / "cut.warc.gz", truncate=True)


def test_hostile_corpus(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_hostile(raw)
    out = tmp_path / "out"
    cli = [sys.executable, "-m", "corpus_builder.cli"]
    res = subprocess.run(
        [
            *cli,
            "build",
            str(raw),
            "--out",
            str(out),
            "--quiet",
            "--workers",
            "1",
            "--max-page-bytes",
            "5000000",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    manifest = json.loads((out / "manifest.json").read_text())
    rejects = [json.loads(x) for x in (out / "rejects.jsonl").read_text().splitlines()]
    assert manifest["accounting_ok"], manifest
    assert manifest["inputs"]["units"] == manifest["records"]["total"] + len(rejects)
    by_input = {r["input"]: r["reason"] for r in rejects}
    assert by_input["raw/empty.txt"] == "empty"
    assert by_input["raw/spaces.txt"] == "empty"
    assert by_input["raw/binary.txt"] == "binary"
    assert by_input["raw/model.pkl"] == "binary"
    assert by_input["raw/huge.txt"] == "too_large"
    assert by_input["raw/cut.txt.gz"] == "truncated"
    assert by_input["raw/odd_ids.jsonl#3"] == "bad_json"
    assert by_input["raw/odd_ids.jsonl#4"] == "bad_fields"
    assert any(k.startswith("raw/cut.warc.gz") and v == "truncated" for k, v in by_input.items())
    assert all(r["message"] for r in rejects)
    # nothing was written outside OUT, whatever the ids said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "raw"]
    ok = subprocess.run([*cli, "validate", str(out)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout[-3000:]
    import pyarrow.parquet as pq

    texts = " ".join(
        r["text"]
        for p in (out / "data" / "articles").glob("*.parquet")
        for r in pq.read_table(p, columns=["text"]).to_pylist()
    )
    assert "root:" not in texts  # the XXE entity was not expanded
    assert "Café owners" in texts or "café" in texts
