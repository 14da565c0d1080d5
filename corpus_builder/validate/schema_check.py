"""JSON Schema check of one record: jsonschema_rs decides, plain jsonschema words the errors.

jsonschema_rs is ~100x faster but the pure-Python `jsonschema` gives every error with its path
and keyword in a stable shape, so it runs only for the (rare) invalid records.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema_rs

from ..schema import article_schema
from .problems import Problem, child, short_value


@cache
def fast_validator() -> Any:
    return jsonschema_rs.Draft202012Validator(article_schema(), validate_formats=True)


@cache
def _wording_validator() -> Any:
    import jsonschema

    cls = jsonschema.Draft202012Validator
    return cls(article_schema(), format_checker=cls.FORMAT_CHECKER)


def schema_valid(record: Any) -> bool:
    return fast_validator().is_valid(record)


def schema_problems(record: Any, file: str = "", ref: str = "-") -> list[Problem]:
    """Every JSON Schema violation of `record`, each with its path, keyword and value."""
    if schema_valid(record):
        return []
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    # jsonschema yields errors in the schema's property order: deterministic and readable.
    for error in _wording_validator().iter_errors(record):
        for path, rule, message, value in _describe(error):
            if (path, rule) in seen:
                continue
            seen.add((path, rule))
            problems.append(Problem(file, ref, path, rule, message, short_value(value)))
    if not problems:
        # The two validators disagree (a format or regex corner case): trust the strict one and
        # word its errors, so an invalid record never passes silently.
        problems = [_rs_problem(error, file, ref) for error in fast_validator().iter_errors(record)]
    return problems


def _rs_problem(error: Any, file: str, ref: str) -> Problem:
    path = "$"
    for key in error.instance_path:
        path = child(path, key)
    keyword = error.schema_path[-1] if error.schema_path else "schema"
    return Problem(
        file, ref, path, f"schema:{keyword}", str(error.message)[:200], short_value(error.instance)
    )


def _describe(error: Any) -> list[tuple[str, str, str, Any]]:
    """(path, rule, message, value) for one jsonschema error.

    `required` and `additionalProperties` point at the object; we point at the field itself so
    the path names what is missing or unknown.
    """
    keyword = error.validator
    rule = f"schema:{keyword}"
    path = error.json_path
    instance = error.instance
    if keyword == "required" and isinstance(instance, dict):
        return [
            (child(path, name), rule, f"required field {name!r} is missing", None)
            for name in error.validator_value
            if name not in instance
        ]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = error.schema.get("properties", {})
        return [
            (child(path, name), rule, f"unknown field {name!r} (not in the schema)", value)
            for name, value in instance.items()
            if name not in allowed
        ]
    return [
        (path, rule, _message(keyword, error.validator_value, instance, error.message), instance)
    ]


_JSON_TYPES = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    list: "array",
    dict: "object",
    type(None): "null",
}


def _message(keyword: str, expected: Any, instance: Any, fallback: str) -> str:
    """A message that never embeds the whole offending value (that may be a full article)."""
    if keyword == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        return f"expected {wanted}, got {_JSON_TYPES.get(type(instance), type(instance).__name__)}"
    if keyword == "enum":
        return f"not one of the allowed values: {', '.join(map(str, expected))}"
    if keyword == "const":
        return f"must be {expected!r}"
    if keyword == "format":
        if expected == "date":
            return "not a real calendar date (YYYY-MM-DD)"
        return f"not a valid {expected}"
    if keyword == "pattern":
        return f"does not match the pattern {expected}"
    if keyword in ("minimum", "maximum"):
        return f"must be {'>=' if keyword == 'minimum' else '<='} {expected}"
    if keyword in ("minLength", "maxLength"):
        return f"length must be {'>=' if keyword == 'minLength' else '<='} {expected}"
    return fallback if len(fallback) <= 200 else fallback[:197] + "..."
