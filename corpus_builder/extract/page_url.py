"""The URL an HTML page declares for itself: <link rel="canonical">, else og:url.

Saved pages and HTML files lose the address they were fetched from, but nearly every article
page states it in its <head>. It fills `source.uri`, the record id (`url-<sha256>`) and the site
when the input gives no URL. Only an absolute http(s) URL is taken: a relative one would need
the very address that is missing.

`url_host` (the site key every path uses) lives here too: both the HTML and the text-dump path
name a page's site by its host.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from urllib.parse import urlsplit

from lxml import etree

from corpus_builder.types import RawPage

_CANONICAL = etree.XPath(
    "/html/head/link[contains(concat(' ', normalize-space(translate(@rel,"
    " 'CANONICAL', 'canonical')), ' '), ' canonical ')]/@href"
)
_OG_URL = etree.XPath("/html/head/meta[@property='og:url' or @name='og:url']/@content")
# The raw-text reading, for pages not parsed yet: tags in the head only.
_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
_TAG = re.compile(r"<(?:link|meta)\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_ABSOLUTE = re.compile(r"^https?://[^\s/]+\.[^\s/]+", re.IGNORECASE)
_HEAD_MAX = 200_000  # characters searched when the page never closes its head


def _absolute(value: str | None) -> str | None:
    if not value:
        return None
    value = html.unescape(value).strip()
    return value if _ABSOLUTE.match(value) else None


def declared_url(tree: etree._Element) -> str | None:
    """The page's canonical URL, else its og:url, from a parsed tree."""
    for xpath in (_CANONICAL, _OG_URL):
        for value in xpath(tree):
            url = _absolute(str(value))
            if url:
                return url
    return None


def declared_url_in_text(content: str) -> str | None:
    """`declared_url` read from the raw HTML's head, without parsing the page."""
    end = _HEAD_END.search(content, 0, _HEAD_MAX)
    head = content[: end.start() if end else _HEAD_MAX]
    canonical = og = None
    for tag in _TAG.finditer(head):
        attrs = {
            m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
            for m in _ATTR.finditer(tag.group(0))
        }
        if canonical is None and "canonical" in attrs.get("rel", "").lower().split():
            canonical = _absolute(attrs.get("href"))
        elif og is None and "og:url" in (attrs.get("property"), attrs.get("name")):
            og = _absolute(attrs.get("content"))
    return canonical or og


def with_declared_url(page: RawPage) -> RawPage:
    """`page` with the URL its HTML declares, when the input gave none."""
    if page.url or page.kind != "html":
        return page
    url = declared_url_in_text(page.content)
    if url is None:
        return page
    source = page.source if page.source.uri else replace(page.source, uri=url)
    return replace(page, url=url, source=source)


def url_host(url: str | None) -> str | None:
    """Lower-case host of `url` without a leading "www.", or None."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


__all__ = ["declared_url", "declared_url_in_text", "url_host", "with_declared_url"]
