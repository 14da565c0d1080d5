"""A short text-dump page of our own (four prose paragraphs, a site menu) shared by the
text-dump tests."""

from __future__ import annotations

import hashlib

from corpus_builder.types import RawPage, Source

PARAS = [
    "The harbour board met on Tuesday evening to decide the future of the old ferry pier, "
    "which has been closed to the public since the storm of last winter damaged its pilings.",
    "Engineers told the board that repairs would cost about four million pounds and take "
    "eighteen months, while a new pier further along the quay could open within two years.",
    "Several residents spoke against the plan, saying the old pier was part of the town's "
    "history and that a modern structure would spoil the view from the promenade and beach.",
    "The board will publish both proposals next month and invite comments from the public "
    "before a final vote in the spring, the chairman said after the meeting had closed.",
]
MENU = ["Home", "News", "Sport", "Weather", "Business", "Culture", "Contact us"]


def page(content: str) -> RawPage:
    source = Source("mem.txt", "textdump", hashlib.sha256(content.encode()).hexdigest())
    return RawPage(source=source, content=content, kind="textdump")
