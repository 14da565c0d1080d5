"""Checks a build makes before it reads any input: the options, the model, the output folder.

A mistake in the setup must fail in a second with what to do, not after hours as one reject
per page. Each check raises SetupError, whose message is one line naming the fix; the command
line prints it and exits 2.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from .options import BuildOptions

# Every entry a build writes into OUT (assemble's outputs, then the build's own work folders).
# An input inside one of them would be read back or destroyed; anything else under OUT (the
# Makefile's data/raw under data/) is the user's and is never touched.
WRITTEN = (
    "data",
    "README.md",
    "manifest.json",
    "rejects.jsonl",
    "croissant.json",
    "images",
    "dedup",  # MinHash signatures of the records (corpus_builder.dedup.store)
)
WORK_PREFIX = ".cb-"
# A language as the detector names it (ISO 639-1, or 639-3 for languages without a 639-1
# code), or `unknown` for pages whose language could not be told.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}|unknown")


class SetupError(Exception):
    """The build cannot start as asked; the message says what to change."""


def parse_languages(value: str | None) -> tuple[str, ...] | None:
    """`en,fr` -> ("en", "fr"): sorted and unique, so the options (and manifest) do not
    depend on how the list was typed."""
    if value is None:
        return None
    codes = sorted({c.strip().lower() for c in value.split(",") if c.strip()})
    bad = [c for c in codes if not LANGUAGE_CODE.fullmatch(c)]
    if not codes or bad:
        raise SetupError(
            f"--languages {value!r}: give comma-separated language codes such as en,fr "
            "(ISO 639-1; `unknown` keeps pages whose language could not be detected)"
        )
    return tuple(codes)


def check_options(
    options: BuildOptions, engine_kind: str, workers: int | None, scheduler: str | None
) -> None:
    if engine_kind not in ("local", "dask"):
        raise SetupError(f"--engine {engine_kind!r}: choose local or dask")
    if scheduler and engine_kind != "dask":
        raise SetupError("--scheduler needs --engine dask")
    if workers is not None and workers < 1:
        raise SetupError(f"--workers {workers}: give at least 1 (or leave it out: all cores)")
    if options.max_bytes < 1:
        raise SetupError(f"--max-page-bytes {options.max_bytes}: give a positive size in bytes")
    if options.shard_files is not None and options.shard_files < 1:
        raise SetupError(f"--shard-files {options.shard_files}: give at least 1")
    if options.batch_size < 1:
        raise SetupError(f"batch_size {options.batch_size}: give at least 1")
    if options.languages is not None:
        parse_languages(",".join(options.languages))


def check_model(model: str | None, load: bool = True) -> None:
    """Make sure the model is there, so a missing package fails now with its pip command.

    With `load` the model is loaded here (cached per process, so a build that runs in this
    process pays nothing for it, and a broken package fails too); without, only that the
    package or folder exists (a pool's workers load their own copy: a load here would cost
    seconds and memory for nothing)."""
    from .annotate.nlp import DEFAULT_MODELS, INSTALL_HINTS, MODEL_ALIASES, ModelNotFound, load_nlp

    if not load:
        names = (MODEL_ALIASES.get(model, model),) if model else DEFAULT_MODELS
        if any(_importable(name) for name in names):
            return
        if model and ("/" in model or model.startswith(".")):
            if Path(model).is_dir():
                return
            raise SetupError(f"--model {model}: no such folder; give a spaCy pipeline folder")
        hint = INSTALL_HINTS.get(model or "sm", INSTALL_HINTS["sm"])
        raise SetupError(
            f"no spaCy English model could be loaded ({', '.join(names)} not installed). "
            f"Install it with `{hint}`, or pass --model."
        )
    try:
        load_nlp(model)
    except ModelNotFound as exc:
        raise SetupError(str(exc)) from None
    except Exception as exc:  # a path that is no spaCy pipeline, a broken package
        raise SetupError(
            f"--model {model}: the spaCy model could not be loaded ({type(exc).__name__}: "
            f"{exc}); pass an installed model name, sm, md, or a pipeline folder"
        ) from None


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a dotted name whose parent is missing, or ""
        return False


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(inputs: list[Path], out: Path, *, overwrite: bool, append: bool) -> None:
    """Refuse an OUT that would read its own output, or replace a corpus silently.

    Refused: OUT is an input or inside one (the build would read what it writes); an input
    inside what the build writes in OUT (OUT/data, OUT/README.md, ... would be read back or
    replaced). Allowed: an input elsewhere under OUT, like the Makefile's data/raw under data/.
    """
    if overwrite and append:
        raise SetupError("--overwrite and --append exclude each other: replace or add, not both")
    if out.exists() and not out.is_dir():
        raise SetupError(f"--out {out} is a file; give a folder")
    out_r = out.resolve()
    owned = [out_r / name for name in WRITTEN]
    for given in inputs:
        inp = Path(given).resolve()
        if _within(out_r, inp):
            raise SetupError(
                f"--out {out} is inside the input {given}: the build would read its own output "
                "back as pages; choose an --out outside every input"
            )
        if _within(inp, out_r):
            rel = inp.relative_to(out_r)
            if any(_within(inp, o) for o in owned) or rel.parts[0].startswith(WORK_PREFIX):
                raise SetupError(
                    f"input {given} is inside {out / rel.parts[0]}, which the build writes; "
                    "move the pages elsewhere or choose another --out"
                )
    existing = [name for name in WRITTEN if (out / name).exists()]
    if append:
        if not (out / "manifest.json").is_file() or not (out / "data" / "articles").is_dir():
            raise SetupError(
                f"--append: {out} holds no corpus to add to (no manifest.json and "
                "data/articles); build it first without --append"
            )
    elif existing and not overwrite:
        raise SetupError(
            f"{out} already holds a corpus ({', '.join(existing)}); pass --overwrite to "
            "replace it or --append to add pages to it"
        )
