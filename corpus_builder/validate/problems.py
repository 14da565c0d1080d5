"""What a validation finding looks like, and the catalogue of stable rule codes.

Rule codes are part of the output contract (CI scripts and pre-commit users match on them);
never rename one. `schema:<keyword>` codes are open-ended: one per JSON Schema keyword.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

RULES: dict[str, str] = {
    "schema:<keyword>": "the record breaks the JSON Schema keyword <keyword> (type, enum...)",
    "json:parse": "a JSONL line is not valid JSON",
    "json:decode": "a JSONL line is not valid UTF-8",
    "parquet:schema": "a Parquet file's columns/types differ from the article Arrow schema",
    "span:reversed": "a span ends before it starts",
    "span:out_of_range": "a span offset lies beyond the end of `text`",
    "span:text_mismatch": "the stored span text differs from text[start:end]",
    "span:incomplete": "one offset of a span is null and the other is not, or the span and its "
    "text disagree on being null",
    "paragraphs:order": "a paragraph starts before the previous one ends",
    "paragraphs:cover": "the paragraphs do not cover `text` exactly (text must be the paragraphs "
    'joined by "\\n\\n")',
    "entities:order": "entities are not ordered by start",
    "entities:crossing": "two entity mentions share characters (mentions must be flat)",
    "quotes:order": "quotes are not ordered by start",
    "quote:paragraph_index": "a quote's `paragraph` is not an index into `paragraphs`",
    "quote:outside_paragraph": "a quote's span is not inside its paragraph",
    "speaker:not_a_mention": "text[speaker_start:speaker_end] is not the speaker, part of the "
    "speaker's name, or an entity mention whose canonical name is the speaker",
    "speaker:confidence": "speaker_confidence is null and speaker is not, or the other way round "
    "(a confidence is given exactly when there is a speaker)",
    "id:duplicate": "two records of the submission share an id",
    "id:in_corpus": "the id is already used by a record of the --against corpus",
    "id:not_in_corpus": "with --corrections, no record of the --against corpus has the id",
}

# Long values (a whole `text`, a whole record) would drown the report; keep a readable head.
_MAX_VALUE_CHARS = 80


def short_value(value: Any) -> Any:
    """A JSON-compatible, bounded form of an offending value for reports."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) > _MAX_VALUE_CHARS:
        return text[: _MAX_VALUE_CHARS - 3] + "..."
    return text


@dataclass(frozen=True)
class Problem:
    """One finding: where (file, record, JSON path), which rule, what, and the value."""

    file: str
    record: str  # JSONL line number, Parquet record id (or "row N"), "-" for file-level
    path: str  # JSON path into the record, e.g. "$.quotes[2].start"
    rule: str
    message: str
    value: Any = None

    def to_text(self) -> str:
        value = json.dumps(self.value, ensure_ascii=False)
        return f"{self.file}:{self.record}: {self.path}: {self.rule}: {self.message} ({value})"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def child(path: str, key: str | int) -> str:
    """JSON path of a child: `$.a.b`, `$.a[3]`, `$['odd key']`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"
