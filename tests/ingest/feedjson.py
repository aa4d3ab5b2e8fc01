"""Helpers shared by the ingest tests: JSON form of a parsed feed, and
encoders producing the broken byte forms real portals serve."""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import Any

from chidao.core.feedparse import ParsedFeed

_VIETNAMESE_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def parsed_feed_to_json(parsed: ParsedFeed) -> dict[str, Any]:
    """The exact, JSON-comparable form of a parsed feed (datetimes as ISO)."""
    entries = []
    for entry in parsed.entries:
        fields = dataclasses.asdict(entry)
        fields["published"] = entry.published.isoformat() if entry.published else None
        entries.append(fields)
    return {
        "title": parsed.title,
        "ttl_seconds": parsed.ttl_seconds,
        "warnings": list(parsed.warnings),
        "entries": entries,
    }


def encode_cp1258(text: str) -> bytes:
    """Encode like a windows-1258 portal does: base letters (with circumflex,
    breve, horn) precomposed, tone marks as separate combining bytes."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in _VIETNAMESE_TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in tones))
        out += (base + tones).encode("cp1258")
    return bytes(out)
