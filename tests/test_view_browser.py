"""The exported viewer in a real headless Chromium (Playwright), opened from disk (file://)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from view_corpus import ARTICLES, PWN_IMG, PWN_SCRIPT, write_view_corpus

from corpus_builder.view.load import load_corpus
from corpus_builder.view.render import article_path, export_site, render_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parent.parent
SEED_RAW = REPO / "data" / "raw"
SEED_FILE = "diplomat-2019-09-10.txt"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is not installed (run .ci/install-browser.sh as root)",
    ),
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    write_view_corpus(corpus)
    dest = tmp_path_factory.mktemp("site")
    export_site(render_site(load_corpus(corpus)), dest)
    return dest


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


class Page:
    """A browser tab that records console errors, page errors and blocked requests."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on(
            "console",
            lambda msg: self.errors.append(f"console: {msg.text}") if msg.type == "error" else None,
        )
        self.page.on("requestfailed", lambda req: self.errors.append(f"failed: {req.url}"))

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        return self.page


@pytest.fixture
def tab(browser: Any) -> Iterator[Page]:
    p = Page(browser)
    try:
        yield p
    finally:
        p.page.close()


def test_article_shows_quotes_with_speakers_and_coloured_entities(exported, tab, tmp_path) -> None:
    page = tab.open(exported / article_path(ARTICLES[0]["id"]))
    assert page.title().startswith("Harbor Council Approves")
    marked = page.eval_on_selector_all(
        ".body .ent", "els => new Set(els.map(e => e.dataset.e)).size"
    )
    assert marked == len(ARTICLES[0]["entities"])
    assert page.locator(".body .quote:not(.cont)").count() == 4
    badges = page.locator(".body .qtag").all_inner_texts()
    assert badges == [
        "Ellen Park · said",
        "David Ortiz · called",
        "speaker unknown",
        "Ellen Park · said",
    ]
    unknown = page.locator(".body .qtag.unknown")
    assert unknown.is_visible()
    # the stylesheet loaded from disk: labels get different colours, unknown speakers red
    colour = "el => getComputedStyle(el).backgroundColor"
    person = page.locator(".body .ent-PERSON").first.evaluate(colour)
    gpe = page.locator(".body .ent-GPE").first.evaluate(colour)
    assert person != gpe and "0, 0, 0, 0" not in person
    assert unknown.evaluate("el => getComputedStyle(el).color") == "rgb(180, 35, 24)"
    # the entity's label and canonical name are on hover
    assert page.locator(".body .ent-PERSON").first.get_attribute("title") == "PERSON · Ellen Park"
    shot = tmp_path / "article.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert tab.errors == []


def test_script_in_page_text_stays_inert_text(exported, tab) -> None:
    page = tab.open(exported / article_path(ARTICLES[1]["id"]))
    body = page.locator(".body").inner_text()
    assert PWN_SCRIPT in body
    assert PWN_IMG in body
    assert page.locator("h1").inner_text() == ARTICLES[1]["title"]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("main script, main img").count() == 0
    index = tab.open(exported / "index.html")
    assert ARTICLES[1]["title"] in index.locator("#articles").inner_text()
    index.fill("#f-speaker", "</script>")  # the hostile speaker name still filters as text
    assert index.locator("#articles tbody tr:not([hidden])").count() == 1
    assert index.evaluate("typeof window.__pwned") == "undefined"
    assert tab.errors == []


def _visible_titles(page: Any) -> list[str]:
    return page.locator("#articles tbody tr:not([hidden]) td:first-child").all_inner_texts()


def test_index_filters(exported, tab) -> None:
    page = tab.open(exported / "index.html")
    assert len(_visible_titles(page)) == len(ARTICLES)
    page.fill("#f-speaker", "ellen")
    assert _visible_titles(page) == [ARTICLES[0]["title"]]
    assert page.locator("#match-count").inner_text() == f"1 of {len(ARTICLES)} articles"
    page.fill("#f-speaker", "Nobody Atall")
    assert _visible_titles(page) == []
    page.fill("#f-speaker", "")
    page.fill("#f-entity", "東京")
    assert _visible_titles(page) == [ARTICLES[2]["title"]]
    page.fill("#f-entity", "")
    page.select_option("#f-site", "harbortimes.example.com")
    assert sorted(_visible_titles(page)) == sorted([ARTICLES[0]["title"], ARTICLES[3]["title"]])
    page.fill("#f-from", "2022-01-01")  # the undated article drops out of a date range
    assert _visible_titles(page) == [ARTICLES[0]["title"]]
    page.click("button[type=reset]")
    page.fill("#f-text", "high tide")  # words from the body text, not the title
    assert _visible_titles(page) == [ARTICLES[3]["title"]]
    page.goto((exported / "index.html").as_uri() + "?" + urlencode({"speaker": "Zoë"}))
    assert _visible_titles(page) == [ARTICLES[2]["title"]]
    assert tab.errors == []


def test_speaker_page_links_to_the_quote_in_its_article(exported, tab) -> None:
    page = tab.open(exported / "speakers.html")
    section = page.locator("section.speaker", has=page.locator("h2", has_text="Ellen Park"))
    assert section.locator("blockquote").count() == 2
    section.locator(".src a", has_text="Harbor Council").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("#q0")
    target = page.locator(".quote:target")
    assert target.count() == 1 and "most important vote" in target.inner_text()
    assert page.locator(".unknown").count() >= 1
    assert tab.errors == []


def test_speaker_page_filters_quotes_by_minimum_confidence(exported, tab) -> None:
    page = tab.open(exported / "speakers.html")

    def shown() -> dict[str, int]:
        out = {}
        for sec in page.locator("section.speaker:visible").all():
            name = sec.locator("h2").inner_text().split(" ")[0]
            out[name] = sec.locator("li.q-item:visible").count()
        return out

    everything = shown()
    assert everything["David"] == 1 and everything["Ellen"] == 2 and "Speaker" in everything
    page.fill("#f-confidence", "0.92")  # Ellen Park's 0.95 quote only
    assert shown() == {"Ellen": 1}
    toc = page.locator(".speaker-toc li:visible a").all_inner_texts()
    assert toc == ["Ellen Park"]
    assert page.locator("#confidence-count").inner_text().startswith("1 of ")
    page.fill("#f-confidence", "")
    assert shown() == everything
    page.goto((exported / "speakers.html").as_uri() + "?min_confidence=0.5")
    assert page.locator("#f-confidence").input_value() == "0.5"
    assert "Speaker" not in shown() and shown()["David"] == 1
    assert tab.errors == []


def test_crossing_spans_render_as_split_elements(exported, tab) -> None:
    page = tab.open(exported / article_path(ARTICLES[2]["id"]))
    para = page.locator('.body p[data-p="2"]')
    assert para.inner_text().startswith("Prosecutors of the Lava “Jato task force”")
    assert para.locator('.quote[data-q="1"]').count() == 2
    assert para.locator(".ent-ORG").inner_text() == "Lava “Jato"
    assert tab.errors == []


def _seed_corpus(tmp: Path) -> Path | None:
    """A real build of the bundled seed page, or None when the build command cannot run yet."""
    out = tmp / "seed-out"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "corpus_builder.cli",
            "build",
            str(SEED_RAW),
            "--out",
            str(out),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=600,
    )
    if proc.returncode != 0 or not (out / "data" / "articles").is_dir():
        return None
    return out


@pytest.mark.slow
def test_seed_build_in_the_viewer(tab, tmp_path: Path) -> None:
    if not SEED_RAW.is_dir():
        pytest.skip("data/raw is missing")
    out = _seed_corpus(tmp_path)
    if out is None:
        pytest.skip("`corpus-builder build data/raw` does not produce a corpus in this checkout")
    corpus = load_corpus(out)
    seed = next(a for a in corpus.articles if a["source"]["path"].endswith(SEED_FILE))
    dest = tmp_path / "site"
    export_site(render_site(corpus), dest)
    page = tab.open(dest / article_path(seed["id"]))
    assert page.locator("h1").inner_text() == seed["metadata"]["title"]
    marked = page.eval_on_selector_all(
        ".body .ent", "els => new Set(els.map(e => e.dataset.e)).size"
    )
    assert marked == len(seed["entities"])
    assert page.locator(".body .quote:not(.cont)").count() == len(seed["quotes"])
    speakers = [q["speaker"] or "speaker unknown" for q in seed["quotes"]]
    badges = page.locator(".body .qtag").all_inner_texts()
    assert [b.split(" · ")[0] for b in badges] == speakers
    page.screenshot(path=str(tmp_path / "seed.png"))
    assert tab.errors == []
