"""HTML extraction: trafilatura + our cleanup, metadata mapping, and hostile input."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import lxml.html
import pytest
import trafilatura
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_builder.errors import InputError
from corpus_builder.extract import derive_id, extract
from corpus_builder.extract.html.blocks import Block, body_blocks
from corpus_builder.extract.html.cleanup import clean_blocks
from corpus_builder.extract.html.extract import EXTRACTOR, READABILITY_EXTRACTOR, extract_html
from corpus_builder.extract.html.meta import split_authors, split_tags
from corpus_builder.extract.html.parse import parse_html
from corpus_builder.extract.html.readability import articles_spanned, covers
from corpus_builder.types import RawPage, Source

FIXTURES = Path(__file__).parent / "fixtures" / "html"
FERRY_URL = "https://www.coastal-ledger.example/transport/harbour-ferry-returns"


def page(name: str, url: str | None = None, date: str | None = None) -> RawPage:
    html = (FIXTURES / name).read_text(encoding="utf-8")
    sha = hashlib.sha256(html.encode("utf-8")).hexdigest()
    return RawPage(Source(f"html/{name}", "html", sha, url), html, "html", url=url, date=date)


def html_page(html: str, url: str | None = None) -> RawPage:
    sha = hashlib.sha256(html.encode("utf-8")).hexdigest()
    return RawPage(Source("inline.html", "html", sha, url), html, "html", url=url)


def paragraphs(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [doc.text[s.start : s.end] for s in doc.paragraphs]


def test_news_article_body_and_metadata() -> None:
    raw = page("harbour-ferry.html", url=FERRY_URL)
    doc = extract(raw)  # the build's entry point: it adds the language
    paras = paragraphs(doc)
    assert len(paras) == 6
    assert paras[0].startswith("The Marisol, the oldest ferry on the Eastpoint run")
    assert paras[2] == (
        "\u201cWe had people leaving their bikes on the pier because there was no room on "
        "board,\u201d said Harriet Okafor, who manages the ferry service. \u201cThat should be "
        "over now.\u201d"
    )
    assert paras[-1].endswith("meets its fuel targets over the winter.")
    # Comments, navigation, related links, share buttons and footer are not body.
    for junk in ("SeaDog77", "rattling my teeth", "Tram line", "Share on", "Privacy", "Copyright"):
        assert junk not in doc.text
    assert "Harbour ferry returns after two-year refit" not in doc.text

    meta = doc.metadata
    assert meta.title == "Harbour ferry returns after two-year refit"
    assert meta.subtitle == (
        "The Marisol is back on the Eastpoint run with a hybrid engine and room for 40 more "
        "bicycles."
    )
    assert meta.authors == ["Ann Lee", "Bo Ng"]
    assert meta.byline is not None and "Ann Lee" in meta.byline
    assert meta.published_date == "2019-09-10"
    assert meta.site_name == "The Coastal Ledger"
    assert meta.section == "Transport"
    assert meta.topics == ["Transport"]
    assert meta.tags == ["ferries", "Eastpoint", "public transport"]
    assert meta.image_credit == "Photo: Carla Diaz/Coastal Ledger"
    assert meta.language == "en"

    assert doc.site == "coastal-ledger.example"
    assert doc.id == derive_id(raw) and doc.id.startswith("url-")
    assert doc.source == raw.source
    assert doc.extractor == EXTRACTOR == f"trafilatura=={trafilatura.__version__}+corpus_builder"


def test_paragraph_spans_index_the_text() -> None:
    doc = extract_html(page("allotment-blog.html"))
    assert doc.text == "\n\n".join(paragraphs(doc))
    ends = [0] + [s.end + 2 for s in doc.paragraphs[:-1]]
    assert [s.start for s in doc.paragraphs] == ends
    assert all(p == p.strip() and p for p in paragraphs(doc))


def test_cleanup_removes_what_trafilatura_keeps() -> None:
    raw = page("allotment-blog.html")
    plain = trafilatura.extract(raw.content, fast=True, include_comments=False) or ""
    # The furniture is in trafilatura's own output, so the assertions below test our rules.
    for furniture in (
        "Allotment waiting list falls",
        "New plots on the old rail yard",
        "Related: Council",
        "© 2021",
    ):
        assert furniture in plain
    doc = extract_html(raw)
    paras = paragraphs(doc)
    assert paras[0].startswith("For the first time in ten years")
    for furniture in ("Allotment waiting list falls", "New plots on", "Related", "©"):
        assert furniture not in doc.text
    # List items and table rows are paragraphs of their own; <br> stays a line break.
    assert "raised beds for gardeners who cannot kneel," in paras
    assert "2021 410" in paras
    assert "he applied.\n\u201cI'd bought the seeds" in doc.text
    assert paras[-1].startswith("The council said it would look for a second site")


def test_metadata_from_markup_without_meta_tags() -> None:
    doc = extract_html(page("allotment-blog.html", date="2021-03-20"))
    meta = doc.metadata
    assert meta.title == "Allotment waiting list falls for the first time in a decade"
    assert meta.authors == ["Priya Raman"]
    # The page's own <time> wins over the input's date hint.
    assert meta.published_date == "2021-03-14"
    assert meta.site_name is None and meta.tags == [] and meta.section is None
    assert doc.site is None and doc.id.startswith("sha-")


def test_date_hint_is_the_fallback() -> None:
    html = (FIXTURES / "allotment-blog.html").read_text(encoding="utf-8")
    html = html.replace('<time datetime="2021-03-14">14 March 2021</time>', "")
    raw = dataclasses.replace(html_page(html), date="2021-03-20")
    assert extract_html(raw).metadata.published_date == "2021-03-20"
    assert extract_html(html_page(html)).metadata.published_date is None


def test_deterministic() -> None:
    raw = page("harbour-ferry.html", url=FERRY_URL)
    assert extract_html(raw) == extract_html(raw)


def test_other_language() -> None:
    html = """<html lang="fr"><head><title>Le marché couvert rouvre</title></head><body>
    <article><h1>Le marché couvert rouvre</h1>
    <p>Après deux ans de travaux, le marché couvert de la place Carnot a rouvert ses portes samedi
    matin. Une quarantaine de commerçants se sont installés dans la halle rénovée.</p>
    <p>« Nous avons retrouvé nos clients fidèles dès la première heure », a expliqué une
    fromagère installée au marché depuis vingt ans, ravie de la nouvelle verrière.</p>
    <p>La municipalité espère attirer de nouveaux visiteurs grâce à des horaires élargis le
    vendredi soir et à un parking pour les vélos devant l'entrée principale.</p>
    </article></body></html>"""
    doc = extract(html_page(html))
    assert doc.metadata.language == "fr"
    assert len(doc.paragraphs) == 3


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html><body></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>",
        "\x00\x01\x02",
        # A hub page: nothing but links to other stories.
        "<html><body><ul>"
        + "".join(
            f"<li><a href='/s/{i}'>Story {i} about the council budget</a></li>" for i in range(12)
        )
        + "</ul></body></html>",
    ],
)
def test_no_body_is_an_input_error(html: str) -> None:
    with pytest.raises(InputError) as err:
        extract_html(html_page(html))
    assert err.value.code == "no_body"
    assert "inline.html" in err.value.message


def test_characters_xml_forbids_are_dropped_and_the_rest_kept() -> None:
    text = (
        "Caf\u00e9 \u20ac5 \u65e5\u672c a\x00b\x0bc\x1fd\ud800e\ufffef\uffffg \U0001f600 tab\there"
    )
    tree = parse_html(f"<html><body><p>{text}</p></body></html>")
    assert tree is not None
    assert tree.findtext(".//p") == "Caf\u00e9 \u20ac5 \u65e5\u672c abcdefg \U0001f600 tab\there"
    # Every element is an lxml.html element (trafilatura and readability rely on it).
    assert all(isinstance(el, lxml.html.HtmlElement) for el in tree.iter())
    assert parse_html("\x00\x01 \n\t") is None


def test_deeply_nested_page_is_bounded() -> None:
    depth = 100_000
    sentence = "The nested sentence is still here after a very long descent into the markup. "
    html = "<html><body>" + "<div>" * depth + "<p>" + sentence * 5 + "</p>" + "</div>" * depth
    html += "</body></html>"
    tree = parse_html(html)
    assert tree is not None
    # libxml2 cuts nesting at its fixed limit, so nothing downstream sees 100,000 levels.
    deepest = max(sum(1 for _ in el.iterancestors()) for el in tree.iter())
    assert deepest <= 300
    assert sum(1 for _ in tree.iter()) <= 300
    try:
        doc = extract_html(html_page(html))
    except InputError as exc:  # a page cut off by the depth limit may have no body left
        assert exc.code == "no_body"
    else:
        assert len(doc.text) <= len(sentence) * 5


def test_entities_are_not_expanded_and_nothing_is_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN-4711", encoding="utf-8")
    laughs = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 9))
    html = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY l0 "lol">{laughs}]>'
        "<html><head><title>Entities</title></head><body><article>"
        "<p>&xxe; The first paragraph of a short article about entity handling in parsers.</p>"
        "<p>&l8; The second paragraph goes on about the same subject at some length.</p>"
        "<p>The third paragraph closes the article with a sentence of its own, as usual.</p>"
        "</article></body></html>"
    )
    try:
        doc = extract_html(html_page(html))
    except InputError:
        return  # refusing the page is fine; expanding it is not
    everything = doc.text + repr(doc.metadata)
    assert "TOP-SECRET" not in everything
    assert everything.count("lol") < 100  # 10**8 if the entities were expanded
    assert len(doc.text) < 2 * len(html)


def test_split_authors() -> None:
    assert split_authors("By Ann Lee, Bo Ng and Cy Oh") == ["Ann Lee", "Bo Ng", "Cy Oh"]
    assert split_authors("Ann Lee; Bo Ng | Cy Oh") == ["Ann Lee", "Bo Ng", "Cy Oh"]
    assert split_authors("Ann Lee & Bo Ng") == ["Ann Lee", "Bo Ng"]
    assert split_authors("Alexandra Anderson") == ["Alexandra Anderson"]  # "and" inside a name
    assert split_authors("Ann Lee, Ann Lee") == ["Ann Lee"]
    assert split_authors(None) == [] and split_authors(" , ; ") == []


def test_split_tags() -> None:
    assert split_tags(["ferries, Eastpoint", "public transport", "ferries"]) == [
        "ferries",
        "Eastpoint",
        "public transport",
    ]
    assert split_tags(None) == [] and split_tags(["", " , "]) == []


def _blocks(*texts: str, kind: str = "p", links: bool = False) -> list[Block]:
    return [Block(t, kind, len(t) if links else 0) for t in texts]


def test_clean_blocks_rules() -> None:
    body = _blocks(
        "A first paragraph that says something of substance about the matter at hand.",
        "A second paragraph with more to say, quoting a witness at some length here.",
        "A third paragraph that closes the story with a thought about what comes next.",
    )
    title = "Headline of the story"
    blocks = (
        _blocks("Headline of the story")
        + _blocks("The standfirst sums it up.", kind="head")
        + body[:1]
        + _blocks("https://example.org/some/page")
        + body[1:2]
        + _blocks("Advertisement")
        + body[2:]
        + _blocks("Ten things you missed this week", "Another teaser headline", links=True)
    )
    kept = clean_blocks(blocks, title, "The standfirst sums it up.")
    assert [b.text for b in kept] == [b.text for b in body]


def test_standfirst_that_is_the_first_paragraph_is_kept() -> None:
    # Many pages copy their first paragraph into the description: that one is body.
    first = "The first paragraph, also used as the page description by the site."
    blocks = _blocks(first, "The second paragraph of the article body follows here.")
    assert clean_blocks(blocks, "Some title", first) == blocks


def test_end_marker_cuts_the_tail() -> None:
    body = _blocks(
        *(f"Paragraph {i} of the article, with a full sentence of text." for i in range(6))
    )
    tail = _blocks("You may also like", "Some teaser that is not a link but is not body either.")
    assert clean_blocks(body + tail, None, None) == body
    # The same words early in the article are not a marker (they are only dropped as a label).
    early = body[:1] + _blocks("Related") + body[1:]
    assert clean_blocks(early, None, None) == body


def test_end_marker_followed_by_long_prose_is_a_box_inside_the_article() -> None:
    body = _blocks(
        *(f"Paragraph {i} of the article, with a full sentence of text." for i in range(24))
    )
    box = _blocks("Related Articles")
    rest = _blocks(
        "The harbour board met again on Thursday and, after a long debate about the cost of "
        "the new pontoons, agreed to ask the council for a second loan, which several members "
        "said would be repaid from mooring fees within ten years if the summer season was as "
        "busy as the last one, a forecast the treasurer called optimistic but possible. The "
        "chair closed the meeting by thanking the volunteers who had counted the boats."
    )
    assert clean_blocks(body + box + rest, None, None) == body + rest


def test_readability_second_opinion_on_a_split_body() -> None:
    # The body is split over four sibling containers (ad rails between them); trafilatura
    # stops after the first, readability keeps the article container.
    raw = page("dredging-split-body.html")
    plain = trafilatura.extract(raw.content, fast=True, include_comments=False) or ""
    assert "houseboats" not in plain and "river authority began dredging" in plain
    doc = extract_html(raw)
    paras = paragraphs(doc)
    assert doc.extractor == READABILITY_EXTRACTOR
    assert len(paras) == 12
    assert paras[0].startswith("The river authority began dredging the northern channel")
    assert paras[-1].startswith("The work is paid for by the port fund")
    assert "Dredging starts" not in doc.text and "Advertisement" not in doc.text


def test_long_feature_in_sections_is_kept_whole() -> None:
    # The fast mode takes the closing Q&A (its own <article>) for the story; readability keeps
    # the sections but not the Q&A, so it does not contain our text; trafilatura's full mode
    # has the opening, every section and the Q&A.
    raw = page("harbour-long-feature.html")
    plain = trafilatura.extract(raw.content, fast=True, include_comments=False) or ""
    assert "Answer 0" in plain and "customs work" not in plain
    doc = extract_html(raw)
    paras = paragraphs(doc)
    assert doc.extractor == EXTRACTOR
    assert paras[0].startswith("The opening part 0 of the feature")
    sections = [p for p in paras if p.startswith("On the ")]
    assert len(sections) == 30
    assert "customs, paragraph 2" in doc.text
    assert paras[-1].startswith("Answer 3: the harbour board meets")
    assert "Copyright" not in doc.text


def test_related_posts_are_not_one_longer_story() -> None:
    # Seven other posts, each in its own <article>, after a short post: the full mode's longer
    # text spans eight <article>s and is no more of this post.
    raw = page("blog-post-with-related.html")
    tree = parse_html(raw.content)
    full = trafilatura.bare_extraction(raw.content, fast=False, include_comments=False)
    blocks = body_blocks(full.body)
    assert sum(len(b.text) for b in blocks) > 2000
    assert articles_spanned(tree, blocks) == 8
    assert articles_spanned(tree, blocks[:2]) == 1


def test_readability_is_not_asked_when_trafilatura_has_the_article() -> None:
    assert extract_html(page("harbour-ferry.html", url=FERRY_URL)).extractor == EXTRACTOR


def test_covers() -> None:
    long = _blocks("one two three four five six seven eight nine ten")
    assert covers(long, _blocks("three four five six seven"), 0.9)
    assert not covers(long, _blocks("three four five six seven", "eleven twelve thirteen x"), 0.9)
    assert covers(long, [], 0.9)


def test_covers_ignores_headings_and_block_boundaries() -> None:
    # A long article in sections: the other extractor drops the section titles and splits the
    # paragraphs differently; it still holds all of our prose, so it covers our text.
    prose = [
        f"Part {i} of the long feature explains how the harbour works changed the town."
        for i in range(8)
    ]
    ours = [
        b
        for i, p in enumerate(prose)
        for b in _blocks(f"Section {i} title", kind="head") + _blocks(p)
    ]
    other = _blocks(
        " ".join(prose[:4]), " ".join(prose[4:]), "And a closing paragraph of more text."
    )
    assert covers(other, ours, 0.9)
    # Prose that is missing still counts against it.
    assert not covers(_blocks(" ".join(prose[:4])), ours, 0.9)


def test_teasers_after_the_article_are_cut() -> None:
    body = _blocks(
        *(f"Paragraph {i} of the article, with a full sentence of text." for i in range(12))
    )
    tail = []
    for i in range(4):
        tail += _blocks(f"Teaser headline number {i}", links=True)
        tail += _blocks(f"A one-line teaser for story {i}, not a link")
    # (the links must start in the last third of the text to count as the page's tail)
    assert clean_blocks(body + tail, None, None) == body
    # One link box followed by real closing paragraphs is left alone.
    closing = _blocks(
        "The closing paragraph has a good deal more to say than any teaser ever could, "
        "going on for thirty words or so to make its point about the matter at hand today."
    )
    kept = clean_blocks(body + _blocks("Some story elsewhere", links=True) + closing, None, None)
    assert kept[-1] == closing[0]


_PIECES = [
    "<p>", "</p>", "<div>", "</div>", "<a href='/x'>", "</a>", "<table><tr><td>", "<br>",
    "<h1>", "</h1>", "<ul><li>", "<script>var x = 1;", "</script>", "<!--", "-->", "&amp;",
    "&#0;", "&#xD800;", "<![CDATA[", "]]>", "<?xml version='1.0' encoding='utf-16'?>", "\x00",
    "<meta charset='koi8-r'>", "<html>", "<body>", "<frameset>", "<svg>", "<math>",
    "The council said on Tuesday that it would build a new bridge over the river next year.",
    "Residents asked for a footpath on both sides, and the engineers agreed to look at it.",
]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80))
def test_any_markup_gives_a_document_or_no_body(parts: list[str]) -> None:
    try:
        doc = extract_html(html_page("".join(parts)))
    except InputError as exc:
        assert exc.code == "no_body"
        return
    paras = paragraphs(doc)
    assert paras and doc.text == "\n\n".join(paras)
    assert all(p and p == p.strip() for p in paras)


def test_hover_cards_are_removed_and_the_name_kept() -> None:
    doc = extract(page("council-budget-widgets.html"))
    assert "Councillor Maren Holt said the building had been leaking" in doc.text
    for card in ("Maren Elisabeth Holt", "North Ward", "Harbour Party"):
        assert card not in doc.text
    # a page-wide element carrying the word is not a card
    html = page("council-budget-widgets.html").content
    html = html.replace("<body>", '<body class="has-tooltips">')
    html = html.replace('class="article-body"', 'class="article-body tooltip-scope"')
    assert extract(html_page(html)).text == doc.text
    # the page's own tree is not changed: the card is still there for other readers
    tree = parse_html(page("council-budget-widgets.html").content)
    assert "Maren Elisabeth Holt" in tree.text_content()


def test_newsletter_widget_and_photo_credit_are_boilerplate() -> None:
    doc = extract(page("council-budget-widgets.html"))
    for junk in ("Thanks for signing up", "Check your inbox", "morning newsletter", "Photo by"):
        assert junk not in doc.text
    assert doc.text.rstrip().endswith("do more for the town's fishing fleet.")
    # a sentence about subscribers is prose, not a widget
    body = [Block("Thanks to subscribers, the paper kept its harbour reporter this year.", "p")]
    assert clean_blocks(body, None, None) == body
