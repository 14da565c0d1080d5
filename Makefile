# Two entry points for a newcomer: `make build` and `make test`. Both set up .venv first.
VENV ?= .venv
PY := $(VENV)/bin/python
CB := $(VENV)/bin/corpus-builder
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: build test lint bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Build the bundled raw pages (data/raw) into the repo's own dataset folder (data/),
# validate it, and read it back with `datasets`.
build: $(VENV)/.installed
	$(CB) build data/raw --out data --overwrite --quiet
	$(CB) validate data
	$(PY) -c "import datasets; ds = datasets.load_dataset('data', 'articles'); \
	print(ds); print('rows:', sum(ds.num_rows.values()))"

test: $(VENV)/.installed
	$(VENV)/bin/ruff check corpus_builder tests benchmarks examples
	$(PY) -m pytest -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check corpus_builder tests benchmarks examples
	$(VENV)/bin/ruff format --check corpus_builder tests benchmarks examples

bench: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) benchmarks/extraction.py
	$(PY) benchmarks/quotes.py --limit 200
	$(PY) benchmarks/ner.py
	$(PY) benchmarks/ner_decoder.py --articles 200
	$(PY) benchmarks/validate.py
	$(PY) benchmarks/throughput.py

clean:
	rm -rf data/data data/README.md data/manifest.json data/rejects.jsonl data/croissant.json \
	       data/images data/dedup data/.cb-*
