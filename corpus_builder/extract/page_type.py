"""Is this HTML page an article? Listings, tables, error/login pages, products, forums,
documentation, video-only and too-short pages are rejected as `not_article` (unless the build
keeps non-articles).

General signals only, read in one pass over <body> (the tree extract() already parsed) and
from the extracted body: how much of the page is link text, list items, table cells,
headings or page chrome rather than <p> prose; teaser cards (runs of sibling elements of one
tag and class that each hold a link and a heading, an image or a time) and headline links;
forms, password fields, buttons, code blocks, video players, prices; interface words (the
texts of links, buttons, labels: "Add to cart", "Reply", "Edit this page", "Get a quote",
"Sign in") and class/id tokens ("price", "avatar", "toc", "byline"), both by kind from
`resources/page_type_cues.txt`; what the page declares (og:type, schema.org @type,
datePublished); the URL (a date, a slug, path segments such as /category/, /products/,
/forum/, /docs/); <title> against <h1>; the body's sentences, paragraph lengths, questions,
dates and authors. Words of Chinese and Japanese count two characters to a word.

Rules first (`rule_reason`: too short, an error page, a video with little text), then boosted
regression trees trained by `benchmarks/page_type.py` on wcxb-dev's page types plus the
article pages of the other visible sets (every figure held out by site or by set), shipped as
`resources/page_type_model.json` and scored here without scikit-learn.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

import numpy as np
from lxml import etree

from corpus_builder.errors import InputError
from corpus_builder.types import Document, RawPage

MODEL_FILE = "page_type_model.json"
CUES_FILE = "page_type_cues.txt"
MIN_WORDS = 40  # "<p>hi</p>", a cookie notice: too short to be an article
ERROR_MAX_WORDS = 150  # "Page not found" in the title over a body shorter than this
VIDEO_MAX_WORDS = 60  # a player and fewer words than this: the video is the page
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’»)\]]*)(?=\s|$)|[。！？]")
_WORD = re.compile(r"\w+")
# Han, kana: written without spaces, so a run of them is one \w+ "word"; two characters count
# as one word (a Chinese word is 1.5-2 characters).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CLASS_TOKEN = re.compile(r"[^a-z0-9]+")
_URL_DATE = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)|(?:19|20)\d\d-\d\d-\d\d")
_PRICE = re.compile(r"[$€£¥₹]\s?\d|\d(?:[.,]\d\d)?\s?(?:€|£|USD|EUR|GBP)\b")
_ADDRESS = re.compile(r"\b(?:you|your|yours|we|our|us)\b", re.IGNORECASE)
_LD_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
_LD_DATE = re.compile(r'"datePublished"\s*:')
_ARTICLE_TYPES = frozenset(
    "article newsarticle blogposting reportagenewsarticle analysisnewsarticle opinionnewsarticle"
    " reviewnewsarticle backgroundnewsarticle liveblogposting socialmediaposting"
    " scholarlyarticle techarticle report".split()
)
_OTHER_TYPES = frozenset(
    "product offer aggregateoffer itemlist collectionpage searchresultspage qapage faqpage"
    " discussionforumposting softwareapplication videoobject profilepage event store"
    " localbusiness organization jobposting course howto".split()
)
_BODY = etree.XPath("/html/body")
_OG_TYPE = etree.XPath("/html/head/meta[@property='og:type' or @name='og:type']/@content")
_META_DATE = etree.XPath(
    "//meta[@property='article:published_time' or @itemprop='datePublished'"
    " or @name='date' or @name='pubdate' or @property='og:published_time']"
    " | //*[@itemprop='datePublished']"
)
_LD = etree.XPath("//script[@type='application/ld+json']/text()")
_TITLE = etree.XPath("/html/head/title//text()")
_PROSE_END = tuple(".!?…\"'”’»)")
_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "head"))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_CHROME = frozenset(("nav", "header", "footer", "aside"))
_UI_TAGS = frozenset(("a", "button", "label", "option", "summary"))
_PLAYER = ("youtube", "vimeo", "player", "dailymotion", "brightcove", "jwplatform", "wistia")
UI_KINDS = ("shop", "forum", "docs", "service", "login")
CLASS_KINDS = (
    "class-shop", "class-forum", "class-teaser", "class-docs", "class-article", "class-service",
)  # fmt: skip
URL_KINDS = ("url-section", "url-shop", "url-forum", "url-docs", "url-service", "url-login")
# What a subtree holds (bits), for the teaser cards: siblings of one tag and class that each
# hold a link and a heading, an image or a time element.
_HAS_LINK, _HAS_HEAD, _HAS_IMG, _HAS_TIME = 1, 2, 4, 8


@cache
def _cues() -> dict[str, object]:
    """kind -> compiled regex of its phrases (UI kinds, error) or set of words (url kinds)."""
    raw = (resources.files("corpus_builder") / "resources" / CUES_FILE).read_text("utf-8")
    phrases: dict[str, list[str]] = {}
    for line in raw.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, phrase = line.split("\t")
            phrases.setdefault(kind, []).append(phrase.strip().lower())
    out: dict[str, object] = {}
    for kind, items in phrases.items():
        if kind.startswith(("url-", "class-")):
            out[kind] = frozenset(items)
        else:
            alt = "|".join(re.escape(p) for p in sorted(items, key=len, reverse=True))
            out[kind] = re.compile(rf"(?<!\w)(?:{alt})(?!\w)")
    return out


def count_words(text: str) -> int:
    """Words in `text`; in Chinese and Japanese, two characters make a word."""
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(_WORD.findall(text))
    return len(_WORD.findall(_UNSPACED.sub(" ", text))) + unspaced // 2


@cache
def _class_kinds() -> dict[str, int]:
    """class/id token -> bits of the class-* kinds it belongs to (bit i = CLASS_KINDS[i])."""
    cues = _cues()
    bits: dict[str, int] = {}
    for i, kind in enumerate(CLASS_KINDS):
        for token in cues.get(kind, frozenset()):  # type: ignore[union-attr]
            bits[token] = bits.get(token, 0) | (1 << i)
    return bits


class _Walk:
    """One pass over <body>: characters of text by context, element counts, interface text,
    and the teaser-card runs."""

    __slots__ = (
        "chars", "link", "p", "li", "td", "head", "chrome", "form", "counts", "ui", "prices",
        "headline_links", "long_links", "teasers", "run", "classes", "class_bits",
    )  # fmt: skip

    def __init__(self) -> None:
        self.chars = self.link = self.p = self.li = self.td = self.head = 0
        self.chrome = self.form = self.prices = 0
        self.counts: dict[str, int] = {}
        self.ui: list[str] = []
        self.headline_links = self.long_links = self.teasers = self.run = 0
        self.classes = [0] * len(CLASS_KINDS)
        self.class_bits = _class_kinds()

    def text(self, text: str | None, ctx: int) -> None:
        if not text:
            return
        n = len(text.strip())
        if not n:
            return
        self.chars += n
        if ctx & 1:
            self.link += n
        if ctx & 2:
            self.p += n
        if ctx & 4:
            self.li += n
        if ctx & 8:
            self.td += n
        if ctx & 16:
            self.head += n
        if ctx & 32:
            self.chrome += n
        if ctx & 64:
            self.form += n
        if n < 40 and ("$" in text or "€" in text or "£" in text or "¥" in text or "₹" in text):
            self.prices += len(_PRICE.findall(text))

    def walk(self, elem: etree._Element, ctx: int) -> int:
        tag = elem.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return 0
        counts = self.counts
        counts[tag] = counts.get(tag, 0) + 1
        has = 0
        names = elem.get("class")
        ident = elem.get("id")
        if ident:
            names = f"{names} {ident}" if names else ident
        if names:
            bits = 0
            lookup = self.class_bits
            for token in _CLASS_TOKEN.split(names.lower()):
                bits |= lookup.get(token, 0)
            if bits:
                for i in range(len(self.classes)):
                    if bits >> i & 1:
                        self.classes[i] += 1
        if tag == "a":
            ctx |= 1
            has = _HAS_LINK
        elif tag == "p":
            ctx |= 2
        elif tag == "li":
            ctx |= 4
        elif tag == "td" or tag == "th":
            ctx |= 8
        elif tag in _HEADINGS:
            ctx |= 16
            has = _HAS_HEAD
        elif tag in _CHROME:
            ctx |= 32
        elif tag == "form":
            ctx |= 64
        elif tag == "img" or tag == "picture":
            has = _HAS_IMG
        elif tag == "time":
            has = _HAS_TIME
        elif tag == "input":
            kind = (elem.get("type") or "text").lower()
            counts["input:" + kind] = counts.get("input:" + kind, 0) + 1
            value = elem.get("value") or elem.get("placeholder")
            if value and kind not in ("hidden", "password"):
                self.ui.append(value)
        elif tag == "iframe" or tag == "video":
            src = (elem.get("src") or elem.get("data-src") or "").lower()
            if tag == "video" or any(p in src for p in _PLAYER):
                counts["player"] = counts.get("player", 0) + 1
        self.text(elem.text, ctx)
        linked: dict[tuple[str, str], list[int]] | None = {} if len(elem) >= 3 else None
        for child in elem:
            sub = self.walk(child, ctx)
            has |= sub
            if linked is not None and sub & _HAS_LINK:
                linked.setdefault((child.tag, child.get("class", "")), []).append(sub)
            self.text(child.tail, ctx)
        if linked:
            for subs in linked.values():
                self.run = max(self.run, len(subs))
                cards = sum(1 for sub in subs if sub != _HAS_LINK)
                if cards >= 3:
                    self.teasers += cards
        if tag in _UI_TAGS:
            words = _link_text(elem)
            if words:
                self.ui.append(words)
                if tag == "a":
                    n = len(words.split())
                    if n >= 6:
                        self.long_links += 1
                    if n >= 4 and (ctx & 16 or has & _HAS_HEAD):
                        self.headline_links += 1
        return has


def _link_text(elem: etree._Element) -> str:
    text = " ".join(t.strip() for t in elem.itertext() if t.strip())
    return text if len(text) <= 200 else ""


def _ld_types(tree: etree._Element) -> tuple[set[str], bool]:
    types: set[str] = set()
    dated = False
    for text in _LD(tree):
        text = str(text)
        dated = dated or bool(_LD_DATE.search(text))
        for m in _LD_TYPE.finditer(text):
            raw = m.group(1)
            for t in re.findall(r'"([^"]+)"', raw):
                types.add(t.rsplit("/", 1)[-1].lower())
    return types, dated


def _words_of(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 2}


def _url_features(url: str | None) -> dict[str, float]:
    path = urlsplit(url).path.lower() if url else ""
    segments = [s for s in path.split("/") if s]
    slug = re.sub(r"\.\w+$", "", segments[-1]) if segments else ""
    cues = _cues()
    named = [s for s in segments if not s.isdigit() and s != "page"]
    index = cues.get("url-index", frozenset())
    # "/news", "/blog/page/2"; "/category/sport", "/tag/harbour" (an index word, then a name)
    section = bool(named[-1:] and named[-1] in cues.get("url-section", frozenset())) or bool(
        len(named) >= 2 and named[-2] in index
    )
    out = {
        "url_date": float(bool(_URL_DATE.search(path))),
        "url_depth": float(min(len(segments), 8)),
        "url_slug_words": float(min(len(re.split(r"[-_]+", slug)) if slug else 0, 20)),
        "url_root": float(url is not None and not segments),
    }
    words = {w for s in segments for w in (s, re.sub(r"\.\w+$", "", s))}
    for kind in URL_KINDS:
        found = cues.get(kind, frozenset())
        hit = section if kind == "url-section" else bool(words & found)
        out[kind.replace("-", "_")] = float(hit)
    return out


def tree_features(tree: etree._Element, url: str | None) -> dict[str, float]:
    """The features read from the page itself (markup, declarations, URL)."""
    w = _Walk()
    for body in _BODY(tree)[:1]:
        w.walk(body, 0)
    page_chars = max(w.chars, 1)
    c = w.counts.get
    og = " ".join(str(v) for v in _OG_TYPE(tree)).lower()
    ld, ld_dated = _ld_types(tree)
    cues = _cues()
    ui = "\n".join(w.ui).lower()
    title = " ".join(str(t) for t in _TITLE(tree)).strip()
    h1s = [_link_text(h) for h in tree.iter("h1")]
    heads = (title + "\n" + "\n".join(h1s)).lower()
    inputs = sum(v for k, v in w.counts.items() if k.startswith("input:")) - c("input:hidden", 0)
    found = {
        "page_chars": float(page_chars),
        "log_page_chars": math.log1p(page_chars),
        "link_share": min(w.link / page_chars, 1.0),
        "p_share": min(w.p / page_chars, 1.0),
        "li_share": min(w.li / page_chars, 1.0),
        "td_share": min(w.td / page_chars, 1.0),
        "heading_share": min(w.head / page_chars, 1.0),
        "chrome_share": min(w.chrome / page_chars, 1.0),
        "form_share": min(w.form / page_chars, 1.0),
        "log_forms": math.log1p(c("form", 0)),
        "password": float(c("input:password", 0) > 0),
        "log_inputs": math.log1p(inputs + c("select", 0) + c("textarea", 0)),
        "log_buttons": math.log1p(c("button", 0)),
        "log_articles": math.log1p(c("article", 0)),
        "log_times": math.log1p(c("time", 0)),
        "log_headings": math.log1p(c("h2", 0) + c("h3", 0) + c("h4", 0)),
        "log_h1": math.log1p(c("h1", 0)),
        "log_videos": math.log1p(c("player", 0)),
        "log_images": math.log1p(c("img", 0)),
        "log_code": math.log1p(c("pre", 0) + c("code", 0)),
        "log_rows": math.log1p(c("tr", 0)),
        "log_prices": math.log1p(w.prices),
        "log_p_elements": math.log1p(c("p", 0)),
        "log_li_elements": math.log1p(c("li", 0)),
        "log_links": math.log1p(c("a", 0)),
        "log_repeated_blocks": math.log1p(w.run),
        "log_teasers": math.log1p(w.teasers),
        "log_headline_links": math.log1p(w.headline_links),
        "log_long_links": math.log1p(w.long_links),
        "og_article": float("article" in og),
        "og_other": float(bool(og) and "article" not in og),
        "ld_article": float(bool(ld & _ARTICLE_TYPES)),
        "ld_other": float(bool(ld & _OTHER_TYPES)),
        "meta_date": float(ld_dated or bool(_META_DATE(tree))),
        "error_title": float(bool(cues["error"].search(heads))),
        "_title": title,  # type: ignore[dict-item]  # for the title/h1 features, dropped below
        "_h1": h1s[0] if h1s else "",  # type: ignore[dict-item]
    }
    for kind in UI_KINDS:
        found[f"log_cue_{kind}"] = math.log1p(len(cues[kind].findall(ui)))
    elements = max(sum(v for k, v in w.counts.items() if ":" not in k and k != "player"), 1)
    for kind, n in zip(CLASS_KINDS, w.classes, strict=True):
        found[f"{kind.replace('-', '_')}_share"] = n / elements
        found[f"log_{kind.replace('-', '_')}"] = math.log1p(n)
    found.update(_url_features(url))
    return found


def doc_features(doc: Document, page: dict[str, float]) -> dict[str, float]:
    """The features read from the extracted body and metadata."""
    paragraphs = [doc.text[s.start : s.end] for s in doc.paragraphs]
    n = max(len(paragraphs), 1)
    words = count_words(doc.text)
    sentences = len(_SENTENCE_END.findall(doc.text))
    lengths = [count_words(p) for p in paragraphs]
    prose = sum(
        1
        for p, k in zip(paragraphs, lengths, strict=True)
        if k >= 20 and p.rstrip()[-1:] in _PROSE_END
    )
    title = doc.metadata.title or str(page.get("_title") or "")
    h1 = str(page.get("_h1") or "")
    # the page's <title> against its first <h1> (the extracted title is often the h1 itself)
    tw, hw = _words_of(str(page.get("_title") or "")), _words_of(h1)
    return {
        "log_words": math.log1p(words),
        "log_paragraphs": math.log1p(len(paragraphs)),
        "log_sentences": math.log1p(sentences),
        "words_per_paragraph": math.log1p(words / n),
        "prose_share": prose / n,
        "short_share": sum(1 for k in lengths if k < 8) / n,
        "question_share": sum(1 for p in paragraphs if p.rstrip().endswith("?")) / n,
        "address_rate": min(len(_ADDRESS.findall(doc.text)) / max(words, 1) * 10, 1.0),
        "body_share": min(len(doc.text) / max(page["page_chars"], 1.0), 1.0),
        "has_date": float(doc.metadata.published_date is not None),
        "has_author": float(bool(doc.metadata.authors)),
        "title_words": float(min(len(title.split()), 30)),
        "title_h1": len(tw & hw) / max(len(tw | hw), 1) if hw else 0.0,
    }


def page_features(tree: etree._Element, doc: Document, url: str | None) -> dict[str, float]:
    """The classifier's inputs for one page (see the module docstring)."""
    found = tree_features(tree, url)
    found.update(doc_features(doc, found))
    del found["_title"], found["_h1"]
    return found


@cache
def _model() -> dict:
    raw = (resources.files("corpus_builder") / "resources" / MODEL_FILE).read_text("utf-8")
    return json.loads(raw)


def score(model: dict, features: dict[str, float]) -> float:
    """The probability that the page is not an article under `model` (the JSON that
    benchmarks/page_type.py writes): a logistic regression, or boosted regression trees whose
    splits compare the features as float32, as scikit-learn's do."""
    if model.get("kind", "logistic") == "logistic":
        z = model["intercept"]
        for name, mean, scale, coef in zip(
            model["features"], model["mean"], model["scale"], model["coef"], strict=True
        ):
            z += coef * (features[name] - mean) / scale
    else:
        x = np.array([features[n] for n in model["features"]], dtype=np.float32).tolist()
        total = 0.0
        for tree in model["trees"]:
            left, right, feature, threshold = (
                tree["left"], tree["right"], tree["feature"], tree["threshold"],
            )  # fmt: skip
            node = 0
            while left[node] != -1:
                node = left[node] if x[feature[node]] <= threshold[node] else right[node]
            total += tree["value"][node]
        z = model["init"] + model["learning_rate"] * total
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def not_article_probability(features: dict[str, float]) -> float:
    """The shipped model's probability that the page is not an article."""
    return score(_model(), features)


def rule_reason(words: int, features: dict[str, float] | None) -> str | None:
    """The rules before the model, for kinds the training pages hardly hold: a body too short
    to be an article; an error page (an error word in <title>/<h1> over a short body); a video
    player with little text."""
    if words < MIN_WORDS:
        return f"too short to be an article ({words} words)"
    if features is None:
        return None
    if features["error_title"] and words < ERROR_MAX_WORDS:
        return "an error page (page not found, 404, ...)"
    if features["log_videos"] > 0 and words < VIDEO_MAX_WORDS:
        return f"a video with little text ({words} words)"
    return None


def not_article_reason(tree: etree._Element | None, doc: Document, url: str | None) -> str | None:
    """Why the page is not an article, or None when it is one."""
    words = count_words(doc.text)
    features = page_features(tree, doc, url) if tree is not None else None
    reason = rule_reason(words, features)
    if reason or features is None:
        return reason
    p = not_article_probability(features)
    if p >= _model()["threshold"]:
        return f"looks like a listing, form or other non-article page (p={p:.2f})"
    return None


def reject_non_article(page: RawPage, doc: Document, tree: etree._Element | None = None) -> None:
    """Raise InputError("not_article") when the HTML page `doc` came from is not an article;
    `tree` is the page already parsed, if the caller has it."""
    if page.kind != "html":
        return
    if tree is None:
        from corpus_builder.extract.html.parse import parse_html

        tree = parse_html(page.content)
    reason = not_article_reason(tree, doc, page.url)
    if reason:
        raise InputError("not_article", f"{page.source.path}: {reason}")


__all__ = ["not_article_probability", "not_article_reason", "page_features", "reject_non_article"]
