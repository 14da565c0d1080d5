"""JSONL pages: one page per line, `{"id", "url"?, "date"?, and one of "text" | "html" |
"paragraphs"}`. Each line is its own input unit (`file#line`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator

from ..errors import InputError
from ..types import RawPage, Reject, Source
from .textdump import textdump_page

_BODY_FIELDS = ("text", "html", "paragraphs")


def read_jsonl_lines(
    lines: Iterable[tuple[int, bytes]], display: str
) -> Iterator[RawPage | Reject]:
    for lineno, raw in lines:
        if not raw.strip():
            continue  # blank lines are layout, not inputs
        unit = f"{display}#{lineno}"
        try:
            yield _page(raw, unit)
        except InputError as exc:
            yield Reject(unit, exc.code, exc.message)


def _optional_str(obj: dict, key: str, unit: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError("bad_fields", f"{unit}: {key!r} must be a non-empty string")
    return value.strip()


def _page(raw: bytes, unit: str) -> RawPage:
    try:
        obj = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError("bad_json", f"{unit}: not valid JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise InputError("bad_json", f"{unit}: a line must be a JSON object")
    present = [k for k in _BODY_FIELDS if obj.get(k) is not None]
    if len(present) != 1:
        raise InputError(
            "bad_fields",
            f"{unit}: needs exactly one of {', '.join(_BODY_FIELDS)} (found {present or 'none'})",
        )
    page_id = _optional_str(obj, "id", unit)
    url = _optional_str(obj, "url", unit)
    date = _optional_str(obj, "date", unit)
    kind = present[0]
    source = Source(
        path=unit,
        format="textdump" if kind == "text" else kind,
        sha256=hashlib.sha256(raw.strip()).hexdigest(),
        uri=url,
    )
    body = obj[kind]
    if kind == "paragraphs":
        if not isinstance(body, list) or not all(isinstance(p, str) for p in body):
            raise InputError("bad_fields", f"{unit}: 'paragraphs' must be a list of strings")
        paragraphs = tuple(p.replace("\x00", "").strip() for p in body)
        paragraphs = tuple(p for p in paragraphs if p)
        if not paragraphs:
            raise InputError("empty", f"{unit}: 'paragraphs' holds no text")
        return RawPage(source, "", "paragraphs", page_id, url, date, paragraphs)
    if not isinstance(body, str) or not body.replace("\x00", "").strip():
        raise InputError("empty", f"{unit}: {kind!r} is empty")
    body = body.replace("\x00", "")
    if kind == "text":
        return textdump_page(body, source, url=url, page_id=page_id, date=date)
    return RawPage(source, body, "html", page_id, url, date)
