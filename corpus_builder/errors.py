"""The error catalogue: every reason an input can be rejected, with a stable code.

Codes are part of the output contract (`rejects.jsonl` "reason"); never rename one.
"""

from __future__ import annotations

REASONS: dict[str, str] = {
    "empty": "the input has no content",
    "binary": "the input looks binary, not text or HTML",
    "undecodable": "the bytes could not be decoded as text in any known encoding",
    "too_large": "the input is larger than the configured limit",
    "bad_json": "a JSONL line is not a JSON object",
    "bad_fields": "a JSONL page lacks the fields a page needs",
    "truncated": "the compressed or archived input ends early; the rest could not be read",
    "no_body": "no article body was found on the page",
    "not_article": "the page is not an article (a listing, table, form, error or login page,"
    " video only, or too short); kept with --keep-non-articles",
    "unreadable": "the input could not be opened or read",
    "invalid_record": "the record built from this input failed validation",
    "duplicate_id": "another input, of this build or of an earlier one (--append), already "
    "produced a record with this id",
    "near_duplicate": "the body is a near-copy of an earlier record's (MinHash of word "
    "5-shingles); the message names that record's id",
    "language": "the page's language is not among the languages the build keeps (--languages)",
    "internal_error": "the builder failed on this input (a bug: please report it)",
}


class InputError(Exception):
    """An input unit cannot become a record; `code` is a key of REASONS."""

    def __init__(self, code: str, message: str) -> None:
        if code not in REASONS:
            raise ValueError(f"unknown reject reason {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message
