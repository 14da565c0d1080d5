"""Cross-page template learning on a small same-site set of our own making."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from corpus_builder.extract import extract
from corpus_builder.extract.textdump.extract import extract_textdump
from corpus_builder.extract.textdump.template import (
    SiteTemplate,
    TemplateStats,
    learn_templates,
    page_site_key,
    template_stats,
)
from corpus_builder.readers.textdump import textdump_page
from corpus_builder.types import RawPage, Source

DUMPS = Path(__file__).resolve().parent / "fixtures" / "textdumps"
EXPECTED = json.loads((DUMPS / "riverside-courier.expected.json").read_text(encoding="utf-8"))


def load(name: str, url: str | None = None) -> RawPage:
    raw = (DUMPS / name).read_bytes()
    src = Source(name, "textdump", hashlib.sha256(raw).hexdigest())
    return textdump_page(raw.decode("utf-8"), src, url=url)


def pages() -> list[RawPage]:
    return [load(p["file"]) for p in EXPECTED["pages"]]


def body(doc) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.paragraphs]


def test_single_page_keeps_the_recurring_blurb() -> None:
    doc = extract_textdump(pages()[0])
    assert EXPECTED["recurring"] in body(doc)


def test_templates_remove_the_recurring_blurb() -> None:
    ps = pages()
    templates = learn_templates(ps, min_pages=3)
    assert len(templates) == 1
    [(site, template)] = templates.items()
    assert template.pages == 3 and template.is_boilerplate(EXPECTED["recurring"])
    for page, exp in zip(ps, EXPECTED["pages"], strict=True):
        assert page_site_key(page) == site
        doc = extract(page, templates)
        assert body(doc) == exp["paragraphs"]
        assert doc.metadata.title == exp["title"]


def test_stats_merge_like_one_pass_in_any_order() -> None:
    ps = pages()
    whole = template_stats(ps)
    left, right = template_stats(ps[:1]), template_stats(ps[1:])
    assert left.merge(right) == whole
    assert right.merge(left) == whole
    assert left.merge(right).templates() == template_stats(reversed(ps)).templates()
    empty = TemplateStats()
    assert empty.merge(whole) == whole and whole.merge(empty) == whole


def test_too_few_pages_learn_nothing() -> None:
    assert learn_templates(pages()[:2], min_pages=3) == {}
    assert learn_templates(pages()[:2], min_pages=2) != {}


def test_sites_are_kept_apart_by_url_host() -> None:
    ps = [load(p["file"], url=f"https://a.example/{i}") for i, p in enumerate(EXPECTED["pages"])]
    ps.append(load("harbour-gazette-2021-03-12.txt", url="https://b.example/x"))
    stats = template_stats(ps)
    assert stats.pages == {"a.example": 3, "b.example": 1}
    assert sorted(stats.templates()) == ["a.example"]


def test_template_round_trips_through_json() -> None:
    [template] = learn_templates(pages()).values()
    data = json.loads(json.dumps(template.to_dict()))
    assert SiteTemplate.from_dict(data) == template
    assert data["hashes"] == sorted(data["hashes"])


def test_a_page_that_recurs_in_the_build_keeps_its_body() -> None:
    # The same article twice (a re-crawl) plus one other page of the site: every line of the
    # repeated article is on 2 of 3 pages, so the learned template lists its body lines too.
    ps = pages()
    again = ps[:2] + [ps[0]]
    templates = learn_templates(again, min_pages=3)
    [template] = templates.values()
    first = EXPECTED["pages"][0]["paragraphs"]
    assert all(template.is_boilerplate(p) for p in first)
    doc = extract(again[0], templates)
    assert set(first) <= set(body(doc))
