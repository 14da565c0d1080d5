"""The console entry point run as a user runs it: a real subprocess of this checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def run_cli(*args: str | Path, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m corpus_builder ARGS...` with this checkout first on the path, offline."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "corpus_builder", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
