"""Write the bundled sample (`data/raw`) from Mozilla Readability's test pages (Apache-2.0).

    python benchmarks/make_sample.py [--readability DIR] [--out data/raw]

The sample holds the three input formats a build reads, each from different pages:

- text dumps in the seed's format (` date YYYY-MM-DD ` or ` date unknown `, then the page
  text), rendered from the saved page by `lynx -dump -nolist` (a real text browser, so the
  dump carries the menus and footers a crawler's dump has);
- HTML files: the saved page with scripts, styles, inline SVG, embedded frames, comments,
  inline (data:) images and indentation removed, so the repo stays small; JSON-LD and <meta>
  tags are kept;
- one WARC archive (`sample.warc.gz`, per-record gzip): HTTP response records of stripped
  pages under their own canonical URL, with fixed dates and name-derived record ids.

Only the Readability set is used: its repository's licence (Apache-2.0) allows
redistribution with a notice; the other benchmark sets are evaluation-only or unclear.
The seed page (`diplomat-2019-09-10.txt`) is left as it is. The script also writes
`NOTICE`: each source, its licence, the changes made and the files taken from it.
Same inputs and lynx version => the same files.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from lxml import etree
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parents[1]
_CANDIDATES = (
    REPO.parent / "shared" / "benchmarks" / "metadata" / "readability",
    Path("/work/shared/benchmarks/metadata/readability"),
)
SOURCE_REPO = "https://github.com/mozilla/readability"
SOURCE_COMMIT = "ab4027a8"

# Mostly English news, a few other languages; each page is used in one format only.
TEXT_DUMPS = (
    "002", "article-author-tag", "dropbox-blog", "ehow-1", "firefox-nightly-blog",
    "gitlab-blog", "iab-1", "keep-images", "lifehacker-working", "medium-1", "medium-2",
    "medium-3", "nytimes-4", "simplyfound-1", "spiceworks", "toc-missing", "topicseed-1",
    "tumblr", "webmd-2", "yahoo-1", "aktualne", "cnet-svg-classes",
)  # fmt: skip
HTML_FILES = (
    "aclu", "breitbart", "bug-1255978", "buzzfeed-1", "citylab-1", "cnet", "engadget",
    "herald-sun-1", "lazy-image-2", "medicalnewstoday", "msn", "nytimes-2", "nytimes-3",
    "salon-1", "tmz-1", "videos-1", "wapo-2", "webmd-1", "wikia", "wordpress", "yahoo-3",
    "folha", "liberation-1", "heise",
)  # fmt: skip
WARC_PAGES = (
    "ars-1", "bbc-1", "cnn", "guardian-1", "nytimes-1", "quanta-1",
    "schema-org-context-object", "seattletimes-1", "telegraph", "theverge", "wapo-1",
    "lemonde-1",
)  # fmt: skip
WARC_NAME = "sample.warc.gz"
# The WARC-Date of every record: the day the archive was written, not a crawl of the site
# (the pages' real fetch dates are unknown). Fixed so the archive's bytes are reproducible.
WARC_DATE = "2026-12-04T00:00:00Z"
_ID_NAMESPACE = uuid.UUID("6f1c2a52-8f0e-4d2b-9a59-2a4d7c1f0b11")

_DROP_TAGS = ("style", "noscript", "iframe", "template", "object", "embed", "canvas")
_DROP_ATTRS = ("style", "srcset", "sizes")


def notice_header(name: str) -> str:
    return (
        f"<!-- From {SOURCE_REPO} (Apache-2.0), commit {SOURCE_COMMIT}, "
        f"test/test-pages/{name}/source.html. Changed for the corpus_builder sample: scripts, "
        "styles, inline SVG, frames, comments, data: images and indentation removed. -->\n"
    )


def strip_page(html: str) -> str:
    """The page without what a text extractor never reads and what makes the file big."""
    tree = lxml.html.document_fromstring(html)
    for el in tree.iter(etree.Comment):
        el.getparent().remove(el)
    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json":
            el.drop_tree()
    for el in tree.xpath("//*[local-name()='svg']"):
        el.drop_tree()
    for tag in _DROP_TAGS:
        for el in tree.iter(tag):
            el.drop_tree()
    for el in tree.xpath("//link[not(@rel='canonical')]"):
        el.drop_tree()
    for el in tree.iter(etree.Element):
        for attr in list(el.attrib):
            value = el.get(attr) or ""
            if attr in _DROP_ATTRS or attr.startswith(("on", "data-")) or value.startswith("data:"):
                del el.attrib[attr]
    for el in tree.iter(etree.Element):
        # Indentation between tags: one newline or space carries the same meaning outside <pre>.
        if el.tag in ("pre", "textarea") or el.xpath("ancestor::pre"):
            continue
        if el.text and el.text.isspace():
            el.text = "\n" if "\n" in el.text else " "
        if el.tail and el.tail.isspace():
            el.tail = "\n" if "\n" in el.tail else " "
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def canonical_url(html: str) -> str | None:
    tree = lxml.html.document_fromstring(html)
    found = tree.xpath("//link[@rel='canonical']/@href") + tree.xpath(
        "//meta[@property='og:url']/@content"
    )
    url = found[0].strip() if found else ""
    return url if url.startswith(("http://", "https://")) else None


def lynx_dump(html: str) -> str:
    """The page as `lynx -dump -nolist` renders it (wide lines: one paragraph per line)."""
    with tempfile.TemporaryDirectory(prefix="sample-lynx-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        out = subprocess.run(
            [
                "lynx",
                "-dump",
                "-nolist",
                "-width=1024",
                "-assume_charset=utf-8",
                "-display_charset=utf-8",
                "-nocolor",
                str(page),
            ],  # fmt: skip
            capture_output=True,
            check=True,
            env={"HOME": tmp, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        ).stdout.decode("utf-8", errors="replace")
    lines = [line.strip() for line in out.splitlines()]
    return "\n".join(lines).strip("\n") + "\n"


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    """(name, url, html) pages as HTTP response records, one gzip member each."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for name, url, html in pages:
            payload = html.encode("utf-8")
            http = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(payload))),
                ],
                protocol="HTTP/1.1",
            )
            record_id = uuid.uuid5(_ID_NAMESPACE, f"readability/{name}")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                length=None,
                http_headers=http,
                warc_headers_dict={
                    "WARC-Date": WARC_DATE,
                    "WARC-Record-ID": f"<urn:uuid:{record_id}>",
                },
            )
            writer.write_record(record)


def notice(pages: dict[str, dict]) -> str:
    """The NOTICE text: each source, its licence, and the sample files taken from it."""
    out = [
        "Third-party data in this repository",
        "===================================",
        "",
        "data/raw/diplomat-2019-09-10.txt",
        "  The seed page (The Diplomat, 2019-09-10) the project was started from; kept as given.",
        "",
        "data/raw/text/*.txt, data/raw/html/*.html, data/raw/sample.warc.gz",
        f"  Source: Mozilla Readability, {SOURCE_REPO}, commit {SOURCE_COMMIT},",
        "  test/test-pages/<name>/source.html (saved copies of public web pages that the",
        "  repository distributes as test fixtures).",
        "  Licence: Apache License 2.0, the repository's licence (LICENSES/Apache-2.0.txt).",
        "  The articles' text remains the work of their publishers. No other benchmark set",
        "  was used (their pages are for evaluation only, or their licence is unclear).",
        "  Changes (written by benchmarks/make_sample.py, which records every step):",
        "  - text/*.txt: rendered with `lynx -dump -nolist -width=1024`, lines stripped, and a",
        "    first line ` date YYYY-MM-DD ` (the page's published time as Readability's",
        "    expected metadata gives it) or ` date unknown ` added;",
        "  - html/*.html and the WARC's payloads: scripts (JSON-LD kept), styles, inline SVG,",
        "    frames, comments, data: images, style/srcset/data-*/on* attributes and",
        "    indentation removed; a comment naming the source file added at the top;",
        "  - sample.warc.gz: HTTP response records under the page's own canonical URL, with",
        f"    WARC-Date {WARC_DATE} (the day the archive was written, not a crawl date).",
        "",
    ]
    for label, names in (
        ("text dumps (data/raw/text/)", TEXT_DUMPS),
        ("HTML files (data/raw/html/)", HTML_FILES),
        (f"WARC records (data/raw/{WARC_NAME}, in this order)", WARC_PAGES),
    ):
        out.append(f"  {label}, {len(names)} pages: test-page name, site, title")
        for name in names:
            title = pages[name].get("gold", {}).get("title") or ""
            url = canonical_url(pages[name]["html"])
            site = urlsplit(url).hostname if url else "site not stated"
            out.append(f"    {name} ({site}): {title}")
        out.append("")
    return "\n".join(out)


def load_pages(folder: Path) -> dict[str, dict]:
    pages = {}
    with gzip.open(folder / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            pages[rec["id"].removeprefix("readability/")] = rec
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readability", type=Path, help="the readability benchmark folder")
    parser.add_argument("--out", type=Path, default=REPO / "data" / "raw")
    parser.add_argument("--notice", type=Path, default=REPO / "NOTICE")
    args = parser.parse_args(argv)
    folder = args.readability or next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])
    pages = load_pages(folder)
    names = (*TEXT_DUMPS, *HTML_FILES, *WARC_PAGES)
    if len(set(names)) != len(names):
        raise SystemExit("a page is listed in two formats")
    missing = [n for n in names if n not in pages]
    if missing:
        raise SystemExit(f"{folder}: pages not found: {', '.join(missing)}")

    (args.out / "text").mkdir(parents=True, exist_ok=True)
    (args.out / "html").mkdir(parents=True, exist_ok=True)
    for name in TEXT_DUMPS:
        date = pages[name].get("gold", {}).get("date") or "unknown"
        text = lynx_dump(pages[name]["html"])
        (args.out / "text" / f"{name}.txt").write_text(f" date {date} {text}", encoding="utf-8")
    for name in HTML_FILES:
        html = notice_header(name) + strip_page(pages[name]["html"])
        (args.out / "html" / f"{name}.html").write_text(html, encoding="utf-8")
    records = []
    for name in WARC_PAGES:
        url = canonical_url(pages[name]["html"])
        if url is None:
            raise SystemExit(f"{name}: no canonical URL for its WARC record")
        records.append((name, url, notice_header(name) + strip_page(pages[name]["html"])))
    write_warc(args.out / WARC_NAME, records)
    args.notice.write_text(notice(pages), encoding="utf-8")
    total = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(
        f"wrote {len(TEXT_DUMPS)} text dumps, {len(HTML_FILES)} HTML files and "
        f"{len(WARC_PAGES)} WARC records to {args.out} ({total / 1e6:.2f} MB in all)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
