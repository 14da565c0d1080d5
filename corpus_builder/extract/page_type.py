"""Is this HTML page an article? Listings, tables, error/login pages, products, video-only and
too-short pages are rejected as `not_article` (unless the build keeps non-articles).

General signals only, read from the page and the extracted body: how much of the page is link
text, list items or table cells rather than <p> prose; how many sentences and paragraphs the
body has; what the page declares (og:type, schema.org @type); password fields and forms;
repeated <article>/<time> teasers; whether the URL looks like an article's (a date, a long
slug). A logistic regression over those features, trained by `benchmarks/page_type.py` on
wcxb-dev's page types (grouped by domain; the metadata and extraction sets are held out), is
shipped as `resources/page_type_model.json`; scoring it is a dot product. A body under
`MIN_WORDS` words is too short to be an article whatever the model says.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from lxml import etree

from corpus_builder.errors import InputError
from corpus_builder.types import Document, RawPage

MODEL_FILE = "page_type_model.json"
MIN_WORDS = 40  # "<p>hi</p>", a cookie notice: too short to be an article
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’»)\]]*)(?=\s|$)")
_WORD = re.compile(r"\w+")
_URL_DATE = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)|(?:19|20)\d\d-\d\d-\d\d")
_LD_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
_ARTICLE_TYPES = frozenset(
    "article newsarticle blogposting reportagenewsarticle analysisnewsarticle opinionnewsarticle"
    " reviewnewsarticle backgroundnewsarticle liveblogposting socialmediaposting"
    " scholarlyarticle techarticle report".split()
)
_OTHER_TYPES = frozenset(
    "product offer aggregateoffer itemlist collectionpage searchresultspage qapage faqpage"
    " discussionforumposting softwareapplication videoobject profilepage event store"
    " localbusiness organization jobposting course howto".split()
)
_BODY = etree.XPath("/html/body")
_TEXT_OF = {
    "link": etree.XPath("//body//a//text()"),
    "p": etree.XPath("//body//p//text()"),
    "li": etree.XPath("//body//li//text()"),
    "td": etree.XPath("//body//td//text() | //body//th//text()"),
}
_OG_TYPE = etree.XPath("/html/head/meta[@property='og:type' or @name='og:type']/@content")
_LD = etree.XPath("//script[@type='application/ld+json']/text()")
_COUNT = {
    "forms": etree.XPath("count(//form)"),
    "password": etree.XPath("count(//input[@type='password'])"),
    "inputs": etree.XPath("count(//input[not(@type='hidden')] | //select | //textarea)"),
    "articles": etree.XPath("count(//article)"),
    "times": etree.XPath("count(//time)"),
    "headings": etree.XPath("count(//body//h2 | //body//h3 | //body//h4)"),
    "videos": etree.XPath(
        "count(//video | //iframe[contains(@src, 'youtube') or contains(@src, 'vimeo')"
        " or contains(@src, 'player')])"
    ),
    "prices": etree.XPath("count(//*[@itemprop='price' or contains(@class, 'price')])"),
    "paragraphs": etree.XPath("count(//body//p)"),
    "links": etree.XPath("count(//body//a[@href])"),
}
_PROSE_END = tuple(".!?…\"'”’»)")


def _chars(texts: list[object]) -> int:
    return sum(len(str(t).strip()) for t in texts)


def _body_chars(tree: etree._Element) -> int:
    body = _BODY(tree)
    if not body:
        return 0
    skip = {"script", "style", "noscript", "template"}
    total = 0
    for elem in body[0].iter():
        if not isinstance(elem.tag, str) or elem.tag in skip:
            continue
        if elem.text and elem.getparent() is not None:
            total += len(elem.text.strip())
        if elem.tail and elem.getparent() is not None and elem.getparent().tag not in skip:
            total += len(elem.tail.strip())
    return total


def _ld_types(tree: etree._Element) -> set[str]:
    types: set[str] = set()
    for text in _LD(tree):
        for m in _LD_TYPE.finditer(str(text)):
            raw = m.group(1)
            for t in re.findall(r'"([^"]+)"', raw):
                types.add(t.rsplit("/", 1)[-1].lower())
    return types


def _repeated_blocks(tree: etree._Element) -> int:
    """The largest run of sibling elements of one tag and class that each hold a link: the
    teaser cards of a listing, the rows of a product grid, the posts of a thread."""
    best = 0
    for parent in _BODY(tree)[:1]:
        for elem in parent.iter():
            if not isinstance(elem.tag, str) or len(elem) < 3:
                continue
            kinds: dict[tuple[str, str], int] = {}
            for child in elem:
                if isinstance(child.tag, str) and (
                    child.tag == "a" or child.find(".//a") is not None
                ):
                    key = (child.tag, child.get("class", ""))
                    kinds[key] = kinds.get(key, 0) + 1
            if kinds:
                best = max(best, max(kinds.values()))
    return best


def tree_features(tree: etree._Element, url: str | None) -> dict[str, float]:
    """The features read from the page itself (markup, declarations, URL)."""
    page_chars = max(_body_chars(tree), 1)
    shares = {k: min(_chars(xp(tree)) / page_chars, 1.0) for k, xp in _TEXT_OF.items()}
    counts = {k: float(xp(tree)) for k, xp in _COUNT.items()}
    og = " ".join(str(v) for v in _OG_TYPE(tree)).lower()
    ld = _ld_types(tree)
    path = urlsplit(url).path if url else ""
    segments = [s for s in path.split("/") if s]
    slug = re.sub(r"\.\w+$", "", segments[-1]) if segments else ""
    return {
        "page_chars": float(page_chars),
        "log_page_chars": math.log1p(page_chars),
        "link_share": shares["link"],
        "p_share": shares["p"],
        "li_share": shares["li"],
        "td_share": shares["td"],
        "log_forms": math.log1p(counts["forms"]),
        "password": float(counts["password"] > 0),
        "log_inputs": math.log1p(counts["inputs"]),
        "log_articles": math.log1p(counts["articles"]),
        "log_times": math.log1p(counts["times"]),
        "log_headings": math.log1p(counts["headings"]),
        "log_videos": math.log1p(counts["videos"]),
        "log_prices": math.log1p(counts["prices"]),
        "log_p_elements": math.log1p(counts["paragraphs"]),
        "log_links": math.log1p(counts["links"]),
        "log_repeated_blocks": math.log1p(_repeated_blocks(tree)),
        "og_article": float("article" in og),
        "og_other": float(bool(og) and "article" not in og),
        "ld_article": float(bool(ld & _ARTICLE_TYPES)),
        "ld_other": float(bool(ld & _OTHER_TYPES)),
        "url_date": float(bool(_URL_DATE.search(path))),
        "url_depth": float(min(len(segments), 8)),
        "url_slug_words": float(min(len(re.split(r"[-_]+", slug)) if slug else 0, 20)),
    }


def doc_features(doc: Document, page_chars: float) -> dict[str, float]:
    """The features read from the extracted body and metadata."""
    paragraphs = [doc.text[s.start : s.end] for s in doc.paragraphs]
    n = max(len(paragraphs), 1)
    words = len(_WORD.findall(doc.text))
    sentences = len(_SENTENCE_END.findall(doc.text))
    prose = sum(1 for p in paragraphs if len(p.split()) >= 20 and p.rstrip()[-1:] in _PROSE_END)
    return {
        "log_words": math.log1p(words),
        "log_paragraphs": math.log1p(len(paragraphs)),
        "log_sentences": math.log1p(sentences),
        "words_per_paragraph": math.log1p(words / n),
        "prose_share": prose / n,
        "body_share": min(len(doc.text) / max(page_chars, 1.0), 1.0),
        "has_date": float(doc.metadata.published_date is not None),
        "has_author": float(bool(doc.metadata.authors)),
    }


def page_features(tree: etree._Element, doc: Document, url: str | None) -> dict[str, float]:
    """The classifier's inputs for one page (see the module docstring)."""
    found = tree_features(tree, url)
    return {**found, **doc_features(doc, found["page_chars"])}


@cache
def _model() -> dict:
    raw = (resources.files("corpus_builder") / "resources" / MODEL_FILE).read_text("utf-8")
    return json.loads(raw)


def not_article_probability(features: dict[str, float]) -> float:
    """The shipped model's probability that the page is not an article."""
    model = _model()
    z = model["intercept"]
    for name, mean, scale, coef in zip(
        model["features"], model["mean"], model["scale"], model["coef"], strict=True
    ):
        z += coef * (features[name] - mean) / scale
    return 1.0 / (1.0 + math.exp(-z))


def not_article_reason(tree: etree._Element | None, doc: Document, url: str | None) -> str | None:
    """Why the page is not an article, or None when it is one."""
    words = len(_WORD.findall(doc.text))
    if words < MIN_WORDS:
        return f"too short to be an article ({words} words)"
    if tree is None:
        return None
    p = not_article_probability(page_features(tree, doc, url))
    if p >= _model()["threshold"]:
        return f"looks like a listing, form or other non-article page (p={p:.2f})"
    return None


def reject_non_article(page: RawPage, doc: Document, tree: etree._Element | None = None) -> None:
    """Raise InputError("not_article") when the HTML page `doc` came from is not an article;
    `tree` is the page already parsed, if the caller has it."""
    if page.kind != "html":
        return
    if tree is None:
        from corpus_builder.extract.html.parse import parse_html

        tree = parse_html(page.content)
    reason = not_article_reason(tree, doc, page.url)
    if reason:
        raise InputError("not_article", f"{page.source.path}: {reason}")


__all__ = ["not_article_probability", "not_article_reason", "page_features", "reject_non_article"]
