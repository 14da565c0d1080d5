"""Metadata that carries over between sites: titles without the site name, authors that are
person names, the date htmldate's extensive search finds, the URL a page declares."""

from __future__ import annotations

import hashlib

from corpus_builder.extract import extract
from corpus_builder.extract.html.authors import clean_authors
from corpus_builder.extract.html.titles import strip_site_name
from corpus_builder.extract.page_url import declared_url_in_text
from corpus_builder.types import RawPage, Source

PROSE = (
    "The council voted on Tuesday to reopen the old harbour road after a year of repairs. "
    "Traders along the quay said the closure had cost them most of their summer visitors. "
    "Work on the sea wall will continue into the spring, the engineers told the meeting."
)


def html_page(html: str, url: str | None = None) -> RawPage:
    sha = hashlib.sha256(html.encode("utf-8")).hexdigest()
    return RawPage(Source("inline.html", "html", sha, url), html, "html", url=url)


def article(
    head: str = "", before: str = "", after: str = "", h1: str = "Harbour road reopens"
) -> str:
    body = "".join(f"<p>{PROSE} Paragraph {i}.</p>" for i in range(5))
    return (
        f"<html><head>{head}</head><body><h1>{h1}</h1>{before}"
        f"<article>{body}</article>{after}</body></html>"
    )


def test_title_loses_the_declared_site_name() -> None:
    head = (
        '<meta property="og:title" content="Harbour road reopens | Coastal Ledger">'
        '<meta property="og:site_name" content="Coastal Ledger">'
    )
    doc = extract(html_page(article(head)), keep_non_articles=True)
    assert doc.metadata.title == "Harbour road reopens"
    assert doc.metadata.site_name == "Coastal Ledger"


def test_title_loses_the_host_name() -> None:
    head = '<meta property="og:title" content="Harbour road reopens – LEDGERNEWS">'
    doc = extract(
        html_page(article(head), url="https://www.ledgernews.example/a/1"), keep_non_articles=True
    )
    assert doc.metadata.title == "Harbour road reopens"


def test_title_segments_the_other_titles_do_not_share() -> None:
    # No site name anywhere; the <h1> says which part of the <title> is the headline.
    assert (
        strip_site_name("Harbour road reopens · Local · Ledger", [], None, ["Harbour road reopens"])
        == "Harbour road reopens"
    )
    # A colon inside the headline is not a site separator when nothing names the site.
    assert strip_site_name("Review: a quiet harbour", ["Ledger"], "ledger.example") == (
        "Review: a quiet harbour"
    )


def test_byline_roles_are_not_authors() -> None:
    before = '<div class="byline">By Mara Quist, AP Auto Writer</div>'
    doc = extract(html_page(article(before=before)), keep_non_articles=True)
    assert doc.metadata.authors == ["Mara Quist"]


def test_clean_authors() -> None:
    assert clean_authors(["Autor"]) == []
    assert clean_authors(["Dana Holt is a reporter for Ledger News"]) == ["Dana Holt"]
    assert clean_authors(["Mara Quist", "Ledger Media Group"]) == ["Mara Quist"]
    assert clean_authors(["Reuters"]) == ["Reuters"]  # the whole byline: kept
    assert clean_authors(["Mara Quist", "Quaylight"], site_names=["Quaylight"]) == ["Mara Quist"]
    assert clean_authors(["Bo Ng Senior Staff Writer"]) == ["Bo Ng"]
    assert clean_authors(["ku Frankfurt"]) == []
    assert clean_authors(["The Russian", "Syrian defense ministries"]) == []
    assert (
        clean_authors(
            ["Harbour road reopens after repairs"], title="Harbour road reopens after repairs"
        )
        == []
    )
    assert clean_authors(["Jan van Berg"]) == ["Jan van Berg"]


def test_date_from_the_text_when_the_page_declares_none() -> None:
    before = "<div>March 12, 2024</div>"  # no date markup: only the extensive search reads it
    doc = extract(html_page(article(before=before)), keep_non_articles=True)
    assert doc.metadata.published_date == "2024-03-12"


def test_no_date_from_a_related_stories_list() -> None:
    related = (
        '<aside class="related-stories"><ul>'
        '<li><a href="/x">Pier closed</a> <span>3 January 2023</span></li>'
        '<li><a href="/y">Ferry back</a> <span>5 February 2023</span></li></ul></aside>'
    )
    doc = extract(html_page(article(after=related)), keep_non_articles=True)
    assert doc.metadata.published_date is None


def test_the_declared_url_fills_uri_id_and_site() -> None:
    head = '<link rel="canonical" href="https://www.coastal-ledger.example/2024/harbour-road">'
    doc = extract(html_page(article(head)), keep_non_articles=True)
    assert doc.source.uri == "https://www.coastal-ledger.example/2024/harbour-road"
    assert doc.id.startswith("url-")
    assert doc.site == "coastal-ledger.example"
    # The input's own URL wins over the declared one.
    given = extract(html_page(article(head), url="https://a.example/x"), keep_non_articles=True)
    assert given.source.uri == "https://a.example/x" and given.site == "a.example"


def test_declared_url_in_text() -> None:
    og = '<html><head><meta content="https://b.example/p" property="og:url"></head><body>'
    assert declared_url_in_text(og) == "https://b.example/p"
    relative = '<html><head><link href="/p" rel="canonical"></head><body>'
    assert declared_url_in_text(relative) is None


def test_byline_joined_in_other_languages_and_asides() -> None:
    from corpus_builder.extract.html.meta import split_authors

    assert split_authors("Lena Vogt und Jan Berg") == ["Lena Vogt", "Jan Berg"]
    assert split_authors("Marie Roux et Paul Blanc") == ["Marie Roux", "Paul Blanc"]
    assert split_authors("Marie Roux (avec Paul Blanc et Ana Ruiz)") == ["Marie Roux"]


def test_title_is_the_displayed_headline_when_it_agrees() -> None:
    from corpus_builder.extract.html.titles import displayed_headline

    # The declared title carries a kicker; the <h1> the reader sees does not.
    head = '<meta property="og:title" content="Coast: Harbour road reopens after repairs">'
    doc = extract(
        html_page(article(head, h1="Harbour road reopens after repairs")), keep_non_articles=True
    )
    assert doc.metadata.title == "Harbour road reopens after repairs"
    # An SEO rewording of the same headline: the <h1> wins.
    assert (
        displayed_headline("Harbour road to reopen after repairs", ["Harbour road reopens"])
        == "Harbour road reopens"
    )
    # Only quotes differ, the <h1> names the site, or it is unrelated: the declared title stays.
    assert displayed_headline("Quay 'safe' again", ["Quay ‘safe’ again"]) == "Quay 'safe' again"
    assert displayed_headline("Road reopens :: Ledger", ["Ledger"]) == "Road reopens :: Ledger"
    assert displayed_headline("Road reopens", ["Our newsletter"]) == "Road reopens"
    assert displayed_headline("Road reopens", ["Road reopens today at noon"]) == "Road reopens"


def test_title_loses_a_date_segment() -> None:
    assert strip_site_name("12.03.2024 - Harbour road reopens", [], None) == "Harbour road reopens"
    assert strip_site_name("Harbour road reopens | March 12, 2024", [], None) == (
        "Harbour road reopens"
    )


def test_date_in_the_story_frame_whatever_its_class() -> None:
    # The post's own wrapper has a class that names a list ("category-popular"): it holds the
    # headline, so it is the story, and its date is the page's.
    body = "".join(f"<p>{PROSE} Paragraph {i}.</p>" for i in range(5))
    html = (
        "<html><head></head><body><div class='post category-popular'>"
        "<h1>Harbour road reopens</h1><p>March 12, 2024</p>"
        f"<article>{body}</article></div></body></html>"
    )
    doc = extract(html_page(html), keep_non_articles=True)
    assert doc.metadata.published_date == "2024-03-12"


def test_authors_without_furniture_degrees_addresses_and_repeats() -> None:
    assert clean_authors(["Veröffentlicht von Lena Vogt"]) == ["Lena Vogt"]
    assert clean_authors(["Posted on September"]) == []
    assert clean_authors(["Dana Holt", "PhD"]) == ["Dana Holt"]
    assert clean_authors(["Ledgerpost De"]) == []  # "ledgerpost.de" written as a name
    assert clean_authors(["Tina Flint Huffman", "Tina Huffman"]) == ["Tina Flint Huffman"]
    assert clean_authors(["Jan Kupitz"]) == ["Jan Kupitz"]


def test_the_json_ld_publisher_is_not_an_author() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "NewsArticle", "publisher": '
        '{"@type": "Organization", "name": "Quaylight Courier"}, "author": '
        '[{"@type": "Person", "name": "Quaylight Courier"}, {"@type": "Person", "name": '
        '"Mara Quist"}]}</script>'
    )
    doc = extract(html_page(article(head)), keep_non_articles=True)
    assert doc.metadata.authors == ["Mara Quist"]
