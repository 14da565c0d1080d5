"""Validating a whole submission: every file, every record, and ids unique across all of it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from .columnar import certainly_valid
from .problems import Problem
from .record import record_problems
from .report import Report
from .sources import (
    Input,
    InputFailure,
    batch_records,
    iter_ids,
    iter_items,
    parquet_batches,
    parquet_ref,
    parquet_schema_problems,
    resolve,
)


def validate_paths(
    paths: Iterable[Path | str],
    against: Path | str | None = None,
    max_problems: int | None = None,
    *,
    corrections: bool = False,
    columnar: bool = True,
) -> Report:
    """Validate output folders, Parquet files and JSONL record files; ids must be unique within
    them and, with `against` (a corpus folder or file), new to that corpus, or with
    `corrections` already in it (each record replaces the corpus record of its id).

    columnar=False checks every Parquet row as a dict too (the reference the columnar check of
    article Parquet is tested against); the report is the same either way.
    """
    if corrections and against is None:
        raise ValueError("corrections=True needs the corpus they correct (against=...)")
    report = Report(max_problems=max_problems)
    inputs, failures = resolve(paths)
    for failure in failures:
        report.fail(failure.file, failure.reason)
    existing = _corpus_ids(against, inputs, report) if against is not None else {}
    ids = _IdCheck(existing, corrections)
    for inp in inputs:
        report.files.append(str(inp.path))
        try:
            if inp.kind == "parquet":
                file_problems = parquet_schema_problems(inp.path)
                report.add(file_problems, record=False)
                if columnar and not file_problems:
                    _check_parquet(inp.path, report, ids)
                    continue
            for item in iter_items(inp):
                if item.problem is not None:
                    report.add([item.problem])
                    continue
                problems = record_problems(item.record, item.file, item.ref)
                rid = item.record.get("id") if isinstance(item.record, dict) else None
                problems += ids.problems(rid, item.file, item.ref)
                report.add(problems)
        except InputFailure as exc:
            report.fail(exc.file, exc.reason)
    return report


def _check_parquet(path: Path, report: Report, ids: _IdCheck) -> None:
    """A Parquet file with the article column types: whole batches are checked on columns and
    only the rows that check cannot vouch for are read as dicts and worded by record_problems."""
    file = str(path)
    for first_row, batch in parquet_batches(path):
        sure = certainly_valid(batch)
        batch_ids = batch.column("id").to_pylist()
        if sure.all() and ids.all_fine(batch_ids):
            # The usual batch: nothing to word, only the ids to remember (ref = id).
            ids.remember(batch_ids, file)
            report.add_valid(len(batch_ids))
            continue
        doubtful = iter(batch_records(file, batch.take(np.flatnonzero(~sure)), first_row))
        for row, (rid, ok) in enumerate(zip(batch_ids, sure.tolist(), strict=True), first_row):
            ref = parquet_ref(rid, row)
            problems = [] if ok else record_problems(next(doubtful), file, ref)
            problems += ids.problems(rid, file, ref)
            report.add(problems)


class _IdCheck:
    """Ids across the whole submission: each used once, and new to the corpus (or, for
    corrections, present in it)."""

    def __init__(self, existing: dict[str, str], corrections: bool) -> None:
        self.existing = existing
        self.corrections = corrections
        self.first_seen: dict[str, str] = {}

    def all_fine(self, ids: list[Any]) -> bool:
        """Every id a non-empty string, distinct, unseen, and new to (or, for corrections,
        in) the corpus: the common case, checked with set operations."""
        distinct = set(ids)
        if len(distinct) != len(ids) or None in distinct or "" in distinct:
            return False
        if not self.first_seen.keys().isdisjoint(distinct):
            return False
        if self.corrections:
            return distinct <= self.existing.keys()
        return self.existing.keys().isdisjoint(distinct)

    def remember(self, ids: list[str], file: str) -> None:
        self.first_seen.update(zip(ids, [f"{file}:{rid}" for rid in ids], strict=True))

    def problems(self, rid: object, file: str, ref: str) -> list[Problem]:
        if not isinstance(rid, str) or not rid:
            return []
        found: list[tuple[str, str]] = []  # (rule, message)
        if rid in self.first_seen:
            found.append(("id:duplicate", f"id already used by {self.first_seen[rid]}"))
        else:
            self.first_seen[rid] = f"{file}:{ref}"
        if self.corrections and rid not in self.existing:
            found.append(
                (
                    "id:not_in_corpus",
                    "a correction must keep the id of the corpus record it replaces; "
                    "no record of the corpus has this id",
                )
            )
        elif not self.corrections and rid in self.existing:
            found.append(("id:in_corpus", f"id already in the corpus at {self.existing[rid]}"))
        return [Problem(file, ref, "$.id", rule, message, rid) for rule, message in found]


def _corpus_ids(against: Path | str, submitted: list[Input], report: Report) -> dict[str, str]:
    """id -> where, for every record of the corpus; files that are part of the submission are
    skipped so validating a corpus file against its own corpus does not flag every id."""
    corpus, failures = resolve([against])
    for failure in failures:
        report.fail(failure.file, f"--against: {failure.reason}")
    own = {inp.path.resolve() for inp in submitted}
    ids: dict[str, str] = {}
    for inp in corpus:
        if inp.path.resolve() in own:
            continue
        try:
            for ref, rid in iter_ids(inp):
                ids.setdefault(rid, f"{inp.path}:{ref}")
        except InputFailure as exc:
            report.fail(exc.file, f"--against: {exc.reason}")
    return ids
