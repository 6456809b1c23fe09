"""Decoding scraped files: UTF-8 (with or without BOM), UTF-16/32 with BOM, and legacy
single-byte encodings only when the result is unambiguous."""
from __future__ import annotations

import codecs
import unicodedata

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings tried in order, each with the script its non-ASCII letters must belong to.
_LEGACY = (("cp1252", "LATIN"), ("cp1251", "CYRILLIC"), ("iso8859-7", "GREEK"))
_LEGACY_PUNCTUATION = set("«»“”‘’„–—…•°€£§©®±·×÷¿¡")


def decode_text(data: bytes) -> tuple[str | None, str | None]:
    """Return (text, None) when the bytes decode reliably, else (None, reason)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError:
                return None, f"invalid {encoding.upper()} after its byte order mark"
    if b"\x00" in data:
        return None, "binary file (contains NUL bytes)"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        utf8_error = f"invalid UTF-8 at byte {error.start}"
    fits = {encoding: _decode_legacy(data, encoding, script) for encoding, script in _LEGACY}
    decoded = [(encoding, text) for encoding, text in fits.items() if text is not None]
    if len(decoded) == 1:
        return decoded[0][1], None
    if decoded:
        names = " or ".join(encoding for encoding, _ in decoded)
        return None, f"{utf8_error}, and the encoding is ambiguous ({names})"
    return None, f"{utf8_error}, and no other encoding fits it reliably"


def _decode_legacy(data: bytes, encoding: str, script: str) -> str | None:
    """Decode with a single-byte encoding when every non-ASCII character is a letter of one script."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    for char in {c for c in text if ord(c) > 127}:
        if char not in _LEGACY_PUNCTUATION and (
                not char.isalpha() or script not in unicodedata.name(char, "")):
            return None
    if _looks_binary(text):
        return None
    letters = sum(1 for c in text if c.isalpha())
    foreign = sum(1 for c in text if ord(c) > 127 and c.isalpha())
    if not letters or not foreign:
        return None
    # Real Latin text has few accented letters; other scripts are mostly non-ASCII letters.
    plausible = foreign / letters <= 0.35 if script == "LATIN" else foreign / letters >= 0.5
    return text if plausible else None


def _looks_binary(text: str) -> bool:
    """Many control characters mean the file is not text at all."""
    controls = sum(1 for c in text[:4096] if unicodedata.category(c) == "Cc" and c not in "\r\n\t\f")
    return controls > 4
