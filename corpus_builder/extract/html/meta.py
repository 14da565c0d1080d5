"""Trafilatura's metadata -> our Metadata fields (lists split, dates normalised, no guesses)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy

import lxml.html
from htmldate import find_date
from lxml import etree
from trafilatura import metadata as tm
from trafilatura.settings import Document as TrafDocument

from corpus_builder.extract.dates import normalise_date
from corpus_builder.extract.html.authors import clean_authors
from corpus_builder.extract.html.blocks import normalise_space
from corpus_builder.extract.html.titles import displayed_headline, strip_site_name
from corpus_builder.extract.page_url import declared_url, url_host

# Author strings join several names with these; "and" (und, et, y, e) only as a word.
# "e. V." (a German registered society) is not "e" = and.
_AUTHOR_SPLIT = re.compile(
    r"\s*(?:;|,|\||\s&\s|\s(?:and|und|et|y|e(?!\s+V\b))\s)\s*", re.IGNORECASE
)
_BY_PREFIX = re.compile(
    r"^(?:(?:posted|written|words)\s+)?(?:by|von|par|por|di|door|text|texto|текст)\b\s*:?\s*",
    re.IGNORECASE,
)
# A byline block often runs on into the date, a handle or a separator: cut there.
_BYLINE_END = re.compile(r"\s*(?:\n|[|•·@]|\s-\s|\d).*", re.DOTALL)
_ASIDE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_TAG_SPLIT = re.compile(r"\s*[,;|]\s*")
# Image credits: a caption element whose class or name says "credit", at most this long.
# Searched inside <figure> elements only: a whole-tree class search costs more than the rest of
# the metadata, and credits outside figures are mostly site-wide photo agency lines.
_CREDIT_XPATH = etree.XPath(
    ".//*[contains(@class, 'credit') or contains(@class, 'Credit')][position() <= 3]"
)
_MAX_FIGURES = 5
_CREDIT_MAX = 150
# One pass over the tree for byline markup; trafilatura's own author XPaths are a dozen passes
# with translate() on a pruned deep copy, several times slower for what meta tags usually give.
_BYLINE_XPATH = etree.XPath(
    "//body//*[@rel='author' or @itemprop='author' or contains(@class, 'byline')"
    " or contains(@class, 'author') or contains(@class, 'Author') or contains(@class, 'Byline')]"
)
_BYLINE_MAX = 120
_BYLINE_MAX_WORDS = 12  # "Meg Kinnard and Errin Haines, Associated Press" is 7; prose is longer
_NOT_BYLINE = re.compile(r"comment|avatar|bio|about|related|more|share|follow", re.IGNORECASE)
# From the root: "//head" would walk every element of the page to find the one <head>.
_SECTION_XPATH = etree.XPath(
    "/html/head/meta[@property='article:section' or @name='article:section' or @name='section'"
    " or @itemprop='articleSection']/@content"
)
# htmldate rejects dates after max_date, which defaults to today: a fixed bound keeps the output
# a function of the input alone.
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}
# When the page declares no date, htmldate's extensive search (dates in the text, in URLs of
# links) is asked, on a copy without the page's lists of other stories, whose dates belong to
# those stories.
_ELSEWHERE_XPATH = etree.XPath(
    "//aside | //nav | //footer | //*[@class or @id][re:test(concat(@class, ' ', @id),"
    " 'related|recommend|teaser|more-?stories|popular|trending|sidebar|read-?more|widget"
    "|comment|newsletter', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
_JSON_LD = etree.XPath("//script[@type='application/ld+json']/text()")
_LD_PUBLISHER = re.compile(r'"publisher"\s*:\s*\{[^{}]*?"name"\s*:\s*"([^"\\]{2,80})"')
_LINKS = etree.XPath(".//a[@href]")
_LIST_LINKS = 2
_APPLICATION_NAME = etree.XPath(
    "/html/head/meta[@name='application-name' or @property='og:site_name'"
    " or @name='apple-mobile-web-app-title']/@content"
)
_H1 = etree.XPath("//body//h1")
_TITLE = etree.XPath("/html/head/title")


def page_metadata(
    tree: etree._Element, url: str | None, date_hint: str | None = None
) -> TrafDocument:
    """Trafilatura's metadata steps that read the page's own declarations (meta tags, JSON-LD,
    title, byline markup, htmldate), without its slower guesses from link patterns and licences.
    Reads `tree` without changing it."""
    found = tm.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # a single token is a handle or a site name, not a person
    try:
        found = tm.extract_meta_json(tree, found)
    except Exception:  # noqa: BLE001 - malformed JSON-LD must not lose the page; meta tags stay
        pass
    found.title = found.title or tm.extract_title(tree)
    found.author = found.author or find_byline(tree)
    found.url = url or declared_url(tree) or found.url
    found.date = find_date(tree, url=found.url, **_DATE_PARAMS)
    if found.date is None and normalise_date(date_hint) is None:
        found.date = _searched_date(tree, found.url)  # the input's own date comes first
    found.sitename = (found.sitename or tm.extract_sitename(tree) or "").lstrip("@") or None
    site_names = _site_names(tree, found.sitename)
    found.title = strip_site_name(found.title, site_names, url_host(found.url), _other_titles(tree))
    headlines = [" ".join(" ".join(h.itertext()).split()) for h in _H1(tree)[:3]]
    found.title = displayed_headline(found.title, headlines, site_names, url_host(found.url))
    if not found.categories:
        found.categories = [str(v) for v in _SECTION_XPATH(tree)]
    found.clean_and_trim()
    return _with_publishers(found, publisher_names(tree))


class PageMetadata(TrafDocument):
    """Trafilatura's metadata record plus the publishers the page's JSON-LD names (an author
    part naming one of them is the publisher, not a person)."""

    __slots__ = ("publishers",)

    def __init__(self) -> None:
        super().__init__()
        self.publishers: list[str] = []


def _with_publishers(found: TrafDocument, publishers: list[str]) -> PageMetadata:
    out = PageMetadata()
    for slot in TrafDocument.__slots__:
        setattr(out, slot, getattr(found, slot))
    out.publishers = publishers
    return out


def split_authors(value: str | None) -> list[str]:
    """'By Ann Lee, Bo Ng and Cy Oh' -> ['Ann Lee', 'Bo Ng', 'Cy Oh'] (order kept, no dupes)."""
    if not value:
        return []
    names: list[str] = []
    # "Ann Lee (with Bo Ng)", "Ann Lee (@annlee)": an aside, not more names.
    value = _ASIDE.sub(" ", value)
    for part in _AUTHOR_SPLIT.split(normalise_space(value)):
        name = _BY_PREFIX.sub("", part.strip(" .:-")).strip()
        if name and any(ch.isalpha() for ch in name) and name not in names:
            names.append(name)
    return names


def authors_of(meta: TrafDocument, byline: str | None, publishers: Iterable[str] = ()) -> list[str]:
    """The person names in `byline` (see `authors.clean_authors`), judged against the page's
    title, site and the publishers its JSON-LD names."""
    return clean_authors(
        split_authors(byline),
        meta.title,
        (meta.sitename, *getattr(meta, "publishers", ())),
        url_host(meta.url),
    )


def publisher_names(tree: etree._Element) -> list[str]:
    """The publisher names the page's JSON-LD declares ("publisher": {"name": ...})."""
    out: list[str] = []
    for script in _JSON_LD(tree):
        for name in _LD_PUBLISHER.findall(script or ""):
            if name not in out:
                out.append(name)
    return out


def _site_names(tree: etree._Element, sitename: str | None) -> list[str]:
    return [sitename or "", *(str(v) for v in _APPLICATION_NAME(tree))]


def _other_titles(tree: etree._Element) -> list[str]:
    """The page's other statements of its headline: the one <h1>, and <title>."""
    h1 = _H1(tree)
    out = [normalise_space(h1[0].text_content())] if len(h1) == 1 else []
    title = _TITLE(tree)
    if title:
        out.append(normalise_space(title[0].text_content()))
    return out


def _searched_date(tree: etree._Element, url: str | None) -> str | None:
    """htmldate's extensive search on the page without its lists of other stories; when that
    finds nothing, on the whole page, unless the same search on those lists alone finds the same
    day (then the day is another story's)."""
    pruned = deepcopy(tree)
    lists = lxml.html.document_fromstring("<html><body><p></p></body></html>")
    lists_body = lists.body
    # The story's own frame (what holds its headline) is not a list of other stories, whatever
    # its class says ("no-sidebars" on <body>, "category-popular" on the post); a list links out.
    headline = _H1(pruned)
    frame = set(headline[0].iterancestors()) | {headline[0]} if headline else set()
    for elem in _ELSEWHERE_XPATH(pruned):
        parent = elem.getparent()
        if elem in frame or len(_LINKS(elem)) < _LIST_LINKS:
            continue
        if parent is not None and elem.tag not in ("html", "body"):
            parent.remove(elem)
            lists_body.append(elem)
    params = {**_DATE_PARAMS, "extensive_search": True}
    found = _day_only(find_date(pruned, url=url, **params))
    if found is not None or len(lists_body) < 2:
        return found
    whole = _day_only(find_date(deepcopy(tree), url=url, **params))
    if whole is None or find_date(lists, **params) == whole:
        return None
    return whole


def _day_only(found: str | None) -> str | None:
    # A bare year ("© 2021") comes back as its 1 January: a guess, not the page's date.
    return None if found is None or found.endswith("-01-01") else found


def split_tags(values: Iterable[str] | None) -> list[str]:
    """Tags from trafilatura (some are comma-joined strings) as one clean, de-duplicated list."""
    out: list[str] = []
    for value in values or ():
        for tag in _TAG_SPLIT.split(normalise_space(value or "")):
            tag = tag.strip()
            if tag and tag not in out:
                out.append(tag)
    return out


def clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    value = normalise_space(value)
    return value or None


def find_byline(tree: etree._Element) -> str | None:
    """The first short text the page marks as its author, outside comment threads."""
    for elem in _BYLINE_XPATH(tree):
        if _NOT_BYLINE.search(elem.get("class", "") + " " + elem.get("id", "")):
            continue
        if any(
            _NOT_BYLINE.search(a.get("class", "") + " " + a.get("id", ""))
            for a in elem.iterancestors()
        ):
            continue
        # Children joined by a space: "<b>Ann Lee</b><span>Reuters</span>" is two strings.
        text = _BY_PREFIX.sub("", normalise_space(" ".join(elem.itertext())))
        text = _BYLINE_END.sub("", text).strip(" .,:-|")
        if (
            text
            and len(text) <= _BYLINE_MAX
            and len(text.split()) <= _BYLINE_MAX_WORDS
            and any(ch.isalpha() for ch in text)
        ):
            return text
    return None


def published_date(found: str | None, hint: str | None) -> str | None:
    """The date found in the page, else the input's date hint, as ISO YYYY-MM-DD."""
    return normalise_date(found) or normalise_date(hint)


def image_credit(tree: etree._Element) -> str | None:
    """The first short credit line inside one of the page's first figures, if it marks one."""
    for n, figure in enumerate(tree.iter("figure")):
        if n >= _MAX_FIGURES:
            break
        for elem in _CREDIT_XPATH(figure):
            text = normalise_space(elem.text_content())
            if text and len(text) <= _CREDIT_MAX:
                return text
    return None
