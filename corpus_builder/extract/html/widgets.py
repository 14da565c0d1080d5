"""Widgets removed from the page before its main text is looked for: hover cards, tooltips and
pop-overs inside sentences ("Kristi NoemKristi Lynn NoemSouth Dakota..."), which trafilatura
keeps inline because they are not hidden in the markup (a script shows them).

The class/id words are data (`resources/html_widget_classes.txt`). The page's tree is not
changed: when it holds such widgets, a copy without them is returned.
"""

from __future__ import annotations

from copy import deepcopy
from functools import cache
from importlib import resources

from lxml import etree

_FILE = "html_widget_classes.txt"


@cache
def widget_words() -> tuple[str, ...]:
    raw = (resources.files("corpus_builder") / "resources" / _FILE).read_text(encoding="utf-8")
    words = (ln.strip().lower() for ln in raw.splitlines() if not ln.startswith("#"))
    return tuple(w for w in words if w.isascii() and w.isalnum())  # safe inside an XPath


@cache
def _finder(words: tuple[str, ...]) -> etree.XPath:
    """One XPath (run in C) for elements whose class or id, lower-cased without "-" and "_",
    contains one of `words`."""
    flat = "translate(@{}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-_', 'abcdefghijklmnopqrstuvwxyz')"
    tests = [f"contains({flat.format(attr)}, '{w}')" for w in words for attr in ("class", "id")]
    return etree.XPath(f"//body//*[{' or '.join(tests)}]")


def _widgets(tree: etree._Element, words: tuple[str, ...]) -> list[etree._Element]:
    """The innermost widget elements: a wrapper around a name's link and its card often
    carries the word too ("person-hovercard"), and the link is the sentence's own text."""
    found = _finder(words)(tree)
    marked = set(found)
    return [e for e in found if not any(d in marked for d in e.iterdescendants())]


def _remove(elem: etree._Element) -> None:
    """Drop the widget; when it starts with a link followed by the card, keep the link."""
    children = [c for c in elem if isinstance(c.tag, str)]
    if len(children) >= 2 and children[0].tag == "a" and not (elem.text or "").strip():
        for child in children[1:]:
            child.drop_tree()
        elem.drop_tag()
    else:
        elem.drop_tree()  # its tail (the rest of the sentence) stays


def without_widgets(tree: etree._Element) -> etree._Element:
    """`tree`, or a copy of it without its widgets when it has any."""
    words = widget_words()
    if not words or not _widgets(tree, words):
        return tree
    copy = deepcopy(tree)
    for elem in _widgets(copy, words):
        _remove(elem)
    return copy
