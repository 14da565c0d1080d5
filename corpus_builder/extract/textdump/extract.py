"""Text-dump extraction: rendered page text -> Document (body paragraphs + metadata).

The body is found by generic line scoring (`body.py`); metadata by generic patterns
(`metadata.py`); a matching site profile (`profiles.py`) only adds labels (site name,
topics, tags, section, site promos); a learned site template (`template.py`) marks
the lines the site repeats on every page as boilerplate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus_builder import __version__
from corpus_builder.extract.page_url import url_host
from corpus_builder.extract.textdump.body import Body, find_body, is_date_stamp, is_prose
from corpus_builder.extract.textdump.lines import Line, normalise, split_lines
from corpus_builder.extract.textdump.metadata import (
    find_title,
    image_credit,
    parse_byline,
    parse_date,
)
from corpus_builder.extract.textdump.patterns import TIME_RE
from corpus_builder.extract.textdump.profiles import Profile, match_profile, read_labels
from corpus_builder.extract.textdump.template import SiteTemplate
from corpus_builder.types import Document, Metadata, RawPage

EXTRACTOR = f"corpus_builder.textdump=={__version__}"
META_MAX_CHARS = 160
META_LEAD_RE = re.compile(r"(posted |written |published |updated )?(by|on)\b", re.IGNORECASE)
LEAD_METADATA_WINDOW = 4  # body lines searched for a byline/date that opens the article
CREDIT_WINDOW = 20  # lines above the title searched for the lead image's credit


def _is_meta_line(text: str) -> bool:
    """A byline or date stamp, including the long "By X | date - Updated date" kind."""
    if parse_byline(text) or is_date_stamp(text):
        return True
    if len(text) > META_MAX_CHARS or text.endswith("."):
        return False
    return bool(META_LEAD_RE.match(text)) and (
        parse_date(text) is not None or bool(TIME_RE.search(text))
    )


def _trim_lead(lines: Sequence[Line], kept: list[int]) -> tuple[list[int], list[int]]:
    """Split off the lines before a byline/date stamp that opens the article.

    The standfirst is often a sentence too, so it joins the body run; a byline
    right after it marks where the article really starts.
    """
    window = kept[:LEAD_METADATA_WINDOW]
    cut = None
    for pos, i in enumerate(window):
        if _is_meta_line(lines[i].text):
            cut = pos
    if cut is None or cut == len(kept) - 1:
        return [], kept
    return kept[:cut], kept[cut + 1 :]


def _metadata(
    lines: Sequence[Line],
    body: Body,
    lead: list[int],
    page: RawPage,
    profile: Profile | None,
) -> Metadata:
    meta = Metadata()
    first_body = body.kept[0] if body.kept else body.start
    title_at = find_title(lines, body.start)
    if title_at is not None:
        meta.title = lines[title_at].text
    header_from = title_at + 1 if title_at is not None else max(0, body.start - 6)
    header = list(range(header_from, body.start)) + lead
    header_set = set(header)
    for i in header:
        text = lines[i].text
        if meta.byline is None and (b := parse_byline(text)):
            meta.byline, meta.authors = b.text, list(b.authors)
        elif (
            meta.subtitle is None
            and title_at is not None
            and is_prose(lines[i])
            and normalise(text) != normalise(meta.title or "")
        ):
            meta.subtitle = text
    if meta.byline is None:
        for i in range(body.start, min(first_body + 2, len(lines))):
            if b := parse_byline(lines[i].text):
                meta.byline, meta.authors = b.text, list(b.authors)
                break
    credit_from = max(0, (title_at if title_at is not None else body.start) - CREDIT_WINDOW)
    for i in range(credit_from, body.end):
        if credit := image_credit(lines[i].text):
            meta.image_credit = credit
            break
    meta.published_date = page.date
    if meta.published_date is None:
        for i in sorted(header_set):
            if is_date_stamp(lines[i].text) and (d := parse_date(lines[i].text)):
                meta.published_date = d
                break
    if profile is not None:
        meta.site_name = profile.site_name
        labels = read_labels(lines, profile)
        meta.topics = labels.get("topics", [])
        meta.tags = labels.get("tags", [])
        meta.section = (labels.get("section") or [None])[0]
    return meta


# Share of the template-free body that must survive the site template for it to apply.
TEMPLATE_MIN_KEEP = 0.5


def _chars(lines: Sequence[Line], kept: Sequence[int]) -> int:
    return sum(len(lines[i].text) for i in kept)


def extract_textdump(
    page: RawPage,
    template: SiteTemplate | None = None,
    profiles: Sequence[Profile] | None = None,
) -> Document:
    """Extract body and metadata from a text-dump page (content after the date header).

    Returns a Document whose `text` is empty when no body was found; the caller
    (`corpus_builder.extract.extract`) turns that into a `no_body` reject.
    `profiles` replaces the packaged site profiles (an empty tuple: no profiles).
    """
    from corpus_builder.extract import derive_id  # the package imports this module

    lines = split_lines(page.content)
    profile = match_profile(lines, page.url, profiles)
    promo = profile.promo_re if profile is not None else None
    body = find_body(lines, boilerplate=lambda _t: False, extra_promo=promo)
    if template is not None:
        templated = find_body(lines, boilerplate=template.is_boilerplate, extra_promo=promo)
        # When the same article recurs in a build (a re-crawl, a second rendering), its own
        # lines "recur across the site" and the template would erase it. Real boilerplate is
        # a small part of a body, so a template that removes most of it is not applied.
        if _chars(lines, templated.kept) >= TEMPLATE_MIN_KEEP * _chars(lines, body.kept):
            body = templated
    lead, kept = _trim_lead(lines, list(body.kept))
    meta = _metadata(lines, body, lead, page, profile)
    paragraphs = [lines[i].text for i in kept]
    text, spans = Document.join(paragraphs)
    site = url_host(page.url) or (profile.site if profile is not None else None)
    return Document(
        id=derive_id(page),
        source=page.source,
        site=site,
        metadata=meta,
        text=text,
        paragraphs=spans,
        extractor=EXTRACTOR,
    )
