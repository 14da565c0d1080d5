"""The vectorised NER decoder against spaCy's own `ner` pipe: same entities, and how much faster.

    python benchmarks/ner_decoder.py [--model sm|md] [--articles 840] [--batch 64]

Runs both over every distinct paragraph of the PolNeAR articles and every CoNLL-2003 test
sentence (from ../shared/benchmarks), in turns of one batch each so that outside load hits
both alike, and prints how many texts got identical entities and the CPU time of each side.
Both include tokenization; the decoder includes the network (tok2vec and the lower layer),
which it runs through spaCy's own layers. Not a unit test: it reads ../shared and prints
figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from spacy.util import minibatch

from corpus_builder.annotate.ner_decoder import GreedyNER
from corpus_builder.annotate.nlp import load_nlp, model_id

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
POLNEAR = SHARED / "quotes" / "polnear-train" / "polnear-train.jsonl.gz"
CONLL = SHARED / "ner" / "conll2003" / "test.jsonl"


def corpora(articles: int) -> dict[str, list[str]]:
    with gzip.open(POLNEAR, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line, _ in zip(f, range(articles), strict=False)]
    paragraphs = (p for r in records for p in r["text"].split("\n\n") if p.strip())
    with CONLL.open(encoding="utf-8") as f:
        sentences = [s for line in f if line.strip() for s in json.loads(line)["text"].split("\n")]
    return {
        "PolNeAR paragraphs": list(dict.fromkeys(paragraphs)),
        "CoNLL-2003 test sentences": list(dict.fromkeys(s for s in sentences if s.strip())),
    }


def compare(nlp, texts: list[str], batch: int) -> tuple[int, int, float, float]:
    ner = nlp.get_pipe("ner")
    decoder = GreedyNER(ner)
    same = tokens = 0
    ours = theirs = 0.0
    for chunk in minibatch(texts, batch):
        start = time.process_time()
        docs = [nlp.make_doc(t) for t in chunk]
        found = decoder(docs)
        ours += time.process_time() - start
        start = time.process_time()
        tagged = list(ner.pipe(nlp.make_doc(t) for t in chunk))
        theirs += time.process_time() - start
        if found is None:
            raise SystemExit("the decoder declined a batch of plain texts")
        for doc, ents in zip(tagged, found, strict=True):
            same += tuple((e.start, e.end, e.label) for e in doc.ents) == ents
            tokens += len(doc)
    return same, tokens, ours, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None, help="sm (default) or md")
    parser.add_argument("--articles", type=int, default=840)
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    nlp = load_nlp(args.model)
    if not GreedyNER.supports(nlp.get_pipe("ner")):
        raise SystemExit(f"{model_id(nlp)}: the decoder does not model this ner pipe")
    print(f"model {model_id(nlp)}")
    for name, texts in corpora(args.articles).items():
        compare(nlp, texts[: args.batch], args.batch)  # warm both up
        same, tokens, ours, theirs = compare(nlp, texts, args.batch)
        print(
            f"{name}: {len(texts)} texts, {tokens} tokens; identical entities {same}/{len(texts)}; "
            f"CPU s decoder {ours:.2f}, spaCy ner pipe {theirs:.2f} -> {theirs / ours:.2f}x"
        )


if __name__ == "__main__":
    main()
