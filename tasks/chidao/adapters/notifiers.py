"""Chat transports for notifications: Slack Web API, Slack incoming webhook, generic JSON webhook, console.

All of them raise ``NotifierError`` with a short reason and a ``retryable`` flag: the notify stage keeps a
retryable failure in its outbox and gives up on the others. Tokens and webhook URLs (which are secrets too)
never appear in a reason.
"""

from __future__ import annotations

import itertools
import logging
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, TextIO
from urllib.error import URLError

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import (
    BackoffRetryIntervalCalculator,
    FixedValueRetryIntervalCalculator,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator
from slack_sdk.webhook import WebhookClient

from chidao.core.messages import ChatMessage, to_plain_text

__all__ = [
    "METADATA_EVENT_TYPE",
    "ConsoleNotifier",
    "JsonWebhookNotifier",
    "Notifier",
    "NotifierError",
    "PostResult",
    "SlackNotifier",
    "SlackWebhookNotifier",
]

METADATA_EVENT_TYPE = "chidao_notice"

# Slack "ok": false errors worth another try later; everything else (invalid_auth, channel_not_found,
# not_in_channel, msg_too_long, ...) will fail the same way again.
_RETRYABLE_SLACK_ERRORS = frozenset(
    {"ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PostResult:
    """Where a message landed: ``channel`` as the transport reports it (Slack: the channel id, which
    ``update`` and ``find_posted`` accept) and ``ts``, the message id to thread under (None when the
    transport has no ids)."""

    channel: str
    ts: str | None


class NotifierError(Exception):
    """A failed post. ``retryable``: a later attempt may succeed (rate limit, server or network trouble)."""

    def __init__(self, reason: str, *, retryable: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


class Notifier(Protocol):
    """What the notify stage needs from a chat transport."""

    name: str

    def post(self, channel: str, message: ChatMessage, *, key: str, thread_ts: str | None = None) -> PostResult:
        """Post ``message``; ``key`` identifies it for ``find_posted`` (idempotent re-sends)."""
        ...

    def update(self, channel: str, ts: str, message: ChatMessage) -> PostResult:
        """Replace a posted message (e.g. when an item's status changes)."""
        ...

    def find_posted(
        self, channel: str, key: str, since: datetime, *, thread_ts: str | None = None
    ) -> PostResult | None:
        """The message posted with ``key`` since ``since``, or None (also when the transport cannot look).

        Pass ``thread_ts`` when the message was a thread reply: replies are only found inside their thread.
        """
        ...


def _retry_handlers(max_retries: int, interval: RetryIntervalCalculator) -> list[RetryHandler]:
    # The retry counter is shared by the handlers, so max_retries bounds all retries of one request.
    return [
        ConnectionErrorRetryHandler(max_retry_count=max_retries, interval_calculator=interval),
        RateLimitErrorRetryHandler(max_retry_count=max_retries),
        ServerErrorRetryHandler(max_retry_count=max_retries, interval_calculator=interval),
    ]


def _interval(retry_interval: float | None) -> RetryIntervalCalculator:
    if retry_interval is None:
        return BackoffRetryIntervalCalculator(backoff_factor=0.5)
    return FixedValueRetryIntervalCalculator(retry_interval)


def _scrub(text: str, *secrets: str) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _network_reason(exc: BaseException) -> str:
    """ "connection failed: Connection refused" without the URL (webhook URLs are secrets)."""
    inner: Any = exc.reason if isinstance(exc, URLError) else exc
    detail = getattr(inner, "strerror", None) or type(inner).__name__
    return f"connection failed: {detail}"


class SlackNotifier:
    """Slack Web API through ``slack_sdk.WebClient``: threads, updates and metadata lookups.

    Retries 429 (honouring Retry-After), 500/503 and connection errors up to ``max_retries`` times;
    ``retry_interval`` fixes the pause between server/connection retries (default: exponential backoff).
    """

    name = "slack"

    def __init__(
        self,
        token: str,
        *,
        base_url: str = "https://slack.com/api/",
        max_retries: int = 3,
        timeout: int = 10,
        retry_interval: float | None = None,
    ) -> None:
        self._token = token
        self._client = WebClient(
            token=token,
            base_url=base_url,
            timeout=timeout,
            retry_handlers=_retry_handlers(max_retries, _interval(retry_interval)),
        )
        self._channel_ids: dict[str, str] = {}

    def _call(self, method: str, **kwargs: Any) -> Any:
        try:
            return self._client.api_call(method, **kwargs)
        except SlackApiError as exc:
            status = exc.response.status_code
            error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
            retryable = status == 429 or status >= 500 or error in _RETRYABLE_SLACK_ERRORS
            reason = f"slack {method}: {error or 'error'} (HTTP {status})"
            raise NotifierError(_scrub(reason, self._token), retryable=retryable) from None
        except (URLError, OSError) as exc:
            reason = f"slack {method}: {_network_reason(exc)}"
            raise NotifierError(_scrub(reason, self._token), retryable=True) from None
        except SlackClientError as exc:
            reason = f"slack {method}: client error: {type(exc).__name__}"
            raise NotifierError(reason, retryable=False) from None

    def post(self, channel: str, message: ChatMessage, *, key: str, thread_ts: str | None = None) -> PostResult:
        payload: dict[str, Any] = {
            "channel": channel,
            "text": message.text,
            "blocks": list(message.blocks),
            "metadata": {"event_type": METADATA_EVENT_TYPE, "event_payload": {"key": key}},
            "unfurl_links": False,
            "unfurl_media": False,
        }
        if thread_ts is not None:
            payload["thread_ts"] = thread_ts
        response = self._call("chat.postMessage", json=payload)
        channel_id = str(response.get("channel") or channel)
        self._channel_ids[channel.lstrip("#")] = channel_id
        return PostResult(channel=channel_id, ts=response.get("ts"))

    def update(self, channel: str, ts: str, message: ChatMessage) -> PostResult:
        payload = {
            "channel": self._resolve(channel),
            "ts": ts,
            "text": message.text,
            "blocks": list(message.blocks),
        }
        response = self._call("chat.update", json=payload)
        return PostResult(channel=str(response.get("channel") or payload["channel"]), ts=response.get("ts") or ts)

    def find_posted(
        self, channel: str, key: str, since: datetime, *, thread_ts: str | None = None
    ) -> PostResult | None:
        """Look for our metadata key among messages since ``since`` (naive datetimes are taken as UTC).

        Top-level messages come from conversations.history; with ``thread_ts`` the replies of that thread
        are searched with conversations.replies instead (history does not list replies).
        """
        channel_id = self._resolve(channel)
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        if thread_ts is None:
            messages = self._paged("conversations.history", {"channel": channel_id}, since)
        else:
            messages = self._paged("conversations.replies", {"channel": channel_id, "ts": thread_ts}, since)
        for message in messages:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == METADATA_EVENT_TYPE and payload.get("key") == key:
                return PostResult(channel=channel_id, ts=message.get("ts"))
        return None

    def _paged(self, method: str, base: dict[str, Any], since: datetime) -> Iterator[dict[str, Any]]:
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {
                **base,
                "oldest": f"{since.timestamp():.6f}",
                "include_all_metadata": True,
                "limit": 200,
            }
            if cursor:
                params["cursor"] = cursor
            response = self._call(method, http_verb="GET", params=params)
            yield from response.get("messages") or []
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return

    def _resolve(self, channel: str) -> str:
        """Channel id for "#name" (needed by history and update); ids pass through unchanged.

        Names seen in ``post`` replies are cached; others are looked up with conversations.list.
        """
        if not channel.startswith("#"):
            return channel
        name = channel[1:]
        if name not in self._channel_ids:
            cursor: str | None = None
            while name not in self._channel_ids:
                params: dict[str, Any] = {"types": "public_channel,private_channel", "limit": 1000}
                if cursor:
                    params["cursor"] = cursor
                response = self._call("conversations.list", http_verb="GET", params=params)
                for entry in response.get("channels") or []:
                    self._channel_ids.setdefault(str(entry.get("name")), str(entry.get("id")))
                cursor = (response.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        if name not in self._channel_ids:
            raise NotifierError(f"slack: channel {channel} not found", retryable=False)
        return self._channel_ids[name]


class SlackWebhookNotifier:
    """A Slack incoming webhook: one fixed channel, no threads (replies are posted top-level), no updates,
    no lookups. ``channel`` is only echoed back in the result."""

    name = "slack-webhook"

    def __init__(
        self, url: str, *, max_retries: int = 3, timeout: int = 10, retry_interval: float | None = None
    ) -> None:
        self._url = url
        quiet = logging.getLogger(f"{__name__}.webhook")
        # slack_sdk logs the full webhook URL at DEBUG; the URL is the credential.
        quiet.setLevel(logging.INFO)
        self._client = WebhookClient(
            url,
            timeout=timeout,
            logger=quiet,
            retry_handlers=_retry_handlers(max_retries, _interval(retry_interval)),
        )

    def post(self, channel: str, message: ChatMessage, *, key: str, thread_ts: str | None = None) -> PostResult:
        try:
            response = self._client.send(text=message.text, blocks=list(message.blocks))
        except (URLError, OSError) as exc:
            raise NotifierError(f"slack webhook: {_network_reason(exc)}", retryable=True) from None
        status = response.status_code
        if status != 200:
            body = _scrub(str(response.body or "")[:100], self._url)
            retryable = status == 429 or status >= 500
            raise NotifierError(f"slack webhook: HTTP {status} {body}".rstrip(), retryable=retryable)
        return PostResult(channel=channel, ts=None)

    def update(self, channel: str, ts: str, message: ChatMessage) -> PostResult:
        raise NotifierError("slack webhook: messages cannot be updated through a webhook", retryable=False)

    def find_posted(
        self, channel: str, key: str, since: datetime, *, thread_ts: str | None = None
    ) -> PostResult | None:
        return None


_GROUP_MENTION = re.compile(r"@(?=(channel|here|all|everyone)\b)", re.IGNORECASE)


def _defuse_mentions(text: str) -> str:
    """Break "@channel"/"@here"/"@all" with a zero-width space: Mattermost and Teams would ping on them."""
    return _GROUP_MENTION.sub("@\u200b", text)


class JsonWebhookNotifier:
    """Generic JSON webhook (Teams/Google Chat/Mattermost style): POSTs {"text": <plain text>, "key": key}.

    Retries 429 (Retry-After, in seconds), 5xx and connection errors up to ``max_retries`` times with
    exponential backoff from ``retry_interval``.
    """

    name = "json-webhook"

    def __init__(self, url: str, *, max_retries: int = 3, timeout: float = 10.0, retry_interval: float = 0.5) -> None:
        self._url = url
        self._max_retries = max_retries
        self._retry_interval = retry_interval
        self._timeout = timeout

    def post(self, channel: str, message: ChatMessage, *, key: str, thread_ts: str | None = None) -> PostResult:
        payload = {"text": _defuse_mentions(to_plain_text(message)), "key": key}
        with httpx.Client(timeout=self._timeout) as client:
            for attempt in itertools.count():
                final = attempt >= self._max_retries
                try:
                    response = client.post(self._url, json=payload)
                except httpx.TransportError as exc:
                    if final:
                        reason = f"json webhook: connection failed: {type(exc).__name__}"
                        raise NotifierError(reason, retryable=True) from None
                    time.sleep(self._retry_interval * 2**attempt)
                    continue
                status = response.status_code
                if status < 300:
                    return PostResult(channel=channel, ts=None)
                retryable = status == 429 or status >= 500
                if final or not retryable:
                    raise NotifierError(f"json webhook: HTTP {status}", retryable=retryable)
                time.sleep(self._pause(response, attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _pause(self, response: httpx.Response, attempt: int) -> float:
        retry_after = response.headers.get("Retry-After", "")
        if retry_after.isdigit():
            return float(retry_after)
        return self._retry_interval * 2**attempt

    def update(self, channel: str, ts: str, message: ChatMessage) -> PostResult:
        raise NotifierError("json webhook: messages cannot be updated", retryable=False)

    def find_posted(
        self, channel: str, key: str, since: datetime, *, thread_ts: str | None = None
    ) -> PostResult | None:
        return None


class ConsoleNotifier:
    """Writes messages as plain text to a stream (default stdout): the notifier of the embedded run.

    ``ts`` is a counter ("1", "2", ...) so thread replies can point at their parent.
    """

    name = "console"

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._counter = itertools.count(1)

    def _write(self, heading: str, message: ChatMessage) -> None:
        stream = self._stream if self._stream is not None else sys.stdout
        stream.write(f"{heading}\n{to_plain_text(message)}\n\n")
        stream.flush()

    def post(self, channel: str, message: ChatMessage, *, key: str, thread_ts: str | None = None) -> PostResult:
        ts = str(next(self._counter))
        where = f" (trả lời #{thread_ts})" if thread_ts else ""
        self._write(f"── {channel} #{ts}{where}", message)
        return PostResult(channel=channel, ts=ts)

    def update(self, channel: str, ts: str, message: ChatMessage) -> PostResult:
        self._write(f"── {channel} #{ts} (cập nhật)", message)
        return PostResult(channel=channel, ts=ts)

    def find_posted(
        self, channel: str, key: str, since: datetime, *, thread_ts: str | None = None
    ) -> PostResult | None:
        return None
