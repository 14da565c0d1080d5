"""Trafilatura's XML body -> a flat list of text blocks (one per paragraph, heading, list item,
table row), each tagged with the kind of element it came from so cleanup rules can use it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

# Elements of trafilatura's output format that start a new block of text.
_BLOCK_TAGS = frozenset({"p", "head", "list", "item", "quote", "table", "row", "code", "div"})
# Containers whose own text is not a paragraph of its own but whose children are.
_CONTAINERS = frozenset({"list", "table", "body", "div"})
_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\s*\n\s*")


@dataclass(frozen=True)
class Block:
    text: str
    kind: str  # the trafilatura tag: "p", "head", "item", "row", "quote", "code"
    link_chars: int = 0  # characters of `text` inside links (needs include_links=True)

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def normalise_space(text: str) -> str:
    """Collapse runs of spaces; keep single line breaks (from <br>) inside a block."""
    text = _SPACES.sub(" ", text.replace("\u00a0", " ").replace("\u200b", ""))
    return _NEWLINES.sub("\n", text).strip()


def body_blocks(body: etree._Element) -> list[Block]:
    """Every non-empty block of the body in document order."""
    return [b for b in _walk(body) if b.text]


def _walk(elem: etree._Element) -> Iterator[Block]:
    children = [c for c in elem if isinstance(c.tag, str)]
    if elem.tag not in _CONTAINERS and not any(c.tag in _BLOCK_TAGS for c in children):
        links = sum(len(normalise_space("".join(r.itertext()))) for r in elem.iter("ref"))
        yield Block(normalise_space(_inline_text(elem)), elem.tag, links)
        return
    # Mixed content: loose text around nested blocks becomes blocks of its own.
    pending: list[str] = [elem.text or ""]
    kind = "p" if elem.tag in _CONTAINERS else elem.tag
    for child in children:
        if child.tag in _BLOCK_TAGS:
            yield Block(normalise_space("".join(pending)), kind)
            pending = []
            yield from _walk(child)
            pending.append(child.tail or "")
        else:
            pending.append(_inline_text(child))
            pending.append(child.tail or "")
    yield Block(normalise_space("".join(pending)), kind)


def _inline_text(elem: etree._Element) -> str:
    """Text of an element with <lb/> as a line break and table cells separated by a space."""
    parts: list[str] = [elem.text or ""]
    for child in elem:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.tag == "lb":
            parts.append("\n")
        else:
            if child.tag == "cell" and len(parts) > 1:
                parts.append(" ")
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def link_texts(tree: etree._Element) -> set[str]:
    """The text of every link of the page, normalised like block text."""
    # split/join rather than normalise_space: pages have thousands of links, and line breaks
    # do not matter for a one-line link text.
    texts = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    texts.discard("")
    return texts


def mark_link_lines(blocks: list[Block], links: set[str]) -> list[Block]:
    """Count lines that are whole link texts of the page as link text.

    Trafilatura's last-resort extraction flattens the page without <ref> markup, so a menu it
    returns would otherwise look like prose.
    """
    out = []
    for b in blocks:
        line_links = sum(
            len(line) for line in b.text.split("\n") if " ".join(line.split()) in links
        )
        out.append(Block(b.text, b.kind, line_links) if line_links > b.link_chars else b)
    return out
