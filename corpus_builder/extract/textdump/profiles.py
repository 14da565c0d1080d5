"""Site profiles: per-site metadata labels kept as JSON data in `corpus_builder/profiles/`.

A profile never decides where the body is; it only adds what generic rules cannot
know: the site's name, which heading lines label topic/tag lists, which heading
gives the section, and site-specific promo lines. A profile matches a page by the
URL host, or, when there is no URL, by enough of its recurring marker lines.

Profile file fields (all but `site` optional):
  site            id used as `Document.site` when the page has no URL
  site_name       publication name
  hosts           host names (subdomains match too)
  marker_lines    lines the site prints on every page (menu/footer headings)
  min_markers     how many marker lines must be present to match without a URL
  label_sections  {"topics"|"tags"|"section": heading line}
  section_from    "topics" / "tags": the section is the first label of that list
  promo_lines     extra regexes of whole lines that are promos on this site
  end_markers     extra heading lines that end a label list
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus_builder.extract.page_url import url_host
from corpus_builder.extract.textdump.lines import Line, normalise

PROFILE_DIR = Path(__file__).resolve().parents[2] / "profiles"
LABEL_FIELDS = ("topics", "tags", "section")
MAX_LABELS = 40
LABEL_MAX_WORDS = 8
_KNOWN_KEYS = {
    "site",
    "site_name",
    "hosts",
    "marker_lines",
    "min_markers",
    "label_sections",
    "section_from",
    "promo_lines",
    "end_markers",
    "description",
}


@dataclass(frozen=True)
class Profile:
    site: str
    site_name: str | None = None
    hosts: tuple[str, ...] = ()
    marker_lines: tuple[str, ...] = ()
    min_markers: int = 3
    label_sections: tuple[tuple[str, str], ...] = ()  # (field, heading), sorted
    section_from: str | None = None
    promo_lines: tuple[str, ...] = ()
    end_markers: tuple[str, ...] = ()

    @functools.cached_property
    def promo_re(self) -> re.Pattern[str] | None:
        if not self.promo_lines:
            return None
        return re.compile("|".join(f"(?:{p})" for p in self.promo_lines), re.IGNORECASE)


def profile_from_dict(data: dict, origin: str) -> Profile:
    """Build a Profile, with an error naming `origin` when the data is malformed."""
    if not isinstance(data, dict) or not isinstance(data.get("site"), str) or not data["site"]:
        raise ValueError(f"{origin}: a profile must be a JSON object with a non-empty 'site'")
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise ValueError(f"{origin}: unknown profile keys {unknown}")
    labels = data.get("label_sections", {})
    if not isinstance(labels, dict) or any(k not in LABEL_FIELDS for k in labels):
        raise ValueError(f"{origin}: label_sections keys must be among {LABEL_FIELDS}")
    section_from = data.get("section_from")
    if section_from not in (None, "topics", "tags"):
        raise ValueError(f"{origin}: section_from must be 'topics' or 'tags'")

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{origin}: {key!r} must be a list of strings")
        return tuple(value)

    promo = strings("promo_lines")
    for p in promo:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"{origin}: bad promo_lines regex {p!r}: {exc}") from exc
    return Profile(
        site=data["site"],
        site_name=data.get("site_name"),
        hosts=tuple(h.lower() for h in strings("hosts")),
        marker_lines=strings("marker_lines"),
        min_markers=int(data.get("min_markers", 3)),
        label_sections=tuple(sorted((k, str(v)) for k, v in labels.items())),
        section_from=section_from,
        promo_lines=promo,
        end_markers=strings("end_markers"),
    )


def load_profiles(directory: Path | str = PROFILE_DIR) -> tuple[Profile, ...]:
    """Every `*.json` profile in `directory`, in file-name order."""
    out = []
    for path in sorted(Path(directory).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not valid JSON: {exc}") from exc
        out.append(profile_from_dict(data, str(path)))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def default_profiles() -> tuple[Profile, ...]:
    return load_profiles(PROFILE_DIR)


def _texts(lines: Iterable[Line | str]) -> list[str]:
    return [line.text if isinstance(line, Line) else str(line) for line in lines]


def match_profile(
    lines: Iterable[Line | str],
    url: str | None,
    profiles: Sequence[Profile] | None = None,
) -> Profile | None:
    """The profile of the page's site: by URL host first, else by its marker lines."""
    profiles = default_profiles() if profiles is None else profiles
    host = url_host(url)
    if host:
        for p in profiles:
            if any(host == h or host.endswith("." + h) for h in p.hosts):
                return p
    present = {normalise(t) for t in _texts(lines)}
    best: tuple[int, Profile] | None = None
    for p in profiles:
        if not p.marker_lines:
            continue
        hits = sum(normalise(m) in present for m in p.marker_lines)
        if hits >= p.min_markers and (best is None or hits > best[0]):
            best = (hits, p)
    return best[1] if best else None


def read_labels(lines: Sequence[Line], profile: Profile) -> dict[str, list[str]]:
    """Label lists (topics, tags, section) printed under the profile's headings."""
    headings = {normalise(h): f for f, h in profile.label_sections}
    stops = set(headings) | {normalise(m) for m in (*profile.end_markers, *profile.marker_lines)}
    out: dict[str, list[str]] = {}
    i = 0
    while i < len(lines):
        field = headings.get(normalise(lines[i].text))
        if field is None or field in out:
            i += 1
            continue
        items: list[str] = []
        j = i + 1
        while j < len(lines) and len(items) < MAX_LABELS:
            line = lines[j]
            if normalise(line.text) in stops or line.words > LABEL_MAX_WORDS:
                break
            if items and line.blank_before and not line.bullet:
                break
            items.append(line.text)
            j += 1
        out[field] = items
        i = j
    if profile.section_from and "section" not in out and out.get(profile.section_from):
        out["section"] = out[profile.section_from][:1]
    return out
