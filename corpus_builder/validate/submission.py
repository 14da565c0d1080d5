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
    columnar: bool = True,
) -> Report:
    """Validate output folders, Parquet files and JSONL record files; ids must be unique within
    them and, with `against` (a corpus folder or file), new to that corpus.

    columnar=False checks every Parquet row as a dict too (the reference the columnar check of
    article Parquet is tested against); the report is the same either way.
    """
    report = Report(max_problems=max_problems)
    inputs, failures = resolve(paths)
    for failure in failures:
        report.fail(failure.file, failure.reason)
    existing = _corpus_ids(against, inputs, report) if against is not None else {}
    first_seen: dict[str, str] = {}
    for inp in inputs:
        report.files.append(str(inp.path))
        try:
            if inp.kind == "parquet":
                file_problems = parquet_schema_problems(inp.path)
                report.add(file_problems, record=False)
                if columnar and not file_problems:
                    _check_parquet(inp.path, report, first_seen, existing)
                    continue
            for item in iter_items(inp):
                if item.problem is not None:
                    report.add([item.problem])
                    continue
                problems = record_problems(item.record, item.file, item.ref)
                rid = item.record.get("id") if isinstance(item.record, dict) else None
                problems += _id_problems(rid, item.file, item.ref, first_seen, existing)
                report.add(problems)
        except InputFailure as exc:
            report.fail(exc.file, exc.reason)
    return report


def _check_parquet(
    path: Path, report: Report, first_seen: dict[str, str], existing: dict[str, str]
) -> None:
    """A Parquet file with the article column types: whole batches are checked on columns and
    only the rows that check cannot vouch for are read as dicts and worded by record_problems."""
    file = str(path)
    for first_row, batch in parquet_batches(path):
        sure = certainly_valid(batch)
        ids = batch.column("id").to_pylist()
        if sure.all() and _all_new(ids, first_seen, existing):
            # The usual batch: nothing to word, only the ids to remember (ref = id).
            first_seen.update(zip(ids, [f"{file}:{rid}" for rid in ids], strict=True))
            report.add_valid(len(ids))
            continue
        doubtful = iter(batch_records(file, batch.take(np.flatnonzero(~sure)), first_row))
        for row, (rid, ok) in enumerate(zip(ids, sure.tolist(), strict=True), first_row):
            ref = parquet_ref(rid, row)
            problems = [] if ok else record_problems(next(doubtful), file, ref)
            problems += _id_problems(rid, file, ref, first_seen, existing)
            report.add(problems)


def _all_new(ids: list[Any], first_seen: dict[str, str], existing: dict[str, str]) -> bool:
    """Every id a non-empty string, distinct, and neither seen before nor in the corpus."""
    distinct = set(ids)
    return (
        len(distinct) == len(ids)
        and None not in distinct
        and "" not in distinct
        and first_seen.keys().isdisjoint(distinct)
        and existing.keys().isdisjoint(distinct)
    )


def _id_problems(
    rid: object, file: str, ref: str, first_seen: dict[str, str], existing: dict[str, str]
) -> list[Problem]:
    if not isinstance(rid, str) or not rid:
        return []
    problems = []
    here = f"{file}:{ref}"
    if rid in first_seen:
        problems.append(
            Problem(file, ref, "$.id", "id:duplicate", f"id already used by {first_seen[rid]}", rid)
        )
    else:
        first_seen[rid] = here
    if rid in existing:
        problems.append(
            Problem(
                file,
                ref,
                "$.id",
                "id:in_corpus",
                f"id already in the corpus at {existing[rid]}",
                rid,
            )
        )
    return problems


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
