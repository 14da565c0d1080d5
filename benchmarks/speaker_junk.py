"""Junk-speaker benchmark: distinct speakers over every visible HTML set, flagged automatically.

    python benchmarks/speaker_junk.py [--per-set N] [--model sm] [--out FILE]

Every visible HTML set in ../shared/benchmarks (extraction: scrapinghub, wcxb-dev, l3s-gn1,
cleaneval; metadata: trafilatura-eval, readability, htmldate-default) goes through the build's
own code path (RawPage -> extract -> annotate). `--per-set N` takes every k-th page so that
each set gives about N pages (0: all). Pages the extractor rejects count as rejects.

A speaker is flagged when it is neither a name nor a group noun phrase:
- a name: every word capitalised (name particles and hyphens allowed), no digit, not a
  pronoun, and the document's entities tag it (or its last word) PERSON, ORG or NORP;
- a group phrase: a noun phrase whose head word (the last word before "of"/"for"/... or a
  comma) is in resources/group_speakers.txt, speaker_titles.txt, person_nouns.txt or
  speaker_documents.txt (`speaker_filter.known_head`: also its singular or last part).
Pronoun speakers are listed as their own class (a pronoun left when a name could have been
resolved is a miss, not junk). The flag is a screen for reading, not gold: the list written
to --out (TSV: flag, speaker, count, set, id, cue, quote start) is what one checks by hand.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from corpus_builder.annotate import annotate
from corpus_builder.annotate.lexicon import NP_LINKS, PRONOUNS, _lines, lexicon
from corpus_builder.annotate.quotes.speaker_filter import HEAD_ENDS, known_head
from corpus_builder.errors import InputError
from corpus_builder.extract import extract
from corpus_builder.types import AnnotatedDocument, RawPage, Source

# ../shared beside the checkout; a git worktree one level deeper finds it one level up
SHARED = next(
    (
        p / "shared" / "benchmarks"
        for p in Path(__file__).resolve().parents[2:4]
        if (p / "shared" / "benchmarks").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared" / "benchmarks",
)
SETS = {
    "scrapinghub": SHARED / "extraction" / "scrapinghub" / "pages.jsonl.gz",
    "wcxb-dev": SHARED / "extraction" / "wcxb-dev" / "pages.jsonl.gz",
    "l3s-gn1": SHARED / "extraction" / "l3s-gn1" / "pages.jsonl.gz",
    "cleaneval": SHARED / "extraction" / "cleaneval" / "pages.jsonl.gz",
    "trafilatura-eval": SHARED / "metadata" / "trafilatura-eval" / "pages.jsonl.gz",
    "readability": SHARED / "metadata" / "readability" / "pages.jsonl.gz",
    "htmldate-default": SHARED / "metadata" / "htmldate-default" / "pages.jsonl.gz",
}
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP"})
PARTICLES = frozenset(
    "de da di del della der des van von la le al el bin ibn du dos das st.".split()
    + _lines("names_particles.txt")
)
# lowercase words inside an organisation's name: "Centre for Economic Policy Research"
NAME_LINKS = frozenset({"of", "for", "and", "the", "on", "&"})
_WORD = re.compile(r"[\w.'’-]+")


def read_pages(path: Path, per_set: int) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    if per_set and len(recs) > per_set:
        step = len(recs) / per_set
        recs = [recs[int(i * step)] for i in range(per_set)]
    return recs


def _name_like(speaker: str) -> bool:
    words = _WORD.findall(speaker)
    if not words or any(ch.isdigit() for ch in speaker):
        return False
    inner = {w.lower() for w in words[1:-1]} & NAME_LINKS
    lower_ok = PARTICLES | inner
    return all(w[0].isupper() or w.lower() in lower_ok for w in words) and words[0][0].isupper()


def _group_like(speaker: str) -> bool:
    lex = lexicon()
    words = [w.lower() for w in _WORD.findall(speaker.split(",")[0])]
    head = []
    for w in words:
        if w in NP_LINKS or w in HEAD_ENDS:  # "a source close to Crichton"
            break
        head.append(w)
    if not head:
        return False
    last = head[-1].rstrip("'’s")
    return (
        head[-1] in lex.groups or last in lex.groups or head[-1] in lex.titles or known_head(last)
    )


def classify(speaker: str, ad: AnnotatedDocument) -> str:
    """ "name", "group", "pronoun" or "flagged"."""
    if speaker.lower() in PRONOUNS:
        return "pronoun"
    if _name_like(speaker):
        last = speaker.split()[-1]
        for e in ad.entities:
            if e.label in NAME_LABELS and (
                e.text == speaker or e.canonical == speaker or e.text.split()[-1] == last
            ):
                return "name"
    if _group_like(speaker) and not speaker[:1].isdigit():
        return "group"
    return "flagged"


def _context(text: str, q) -> str:
    """The quote's end and its speaker mention, for reading the list by hand."""
    lo, hi = max(0, q.end - 80), q.end + 80
    if q.speaker_start is not None:
        lo, hi = min(lo, q.speaker_start - 80), max(hi, q.speaker_end + 40)
    return " ⏎ ".join(text[max(0, lo) : hi].splitlines())  # every line break: one TSV row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-set", type=int, default=40, help="pages per set (0: all)")
    ap.add_argument("--sets", nargs="+", default=list(SETS))
    ap.add_argument("--model", default=None)
    ap.add_argument("--out", default="/tmp/speakers-junk.tsv")
    args = ap.parse_args(argv)

    counts: Counter[str] = Counter()
    where: dict[str, tuple] = {}
    kinds: dict[str, str] = {}
    pages = rejects = quotes = with_speaker = 0
    t0 = time.perf_counter()
    for name in args.sets:
        docs = []
        for rec in read_pages(SETS[name], args.per_set):
            src = Source(path=rec["id"], format="html", sha256="0" * 64, uri=rec.get("url"))
            page = RawPage(src, rec["html"], "html", rec["id"], rec.get("url"))
            try:
                docs.append(extract(page))
            except InputError:
                rejects += 1
        pages += len(docs)
        for ad in annotate(docs, model=args.model):
            for q in ad.quotes:
                quotes += 1
                if q.speaker is None:
                    continue
                with_speaker += 1
                counts[q.speaker] += 1
                kind = classify(q.speaker, ad)
                # a speaker is junk if any of its uses is: keep the worst verdict
                if kinds.get(q.speaker) != "flagged":
                    kinds[q.speaker] = kind
                if q.speaker not in where or kind == "flagged":
                    ctx = _context(ad.document.text, q)
                    where[q.speaker] = (name, ad.document.id, q.cue or "", q.start, ctx)
        print(f"{name}: {len(docs)} pages built", file=sys.stderr)

    by_kind: defaultdict[str, int] = defaultdict(int)
    for kind in kinds.values():
        by_kind[kind] += 1
    distinct = len(kinds)
    flagged = by_kind["flagged"]
    with open(args.out, "w", encoding="utf-8") as f:
        for sp in sorted(kinds, key=lambda s: (kinds[s] != "flagged", s.lower())):
            name, doc_id, cue, start, ctx = where[sp]
            row = (kinds[sp], sp, counts[sp], name, doc_id, cue, start, ctx)
            f.write("\t".join(str(x).replace("\t", " ") for x in row) + "\n")
    print(f"pages built {pages} (rejected {rejects}), {time.perf_counter() - t0:.0f} s")
    print(f"quotes {quotes}, with a speaker {with_speaker}")
    print(
        f"distinct speakers {distinct}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items()))
    )
    share = flagged / distinct if distinct else 0.0
    print(f"flagged (neither a name nor a group phrase): {flagged} = {share:.1%}")
    print(f"list: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
