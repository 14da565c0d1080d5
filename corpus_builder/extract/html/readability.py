"""The second opinion: readability-lxml's article, as blocks, for pages where trafilatura's text
looks too short for the page.

Readability keeps whole article containers, so on pages whose body is split into many sibling
sections (long features) it finds paragraphs trafilatura stops before. It is slow (about as slow
as trafilatura itself), so `extract_html` only asks it when the page's <p> text is much longer
than what trafilatura returned, and only takes its answer when it contains trafilatura's.
"""

from __future__ import annotations

import re
from copy import deepcopy
from importlib.metadata import version

from lxml import etree
from readability import Document as ReadabilityDocument

from corpus_builder.extract.html.blocks import Block, normalise_space
from corpus_builder.extract.html.parse import parse_html

READABILITY = f"readability-lxml=={version('readability-lxml')}"
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "dd", "dt")
_BLOCK_SET = frozenset(_BLOCKS)
_WORD = re.compile(r"\w+")
_NEVER_ARTICLE = (
    "script", "style", "noscript", "svg", "form", "nav", "footer", "aside", "iframe", "select",
    "button",
)  # fmt: skip
_TAGS = {"li": "item", "tr": "row", "blockquote": "quote", "pre": "code"}


def paragraph_chars(tree: etree._Element) -> int:
    """Characters of text in the page's <p> elements: a cheap bound on how long its prose is."""
    return sum(len(" ".join(p.text_content().split())) for p in tree.iter("p"))


def readability_blocks(tree: etree._Element) -> list[Block]:
    """Readability's article as blocks; `tree` is not changed (readability edits a copy)."""
    copy = deepcopy(tree)
    # Readability scores every node in Python; dropping what can never be article text first
    # makes it about 40% faster.
    etree.strip_elements(copy, *_NEVER_ARTICLE, with_tail=False)
    summary = ReadabilityDocument(copy).summary(html_partial=True)
    parsed = parse_html(summary) if summary.strip() else None
    if parsed is None:
        return []
    blocks = []
    for elem in parsed.iter(*_BLOCKS):
        if any(a.tag in _BLOCK_SET for a in elem.iterancestors()):
            continue  # its text belongs to the enclosing block
        text = normalise_space(elem.text_content())
        if not text:
            continue
        links = sum(len(normalise_space(a.text_content())) for a in elem.iter("a"))
        kind = "head" if elem.tag.startswith("h") and elem.tag[1:].isdigit() else "p"
        blocks.append(Block(text, _TAGS.get(elem.tag, kind), links))
    return blocks


def articles_spanned(tree: etree._Element, blocks: list[Block]) -> int:
    """How many of the page's <article> elements hold a paragraph of `blocks`.

    An <article> is one self-contained composition, so a text drawn from several of them is a
    listing or a related-stories box next to the story, not one longer story.
    """
    where: dict[str, etree._Element | None] = {}
    for p in tree.iter("p"):
        key = _key(p.text_content())
        if key and key not in where:
            where[key] = next(p.iterancestors("article"), None)
    found = {where.get(_key(b.text)) for b in blocks}
    found.discard(None)
    return len(found)


def _key(text: str) -> str:
    return " ".join(text.split())[:60]


def covers(longer: list[Block], shorter: list[Block], share: float) -> bool:
    """True when at least `share` of the word 4-grams of `shorter` occur in `longer`.

    4-grams are taken within blocks (two extractors split and order blocks differently), and
    the headings of `shorter` are not needed: a section title or kicker one extractor keeps
    as a heading and the other drops says nothing about whether they found the same text.
    """
    have = _shingles(longer)
    need = _shingles([b for b in shorter if b.kind != "head"])
    if not need:
        return True
    return sum(1 for s in need if s in have) >= share * len(need)


def _shingles(blocks: list[Block]) -> set[tuple[str, ...]]:
    out = set()
    for b in blocks:
        words = _WORD.findall(b.text.lower())
        out.update(tuple(words[i : i + 4]) for i in range(max(len(words) - 3, 0)))
    return out
