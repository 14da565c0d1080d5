"""Text-dump extraction: the seed page exactly, a page of another layout, metadata
patterns, the extract() dispatcher, ids, and inputs that must not crash it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

import pytest

from corpus_builder import __version__
from corpus_builder.errors import InputError
from corpus_builder.extract import derive_id, extract
from corpus_builder.extract.textdump.extract import extract_textdump
from corpus_builder.extract.textdump.metadata import parse_byline, parse_date
from corpus_builder.extract.textdump.profiles import load_profiles
from corpus_builder.readers.textdump import textdump_page
from corpus_builder.types import RawPage, Source

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = REPO / "data" / "raw" / "diplomat-2019-09-10.txt"
SEED_EXPECTED = FIXTURES / "diplomat-2019-09-10.expected.json"
DUMPS = FIXTURES / "textdumps"
HARBOUR = DUMPS / "harbour-gazette-2021-03-12.txt"


def page_from(path: Path, url: str | None = None) -> RawPage:
    raw = path.read_bytes()
    source = Source(path.name, "textdump", hashlib.sha256(raw).hexdigest())
    return textdump_page(raw.decode("utf-8"), source, url=url)


def text_page(content: str, **kw) -> RawPage:
    source = Source("mem.txt", "textdump", hashlib.sha256(content.encode()).hexdigest())
    return RawPage(source=source, content=content, kind="textdump", **kw)


def paragraphs(doc) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.paragraphs]


# -- the seed page -------------------------------------------------------------------


def test_seed_matches_expected_exactly() -> None:
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    doc = extract(page_from(SEED))
    assert asdict(doc.metadata) == expected["metadata"]
    assert paragraphs(doc) == expected["paragraphs"]
    for banned in expected["must_not_appear_in_paragraphs"]:
        assert banned not in doc.text
    assert doc.extractor == f"corpus_builder.textdump=={__version__}"
    assert doc.site == "thediplomat.com"  # no URL: the matched profile's site id
    assert doc.id == "sha-" + doc.source.sha256[:16]


def test_seed_body_needs_no_profile() -> None:
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    doc = extract_textdump(page_from(SEED), profiles=())
    assert paragraphs(doc) == expected["paragraphs"]
    meta = doc.metadata
    # generic metadata still found; the profile-only labels are unknown, not guessed
    assert meta.title == expected["metadata"]["title"]
    assert meta.subtitle == expected["metadata"]["subtitle"]
    assert meta.byline == "By for The Diplomat" and meta.authors == []
    assert meta.image_credit == expected["metadata"]["image_credit"]
    assert (meta.site_name, meta.section, meta.topics, meta.tags) == (None, None, [], [])
    assert doc.site is None


def test_paragraph_spans_index_the_text() -> None:
    doc = extract(page_from(SEED))
    assert doc.paragraphs[0].start == 0 and doc.paragraphs[-1].end == len(doc.text)
    for a, b in zip(doc.paragraphs, doc.paragraphs[1:], strict=False):
        assert doc.text[a.end : b.start] == "\n\n"


# -- a different site and layout -------------------------------------------------------


@pytest.mark.parametrize("with_profile", [False, True])
def test_other_layout_paragraphs(with_profile: bool) -> None:
    expected = json.loads((DUMPS / "harbour-gazette.expected.json").read_text(encoding="utf-8"))
    profiles = load_profiles(DUMPS / "profiles") if with_profile else ()
    doc = extract_textdump(page_from(HARBOUR), profiles=profiles)
    assert paragraphs(doc) == expected["paragraphs"]
    for key, value in expected["metadata"].items():
        assert getattr(doc.metadata, key) == value, key
    for banned in ("Advertisement", "newsletter", "Related articles", "About time", "Reply"):
        assert banned not in doc.text
    if with_profile:
        assert doc.metadata.site_name == "Harbour Gazette"
        assert doc.metadata.topics == ["Environment", "Transport"]
        assert doc.metadata.section == "Environment"
        assert doc.site == "harbourgazette.example"
    else:
        assert doc.metadata.site_name is None and doc.metadata.topics == []


def test_indented_layout_with_teasers_and_a_long_comment_thread() -> None:
    # bullets and indentation (an inscriptis-like renderer), a recommendation box of
    # teasers and comments that together outweigh the article
    expected = json.loads((DUMPS / "tidewater-times.expected.json").read_text(encoding="utf-8"))
    doc = extract_textdump(page_from(DUMPS / "tidewater-times-indented.txt"))
    assert paragraphs(doc) == expected["paragraphs"]
    for key, value in expected["metadata"].items():
        assert getattr(doc.metadata, key) == value, key


def test_zero_width_spacer_lines_are_blank() -> None:
    para = "The council approved the budget on Monday after a long debate about the new bridge."
    content = "Home\nNews\n\n" + f"\n\u200b\n{para}" * 3 + "\n\u200b\nContact\n"
    assert paragraphs(extract_textdump(text_page(content))) == [para] * 3


P0 = (
    "Residents of the east bank have waited more than a decade for a second crossing, and the "
    "old ferry, which stops running at nine in the evening, has long been the only way across "
    "for people without a car."
)
P1 = (
    "The council met on Monday evening to discuss the new bridge across the river, and after a "
    "long debate about its cost and the years of traffic diversions it will bring, it approved "
    "the plan by a wide margin."
)
P2 = (
    "Work on the bridge will start in the spring and should be finished within two years, the "
    "council said, although the contractor warned that a wet winter could delay the foundations "
    "by several months."
)

P3 = (
    "Until then the ferry will run an extra late crossing on Fridays and Saturdays, paid for by "
    "the council, and the bus company has promised a night service along the east bank road."
)


def test_inline_link_box_is_dropped_and_announced_list_kept() -> None:
    content = (
        "Home\nNews\nSport\n\nCouncil backs the new east bank bridge\n\nBy Jane Doe\n\n"
        f"{P0}\n\n{P1}\n\nRelated\nCouncil Approves New Budget For Schools\n"
        f"Mayor Opens Library After Repairs\n\n{P2}\n\n{P3}\n\n"
        "The new opening hours of the bridge office:\nMonday 9 to 5\nTuesday 9 to 5\n"
        "Wednesday closed\n\nMost read\nSomething Else Entirely Happened Today\n"
    )
    doc = extract_textdump(text_page(content))
    assert paragraphs(doc) == [
        P0,
        P1,
        P2,
        P3,
        "The new opening hours of the bridge office:",
        "Monday 9 to 5",
        "Tuesday 9 to 5",
        "Wednesday closed",
    ]
    assert doc.metadata.title == "Council backs the new east bank bridge"
    assert doc.metadata.authors == ["Jane Doe"]


def test_a_list_of_text_lines_costs_the_same_with_or_without_bullets() -> None:
    # The same page from a renderer that draws list bullets (inscriptis) and one that does
    # not (innerText): a short lead, then a list of ingredients inside the article.
    items = [
        "two ripe pears, peeled and cored",
        "one lemon, or a little lemon juice",
        "a spoon of ground cinnamon",
        "a pinch of freshly ground nutmeg",
        "half a cup of dark honey",
        "six spoons of fruit pectin",
        "a clean jar with a new lid",
        "a wide pot for the water bath",
    ]
    lead = (
        "You need very little to make this jam at home, and it keeps well for a year in a cool "
        "cupboard. Here is everything that goes into one batch of six jars."
    )
    menu = "Home\nRecipes\nAbout\n\n"
    tail = f"\n\n{P1}\n\n{P2}\n\nContact\n"
    plain = menu + lead + "\n\n" + "\n".join(items) + tail
    bulleted = menu + lead + "\n\n" + "\n".join("  * " + item for item in items) + tail
    expected = [lead, *items, P1, P2]
    assert paragraphs(extract_textdump(text_page(plain))) == expected
    assert paragraphs(extract_textdump(text_page(bulleted))) == expected


def test_a_drop_cap_set_apart_is_joined_only_when_the_page_knows_the_word() -> None:
    # inscriptis lays a styled first letter out as a box of its own: "T he council ..."
    content = f"Home\n\nT he council met again. {P1}\n\n{P2}\n\nA man asked about it. {P3}\n"
    paras = paragraphs(extract_textdump(text_page(content)))
    assert paras[0].startswith("The council met again.")
    assert paras[-1].startswith("A man asked about it.")  # no word "aman" on the page


def _side_by_side(left: list[str], right: list[str]) -> str:
    """A two-cell table row as inscriptis lays it out: cells side by side, never wrapped."""
    width = max(len(t) for t in left)
    rows = [f"  {a.ljust(width)}  {b}".rstrip() for a, b in zip(left, right, strict=False)]
    rows += [f"  {a}" for a in left[len(right) :]]
    rows += [" " * (width + 4) + b for b in right[len(left) :]]
    return "\n".join(rows)


SIDEBAR = [
    "Latest news",
    "Harbour fees will rise next year The port board said the increase is the first in a decade.",
    "Library reopens after repairs The building was closed for two years while the roof was fixed.",
    "School meals get a new supplier The contract was signed on Friday after a long tender.",
]


@pytest.mark.parametrize("article_left", [True, False])
def test_side_by_side_layout_columns_are_read_apart(article_left: bool) -> None:
    article = [P0 + " " + P1, "", P2 + " " + P3, "", P1]
    if article_left:
        table = _side_by_side(article, SIDEBAR)
    else:  # a wide column of teasers on the left, the article on the right
        teasers = [SIDEBAR[0], SIDEBAR[1] + " " + SIDEBAR[2], SIDEBAR[3] + " " + SIDEBAR[1]]
        table = _side_by_side(teasers, article)
    content = "Home\nNews\n\n" + table + "\n\nAbout us\n"
    assert paragraphs(extract_textdump(text_page(content))) == [t for t in article if t]


def test_the_lead_photo_caption_is_not_the_title() -> None:
    content = (
        "Home\nNews\n\nCouncil backs the new east bank bridge\n\n"
        "The old ferry at the east bank pier on a winter morning [File: Reuters]\n\n"
        f"{P0}\n\n{P1}\n\n{P2}\n"
    )
    doc = extract_textdump(text_page(content))
    assert doc.metadata.title == "Council backs the new east bank bridge"
    assert paragraphs(doc) == [P0, P1, P2]


def test_title_case_results_page_gets_a_relaxed_second_look() -> None:
    rows = [
        "Palm Bay (1-0): Tolivert 25 points. Davis 17 points. Moore 3 points.",
        "Rockledge (0-1): Blakely 15 points. Devoe 2 points. Baker 6 points.",
    ]
    content = "Home\nScores\n\n" + "\n".join(rows) + "\n\nContact\n"
    assert paragraphs(extract_textdump(text_page(content))) == rows


def test_url_host_is_the_site() -> None:
    doc = extract_textdump(page_from(HARBOUR, url="https://www.Example.org/a/b?x=1"))
    assert doc.site == "example.org"
    assert doc.id.startswith("url-")


# -- metadata patterns -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By for The Diplomat", []),
        ("By Jane Doe", ["Jane Doe"]),
        ("By Jane Doe, John Roe and Ann Poe", ["Jane Doe", "John Roe", "Ann Poe"]),
        ("By Maria Lopez | Harbour Gazette", ["Maria Lopez"]),
        ("by Kim Lee for Reuters", ["Kim Lee"]),
    ],
)
def test_byline_authors(line: str, authors: list[str]) -> None:
    byline = parse_byline(line)
    assert byline is not None and list(byline.authors) == authors


@pytest.mark.parametrize(
    "line",
    ["By the way, the river was high.", "Bypass road opens", "By 2030 the fleet will be electric"],
)
def test_not_a_byline(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Published 12 March 2021", "2021-03-12"),
        ("Nov. 19, 2019 8:03 am ET", "2019-11-19"),
        ("2018-09-16", "2018-09-16"),
        ("February 30, 2019", None),
        ("no date here", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


# -- the dispatcher and ids ----------------------------------------------------------------


def test_derive_id_precedence() -> None:
    src = Source("p", "textdump", "ab" * 32)
    assert derive_id(RawPage(src, "x", "textdump", id="given")) == "given"
    a = derive_id(RawPage(src, "x", "textdump", url="HTTPS://News.Example.com/a#frag"))
    b = derive_id(RawPage(src, "x", "textdump", url="https://news.example.com/a"))
    assert a == b and a.startswith("url-") and len(a) == 20
    assert derive_id(RawPage(src, "x", "textdump")) == "sha-" + "ab" * 8


def test_paragraphs_kind() -> None:
    src = Source("p.jsonl#1", "paragraphs", "cd" * 32)
    page = RawPage(
        src,
        "",
        "paragraphs",
        date="2020-01-02",
        paragraphs=("The first paragraph is here.", "  ", "And the second one follows it."),
    )
    doc = extract(page)
    assert paragraphs(doc) == ["The first paragraph is here.", "And the second one follows it."]
    assert doc.metadata.published_date == "2020-01-02"
    assert doc.extractor.startswith("corpus_builder.paragraphs==")


@pytest.mark.parametrize(
    "content",
    ["", "\n\n   \n", "Menu", "Home\nNews\nSport\nContact\n" * 30, "\x00\x01\x02 \ufffd\n" * 5],
)
def test_no_body_is_a_clear_reject(content: str) -> None:
    with pytest.raises(InputError) as err:
        extract(text_page(content))
    assert err.value.code == "no_body" and "mem.txt" in err.value.message


@pytest.mark.parametrize(
    "content",
    [
        "x" * 200_000,
        ("word " * 50_000).strip(),
        "By\n" * 100,
        "Image Credit:\nBy for\nTopics\nTags\n" * 10,
        "שלום עולם. " * 40,
        "这是一个很长的中文句子，用来测试没有空格的文字。" * 20,
        "\r\n".join(["A line of prose that ends with a full stop and is long enough."] * 50),
    ],
)
def test_arbitrary_text_does_not_crash(content: str) -> None:
    doc = extract_textdump(text_page(content))
    assert doc.text == "\n\n".join(paragraphs(doc))
    assert extract_textdump(text_page(content)) == doc  # deterministic


def test_large_page_extracts_whole() -> None:
    # No timing threshold here (timings belong in benchmarks/); a quadratic step would make this
    # 46,000-line page take minutes, which shows in the suite's own duration report.
    body = "\n\n".join(
        f"Paragraph {i} tells the reader what happened on day {i}, in plain words."
        for i in range(3000)
    )
    menu = "\n".join(f"Menu item {i}" for i in range(20_000))
    page = text_page(menu + "\n\n" + body + "\n\n" + menu)
    doc = extract_textdump(page)
    assert len(doc.paragraphs) == 3000 and "Menu item" not in doc.text
