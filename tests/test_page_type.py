"""Page type: pages that are not articles are rejected as `not_article`, unless kept."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from corpus_builder.build import build
from corpus_builder.errors import REASONS, InputError
from corpus_builder.extract import extract
from corpus_builder.options import BuildOptions
from corpus_builder.types import RawPage, Source

PROSE = (
    "The council voted on Tuesday to reopen the old harbour road after a year of repairs. "
    "Traders along the quay said the closure had cost them most of their summer visitors. "
    "Work on the sea wall will continue into the spring, the engineers told the meeting. "
)


def html_page(html: str, url: str | None = None) -> RawPage:
    sha = hashlib.sha256(html.encode("utf-8")).hexdigest()
    return RawPage(Source("inline.html", "html", sha, url), html, "html", url=url)


ARTICLE = (
    '<html><head><meta property="og:type" content="article"></head><body>'
    "<h1>Harbour road reopens</h1><article>"
    + "".join(f"<p>{PROSE}Paragraph {i} adds a line of its own.</p>" for i in range(6))
    + "</article></body></html>"
)
# Teaser cards: each a linked headline, one sentence and a date; the page declares a collection.
LISTING = (
    '<html><head><meta property="og:type" content="website">'
    '<script type="application/ld+json">{"@type": "CollectionPage"}</script></head>'
    '<body><h1>Latest news</h1><div class="grid">'
    + "".join(
        f'<div class="card"><h2><a href="/story-{i}">Story {i}: the harbour works go on</a></h2>'
        f"<p>Crews were back on the quay this week as work number {i} went on.</p>"
        f"<time>2024-03-{i + 1:02d}</time></div>"
        for i in range(25)
    )
    + "</div></body></html>"
)


def test_not_article_is_in_the_catalogue() -> None:
    assert "not_article" in REASONS


def test_an_article_is_kept() -> None:
    doc = extract(html_page(ARTICLE, url="https://ledger.example/2024/03/harbour-road-reopens"))
    assert doc.text.startswith("The council voted")


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>hi</p></body></html>",  # too short to be an article
        LISTING,
    ],
    ids=["too-short", "listing"],
)
def test_non_articles_are_rejected(html: str) -> None:
    with pytest.raises(InputError) as err:
        extract(html_page(html))
    assert err.value.code == "not_article"
    kept = extract(html_page(html), keep_non_articles=True)  # the option keeps them
    assert kept.text


def test_build_rejects_or_keeps_non_articles(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "listing.html").write_text(LISTING, encoding="utf-8")
    (src / "article.html").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    build([src], out, BuildOptions(fmt="html"), workers=1)
    rejects = [json.loads(x) for x in (out / "rejects.jsonl").read_text().splitlines()]
    assert [r["reason"] for r in rejects] == ["not_article"]
    kept = tmp_path / "kept"
    build([src], kept, BuildOptions(fmt="html", keep_non_articles=True), workers=1)
    assert (kept / "rejects.jsonl").read_text().strip() == ""
