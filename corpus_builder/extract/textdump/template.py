"""Cross-page template learning: lines a site prints on most of its pages are boilerplate.

Two passes, both shardable:
  1. `template_stats(pages)` on each shard counts, per site, on how many pages each
     normalised line occurs (once per page). `TemplateStats.merge` adds shard results;
     merging is associative and commutative, so any reduction order gives the same stats.
  2. `stats.templates(min_pages=...)` turns the counts into one `SiteTemplate` per site
     with enough pages; `extract_textdump(page, template)` treats its lines as boilerplate.

Sites are keyed by URL host, else by the matched profile, else by a hash of the page's
first lines (pages of one site without URLs still share their header).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from corpus_builder.extract.page_url import url_host
from corpus_builder.extract.textdump.lines import Line, line_hash, normalise, split_lines
from corpus_builder.extract.textdump.profiles import Profile, match_profile
from corpus_builder.types import RawPage

HEADER_LINES = 6  # first lines hashed into the site key of a page without URL or profile
HEADER_SCAN = 30
_DIGIT = re.compile(r"\d")
DEFAULT_MIN_PAGES = 3
DEFAULT_MIN_SHARE = 0.5


def site_key(url: str | None, lines: list[Line], profile: Profile | None) -> str:
    """Which site a page belongs to, for grouping pages across a build."""
    host = url_host(url)
    if host:
        return host
    if profile is not None:
        return profile.site
    # digits change from page to page (dates, tickers, counters): skip such lines
    stable = [normalise(line.text) for line in lines[:HEADER_SCAN] if not _DIGIT.search(line.text)]
    head = "\n".join(stable[:HEADER_LINES])
    return "header-" + hashlib.sha256(head.encode("utf-8")).hexdigest()[:16]


def page_site_key(page: RawPage) -> str:
    lines = split_lines(page.content)
    return site_key(page.url, lines, match_profile(lines, page.url))


@dataclass(frozen=True)
class SiteTemplate:
    """The boilerplate lines of one site (as normalised-line hashes)."""

    site: str
    pages: int
    hashes: frozenset[str]

    def is_boilerplate(self, text: str) -> bool:
        return line_hash(text) in self.hashes

    def to_dict(self) -> dict:
        return {"site": self.site, "pages": self.pages, "hashes": sorted(self.hashes)}

    @staticmethod
    def from_dict(data: Mapping) -> SiteTemplate:
        return SiteTemplate(str(data["site"]), int(data["pages"]), frozenset(data["hashes"]))


@dataclass
class TemplateStats:
    """Per site: number of pages, and on how many pages each line hash occurs."""

    pages: dict[str, int] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add_page(self, site: str, hashes: Iterable[str]) -> None:
        self.pages[site] = self.pages.get(site, 0) + 1
        site_counts = self.counts.setdefault(site, {})
        for h in sorted(set(hashes)):
            site_counts[h] = site_counts.get(h, 0) + 1

    def merge(self, other: TemplateStats) -> TemplateStats:
        """A new TemplateStats holding both (neither input is changed)."""
        out = TemplateStats()
        for src in (self, other):
            for site in sorted(src.pages):
                out.pages[site] = out.pages.get(site, 0) + src.pages[site]
            for site in sorted(src.counts):
                dst = out.counts.setdefault(site, {})
                for h, n in sorted(src.counts[site].items()):
                    dst[h] = dst.get(h, 0) + n
        return out

    def templates(
        self, min_pages: int = DEFAULT_MIN_PAGES, min_share: float = DEFAULT_MIN_SHARE
    ) -> dict[str, SiteTemplate]:
        """A template for every site with at least `min_pages` pages.

        A line is boilerplate when it occurs on at least `min_share` of the site's
        pages and on at least two of them.
        """
        out: dict[str, SiteTemplate] = {}
        for site in sorted(self.pages):
            n = self.pages[site]
            if n < max(2, min_pages):
                continue
            need = max(2, math.ceil(min_share * n))
            hashes = frozenset(h for h, c in self.counts.get(site, {}).items() if c >= need)
            out[site] = SiteTemplate(site=site, pages=n, hashes=hashes)
        return out


def template_stats(pages: Iterable[RawPage]) -> TemplateStats:
    """Pass 1 over one shard: line counts per site of the text-dump pages."""
    stats = TemplateStats()
    for page in pages:
        if page.kind != "textdump":
            continue
        lines = split_lines(page.content)
        key = site_key(page.url, lines, match_profile(lines, page.url))
        stats.add_page(key, (line_hash(line.text) for line in lines))
    return stats


def learn_templates(
    pages: Iterable[RawPage], min_pages: int = DEFAULT_MIN_PAGES
) -> dict[str, SiteTemplate]:
    """Both passes in one process (for a single shard or small builds)."""
    return template_stats(pages).templates(min_pages=min_pages)
