"""The data types that flow between stages: RawPage -> Document -> AnnotatedDocument.

One type per stage boundary. Offsets everywhere are Python str (code point)
offsets into `Document.text`, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    path: str  # input path relative to the build root; "file#line" / "file#record" for units
    format: str  # "textdump" | "html" | "paragraphs" | "warc"
    sha256: str  # of the raw bytes of this page
    uri: str | None = None
    fetch_date: str | None = None  # ISO date the page was crawled (WARC-Date)


@dataclass(frozen=True)
class RawPage:
    """One input unit as read from disk, decoded but not interpreted."""

    source: Source
    content: str  # a text dump or HTML; "" when `paragraphs` is given
    kind: str  # "textdump" | "html" | "paragraphs"
    id: str | None = None  # given by the input (JSONL "id"), else derived later
    url: str | None = None
    date: str | None = None  # publication date hint from the input (dump header, JSONL)
    paragraphs: tuple[str, ...] | None = None  # already-clean body paragraphs
    fetch_date: str | None = None  # ISO date the page was crawled (WARC-Date); not a pub date


@dataclass
class Metadata:
    title: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    published_date: str | None = None  # ISO YYYY-MM-DD
    site_name: str | None = None
    section: str | None = None
    topics: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image_credit: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Document:
    """An extracted article: metadata plus body text with paragraph spans."""

    id: str
    source: Source
    site: str | None
    metadata: Metadata
    text: str
    paragraphs: list[Span]
    extractor: str  # name==version of what found the body

    @staticmethod
    def join(paragraphs: list[str]) -> tuple[str, list[Span]]:
        """Join paragraphs with a blank line and return the text with their spans."""
        spans: list[Span] = []
        pos = 0
        for i, p in enumerate(paragraphs):
            if i:
                pos += 2
            spans.append(Span(pos, pos + len(p)))
            pos += len(p)
        return "\n\n".join(paragraphs), spans


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    label: str  # OntoNotes label
    canonical: str


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    paragraph: int
    kind: str  # "direct" | "partial"
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    attribution: str | None = None
    # P(speaker is right) from the evidence that chose it; None exactly when speaker is None
    speaker_confidence: float | None = None


@dataclass
class AnnotatedDocument:
    document: Document
    entities: list[Entity]
    quotes: list[Quote]
    models: list[str]  # "name==version" of every model used
    linalg: str | None = None  # the models' linear-algebra path (provenance); None: no model ran


@dataclass(frozen=True)
class Reject:
    """An input unit that produced no record."""

    input: str
    reason: str  # stable code from corpus_builder.errors
    message: str


@dataclass(frozen=True)
class Skipped:
    """An input unit that is deliberately not a page (e.g. a WARC request record): counted, not
    rejected."""

    input: str
    reason: str
