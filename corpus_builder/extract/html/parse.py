"""HTML text -> lxml tree, parsed safely.

The parser never touches the network, never loads external DTDs or entities (the HTML parser
knows only the HTML named entities, so there is nothing to expand), and keeps libxml2's default
limits (`huge_tree=False`): nesting deeper than libxml2's limit (256 levels) is cut off by
the parser itself, which is what keeps a 100,000-deep page linear in time and shallow in
recursion for everything downstream.
"""

from __future__ import annotations

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
# lxml.html picks each element's Python class by calling back into Python (form and input
# elements get their own classes) every time an element is touched; trafilatura touches every
# element of its copies several times. One class for all, chosen in C, gives the same trees and
# the same HtmlElement methods; nothing here reads forms.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)
# Characters XML 1.0 forbids; libxml2 stops or mangles a document at them. They are removed from
# the UTF-8 bytes: the ASCII controls with one bytes.translate (a regex over the decoded text cost
# a third of the parse), lone surrogates by the encoder's "ignore", U+FFFE/U+FFFF beforehand
# (testing a str for them is free unless it holds such wide characters at all).
# UTF-8 never uses bytes below 0x80 inside a multi-byte character, so deleting them is safe.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NON_CHARACTERS = ("\ufffe", "\uffff")


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """The document tree of `html`, or None when there is no markup to speak of."""
    for nonchar in _NON_CHARACTERS:
        if nonchar in html:
            html = html.replace(nonchar, "")
    data = html.encode("utf-8", "ignore").translate(None, _CONTROL_BYTES)
    if not data or data.isspace():
        return None
    try:
        tree = lxml.html.document_fromstring(data, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if tree is None or len(tree) == 0:
        return None
    return tree
