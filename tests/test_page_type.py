"""Page type: pages that are not articles are rejected as `not_article`, unless kept."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import pytest

from corpus_builder.build import build
from corpus_builder.errors import REASONS, InputError
from corpus_builder.extract import extract
from corpus_builder.extract.html.parse import parse_html
from corpus_builder.extract.page_type import (
    MIN_WORDS,
    count_words,
    page_features,
    rule_reason,
    score,
)
from corpus_builder.options import BuildOptions
from corpus_builder.types import RawPage, Source

PROSE = (
    "The council voted on Tuesday to reopen the old harbour road after a year of repairs. "
    "Traders along the quay said the closure had cost them most of their summer visitors. "
    "Work on the sea wall will continue into the spring, the engineers told the meeting. "
)


def html_page(html: str, url: str | None = None) -> RawPage:
    sha = hashlib.sha256(html.encode("utf-8")).hexdigest()
    return RawPage(Source("inline.html", "html", sha, url), html, "html", url=url)


ARTICLE = (
    '<html><head><meta property="og:type" content="article"></head><body>'
    "<h1>Harbour road reopens</h1><article>"
    + "".join(f"<p>{PROSE}Paragraph {i} adds a line of its own.</p>" for i in range(6))
    + "</article></body></html>"
)
# Teaser cards: each a linked headline, one sentence and a date; the page declares a collection.
LISTING = (
    '<html><head><meta property="og:type" content="website">'
    '<script type="application/ld+json">{"@type": "CollectionPage"}</script></head>'
    '<body><h1>Latest news</h1><div class="grid">'
    + "".join(
        f'<div class="card"><h2><a href="/story-{i}">Story {i}: the harbour works go on</a></h2>'
        f"<p>Crews were back on the quay this week as work number {i} went on.</p>"
        f"<time>2024-03-{i + 1:02d}</time></div>"
        for i in range(25)
    )
    + "</div></body></html>"
)


def test_not_article_is_in_the_catalogue() -> None:
    assert "not_article" in REASONS


def test_an_article_is_kept() -> None:
    doc = extract(html_page(ARTICLE, url="https://ledger.example/2024/03/harbour-road-reopens"))
    assert doc.text.startswith("The council voted")


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>hi</p></body></html>",  # too short to be an article
        LISTING,
    ],
    ids=["too-short", "listing"],
)
def test_non_articles_are_rejected(html: str) -> None:
    with pytest.raises(InputError) as err:
        extract(html_page(html))
    assert err.value.code == "not_article"
    kept = extract(html_page(html), keep_non_articles=True)  # the option keeps them
    assert kept.text


def test_build_rejects_or_keeps_non_articles(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "listing.html").write_text(LISTING, encoding="utf-8")
    (src / "article.html").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    build([src], out, BuildOptions(fmt="html"), workers=1)
    rejects = [json.loads(x) for x in (out / "rejects.jsonl").read_text().splitlines()]
    assert [r["reason"] for r in rejects] == ["not_article"]
    kept = tmp_path / "kept"
    build([src], kept, BuildOptions(fmt="html", keep_non_articles=True), workers=1)
    assert (kept / "rejects.jsonl").read_text().strip() == ""


# --- the features, one test per mechanism (no model involved) ---------------------------------

NAV = (
    "<nav><ul>"
    + "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(8))
    + "</ul></nav>"
)
PRODUCT = (
    '<html><head><title>Harbour Wool Jumper</title><meta property="og:type" content="product">'
    "</head><body>"
    + NAV
    + '<h1>Harbour Wool Jumper</h1><div class="product-info"><span class="price">$98.00</span>'
    '<select name="size"><option>Select size</option><option>S</option><option>M</option>'
    '</select><button class="btn add-to-cart">Add to cart</button>'
    '<a href="/size-guide">Size guide</a></div>'
    "<p>Knitted on the island from undyed wool, this jumper keeps out the wind on the coldest "
    "quay and still looks smart in town. The ribbed cuffs and collar hold their shape wash "
    "after wash, and the loose fit leaves room for a shirt underneath. Every jumper is made to "
    "order in our workshop and posted within two weeks. Add to cart is what the button says.</p>"
    "<ul><li>100% wool</li><li>Hand wash cold</li><li>Free shipping over $50</li></ul>"
    '<h2>Reviews</h2><div class="review"><p>Warm and well made.</p></div>'
    "</body></html>"
)
POSTS = " ".join(
    [
        "I park by the station and walk down the quay, it takes about ten minutes.",
        "The signs by the bridge say the works go on until the spring, so plan for that.",
    ]
)
REPLIES = [
    "Where is everyone parking now?",
    "Same question here.",
    "Try the old bus depot.",
    "The depot fills up by eight.",
    "Cycle, honestly.",
    "Thanks all, very helpful.",
]
FORUM = (
    "<html><head><title>Harbour road closure - parking? - Town Forum</title></head><body>"
    + NAV
    + '<h1>Harbour road closure - parking?</h1><div class="thread">'
    + "".join(
        f'<div class="post"><div class="post-meta"><span class="avatar"></span>'
        f'<a class="username" href="/u/user{i}">user{i}</a> <time>2024-03-0{i + 1}</time>'
        f" Joined 2019 · Posts: {10 * i}</div>"
        f"<div class='postbody'><p>{REPLIES[i]} {POSTS}</p></div>"
        '<button>Reply</button> <button>Quote</button> <a href="#">Report</a></div>'
        for i in range(6)
    )
    + '</div><form><textarea name="reply"></textarea><button>Post reply</button></form>'
    "</body></html>"
)
LOGIN = (
    "<html><head><title>Sign in | The Ledger</title></head><body>"
    + NAV
    + "<h1>Sign in to your account</h1>"
    '<form action="/login"><label>Email address</label><input type="email" name="email">'
    '<label>Password</label><input type="password" name="password">'
    '<input type="checkbox" name="remember"><label>Remember me</label>'
    "<button>Sign in</button></form>"
    '<p><a href="/forgot">Forgot your password?</a> <a href="/register">Create an account</a></p>'
    "<p>Members can read every story on the site, save articles to read later and choose the "
    "newsletters they receive. Signing in keeps your reading list in step across your phone, "
    "your tablet and your computer. If you cannot sign in, write to the help desk and someone "
    "will answer within one working day, or reset your password with the link above.</p>"
    "</body></html>"
)
ERROR = (
    "<html><head><title>Page not found | The Ledger</title></head><body>"
    + NAV
    + "<h1>404: page not found</h1>"
    "<p>Sorry, we could not find the page you were looking for. It may have been moved to a "
    "new address, or it may never have existed at all. Check the address for a typing "
    "mistake, use the search box at the top of the page, or start again from the front page, "
    "where you will find the latest news, sport and weather for the whole county.</p>"
    '<p><a href="/">Go to the front page</a></p></body></html>'
)
VIDEO = (
    "<html><head><title>Watch: the harbour wall at high tide</title>"
    '<meta property="og:type" content="video.other"></head><body>'
    + NAV
    + "<h1>Watch: the harbour wall at high tide</h1>"
    '<iframe src="https://www.youtube.com/embed/abc123" width="640" height="360"></iframe>'
    "<p>Waves broke over the new sea wall on Tuesday night as the spring tide met a strong "
    "westerly wind. Our camera on the quay caught the spray reaching the road, which stayed "
    "open throughout. Engineers say the wall did exactly what it was built to do.</p>"
    "</body></html>"
)
TABLE = (
    "<html><head><title>League table | The Ledger</title></head><body>"
    + NAV
    + "<h1>County league table</h1><p>Standings after Saturday's matches.</p><table>"
    "<tr><th>Pos</th><th>Team</th><th>P</th><th>W</th><th>D</th><th>L</th><th>Pts</th></tr>"
    + "".join(
        f"<tr><td>{i + 1}</td><td>Harbour Town {chr(65 + i)}</td><td>20</td>"
        f"<td>{15 - i // 2}</td><td>{i % 4}</td><td>{i}</td><td>{45 - i * 2}</td></tr>"
        for i in range(16)
    )
    + "</table></body></html>"
)


def features(html: str, url: str | None = None) -> dict[str, float]:
    page = html_page(html, url)
    doc = extract(page, keep_non_articles=True)
    return page_features(parse_html(html), doc, url)


def test_interface_cue_words_count_buttons_and_links_not_prose() -> None:
    found = features(PRODUCT)
    # "add to cart", "select size", "size guide" in the button, option and link texts
    assert found["log_cue_shop"] >= math.log1p(3)
    # the same words in the article's prose are not interface text
    prose = f"<html><body><p>{PROSE} Add to cart is what the button said. {PROSE}</p></body></html>"
    assert features(prose)["log_cue_shop"] == 0.0


def test_forum_posts_count_reply_buttons_and_post_markup() -> None:
    found = features(FORUM)
    assert found["log_cue_forum"] > features(ARTICLE)["log_cue_forum"]
    # class names: avatar, username, postbody, post-meta are forum-software words
    assert found["log_class_forum"] >= math.log1p(18)
    assert features(ARTICLE)["log_class_forum"] == 0.0


def test_class_and_id_tokens_are_split_at_punctuation() -> None:
    found = features(PRODUCT)  # "product-info", "price", "btn add-to-cart" (add, to, cart)
    assert found["log_class_shop"] >= math.log1p(3)
    assert found["log_class_service"] >= math.log1p(1)  # "btn"


def test_teaser_cards_and_headline_links_are_counted() -> None:
    found, article = features(LISTING), features(ARTICLE)
    assert found["log_teasers"] == pytest.approx(math.log1p(25))
    assert found["log_headline_links"] == pytest.approx(math.log1p(25))
    assert article["log_teasers"] == article["log_headline_links"] == 0.0


def test_password_field_and_login_words() -> None:
    found = features(LOGIN)
    assert found["password"] == 1.0
    assert found["log_cue_login"] >= math.log1p(3)  # sign in, remember me, forgot password, ...
    assert features(ARTICLE)["password"] == 0.0


def test_error_words_in_the_title_or_h1() -> None:
    assert features(ERROR)["error_title"] == 1.0
    # in the prose they are not a cue ("not found" is a phrase of news too)
    head = "<html><head><title>Harbour road</title></head>"
    prose = f"{head}<body><p>{PROSE} The key was not found.</p></body></html>"
    assert features(prose)["error_title"] == 0.0


def test_video_player_and_table_share() -> None:
    assert features(VIDEO)["log_videos"] == pytest.approx(math.log1p(1))
    assert features(TABLE)["td_share"] > 0.5
    assert features(ARTICLE)["log_videos"] == features(ARTICLE)["td_share"] == 0.0


def test_url_path_segments() -> None:
    html = ARTICLE
    assert features(html, "https://ledger.example/category/sport")["url_section"] == 1.0
    assert features(html, "https://ledger.example/news/")["url_section"] == 1.0
    article_url = "https://ledger.example/news/2024/03/harbour-road-reopens"
    found = features(html, article_url)
    assert found["url_section"] == 0.0 and found["url_date"] == 1.0
    assert features(html, "https://town.example/viewtopic.php?t=12")["url_forum"] == 1.0
    assert features(html, "https://shop.example/products/jumper")["url_shop"] == 1.0


def test_title_and_h1_agreement() -> None:
    same = (
        "<html><head><title>Harbour road reopens</title></head><body><h1>Harbour road reopens</h1>"
    )
    other = "<html><head><title>Latest news</title></head><body><h1>Harbour road reopens</h1>"
    body = f"<p>{PROSE}</p><p>{PROSE}</p></body></html>"
    assert features(same + body)["title_h1"] == 1.0
    assert features(other + body)["title_h1"] == 0.0


def test_words_of_unspaced_scripts() -> None:
    # A run of Han characters is one \w+ "word"; two characters count as one.
    assert count_words("政府が経済対策を決定したことを受け") == 8
    assert count_words("The council voted 政府が") == 3 + 1
    han = (
        "<html><body><p>"
        + "政府が経済対策を決定したことを受け、総理は会見を行った。" * 6
        + "</p></body></html>"
    )
    assert extract(html_page(han)).text  # 150 characters: an article, not "too short"


# --- the model: its scorer and the page kinds it rejects ------------------------------------


def test_boosted_trees_score_in_float32_like_scikit_learn() -> None:
    # one stump on feature "a": a <= 0.1 (as float32) goes left
    model = {
        "kind": "boosted_trees",
        "features": ["a"],
        "init": 0.0,
        "learning_rate": 1.0,
        "trees": [
            {
                "feature": [0, -1, -1],
                "threshold": [float(np.float32(0.1)), 0.0, 0.0],
                "left": [1, -1, -1],
                "right": [2, -1, -1],
                "value": [0.0, -2.0, 2.0],
            }
        ],
    }
    # a double just above float32(0.1) is float32(0.1) once rounded, as scikit-learn rounds it
    edge = float(np.float32(0.1)) + 1e-12
    assert score(model, {"a": edge}) == pytest.approx(1 / (1 + math.exp(2)))
    assert score(model, {"a": edge + 1e-7}) == pytest.approx(1 / (1 + math.exp(-2)))


def test_the_shipped_model_reads_the_features_the_module_computes() -> None:
    model = json.loads(
        (Path(__file__).parent.parent / "corpus_builder/resources/page_type_model.json").read_text()
    )
    assert set(model["features"]) <= set(features(ARTICLE))
    assert 0.0 < model["threshold"] < 1.0


FORUM_URL = "https://town.example/forum/threads/harbour-road-closure-parking.1234/"


@pytest.mark.parametrize(
    ("html", "url"),
    [(PRODUCT, None), (FORUM, FORUM_URL), (LOGIN, None), (ERROR, None), (VIDEO, None)],
    ids=["product", "forum", "login", "error", "video"],
)
def test_page_kinds_that_are_not_articles(html: str, url: str | None) -> None:
    kept = extract(html_page(html, url), keep_non_articles=True)
    assert count_words(kept.text) >= MIN_WORDS  # not merely too short
    with pytest.raises(InputError) as err:
        extract(html_page(html, url))
    assert err.value.code == "not_article"


def test_the_error_and_video_rules_need_a_short_body() -> None:
    long_body = "".join(f"<p>{PROSE}Paragraph {i}.</p>" for i in range(8))
    error_word = "<html><head><title>Page not found: the lost harbour maps</title></head><body>"
    assert rule_reason(200, features(error_word + long_body + "</body></html>")) is None
    assert rule_reason(60, features(ERROR)) == "an error page (page not found, 404, ...)"
    player = '<iframe src="https://www.youtube.com/embed/abc123"></iframe>'
    with_video = ARTICLE.replace("<article>", "<article>" + player)
    assert features(with_video)["log_videos"] > 0
    assert extract(html_page(with_video)).text  # a long article with a video stays
    assert rule_reason(46, features(VIDEO)).startswith("a video with little text")


OLD_NEWS = (  # 2008 markup: no og:type, no JSON-LD, a layout table, the byline in the text
    "<html><head><title>Harbour road to reopen - The Ledger</title></head><body><table><tr>"
    '<td class="nav">'
    + "".join(f'<a href="/s{i}">Section {i}</a><br>' for i in range(10))
    + '</td><td class="main"><h1>Harbour road to reopen</h1><p>By Jan Berg, 12 March 2008</p>'
    + "".join(f"<p>{PROSE}Line {i} of the report.</p>" for i in range(5))
    + "</td></tr></table></body></html>"
)


def test_an_article_in_old_markup_is_kept() -> None:
    url = "http://www.ledger.example/news/local/harbour-road-to-reopen.html"
    assert extract(html_page(OLD_NEWS, url)).text
