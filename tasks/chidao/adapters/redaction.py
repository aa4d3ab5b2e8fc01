"""Secrets out of logs: a logging filter that replaces every registered secret with ``***``.

``protect(secret)`` registers a secret (a Slack token, a webhook URL) and installs the filter on the root
logger, on each of its handlers (records of child loggers pass only their handlers' filters) and on the
``slack_sdk`` logger. The filter rewrites the message, its arguments and an attached traceback, so a token
that ends up in slack_sdk's debug line or in an exception text is never written out.
"""

from __future__ import annotations

import logging
import threading
import traceback

MASK = "***"
_lock = threading.Lock()
_secrets: set[str] = set()


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


class SecretFilter(logging.Filter):
    """Rewrites records that mention a registered secret; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _secrets:
            return True
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_text, record.exc_info = redact(text), None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


_filter = SecretFilter()


def install(logger: logging.Logger) -> None:
    """Put the filter on ``logger`` and its handlers (idempotent)."""
    for target in (logger, *logger.handlers):
        if _filter not in target.filters:
            target.addFilter(_filter)


def protect(secret: str) -> None:
    """Register ``secret`` and install the filter where log records pass."""
    if not secret:
        return
    with _lock:
        _secrets.add(secret)
        for variant in (secret.strip(), *secret.splitlines()):
            if len(variant) >= 8:  # a fragment of a token split by a newline still identifies it
                _secrets.add(variant)
    install(logging.getLogger())
    install(logging.getLogger("slack_sdk"))
