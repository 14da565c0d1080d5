"""Site profiles are data: they load, match by host or marker lines, and add labels only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_builder.extract.textdump.lines import split_lines
from corpus_builder.extract.textdump.profiles import (
    PROFILE_DIR,
    load_profiles,
    match_profile,
    read_labels,
)
from corpus_builder.readers.textdump import split_header

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "raw" / "diplomat-2019-09-10.txt"
DUMPS = Path(__file__).resolve().parent / "fixtures" / "textdumps"


def seed_lines():
    _date, content = split_header(SEED.read_text(encoding="utf-8"))
    return split_lines(content)


def test_packaged_profiles_load() -> None:
    profiles = load_profiles()
    assert profiles, f"no profiles in {PROFILE_DIR}"
    assert len({p.site for p in profiles}) == len(profiles)


def test_match_by_url_host() -> None:
    profile = match_profile([], "https://www.thediplomat.com/2019/09/x/")
    assert profile is not None and profile.site_name == "The Diplomat"
    assert match_profile([], "https://example.org/x") is None


def test_match_by_marker_lines() -> None:
    profile = match_profile(seed_lines(), None)
    assert profile is not None and profile.site == "thediplomat.com"
    harbour = split_lines((DUMPS / "harbour-gazette-2021-03-12.txt").read_text(encoding="utf-8"))
    assert match_profile(harbour, None) is None
    assert match_profile(harbour, None, load_profiles(DUMPS / "profiles")) is not None


def test_labels_from_the_seed() -> None:
    profile = match_profile(seed_lines(), None)
    labels = read_labels(seed_lines(), profile)
    assert labels["topics"] == ["Trans-Pacific View", "Diplomacy", "East Asia", "North Korea"]
    assert labels["tags"] == ["Kim Jong-un", "Kim-Trump Summit", "US-North Korea diplomacy"]
    assert labels["section"] == ["Trans-Pacific View"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"site_name": "x"}, "non-empty 'site'"),
        ({"site": "a", "colour": "red"}, "unknown profile keys"),
        ({"site": "a", "promo_lines": ["("]}, "bad promo_lines regex"),
        ({"site": "a", "label_sections": {"authors": "By"}}, "label_sections"),
        ({"site": "a", "hosts": "a.com"}, "'hosts' must be a list"),
    ],
)
def test_bad_profiles_are_named(tmp_path: Path, data: dict, message: str) -> None:
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        load_profiles(tmp_path)
    assert "bad.json" in str(err.value)


def test_no_site_names_in_extraction_code() -> None:
    # site knowledge lives in profile data files, never in code branches
    code = REPO / "corpus_builder" / "extract"
    names = {p.site.split(".")[0].lower() for p in load_profiles()}
    for path in sorted(code.glob("*.py")):
        if path.name.startswith("html"):
            continue  # another engineer's module
        source = path.read_text(encoding="utf-8").lower()
        for name in names:
            assert name not in source, f"{path.name} mentions site {name!r}"
