"""HTML page -> Document: trafilatura finds the main text and metadata, our rules clean it.

Steps, each measured on the scrapinghub benchmark (benchmarks/extraction.py):
1. parse once, safely (`parse`); metadata from the page's declarations (`meta`);
2. trafilatura in its fast mode, comments excluded, links kept as markup: faster than its
   default mode and slightly more accurate; if what it returns is mostly link text (a menu),
   its full mode with fallback extractors is asked instead;
3. our cleanup rules (`cleanup`) drop the headline, standfirst, link teasers and
   boilerplate lines trafilatura lets through;
4. when the result is short next to the page's <p> text, readability-lxml gives a second
   opinion (`readability`), taken only if it contains our text and is much longer; when
   it is refused and our text is very short for the page (a long article in many sections cut
   to one of them), trafilatura's full mode is asked on the same terms, and its answer must
   also be mostly prose and drawn from at most one <article> element. The full mode is the
   costliest step, so it runs only on those few pages.
"""

from __future__ import annotations

import logging

import trafilatura
from lxml import etree
from trafilatura.settings import Document as TrafDocument

from corpus_builder.errors import InputError
from corpus_builder.extract import derive_id
from corpus_builder.extract.html.blocks import Block, body_blocks, link_texts, mark_link_lines
from corpus_builder.extract.html.cleanup import LINK_DENSE, clean_blocks, words
from corpus_builder.extract.html.meta import (
    authors_of,
    clean_field,
    image_credit,
    page_metadata,
    published_date,
    split_tags,
)
from corpus_builder.extract.html.parse import parse_html
from corpus_builder.extract.html.readability import (
    READABILITY,
    articles_spanned,
    covers,
    paragraph_chars,
    readability_blocks,
)
from corpus_builder.extract.html.widgets import without_widgets
from corpus_builder.extract.page_url import url_host
from corpus_builder.types import Document, Metadata, RawPage

EXTRACTOR = f"trafilatura=={trafilatura.__version__}+corpus_builder"
READABILITY_EXTRACTOR = f"{READABILITY}+corpus_builder"
# Readability is asked for a second opinion when trafilatura's text is under this share of the
# page's <p> text and that text is long enough to be an article...
SHORT_SHARE = 0.6
MIN_PARAGRAPH_CHARS = 2000
# ...and its answer is taken when it is this much longer and contains trafilatura's text
# (share of word 4-grams), i.e. it found more of the same article rather than another text.
LONGER = 1.5
COVERS = 0.9
# trafilatura's full mode is asked only when our text is under this share of the <p> text (a
# quarter: most of the page's prose is missing), and its answer must be mostly prose.
VERY_SHORT_SHARE = 0.25
PROSE_LINK_SHARE = 0.2
# ...and it need contain only this share of our text: a text that short is often a headline,
# a kicker and a standfirst, which the full mode's answer may lack.
VERY_SHORT_COVERS = 0.7
# When the page's <p> text is under this share of the extracted text, the full mode is asked.
# Its answer is taken when it drops at least a fifth of the fast mode's text (the fallback's
# furniture); closer answers differ by a table or a list the fast mode rightly kept.
OUTSIDE_PARAGRAPHS_SHARE = 0.5
FULL_DROPS = 0.8
# When this share of the extracted text is link text, the extraction is a menu, not an article.
NAVIGATION_LINK_SHARE = 0.5

# trafilatura logs every page it discards at WARNING; the caller reports those as rejects.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def extract_html(page: RawPage, tree: etree._Element | None = None) -> Document:
    """The article in an HTML page; raises InputError("no_body") when none is found.

    `tree` is the page parsed by `parse_html`, when the caller has it (it is only read here:
    trafilatura and the readability and date fallbacks work on copies)."""
    name = page.source.path
    if tree is None:
        tree = parse_html(page.content)
    if tree is None:
        raise InputError("no_body", f"{name}: the HTML has no parsable content")
    credit = image_credit(tree)
    meta = page_metadata(tree, page.url, page.date)
    tree = without_widgets(tree)  # a copy when it has hover cards and the like
    found = _trafilatura(tree, fast=True)
    if found is None:
        raise InputError("no_body", f"{name}: trafilatura found no main text in the page")
    links = link_texts(tree)
    blocks = mark_link_lines(body_blocks(found.body), links)
    if _looks_like_navigation(blocks):
        # The fast path picked a menu; the full mode compares against its fallback extractors.
        slow = _trafilatura(tree, fast=False)
        slow_blocks = mark_link_lines(body_blocks(slow.body), links) if slow is not None else []
        if _adds_nothing(slow_blocks, blocks):
            raise InputError("no_body", f"{name}: the page's main text is only navigation links")
        blocks = slow_blocks
    title = clean_field(meta.title)
    description = clean_field(meta.description)
    blocks = clean_blocks(blocks, title, description)
    extractor = EXTRACTOR
    p_chars = paragraph_chars(tree)
    if p_chars < OUTSIDE_PARAGRAPHS_SHARE * _chars(blocks):
        # Most of the text is outside <p> (a table layout): the fast mode's answer is then
        # often its whole-page fallback; the full mode compares it with its other extractors.
        full = _trafilatura(tree, fast=False)
        if full is not None:
            alternative = mark_link_lines(body_blocks(full.body), links)
            alternative = clean_blocks(alternative, title, description)
            if alternative and _chars(alternative) <= FULL_DROPS * _chars(blocks):
                blocks = alternative
    if p_chars >= MIN_PARAGRAPH_CHARS and _chars(blocks) < SHORT_SHARE * p_chars:
        alternative = clean_blocks(readability_blocks(tree), title, description)
        if _fuller(alternative, blocks):
            blocks, extractor = alternative, READABILITY_EXTRACTOR
        elif _chars(blocks) < VERY_SHORT_SHARE * p_chars:
            full = _trafilatura(tree, fast=False)
            if full is not None:
                alternative = mark_link_lines(body_blocks(full.body), links)
                alternative = clean_blocks(alternative, title, description)
                if (
                    _fuller(alternative, blocks, VERY_SHORT_COVERS)
                    and _link_share(alternative) < PROSE_LINK_SHARE
                    # one story, not a box of related posts each in its own <article> (not
                    # asked of readability: some sites build one story out of <article> tiles)
                    and articles_spanned(tree, alternative) <= 1
                ):
                    blocks = alternative
    paragraphs = [b.text for b in blocks]
    if not paragraphs:
        raise InputError("no_body", f"{name}: the page's main text is empty after cleanup")
    text, spans = Document.join(paragraphs)

    categories = split_tags(meta.categories)
    byline = clean_field(meta.author)
    metadata = Metadata(
        title=title,
        subtitle=description,
        byline=byline,
        authors=authors_of(meta, byline),
        published_date=published_date(meta.date, page.date),
        site_name=clean_field(meta.sitename),
        section=categories[0] if categories else None,
        topics=categories,
        tags=split_tags(meta.tags),
        image_credit=credit,
        # language: left to `extract`, which detects it once for every page kind
    )
    return Document(
        id=derive_id(page),
        source=page.source,
        site=url_host(page.url),
        metadata=metadata,
        text=text,
        paragraphs=spans,
        extractor=extractor,
    )


def _trafilatura(tree: etree._Element, fast: bool) -> TrafDocument | None:
    found = trafilatura.bare_extraction(
        tree,
        # No url: with metadata off trafilatura uses it only to make link targets absolute
        # (a urljoin for each of the page's links), and we read link text, never targets.
        fast=fast,
        include_comments=False,
        include_tables=True,
        include_links=True,  # link density tells navigation from prose
        with_metadata=False,  # page_metadata reads it, more cheaply
    )
    if found is None or found.body is None:
        return None
    return found


def _looks_like_navigation(blocks: list[Block]) -> bool:
    return _link_share(blocks) >= NAVIGATION_LINK_SHARE


def _chars(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks)


def _link_share(blocks: list[Block]) -> float:
    chars = _chars(blocks)
    return sum(b.link_chars for b in blocks) / chars if chars else 0.0


def _fuller(alternative: list[Block], ours: list[Block], share: float = COVERS) -> bool:
    """True when `alternative` is much longer than our text and contains it."""
    return _chars(alternative) >= LONGER * _chars(ours) and covers(alternative, ours, share)


def _adds_nothing(candidate: list[Block], navigation: list[Block]) -> bool:
    """True when every word of `candidate` is already in the link text of `navigation`."""
    link_words = {w for b in navigation if b.link_density >= LINK_DENSE for w in words(b.text)}
    return all(w in link_words for b in candidate for w in words(b.text))


__all__ = ["EXTRACTOR", "extract_html"]
