"""Validating a whole submission: every file, every record, and ids unique across all of it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .problems import Problem
from .record import record_problems
from .report import Report
from .sources import Input, InputFailure, iter_ids, iter_items, parquet_schema_problems, resolve


def validate_paths(
    paths: Iterable[Path | str], against: Path | str | None = None, max_problems: int | None = None
) -> Report:
    """Validate output folders, Parquet files and JSONL record files; ids must be unique within
    them and, with `against` (a corpus folder or file), new to that corpus."""
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
                report.add(parquet_schema_problems(inp.path), record=False)
            for item in iter_items(inp):
                if item.problem is not None:
                    report.add([item.problem])
                    continue
                problems = record_problems(item.record, item.file, item.ref)
                problems += _id_problems(item.record, item.file, item.ref, first_seen, existing)
                report.add(problems)
        except InputFailure as exc:
            report.fail(exc.file, exc.reason)
    return report


def _id_problems(
    record: object, file: str, ref: str, first_seen: dict[str, str], existing: dict[str, str]
) -> list[Problem]:
    rid = record.get("id") if isinstance(record, dict) else None
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
