"""The corpus viewer without a browser: loading, span markup, escaping, export, CLI, server."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from view_corpus import ARTICLES, EVIL_SPEAKER, PWN_SCRIPT, records, write_view_corpus

from corpus_builder import cli
from corpus_builder.schema import enum_values
from corpus_builder.view.load import CorpusError, load_corpus
from corpus_builder.view.markup import Ann, Annotations, collect, paragraph_html, slug
from corpus_builder.view.render import (
    article_path,
    export_site,
    render_site,
    safe_url,
    script_json,
)
from corpus_builder.view.server import make_server

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_view_corpus(out)
    return out


@pytest.fixture(scope="module")
def site(corpus_dir: Path) -> dict[str, bytes]:
    return render_site(load_corpus(corpus_dir))


class SpanTracker(HTMLParser):
    """Parses rendered paragraph HTML: checks tags are balanced and records, for every text
    character outside speaker badges, which spans (quote/entity numbers) cover it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, frozenset[str], bool]] = []  # tag, span keys, is a badge
        self.chars: list[tuple[str, frozenset[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        keys = set()
        if "quote" in classes:
            keys.add(f"q{a['data-q']}")
        if "ent" in classes:
            keys.add(f"e{a['data-e']}")
        self.stack.append((tag, frozenset(keys), "qtag" in classes))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        open_tag = self.stack.pop()[0]
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"

    def handle_data(self, data: str) -> None:
        if any(badge for _, _, badge in self.stack):
            return
        covering = frozenset().union(*(k for _, k, _ in self.stack))
        self.chars.extend((c, covering) for c in data)


def parse(html: str) -> SpanTracker:
    t = SpanTracker()
    t.feed(html)
    t.close()
    assert not t.stack, f"unclosed tags: {t.stack}"
    return t


# --- span markup ---------------------------------------------------------------------------


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, int]]]:
    text = draw(st.text(alphabet="ab <>&\"'“”é東🙂", min_size=1, max_size=40))
    n = len(text)
    pairs = st.tuples(st.integers(0, n - 1), st.integers(1, n)).filter(lambda p: p[0] < p[1])
    quotes = draw(st.lists(pairs, max_size=3))
    ents = draw(st.lists(pairs, max_size=5))
    spans = [("q", s, e) for s, e in quotes] + [("e", s, e) for s, e in ents]
    return text, spans


@settings(max_examples=300, deadline=None)
@given(text_and_spans(), st.data())
def test_markup_is_well_nested_and_marks_exactly_the_span_characters(sample, data) -> None:
    text, spans = sample
    anns = []
    for i, (kind, s, e) in enumerate(spans):
        if kind == "q":
            anns.append(Ann(s, e, "quote", i, {"kind": "direct", "speaker": "X"}))
        else:
            anns.append(Ann(s, e, "ent", i, {"label": "ORG", "canonical": "C"}))
    # draw a paragraph window so clipping at paragraph edges is exercised too
    lo = data.draw(st.integers(0, len(text) - 1))
    hi = data.draw(st.integers(lo + 1, len(text)))
    html = paragraph_html(text, lo, hi, Annotations(anns, {}, []))
    t = parse(str(html))
    assert "".join(c for c, _ in t.chars) == text[lo:hi]
    for offset, (_, covering) in enumerate(t.chars, start=lo):
        expected = {
            f"{'q' if kind == 'q' else 'e'}{i}"
            for i, (kind, s, e) in enumerate(spans)
            if s <= offset < e
        }
        assert covering == expected, (offset, text, spans)


def test_entity_inside_a_quote_nests_and_a_crossing_entity_is_split() -> None:
    recs = records()
    mundo = next(r for r in recs if r["id"].startswith("mundo"))
    anns = collect(mundo, speakers_href="s.html")
    p1, p2 = mundo["paragraphs"][1], mundo["paragraphs"][2]
    nested = str(paragraph_html(mundo["text"], p1["start"], p1["end"], anns))
    # 東京 sits inside the quote: the entity element opens inside the open quote element
    assert re.search(
        r'<span class="quote"[^>]*>[^<]*<span class="ent ent-GPE"[^>]*>東京</span>', nested
    )
    crossing = str(paragraph_html(mundo["text"], p2["start"], p2["end"], anns))
    # Lava “Jato (entity) crosses “Jato task force” (quote): the quote is drawn in two pieces,
    # the second marked as a continuation, and only the first carries the anchor id
    assert crossing.count('data-q="1"') == 3  # two pieces + the speaker badge
    assert crossing.count('id="q1"') == 1
    assert 'class="quote unknown cont"' in crossing
    parse(crossing)


def test_speaker_badge_follows_the_closing_mark_and_unknown_speakers_are_flagged() -> None:
    harbor = records()[0]
    anns = collect(harbor, speakers_href="../speakers.html")
    html = "".join(
        str(paragraph_html(harbor["text"], p["start"], p["end"], anns))
        for p in harbor["paragraphs"]
    )
    # "a decade" is an entity inside the quote: entity, then quote, close before the mark
    assert 'a decade</span>,</span>”<a class="qtag"' in html
    assert html.count("speaker unknown</span>") == 1
    assert html.count('class="qtag"') == 3


def test_out_of_range_spans_are_reported_not_drawn() -> None:
    rec = records()[3]
    rec = {
        **rec,
        "entities": [{"start": 5, "end": 999, "text": "x", "label": "ORG", "canonical": "x"}],
    }
    anns = collect(rec, speakers_href="s.html")
    assert anns.spans == []
    assert len(anns.problems) == 1 and "entity 0" in anns.problems[0]


# --- names, JSON, URLs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "article_id", ["../../etc/passwd", "a/b", "..", "/", "CON", "x" * 256, "東京/1", "a b?c#d"]
)
def test_slug_is_a_safe_file_name(article_id: str) -> None:
    s = slug(article_id)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", s), s
    assert len(s) <= 53
    assert slug(article_id) == s


def test_slugs_of_ids_differing_only_in_punctuation_differ() -> None:
    ids = ["a/b", "a-b", "a b", "A/B", "a..b"]
    assert len({slug(i) for i in ids}) == len(ids)


def test_script_json_cannot_end_the_script_block_and_round_trips() -> None:
    value = {"t": "</script><!-- & \u2028 \u2029 é", "n": [1, None]}
    out = str(script_json(value))
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in out
    assert json.loads(out) == value


@pytest.mark.parametrize(
    ("uri", "ok"),
    [
        ("https://a.example/x", True),
        ("http://a.example", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>", False),
        ("//a.example/x", False),
        (None, False),
        ("", False),
    ],
)
def test_only_http_links_are_made_clickable(uri: str | None, ok: bool) -> None:
    assert (safe_url(uri) is not None) is ok


# --- loading ---------------------------------------------------------------------------------


def test_load_reads_every_article_with_its_split_and_ignores_other_configs(corpus_dir) -> None:
    corpus = load_corpus(corpus_dir)
    assert sorted(a["id"] for a in corpus.articles) == sorted(a["id"] for a in ARTICLES)
    assert {a["split"] for a in corpus.articles} <= {"train", "validation", "test"}
    dates = [a["metadata"]["published_date"] for a in corpus.articles]
    assert dates == ["2023-03-01", "2022-05-17", "2021-11-03", None]  # newest first, undated last
    assert corpus.manifest["rejects"]["total"] == 2
    assert corpus.name == "Viewer <Test> Corpus"  # from the card's YAML


def test_load_errors_name_the_path_and_the_reason(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not a folder"):
        load_corpus(tmp_path / "missing")
    with pytest.raises(CorpusError, match="no data/articles"):
        load_corpus(tmp_path)
    articles = tmp_path / "data" / "articles"
    articles.mkdir(parents=True)
    with pytest.raises(CorpusError, match="no .parquet files"):
        load_corpus(tmp_path)
    bad = articles / "train-00000-of-00001.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(CorpusError, match=re.escape(str(bad))):
        load_corpus(tmp_path)


# --- the rendered site ------------------------------------------------------------------------


def test_every_article_has_a_page_under_a_safe_name(site, corpus_dir) -> None:
    pages = sorted(p for p in site if p.startswith("articles/"))
    assert pages == sorted(article_path(a["id"]) for a in ARTICLES)
    assert all(re.fullmatch(r"articles/[a-z0-9-]+\.html", p) for p in pages)
    assert {"index.html", "speakers.html", "static/viewer.css", "static/viewer.js"} <= set(site)


def test_rendering_is_deterministic(corpus_dir, site) -> None:
    assert render_site(load_corpus(corpus_dir)) == site


def test_article_page_marks_each_entity_and_quote_once(site) -> None:
    harbor = site[article_path(ARTICLES[0]["id"])].decode()
    body = harbor[harbor.index('<div class="body">') :]
    assert len(set(re.findall(r'data-e="(\d+)"', body))) == len(ARTICLES[0]["entities"])
    assert len(re.findall(r'<span class="quote[^"]*" id="q\d+"', body)) == 4
    assert body.count(">speaker unknown<") == 2  # the badge and the sidebar list
    assert "Maria Lopez, Tom Reed" in harbor
    assert ">Viewer &lt;Test&gt; Corpus</a>" in harbor


def test_article_pages_link_their_neighbours_in_index_order(site) -> None:
    order = [ARTICLES[1], ARTICLES[0], ARTICLES[2], ARTICLES[3]]  # newest first, undated last
    for i, spec in enumerate(order):
        html = site[article_path(spec["id"])].decode()
        links = dict(re.findall(r'<a class="(prev|next)" href="([^"]+)"', html))
        if i > 0:
            assert "articles/" + links["prev"] == article_path(order[i - 1]["id"])
        if i + 1 < len(order):
            assert "articles/" + links["next"] == article_path(order[i + 1]["id"])
        assert len(links) == (i > 0) + (i + 1 < len(order))


def test_no_page_contains_markup_from_the_corpus(site) -> None:
    for path, data in site.items():
        if not path.endswith(".html"):
            continue
        html = data.decode()
        assert PWN_SCRIPT not in html, path
        assert "<img" not in html, path
        assert "<b>" not in html and "<i>" not in html, path
        # the only scripts are the viewer's own file and JSON data blocks
        for tag in re.findall(r"<script[^>]*>", html):
            assert tag in (
                '<script src="static/viewer.js">',
                '<script src="../static/viewer.js">',
                '<script type="application/json" id="index-data">',
            ), (path, tag)
    evil = site[article_path(ARTICLES[1]["id"])].decode()
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in evil


def test_all_links_are_relative(site) -> None:
    for path, data in site.items():
        if not path.endswith(".html"):
            continue
        for href in re.findall(r'(?:href|src)="([^"]*)"', data.decode()):
            if href.startswith("https://") and "example" in href:
                continue  # the article's own source URL
            assert not re.match(r"^[a-z]+:|^/", href), (path, href)


def test_speakers_page_groups_quotes_by_canonical_speaker(site) -> None:
    html = site["speakers.html"].decode()
    harbor = article_path(ARTICLES[0]["id"])
    section = html[html.index(">Ellen Park <span") :]
    section = section[: section.index("</section>")]
    assert section.count("<blockquote>") == 2
    assert f'href="{harbor}#q0"' in section and f'href="{harbor}#q3"' in section
    assert "Speaker unknown" in html
    assert EVIL_SPEAKER not in html  # present only escaped
    # each attributed quote carries its confidence for the minimum-confidence filter
    assert section.count('data-confidence="') == 2 and 'data-confidence="0.95"' in section
    assert 'id="f-confidence"' in html


def test_every_schema_label_has_a_colour_and_a_legend_entry(site) -> None:
    css = site["static/viewer.css"].decode()
    for label in enum_values("entities", "label"):
        rule = rf"\.ent-{label} \{{ background: #[0-9a-f]{{6}}; border-color:"
        assert re.search(rule, css), label
    harbor = site[article_path(ARTICLES[0]["id"])].decode()
    legend = harbor[harbor.index('<ul class="legend"') :]
    legend = legend[: legend.index("</ul>")]
    assert re.findall(r'data-label="([A-Z_]+)"', legend) == sorted(
        {label for _, _, label, _, _ in ARTICLES[0]["entities"]}
    )


# --- CLI and server ---------------------------------------------------------------------------


def test_cli_export_writes_the_site(corpus_dir, site, tmp_path: Path, capsys) -> None:
    dest = tmp_path / "site"
    assert cli.main(["view", str(corpus_dir), "--export", str(dest)]) == 0
    assert "wrote 6 pages for 4 articles" in capsys.readouterr().out
    for rel, data in site.items():
        assert (dest / rel).read_bytes() == data


def test_export_again_prunes_only_its_own_stale_pages(corpus_dir, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    export_site(render_site(load_corpus(corpus_dir)), dest)
    smaller = tmp_path / "smaller"
    write_view_corpus(smaller, records()[:2])
    export_site(render_site(load_corpus(smaller)), dest)
    pages = sorted(p.relative_to(dest).as_posix() for p in (dest / "articles").iterdir())
    assert pages == sorted(article_path(a["id"]) for a in ARTICLES[:2])
    assert (dest / "notes.txt").read_text() == "mine"


def test_cli_reports_a_bad_folder_and_refuses_to_export_into_the_corpus(
    corpus_dir, tmp_path: Path, capsys
) -> None:
    assert cli.main(["view", str(tmp_path / "nope"), "--export", str(tmp_path / "s")]) == 2
    assert f"{tmp_path / 'nope'}: not a folder" in capsys.readouterr().err
    assert cli.main(["view", str(corpus_dir), "--export", str(corpus_dir)]) == 2
    assert "must not be the corpus folder" in capsys.readouterr().err
    assert not (corpus_dir / "index.html").exists()


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_server_serves_the_site_and_nothing_else(site) -> None:
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        base = f"http://{host}:{port}/"
        status, headers, body = _get(base)
        assert status == 200 and body == site["index.html"]
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        page = article_path(ARTICLES[2]["id"])
        status, _, body = _get(base + page)
        assert status == 200 and "Zoë Müller visita São Paulo" in body.decode()
        status, headers, _ = _get(base + "static/viewer.css")
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        for probe in ("../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "articles/", "nope.html"):
            assert _get(base + probe)[0] == 404, probe
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_cli_serves_on_loopback_until_stopped(corpus_dir) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "corpus_builder.cli", "view", str(corpus_dir), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        m = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        assert m, (line, proc.stderr.read() if proc.poll() is not None else "")
        status, _, body = _get(m.group(1) + "speakers.html")
        assert status == 200 and b"Ellen Park" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)
