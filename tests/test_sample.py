"""The bundled sample (`data/raw`) is what the README promises: the three input formats, enough
pages for split-level figures, small files, and a NOTICE entry for every third-party file."""

from __future__ import annotations

import re

from conftest import REPO, SEED
from warcio.archiveiterator import ArchiveIterator

RAW = REPO / "data" / "raw"
NOTICE = REPO / "NOTICE"


def _notice_sections() -> dict[str, set[str]]:
    """Section heading ("text dumps", "HTML files", "WARC records") -> the page names listed."""
    sections: dict[str, set[str]] = {}
    current = None
    for line in NOTICE.read_text(encoding="utf-8").splitlines():
        head = re.match(r"^  (text dumps|HTML files|WARC records) \(", line)
        if head:
            current = sections.setdefault(head.group(1), set())
        elif current is not None and (item := re.match(r"^    (\S+) \(", line)):
            current.add(item.group(1))
        elif not line.strip():
            current = None
    return sections


def _warc_responses() -> list[str]:
    with (RAW / "sample.warc.gz").open("rb") as fh:
        return [
            r.rec_headers.get_header("WARC-Target-URI")
            for r in ArchiveIterator(fh)
            if r.rec_type == "response"
        ]


def test_sample_has_three_formats_and_fifty_pages():
    texts = sorted((RAW / "text").glob("*.txt"))
    htmls = sorted((RAW / "html").glob("*.html"))
    urls = _warc_responses()
    assert SEED.is_file()
    assert texts and htmls and urls
    assert 1 + len(texts) + len(htmls) + len(urls) >= 50
    # The WARC's records each name a different site.
    hosts = {re.sub(r"^https?://(www\.)?", "", u).split("/")[0] for u in urls}
    assert len(hosts) == len(urls) >= 10
    for path in texts:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert re.match(r"^ date (\d{4}-\d{2}-\d{2}|unknown) ", first), path.name


def test_every_sample_file_is_in_the_notice_and_small():
    sections = _notice_sections()
    assert sections["text dumps"] == {p.stem for p in (RAW / "text").glob("*.txt")}
    assert sections["HTML files"] == {p.stem for p in (RAW / "html").glob("*.html")}
    assert len(sections["WARC records"]) == len(_warc_responses())
    listed = {*(RAW / "text").glob("*"), *(RAW / "html").glob("*"), RAW / "sample.warc.gz", SEED}
    assert set(p for p in RAW.rglob("*") if p.is_file()) == listed
    assert "Apache License 2.0" in NOTICE.read_text(encoding="utf-8")
    assert (REPO / "LICENSES" / "Apache-2.0.txt").is_file()
    sizes = {p.name: p.stat().st_size for p in listed}
    assert max(sizes.values()) < 1_000_000, sizes
    assert sum(sizes.values()) < 4_000_000
