"""HTML text -> lxml tree, parsed safely.

The parser never touches the network, never loads external DTDs or entities (the HTML parser
knows only the HTML named entities, so there is nothing to expand), and keeps libxml2's default
limits (`huge_tree=False`): nesting deeper than libxml2's limit (256 levels) is cut off by
the parser itself, which is what keeps a 100,000-deep page linear in time and shallow in
recursion for everything downstream.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_PARSER = lxml.html.HTMLParser(
    no_network=True,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
    default_doctype=False,
    # The text is already decoded: a <meta charset> in it must not re-decode it.
    encoding="utf-8",
)
# Characters XML 1.0 forbids; libxml2 stops or mangles a document at them.
_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """The document tree of `html`, or None when there is no markup to speak of."""
    cleaned = _INVALID_XML_CHARS.sub("", html)
    if not cleaned.strip():
        return None
    try:
        tree = lxml.html.document_fromstring(cleaned.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if tree is None or len(tree) == 0:
        return None
    return tree
