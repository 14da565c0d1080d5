"""Extraction stage: RawPage -> Document (body paragraphs + metadata).

`extract(page, templates)` dispatches on `page.kind`: text dumps go to
`textdump.extract.extract_textdump`, HTML to `html.extract.extract_html`, given paragraphs are taken
as they are. It then fills in the language and rejects pages without a body.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from corpus_builder import __version__
from corpus_builder.errors import InputError
from corpus_builder.types import Document, Metadata, RawPage

__all__ = ["canonical_url", "derive_id", "extract"]

PARAGRAPHS_EXTRACTOR = f"corpus_builder.paragraphs=={__version__}"


def canonical_url(url: str) -> str:
    """`url` with scheme and host lower-cased, default port and fragment dropped."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = host + (f":{port}" if port else "")
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def derive_id(page: RawPage) -> str:
    """The record id: given by the input, else from the canonical URL, else the bytes hash."""
    if page.id:
        return page.id
    if page.url:
        try:
            canon = canonical_url(page.url)
        except ValueError:
            canon = page.url.strip()
        return "url-" + hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]
    return "sha-" + page.source.sha256[:16]


def _from_paragraphs(page: RawPage) -> Document:
    paragraphs = [p.strip() for p in (page.paragraphs or ()) if p and p.strip()]
    text, spans = Document.join(paragraphs)
    from corpus_builder.extract.page_url import url_host

    return Document(
        id=derive_id(page),
        source=page.source,
        site=url_host(page.url),
        metadata=Metadata(published_date=page.date),
        text=text,
        paragraphs=spans,
        extractor=PARAGRAPHS_EXTRACTOR,
    )


def extract(
    page: RawPage,
    templates: Mapping[str, object] | None = None,
    keep_non_articles: bool = False,
) -> Document:
    """Extract one page; raises InputError("no_body") when it holds no article body, and
    InputError("not_article") when the page is not an article (a listing, a table, an error or
    login page, video only, too short), unless `keep_non_articles`.

    `templates` maps site keys to `SiteTemplate`s learned over the build
    (`template.TemplateStats.templates`); only text dumps use them.
    """
    from corpus_builder.extract.page_url import with_declared_url

    page = with_declared_url(page)
    tree = None  # the HTML parsed once, for the body and the page-type check
    if page.kind == "textdump":
        from corpus_builder.extract.textdump.extract import extract_textdump
        from corpus_builder.extract.textdump.template import page_site_key

        template = templates.get(page_site_key(page)) if templates else None
        doc = extract_textdump(page, template)  # type: ignore[arg-type]
    elif page.kind == "html":
        from corpus_builder.extract.html.extract import extract_html
        from corpus_builder.extract.html.parse import parse_html

        tree = parse_html(page.content)
        doc = extract_html(page, tree)
    elif page.kind == "paragraphs":
        doc = _from_paragraphs(page)
    else:
        raise ValueError(f"{page.source.path}: unknown page kind {page.kind!r}")
    if not doc.text.strip():
        raise InputError("no_body", f"{page.source.path}: no article body found in the page")
    if not keep_non_articles:
        from corpus_builder.extract.page_type import reject_non_article

        reject_non_article(page, doc, tree)
    if doc.metadata.language is None:
        from corpus_builder.extract.language import detect_language

        doc.metadata.language = detect_language(doc.text)
    return doc
