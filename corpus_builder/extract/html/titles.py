"""Headline without the site name: "Headline - WELT" -> "Headline" (the site stays in site_name).

Pages append or prepend their name to <title> and often og:title, joined by a separator
("|", "-", "–", "—", "·", "•", "»", ":", "::", "/"). A segment at either end is dropped when
it names the site: it equals the declared site name (og:site_name, application-name, JSON-LD
publisher), one of the host's labels ("welt" for www.welt.de), a host written out
("spiegel.de"), or it is what the page's other titles (og:title, <title>, the one <h1>) do not
share. The headline itself is never cut inside: only whole end segments go, and at least one
segment always stays.

`displayed_headline` then prefers the page's own displayed headline (an <h1>) when it agrees
with the declared title: the declared one often carries a kicker ("Klimaschutz: Headline") or an
SEO rewording, the <h1> is what the reader sees. Agreement: the <h1>'s words are a large part of
the declared title's (a strict subset, at least `_SUBSET_SHARE` of its words), or the two share
enough words (bag-of-words F1 at least `_AGREE_F1`) without the <h1> merely adding to it. An
<h1> with the same words (only quotes or case differ), one that names the site, or one that says
more than the declared title keeps the declared title. Thresholds fitted on trafilatura-eval,
checked on wcxb-dev (the same values win there).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from corpus_builder.extract.dates import normalise_date

# A separator is surrounded by spaces; a hyphen inside a word ("Covid-19") is not one.
_SEPARATOR = re.compile(r"\s+(?:[|│｜\-–—·•»«›‹/~⋆*]|::|:)\s+|(?<=\w):\s+")
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "&": "and"})
_GENERIC_LABELS = frozenset({"www", "m", "amp", "com", "net", "org", "co", "news", "blog"})
# A segment this long is a headline, not a site name, even if it contains the site's name.
_SITE_MAX_WORDS = 6
_MIN_KEY = 3
_MIN_PREFIX = 5
_PREFIX_REST = 12  # characters after the site's name: "Österreichs", "Newsroom"
_WORD = re.compile(r"\w+")
_SUBSET_SHARE = 0.3
_AGREE_F1 = 0.4
_HEADLINE_MAX = 300
_HEADLINES_READ = 3
_DAY_WORDS = 4  # "Tuesday, 10 September 2019"


def _key(text: str) -> str:
    """Letters and digits only, casefolded, umlauts spelled out, accents dropped."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


def host_keys(host: str | None) -> set[str]:
    """Keys a site segment may match: "www.boersen-zeitung.de" -> {"boersenzeitung",
    "boersenzeitungde"}."""
    if not host:
        return set()
    labels = [lb for lb in host.lower().split(".") if lb]
    keys = {_key(".".join(labels[i:])) for i in range(len(labels) - 1)}
    keys |= {_key(lb) for lb in labels[:-1] if lb not in _GENERIC_LABELS}
    return {k for k in keys if len(k) >= _MIN_KEY}


def _names_site(segment: str, site_keys: set[str]) -> bool:
    if len(segment.split()) > _SITE_MAX_WORDS:
        return False
    key = _key(segment)
    if len(key) < _MIN_KEY:
        return False
    if key in site_keys:
        return True
    # "The Washington Post" vs site name "Washington Post", "WELT" vs "DIE WELT": one contains
    # the other and the shorter is most of the longer.
    for site in site_keys:
        short, long_ = sorted((key, site), key=len)
        if short in long_ and len(short) >= 0.6 * len(long_):
            return True
        # "Piratenpartei Österreichs" on piratenpartei.at: a short segment led by the site's name.
        if (
            len(site) >= _MIN_PREFIX
            and key.startswith(site)
            and len(key) - len(site) <= _PREFIX_REST
            and len(segment.split()) <= 3
        ):
            return True
    return False


def _is_day(segment: str) -> bool:
    return len(segment.split()) <= _DAY_WORDS and normalise_date(segment) is not None


def split_segments(title: str) -> list[str]:
    return [s.strip() for s in _SEPARATOR.split(title) if s.strip()]


def strip_site_name(
    title: str | None,
    site_names: Iterable[str | None] = (),
    host: str | None = None,
    other_titles: Iterable[str | None] = (),
) -> str | None:
    """`title` without leading/trailing segments that name the site."""
    if not title:
        return title
    segments = split_segments(title)
    dated = len(segments)
    while len(segments) > 1 and _is_day(segments[0]):
        segments = segments[1:]  # "23.01.2022 - Headline": the day, not the headline
    while len(segments) > 1 and _is_day(segments[-1]):
        segments = segments[:-1]
    dated -= len(segments)
    if len(segments) < 2:
        return _rejoin(title, segments, 0, 1) if dated else title
    site_keys = host_keys(host) | {_key(s) for s in site_names if s and _key(s)}
    site_keys = {k for k in site_keys if len(k) >= _MIN_KEY}
    start, end = 0, len(segments)
    while end - start > 1 and _names_site(segments[end - 1], site_keys):
        end -= 1
    while end - start > 1 and _names_site(segments[start], site_keys):
        start += 1
    if (start, end) == (0, len(segments)):
        shared = _shared_run(segments, other_titles)
        if shared is not None:
            start, end = shared
    if (start, end) == (0, len(segments)) and not dated:
        return title
    # Re-join the kept segments with the separators the title had between them.
    kept = _rejoin(title, segments, start, end)
    return kept or title


def _shared_run(segments: list[str], others: Iterable[str | None]) -> tuple[int, int] | None:
    """The end-anchored run of segments another title of the page equals, if any (the <h1>
    says "Headline" where <title> says "Headline | Section | Site")."""
    keys = [_key(s) for s in segments]
    for other in others:
        if not other:
            continue
        target = _key(other)
        if not target:
            continue
        n = len(segments)
        for start in range(n):
            for end in range(n, start, -1):
                if (start, end) == (0, n):
                    continue
                if (start == 0 or end == n) and "".join(keys[start:end]) == target:
                    return start, end
    return None


def _rejoin(title: str, segments: list[str], start: int, end: int) -> str:
    first = title.find(segments[start])
    last_at = first
    for seg in segments[start + 1 : end]:
        last_at = title.find(seg, last_at + 1)
    stop = last_at + len(segments[end - 1]) if end - start > 1 else first + len(segments[start])
    return title[first:stop].strip()


def _title_words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _is_last_short(headline: str, title: str) -> bool:
    """The <h1> is the declared title's last segment, shorter than the rest: the site's name in
    its logo heading ("Headline :: Site" with <h1>Site</h1>)."""
    segments = split_segments(title)
    if len(segments) < 2 or _key(segments[-1]) != _key(headline):
        return False
    return len(segments[-1].split()) < len(" ".join(segments[:-1]).split())


def displayed_headline(
    title: str | None,
    headlines: Iterable[str],
    site_names: Iterable[str | None] = (),
    host: str | None = None,
) -> str | None:
    """The <h1> among `headlines` (the page's first ones) that agrees best with `title`, else
    `title` (see the module docstring)."""
    if not title:
        return title
    site_keys = {_key(s) for s in site_names if s and len(_key(s)) >= _MIN_KEY}
    site_keys |= host_keys(host)
    declared = _title_words(title)
    declared_set = set(declared)
    best: tuple[float, str] | None = None
    for n, headline in enumerate(headlines):
        if n >= _HEADLINES_READ:
            break
        words = _title_words(headline)
        if not words or len(headline) > _HEADLINE_MAX or words == declared:
            continue
        shown = set(words)
        if declared_set <= shown or _key(headline) in site_keys or _is_last_short(headline, title):
            continue
        common = sum(min(words.count(w), declared.count(w)) for w in shown)
        f1 = 2 * common / (len(words) + len(declared))
        subset = shown < declared_set and len(words) >= _SUBSET_SHARE * len(declared)
        if (subset or f1 >= _AGREE_F1) and (best is None or f1 > best[0]):
            best = (f1, headline)
    return best[1] if best else title


__all__ = ["displayed_headline", "host_keys", "split_segments", "strip_site_name"]
