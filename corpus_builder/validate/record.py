"""All problems of one record: the JSON Schema first, then the semantic invariants."""

from __future__ import annotations

import re
from typing import Any

from .fast_path import invariants_hold
from .invariants import invariant_problems
from .problems import Problem
from .schema_check import schema_problems, schema_valid


def record_problems(record: Any, file: str = "", ref: str | None = None) -> list[Problem]:
    """Every problem of `record` (an empty list when it is valid).

    `file` and `ref` (line number or id) only label the problems; `ref` defaults to the id.
    """
    if schema_valid(record) and invariants_hold(record):
        return []  # the common case: no Python-side wording work at all
    if ref is None:
        rid = record.get("id") if isinstance(record, dict) else None
        ref = rid if isinstance(rid, str) and rid else "-"
    problems = schema_problems(record, file, ref)
    semantic = invariant_problems(record, file, ref)
    if problems:
        # A field the schema already rejected is not reported a second time.
        reported = {p.path for p in problems}
        semantic = [p for p in semantic if p.path not in reported]
    return sorted(problems + semantic, key=lambda p: _path_key(p.path))


def _path_key(path: str) -> list[tuple[int, int | str]]:
    """Natural order of JSON paths, so a record's problems read top to bottom
    (`$.quotes[2]` before `$.quotes[10]`)."""
    return [(0, int(t)) if t.isdigit() else (1, t) for t in re.split(r"[.\[\]]+", path) if t]
