"""Author lists made of person names: roles, publishers, bios, UI words and title text go.

Byline markup and meta tags carry more than names: "Ann Lee, AP Auto Writer", "Autor",
"Phil Helsel is a reporter for NBC News", the publisher ("Condé Nast"), a dateline fragment
("ku Frankfurt"), the headline. Each split part is judged on its own words:

* a bio sentence keeps its subject ("Phil Helsel is a reporter ..." -> "Phil Helsel");
* leading UI words go ("Autor: Jan Berg" -> "Jan Berg"); a part of only UI words goes;
* a job title goes (`resources/author_roles.txt`, with its modifiers
  `author_role_modifiers.txt`): "Ann Lee Senior Writer" -> "Ann Lee", "AP Auto Writer" -> none;
* a part naming the page's own site or publisher is kept only as the whole byline;
* a multi-word part with a lower-case word that is not a name particle ("van", "de") is not a
  name ("ku Frankfurt", "Syrian defense ministries");
* organisations (a word of `resources/author_org_words.txt`, an article "The ..." in front, or
  a single upper-case token like "AFP") stay only when no person name is left: an organisation
  is the author only when it is the whole byline ("Reuters");
* the headline (or a long piece of it) is not an author;
* a degree standing alone ("PhD"), a web address ("Stol It" from "stol.it"), a lone article or
  a single letter is not a name (`resources/author_not_names.txt`);
* a name whose words are all in a longer name already kept ("Tina Huffman" after "Tina Flint
  Huffman") is the same person.
Word lists are data files, reviewed like data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from corpus_builder.extract.html.titles import _key, host_keys

_BIO = re.compile(
    r"^(?P<name>.+?)\s+(?:is|was|ist|war|est|es|è|jest)\s+(?:an?|the|ein|eine|un|une|una|el|la)?\b",
    re.IGNORECASE,
)
_ARTICLES = frozenset({"the", "der", "die", "das", "le", "les", "el", "los", "il"})
_MAX_NAME_WORDS = 5
_TITLE_PIECE_WORDS = 4  # a part this long found inside the headline is headline text


@cache
def _words(name: str) -> frozenset[str]:
    raw = (resources.files("corpus_builder") / "resources" / name).read_text(encoding="utf-8")
    return frozenset(
        ln.strip().lower() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")
    )


def _particles() -> frozenset[str]:
    return _words("names_particles.txt")


def _tokens(part: str) -> list[str]:
    return [t.strip(".,:;()[]\"'“”„«»") for t in part.split()]


@cache
def _not_names(kind: str) -> frozenset[str]:
    return frozenset(
        w.split(":", 1)[1] for w in _words("author_not_names.txt") if w.startswith(kind + ":")
    )


def _never_a_name(tokens: list[str]) -> bool:
    lower = [t.lower() for t in tokens if t]
    if not lower:
        return True
    if " ".join(lower) in _not_names("degree") or all(t in _ARTICLES for t in lower):
        return True
    if len(lower) == 1 and (len(lower[0]) == 1 or (len(lower[0]) == 2 and tokens[0].islower())):
        return True  # "V" of "e. V.", an initial left alone, "on" of "Posted on"
    return len(lower) >= 2 and lower[-1] in _not_names("domain") and len(lower) <= 3


def _same_person(key_tokens: set[str], kept: list[str]) -> bool:
    return len(key_tokens) >= 2 and any(key_tokens < {t.lower() for t in _tokens(p)} for p in kept)


def _strip_ui(part: str) -> str:
    """Without UI words at either end ("Autor: Jan Berg", "Bo Ng February")."""
    ui = _words("author_ui_words.txt")
    words = part.split()
    while words and words[0].lower().strip(":.,|-") in ui:
        words.pop(0)
    while words and words[-1].lower().strip(":.,|-") in ui:
        words.pop()
    return " ".join(words).strip(" :.,|-–—»«")


def _cut_role(tokens: list[str], roles: frozenset[str]) -> list[str]:
    """The name in front of a job title ("Ann Lee Senior Writer" -> "Ann Lee"); [] when
    nothing but the title and its modifiers and acronyms ("AP Auto Writer") is there."""
    at = next(i for i, t in enumerate(tokens) if t.lower() in roles)
    head = tokens[:at]
    modifiers = _words("author_role_modifiers.txt")
    while head and (head[-1].lower() in modifiers or head[-1].isupper()):
        head.pop()
    return head if len(head) >= 2 else []


def _is_org(tokens: list[str]) -> bool:
    lower = [t.lower() for t in tokens if t]
    if not lower:
        return False
    if any(t in _words("author_org_words.txt") for t in lower):
        return True
    if len(lower) > 1 and lower[0] in _ARTICLES:
        return True
    return len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1


def _not_a_name(tokens: list[str]) -> bool:
    if len(tokens) > _MAX_NAME_WORDS or any(ch.isdigit() for t in tokens for ch in t):
        return True
    if len(tokens) < 2:
        return False  # a handle or an agency code ("dpa/lno"): judged by the caller
    particles = _particles()
    return any(t[:1].islower() and t not in particles for t in tokens if t)


def clean_authors(
    names: Iterable[str],
    title: str | None = None,
    site_names: Iterable[str | None] = (),
    host: str | None = None,
) -> list[str]:
    """The person names among `names` (order kept, no duplicates); organisations only when
    nothing else is left."""
    roles = _words("author_roles.txt")
    ui = _words("author_ui_words.txt")
    site_keys = host_keys(host) | {_key(s) for s in site_names if s}
    site_keys.discard("")
    title_key = _key(title or "")
    people: list[str] = []
    orgs: list[str] = []
    prose = False  # a part read as running text: the "byline" is a sentence, not names
    site_named: list[str] = []
    for raw in names:
        part = _strip_ui(" ".join(raw.split()))
        bio = _BIO.match(part)
        if bio and len(part.split()) > _MAX_NAME_WORDS:
            part = bio.group("name")
        tokens = _tokens(part)
        lower = {t.lower() for t in tokens}
        key = _key(part)
        if not key or all(t.lower() in ui for t in tokens) or _never_a_name(tokens):
            continue
        if lower & roles:
            tokens = _cut_role(tokens, roles)
            if not tokens:
                continue
            part, key = " ".join(tokens), _key(" ".join(tokens))
        if key in site_keys:
            site_named.append(part)  # the publisher: an author only as the whole byline
            continue
        if title_key and (
            key == title_key or (len(tokens) >= _TITLE_PIECE_WORDS and key in title_key)
        ):
            continue
        if _not_a_name(tokens):
            prose = True
            continue
        target = orgs if _is_org(tokens) else people
        if all(_key(p) != key for p in people + orgs) and not _same_person(
            {t.lower() for t in tokens}, people
        ):
            target.append(part)
    return people or ([] if prose else orgs or site_named[:1])


__all__ = ["clean_authors"]
