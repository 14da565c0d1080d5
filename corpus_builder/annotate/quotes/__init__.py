"""Quotations of a document and who said them."""

from corpus_builder.annotate.quotes.attribution import attribute
from corpus_builder.annotate.quotes.confidence import with_confidence
from corpus_builder.annotate.quotes.marks import QuoteSpan, find_quotes

__all__ = ["QuoteSpan", "attribute", "find_quotes", "with_confidence"]
