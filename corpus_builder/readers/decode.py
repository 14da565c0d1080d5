"""Bytes -> text: encoding detection, NUL stripping, binary detection."""

from __future__ import annotations

import codecs

from ..errors import InputError

# A page with more than this share of control bytes (excluding tab/CR/LF) is treated as binary:
# real text in any encoding has almost none, images and archives have many.
_CONTROL_SHARE = 0.10
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def looks_binary(data: bytes) -> bool:
    sample = data[:8192].replace(b"\x00", b"") if _is_utf16(data) else data[:8192]
    if not sample:
        return False
    controls = sum(sample.count(bytes([b])) for b in _CONTROL)
    return controls / len(sample) > _CONTROL_SHARE


def _is_utf16(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode page bytes to str; raise InputError("empty"|"binary"|"undecodable")."""
    if not data.strip(b" \t\r\n\x00"):
        raise InputError("empty", f"{name}: the input is empty")
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    elif _is_utf16(data):
        text = data.decode("utf-16", errors="replace")
    else:
        if looks_binary(data):
            raise InputError("binary", f"{name}: the input looks binary (many control bytes)")
        text = _decode_guess(data, name, declared)
    text = text.replace("\x00", "")
    if not text.strip():
        raise InputError("empty", f"{name}: the input has no text")
    return text


def _decode_guess(data: bytes, name: str, declared: str | None) -> str:
    for encoding in (declared, "utf-8"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("undecodable", f"{name}: no text encoding fits these bytes")
    return str(best)
