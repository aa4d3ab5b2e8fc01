"""Golden outputs for articles whose text the project may not copy (the shared real corpus).

A golden file holds the full object ``chidao extract --format jsonl`` prints for one article, except that
every string that may come from the article's text (headline, item text, issuer, assignee, deadline,
evidence sentence, and any string field the extractor adds later) is replaced by
``{"sha256": <first 16 hex digits>, "chars": <length>}``. Labels from our own vocabulary (topics, province,
published, kinds, rule ids, due dates) and every number stay as they are. A review diff therefore shows
which article, which item and which field changed, with offsets, without a word of the corpus in the
repository; ``tests/golden/real/regenerate.py --show NAME`` prints the resolved strings locally.
"""

from __future__ import annotations

import hashlib
from typing import Any

# Values of these keys are our labels or ids, never article text.
PLAIN_KEYS = frozenset(
    {
        "article",
        "kind",
        "topics",
        "province",
        "province_current",
        "published",
        "article_type",
        "label_rules",
        "due_date",
        "rules",
        "rule_ids",
        "rule",
        "source_sha256",
    }
)


def text_digest(text: str) -> dict[str, Any]:
    return {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], "chars": len(text)}


def redact(value: Any, key: str | None = None) -> Any:
    """``value`` with every string outside ``PLAIN_KEYS`` replaced by its digest (recursively)."""
    if isinstance(value, dict):
        return {k: redact(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, key) for v in value]
    if isinstance(value, str) and key not in PLAIN_KEYS:
        return text_digest(value)
    return value


def golden_record(prediction: dict[str, Any], source: bytes) -> dict[str, Any]:
    """The golden form of one prediction, with the digest of the file it was made from."""
    redacted: dict[str, Any] = redact(prediction)
    return {"source_sha256": hashlib.sha256(source).hexdigest()} | redacted
