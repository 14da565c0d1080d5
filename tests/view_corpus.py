"""A small built-corpus folder for the viewer tests: hand-made articles written with pyarrow in
the layout `corpus-builder build` produces (OUT/data/articles/<split>-0000i-of-0000N.parquet).

Articles are authored as paragraphs plus mentions named by their text; offsets are computed
here, so they are right by construction. The set covers what the viewer must get right: ids
holding `/` and `..`, markup and script in titles, text, entity names and speaker names, a quote
with no speaker, an entity nested in a quote, an entity crossing a quote boundary, non-ASCII
and astral characters, U+2028 in text, an undated article with no annotations.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from record_specs import record_from_spec

from corpus_builder.schema import article_arrow_schema
from corpus_builder.write.parquet import shard_name, split_of, to_arrow_row, write_config

PWN_SCRIPT = "<script>window.__pwned=1</script>"
PWN_IMG = '<img src=x onerror="window.__pwned=2">'
EVIL_SPEAKER = "Mallory </script><script>window.__pwned=3</script>"

# Article specs in the shape tests/record_specs.py describes.
ARTICLES: list[dict[str, Any]] = [
    {
        "id": "harbor-times/2022/05/flood-barrier",
        "site": "harbortimes.example.com",
        "title": "Harbor Council Approves New Flood Barrier After Long Debate",
        "subtitle": "The vote ends a three-year argument over the eastern docks.",
        "date": "2022-05-17",
        "site_name": "Harbor Times",
        "authors": ["Maria Lopez", "Tom Reed"],
        "paragraphs": [
            "The Harbor City council voted 7-2 on Tuesday to fund a flood barrier along the "
            "eastern docks.",
            "“This is the most important vote this council has taken in a decade,” Mayor Ellen "
            "Park said after the meeting.",
            "Councilman David Ortiz called the plan “a gamble with other people’s money.”",
            "“Harbor City cannot wait another winter,” read a banner outside City Hall.",
            "Ellen Park later said: “We will start building next spring.”",
        ],
        "entities": [
            (0, "Harbor City", "GPE", "Harbor City", 0),
            (0, "7-2", "CARDINAL", "7-2", 0),
            (0, "Tuesday", "DATE", "Tuesday", 0),
            (1, "a decade", "DATE", "a decade", 0),
            (1, "Ellen Park", "PERSON", "Ellen Park", 0),
            (2, "David Ortiz", "PERSON", "David Ortiz", 0),
            (3, "Harbor City", "GPE", "Harbor City", 0),
            (3, "City Hall", "FAC", "City Hall", 0),
            (4, "Ellen Park", "PERSON", "Ellen Park", 0),
            (4, "next spring", "DATE", "next spring", 0),
        ],
        "quotes": [
            {
                "p": 1,
                "text": "This is the most important vote this council has taken in a decade,",
                "kind": "direct",
                "speaker": "Ellen Park",
                "mention": ("Ellen Park", 0),
                "cue": ("said", 0),
                "rule": "quote_cue_speaker",
            },
            {
                "p": 2,
                "text": "a gamble with other people’s money.",
                "kind": "partial",
                "speaker": "David Ortiz",
                "mention": ("David Ortiz", 0),
                "cue": ("called", 0),
                "rule": "speaker_cue_quote",
                "confidence": 0.55,
            },
            {
                "p": 3,
                "text": "Harbor City cannot wait another winter,",
                "kind": "direct",
                "speaker": None,
                "mention": None,
                "cue": None,
                "rule": None,
            },
            {
                "p": 4,
                "text": "We will start building next spring.",
                "kind": "direct",
                "speaker": "Ellen Park",
                "mention": ("Ellen Park", 0),
                "cue": ("said", 0),
                "rule": "speaker_cue_quote",
                "confidence": 0.95,
            },
        ],
    },
    {
        "id": "../../etc/passwd <b>x</b>",
        "site": "evil.example",
        "title": "Reader comments <b>bold</b> & " + PWN_SCRIPT,
        "subtitle": None,
        "date": "2023-03-01",
        "site_name": "Evil & Co <i>News</i>",
        "authors": [],
        "paragraphs": [
            "A reader pasted " + PWN_SCRIPT + " into the comment box on Monday.",
            "Another tried " + PWN_IMG + " as well, said Mallory Smith.",
            "“Nothing here runs \u2028 in the page,” Mallory Smith said.",
        ],
        "entities": [
            (0, PWN_SCRIPT, "ORG", PWN_SCRIPT, 0),
            (0, "Monday", "DATE", "Monday", 0),
            (1, "Mallory Smith", "PERSON", EVIL_SPEAKER, 0),
            (2, "Mallory Smith", "PERSON", EVIL_SPEAKER, 0),
        ],
        "quotes": [
            {
                "p": 2,
                "text": "Nothing here runs \u2028 in the page,",
                "kind": "direct",
                "speaker": EVIL_SPEAKER,
                "mention": ("Mallory Smith", 0),
                "cue": ("said", 0),
                "rule": "quote_speaker_cue",
            },
        ],
    },
    {
        "id": "mundo:2021/zoë",
        "site": "mundo.example.br",
        "title": "Zoë Müller visita São Paulo 🙂",
        "subtitle": "Conversas com a Petrobras",
        "date": "2021-11-03",
        "site_name": "Mundo",
        "authors": ["Zoë Müller"],
        "paragraphs": [
            "Zoë Müller 🙂 arrived in São Paulo on Friday for talks with Petrobras.",
            "“Nós vamos ouvir todos — 東京 included,” Müller told reporters in São Paulo.",
            "Prosecutors of the Lava “Jato task force” met on Friday.",
        ],
        "entities": [
            (0, "Zoë Müller", "PERSON", "Zoë Müller", 0),
            (0, "São Paulo", "GPE", "São Paulo", 0),
            (0, "Friday", "DATE", "Friday", 0),
            (0, "Petrobras", "ORG", "Petrobras", 0),
            (1, "東京", "GPE", "東京", 0),
            (1, "Müller", "PERSON", "Zoë Müller", 0),
            (1, "São Paulo", "GPE", "São Paulo", 0),
            # starts before the quote mark and ends inside the quote: the spans cross
            (2, "Lava “Jato", "ORG", "Lava Jato", 0),
            (2, "Friday", "DATE", "Friday", 0),
        ],
        "quotes": [
            {
                "p": 1,
                "text": "Nós vamos ouvir todos — 東京 included,",
                "kind": "direct",
                "speaker": "Zoë Müller",
                "mention": ("Müller", 0),
                "cue": ("told", 0),
                "rule": "quote_speaker_cue",
            },
            {
                "p": 2,
                "text": "Jato task force",
                "kind": "partial",
                "speaker": None,
                "mention": None,
                "cue": None,
                "rule": None,
            },
        ],
    },
    {
        "id": "plain-1",
        "site": "harbortimes.example.com",
        "title": "Tide Tables for the Week",
        "subtitle": None,
        "date": None,
        "site_name": "Harbor Times",
        "authors": [],
        "paragraphs": ["High tide is expected in the late afternoon all week."],
        "entities": [],
        "quotes": [],
    },
]


def make_record(spec: dict[str, Any]) -> dict[str, Any]:
    """A JSON-shaped record (dates as ISO strings) from an article spec."""
    raw = "\n".join(spec["paragraphs"]).encode("utf-8")
    source = {
        "uri": f"https://{spec['site']}/{hashlib.sha1(raw).hexdigest()[:8]}",
        "path": f"raw/{hashlib.sha1(spec['id'].encode()).hexdigest()[:8]}.txt",
        "format": "textdump",
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    return record_from_spec(spec, source, "hand-made==1", ["hand-made==1"])


def records() -> list[dict[str, Any]]:
    return [make_record(spec) for spec in ARTICLES]


def write_view_corpus(out: Path, recs: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Write `recs` (default: `records()`) as a built corpus folder at `out`; returns them."""
    recs = records() if recs is None else recs
    by_split: dict[str, list[dict[str, Any]]] = {}
    for r in recs:
        by_split.setdefault(split_of(r["id"]), []).append(to_arrow_row(r))
    write_config(out, "articles", by_split, article_arrow_schema())
    # Another config the viewer must ignore.
    other = out / "data" / "quotes"
    other.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"quote": ["x"]}), other / shard_name("train", 0, 1))
    (out / "README.md").write_text(
        "---\npretty_name: Viewer <Test> Corpus\nconfigs: []\n---\n# test corpus\n",
        encoding="utf-8",
    )
    manifest = {
        "builder_version": "0.1.0",
        "records": {"total": len(recs)},
        "rejects": {"total": 2, "by_reason": {"empty": 2}},
    }
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return recs
