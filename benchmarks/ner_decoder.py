"""The vectorised NER decoder against spaCy's own `ner` pipe: same entities, and how much faster.

    python benchmarks/ner_decoder.py [--model sm|md] [--articles 840] [--batch 64]

Runs three over every distinct paragraph of the PolNeAR articles and every CoNLL-2003 test
sentence (from ../shared/benchmarks), in turns of one batch each so that outside load hits
all alike: our decoder with the networks on numpy's BLAS (one thread, the build's default
`--linalg numpy`), our decoder on blis (`--linalg blis`), and spaCy's stock `ner` pipe (blis,
thinc's default). It prints how many texts got the stock pipe's entities exactly, how many
entities differ (in one and not the other), and the CPU time of each. All include
tokenization; the decoders include the network (tok2vec and the lower layer), which they run
through spaCy's own layers. Not a unit test: it reads ../shared and prints figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from spacy.util import minibatch

from corpus_builder.annotate.entities.ner_decoder import GreedyNER
from corpus_builder.annotate.linalg import describe, one_blas_thread
from corpus_builder.annotate.nlp import load_nlp, model_id

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
POLNEAR = SHARED / "quotes" / "polnear-train" / "polnear-train.jsonl.gz"
CONLL = SHARED / "ner" / "conll2003" / "test.jsonl"
STOCK = "spaCy ner pipe (blis)"


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


def compare(pipes: dict, texts: list[str], batch: int) -> dict[str, list]:
    """Per side: [texts identical to the stock pipe, entities differing, CPU seconds]."""
    stock_nlp = pipes[STOCK]
    stock = stock_nlp.get_pipe("ner")
    decoders = {
        name: GreedyNER(nlp.get_pipe("ner")) for name, nlp in pipes.items() if name != STOCK
    }
    out = {name: [0, 0, 0.0] for name in pipes}
    for chunk in minibatch(texts, batch):
        start = time.process_time()
        tagged = list(stock.pipe(stock_nlp.make_doc(t) for t in chunk))
        out[STOCK][2] += time.process_time() - start
        want = [{(e.start, e.end, e.label) for e in doc.ents} for doc in tagged]
        out[STOCK][0] += len(chunk)
        for name, decoder in decoders.items():
            nlp = pipes[name]
            start = time.process_time()
            found = decoder([nlp.make_doc(t) for t in chunk])
            out[name][2] += time.process_time() - start
            if found is None:
                raise SystemExit("the decoder declined a batch of plain texts")
            for ents, gold in zip(found, want, strict=True):
                out[name][0] += set(ents) == gold
                out[name][1] += len(set(ents) ^ gold)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None, help="sm (default) or md")
    parser.add_argument("--articles", type=int, default=840)
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    nlp = load_nlp(args.model, "numpy")
    if not GreedyNER.supports(nlp.get_pipe("ner")):
        raise SystemExit(f"{model_id(nlp)}: the decoder does not model this ner pipe")
    blis = load_nlp(args.model, "blis")
    pipes = {
        f"decoder, {describe('numpy')}": nlp,
        f"decoder, {describe('blis')}": blis,
        STOCK: blis,
    }
    print(f"model {model_id(nlp)}")
    with one_blas_thread():  # as in a build
        for name, texts in corpora(args.articles).items():
            compare(pipes, texts[: args.batch], args.batch)  # warm all up
            result = compare(pipes, texts, args.batch)
            stock = result[STOCK][2]
            print(f"{name}: {len(texts)} texts")
            for side, (same, differ, cpu) in result.items():
                print(
                    f"  {side}: identical to the stock pipe {same}/{len(texts)}, "
                    f"entities differing {differ}; CPU s {cpu:.2f} ({stock / cpu:.2f}x the pipe)"
                )


if __name__ == "__main__":
    main()
