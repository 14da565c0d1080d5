"""Trafilatura's metadata -> our Metadata fields (lists split, dates normalised, no guesses)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from corpus_builder.extract.dates import normalise_date
from corpus_builder.extract.html_blocks import normalise_space

# Author strings join several names with these; "and" only as a word.
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\||\s&\s|\band\b)\s*", re.IGNORECASE)
_BY_PREFIX = re.compile(r"^(?:by|von|par|por|di|door)\s+", re.IGNORECASE)
_TAG_SPLIT = re.compile(r"\s*[,;|]\s*")
# Image credits: a caption element whose class or name says "credit", at most this long.
_CREDIT_XPATH = etree.XPath(
    "(//figure//*[contains(translate(@class, 'CREDIT', 'credit'), 'credit')]"
    " | //*[contains(translate(@class, 'CREDIT', 'credit'), 'image-credit')"
    " or contains(translate(@class, 'CREDIT', 'credit'), 'photo-credit')])[position() <= 3]"
)
_CREDIT_MAX = 150


def split_authors(value: str | None) -> list[str]:
    """'By Ann Lee, Bo Ng and Cy Oh' -> ['Ann Lee', 'Bo Ng', 'Cy Oh'] (order kept, no dupes)."""
    if not value:
        return []
    names: list[str] = []
    for part in _AUTHOR_SPLIT.split(normalise_space(value)):
        name = _BY_PREFIX.sub("", part.strip(" .:-")).strip()
        if name and any(ch.isalpha() for ch in name) and name not in names:
            names.append(name)
    return names


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


def published_date(found: str | None, hint: str | None) -> str | None:
    """The date found in the page, else the input's date hint, as ISO YYYY-MM-DD."""
    return normalise_date(found) or normalise_date(hint)


def image_credit(tree: etree._Element) -> str | None:
    """The first short credit line attached to a figure, if the page marks one."""
    for elem in _CREDIT_XPATH(tree):
        text = normalise_space(elem.text_content())
        if text and len(text) <= _CREDIT_MAX:
            return text
    return None
