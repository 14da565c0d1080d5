"""The `corpus-builder` command: build, validate, export, publish, view."""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__

# subcommand -> (module with add_arguments/run, help)
COMMANDS = {
    "build": ("corpus_builder.build_cli", "build a dataset folder from raw pages"),
    "validate": ("corpus_builder.validate.cli", "check records against the schema and invariants"),
    "export": ("corpus_builder.export", "write records of a built corpus as JSONL for validate"),
    "publish": ("corpus_builder.publish", "upload a built dataset folder to the Hugging Face Hub"),
    "view": ("corpus_builder.view.cli", "browse a built corpus in the browser"),
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="corpus-builder", description=__doc__)
    p.add_argument("--version", action="version", version=f"corpus_builder {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for name, (module, help_text) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        mod = importlib.import_module(module)
        mod.add_arguments(sp)
        sp.set_defaults(_run=mod.run)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args._run(args)


if __name__ == "__main__":
    sys.exit(main())
