"""Rules applied to trafilatura's blocks before they become paragraphs.

Each rule removes text that is page furniture rather than article body; they are general
(no site names): the headline repeated as the first block, and boilerplate lines at the end.
"""

from __future__ import annotations

import re

from corpus_builder.extract.html_blocks import Block

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def drop_headline(blocks: list[Block], title: str | None) -> list[Block]:
    """Leading blocks that repeat the page title: the headline is metadata, not body."""
    if not title:
        return blocks
    title_words = words(title)
    if not title_words:
        return blocks
    start = 0
    while start < len(blocks) and start < 2:
        block_words = words(blocks[start].text)
        if block_words and _same_headline(block_words, title_words):
            start += 1
        else:
            break
    return blocks[start:]


def _same_headline(block: list[str], title: list[str]) -> bool:
    # Titles often carry a " | Site" or " - Site" suffix the headline lacks.
    if block == title:
        return True
    return len(block) >= 3 and title[: len(block)] == block
