"""Rules applied to trafilatura's blocks before they become paragraphs.

Each rule removes text that is page furniture rather than article body. They are general (no
site names): the headline and standfirst repeated at the top, bare URLs, share/print/copyright
furniture, and the link lists and teasers ("related stories") trafilatura lets through. The
phrases are data, in `rules`. Each rule was kept only if it raised F1 on the scrapinghub
benchmark (see benchmarks/extraction.py); "end" markers are untested there but cheap and strict.
"""

from __future__ import annotations

import re

from corpus_builder.extract.html.blocks import Block
from corpus_builder.extract.html.rules import BOILERPLATE, END_MARKERS

_WORD = re.compile(r"\w+")
# "Related: ...", "[Read more: ...]", "(See also: ...)": a label of one or two words and a colon.
_LABEL = re.compile(r"^[\[(]?\w+(?: \w+)?:")
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# A block this short is a label or a teaser headline, not a paragraph of prose.
SHORT_WORDS = 12
# Blocks whose text is at least this share link text are navigation, not prose.
LINK_DENSE = 0.8
# How many leading blocks may repeat the title/standfirst.
_HEAD_BLOCKS = 3

# A block of at most this many words after the article's last link list is a teaser or a widget.
TAIL_WORDS = 25
# A paragraph this long after an end marker is the article going on, not a teaser.
PROSE_WORDS = 60


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def clean_blocks(blocks: list[Block], title: str | None, description: str | None) -> list[Block]:
    """The blocks that are article body, in order."""
    blocks = [b for b in blocks if not _URL_ONLY.match(b.text)]
    blocks = _drop_head(blocks, title, description)
    blocks = _cut_at_end_marker(blocks)
    blocks = _cut_link_tail(blocks)
    kept = []
    for b in blocks:
        n_words = len(b.text.split())
        if n_words <= 3 * SHORT_WORDS and BOILERPLATE.search(b.text):
            continue
        if _link_teaser(b, n_words):
            continue
        kept.append(b)
    return kept


def _drop_head(blocks: list[Block], title: str | None, description: str | None) -> list[Block]:
    """Leading blocks that repeat the title or the standfirst: metadata, not body."""
    title_words = words(title) if title else []
    # Pages often copy their first paragraph into the description; only a standfirst set as a
    # heading (or list item) rather than a paragraph is dropped.
    desc_words = words(description) if description else []
    start = 0
    while start < min(len(blocks), _HEAD_BLOCKS):
        block = blocks[start]
        block_words = words(block.text)
        if block_words and (
            (title_words and _repeats(block_words, title_words))
            or (desc_words and block.kind != "p" and _repeats(block_words, desc_words))
        ):
            start += 1
        else:
            break
    return blocks[start:]


def _repeats(block: list[str], ref: list[str]) -> bool:
    if block == ref:
        return True
    # A title often carries a "Site | " prefix or " - Site" suffix that the headline lacks.
    if len(block) < 3 or len(block) > len(ref):
        return False
    return any(ref[i : i + len(block)] == block for i in range(len(ref) - len(block) + 1))


def _cut_at_end_marker(blocks: list[Block]) -> list[Block]:
    """Everything from a "related stories"/"share this" marker in the last third is furniture."""
    total = sum(len(b.text) for b in blocks)
    seen = 0
    for i, b in enumerate(blocks):
        if i and seen >= 2 * total / 3 and len(b.text.split()) <= SHORT_WORDS:
            if END_MARKERS.match(b.text) and not _prose_follows(blocks[i + 1 :]):
                return blocks[:i]
        seen += len(b.text)
    return blocks


def _prose_follows(blocks: list[Block]) -> bool:
    """True when a long paragraph of prose follows: the marker headed a box inside the article
    (teasers of related stories are a sentence or two)."""
    return any(
        len(b.text.split()) > PROSE_WORDS and b.link_density < LINK_DENSE and b.kind == "p"
        for b in blocks
    )


def _cut_link_tail(blocks: list[Block]) -> list[Block]:
    """Cut the "more stories" area: from a link list in the last third of the text, when only
    short blocks (teasers, widget labels) follow it and links make up a third of them."""
    total = sum(len(b.text) for b in blocks)
    seen = 0
    start = None
    for i, b in enumerate(blocks):
        n_words = len(b.text.split())
        if start is None and b.link_density >= LINK_DENSE and seen >= 2 * total / 3:
            start = i
        elif start is not None and n_words > TAIL_WORDS and b.link_density < LINK_DENSE:
            start = None  # prose again: the links were inside the article
        seen += len(b.text)
    if start is None:
        return blocks
    tail = blocks[start:]
    # Teasers alternate with their links; a single link list followed by short paragraphs is
    # more likely an in-article "read more" box followed by the article's last lines.
    linked = sum(1 for b in tail if b.link_density >= LINK_DENSE)
    if linked < 2 or 3 * linked < len(tail):
        return blocks
    return blocks[:start]


def _link_teaser(block: Block, n_words: int) -> bool:
    """A short, all-link block that reads as a pointer elsewhere: a list item, a labelled
    "Related: ..." line, or a shouted headline. All-link paragraphs without those marks are as
    often the article's own (a product name, a source) and are kept."""
    if block.link_density < LINK_DENSE or n_words > 2 * SHORT_WORDS:
        return False
    return block.kind == "item" or bool(_LABEL.match(block.text)) or block.text.isupper()
