"""Seed-style plain-text page dumps: a ` date YYYY-MM-DD ` (or ` date unknown `) header,
then the rendered page text."""

from __future__ import annotations

import re

from ..types import RawPage, Source

_HEADER = re.compile(r"^\ufeff?\s?date (\d{4}-\d{2}-\d{2}|unknown) ?")


def split_header(content: str) -> tuple[str | None, str]:
    """(ISO date or None, page text without the header)."""
    match = _HEADER.match(content)
    if not match:
        return None, content
    date = None if match.group(1) == "unknown" else match.group(1)
    return date, content[match.end() :]


def has_header(content: str) -> bool:
    return _HEADER.match(content) is not None


def textdump_page(
    content: str,
    source: Source,
    url: str | None = None,
    page_id: str | None = None,
    date: str | None = None,
) -> RawPage:
    header_date, body = split_header(content)
    return RawPage(
        source=source,
        content=body,
        kind="textdump",
        id=page_id,
        url=url,
        date=date or header_date,
    )
