"""The outcome of validating a submission: every problem, every unreadable input, and counts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .problems import Problem

VALID, INVALID, UNREADABLE = 0, 1, 2
_STATUS_NAMES = {VALID: "valid", INVALID: "invalid", UNREADABLE: "unreadable"}


@dataclass(frozen=True)
class Unreadable:
    file: str
    reason: str


@dataclass
class Report:
    """Problems are kept up to `max_problems` (None: all); the counts always cover everything."""

    max_problems: int | None = None
    files: list[str] = field(default_factory=list)
    records: int = 0
    invalid_records: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    errors: list[Unreadable] = field(default_factory=list)

    def add(self, problems: list[Problem], record: bool = True) -> None:
        """Problems of one record (record=True) or of a whole file."""
        if record:
            self.records += 1
            if problems:
                self.invalid_records += 1
        self.problem_count += len(problems)
        room = len(problems)
        if self.max_problems is not None:
            room = max(0, self.max_problems - len(self.problems))
        self.problems.extend(problems[:room])

    def add_valid(self, count: int) -> None:
        """`count` records without any problem."""
        self.records += count

    def fail(self, file: str, reason: str) -> None:
        self.errors.append(Unreadable(file, reason))

    @property
    def status(self) -> int:
        """0 valid, 1 invalid records, 2 some input could not be read."""
        if self.errors:
            return UNREADABLE
        return INVALID if self.problem_count else VALID

    @property
    def truncated(self) -> bool:
        return len(self.problems) < self.problem_count

    def summary(self) -> str:
        files = f"{len(self.files)} file{'s' if len(self.files) != 1 else ''}"
        head = f"checked {self.records} record{'s' if self.records != 1 else ''} in {files}: "
        if self.status == VALID:
            return head + "valid"
        parts = []
        if self.problem_count:
            parts.append(
                f"{self.problem_count} problem{'s' if self.problem_count != 1 else ''} "
                f"({self.invalid_records} invalid record{'s' if self.invalid_records != 1 else ''})"
            )
        if self.truncated:
            parts.append(f"showing the first {len(self.problems)}")
        if self.errors:
            parts.append(
                f"{len(self.errors)} unreadable input{'s' if len(self.errors) > 1 else ''}"
            )
        return head + ", ".join(parts)

    def text_lines(self) -> list[str]:
        """One line per problem, then the summary (unreadable inputs go to `error_lines`)."""
        return [p.to_text() for p in self.problems] + [self.summary()]

    def error_lines(self) -> list[str]:
        return [f"error: {e.file}: {e.reason}" for e in self.errors]

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": _STATUS_NAMES[self.status],
            "exit_code": self.status,
            "files": self.files,
            "records": self.records,
            "invalid_records": self.invalid_records,
            "problem_count": self.problem_count,
            "truncated": self.truncated,
            "problems": [p.to_dict() for p in self.problems],
            "errors": [{"file": e.file, "reason": e.reason} for e in self.errors],
            "summary": self.summary(),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
