"""Validation of records against the schema and the semantic invariants; also the
contribution checker behind `corpus-builder validate`."""

from .problems import RULES, Problem
from .record import record_problems
from .report import Report
from .submission import validate_paths

__all__ = ["RULES", "Problem", "Report", "record_problems", "validate_paths"]
