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
from http.client import HTTPException
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
from slack_sdk.http_retry.request import HttpRequest as RetryHttpRequest
from slack_sdk.http_retry.response import HttpResponse as RetryHttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.webhook import WebhookClient

from chidao.adapters import redaction
from chidao.core.messages import ChatMessage, defuse_chat_markup, to_plain_text

__all__ = [
    "METADATA_EVENT_TYPE",
    "ConsoleNotifier",
    "JsonWebhookNotifier",
    "Notifier",
    "NotifierError",
    "PostResult",
    "SlackNotifier",
    "SlackWebhookNotifier",
    "retry_after_seconds",
    "slack_token_problem",
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
    """A failed post. ``retryable``: a later attempt may succeed (rate limit, server or network trouble).

    ``outcome_unknown``: the request was sent but no answer came (a timeout or a connection dropped after
    sending), so the chat may have stored the message; the notify stage checks before any new attempt.
    ``retry_after``: the chat asked for a pause longer than the transport waits in-process (seconds).
    """

    def __init__(
        self, reason: str, *, retryable: bool, outcome_unknown: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.outcome_unknown = outcome_unknown
        self.retry_after = retry_after


class Notifier(Protocol):
    """What the notify stage needs from a chat transport.

    ``can_find_posted``: whether ``find_posted`` really looks (Slack) or always answers None (webhooks,
    console); a post with an unknown outcome is re-sent without a check only on the latter, visibly.
    """

    name: str
    can_find_posted: bool

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


# The longest Retry-After a post waits for in-process; a longer one leaves the row for a later run.
MAX_RETRY_AFTER_SECONDS = 60.0


def retry_after_seconds(headers: dict[str, Any]) -> float | None:
    """The Retry-After header in seconds (slack_sdk gives header values as lists), None when absent or odd."""
    for name, value in headers.items():
        if name.lower() == "retry-after":
            text = str(value[0] if isinstance(value, list | tuple) and value else value).strip()
            return float(text) if text.isdigit() else None
    return None


class _CappedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler sleeps whatever Retry-After says (86400 s is a day); this one declines a pause
    over ``max_wait``, so the 429 surfaces and the row is left for a later run."""

    def __init__(self, max_retry_count: int, max_wait: float) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: RetryHttpRequest,
        response: RetryHttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = retry_after_seconds(dict(response.headers))
        return wait is None or wait <= self.max_wait


class _UnsentRetryHandler(ConnectionErrorRetryHandler):
    """Retries a request only when it cannot have reached the server.

    urllib raises ``URLError`` for failures while connecting and sending; a timeout or a dropped connection
    while waiting for the answer comes raw (``TimeoutError``, ``RemoteDisconnected``): the server may have
    acted on it, and repeating a post would post twice.
    """

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: RetryHttpRequest,
        response: RetryHttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return isinstance(error, URLError) and response is None


def _retry_handlers(
    max_retries: int, interval: RetryIntervalCalculator, max_retry_after: float = MAX_RETRY_AFTER_SECONDS
) -> list[RetryHandler]:
    # The retry counter is shared by the handlers, so max_retries bounds all retries of one request.
    return [
        _UnsentRetryHandler(max_retry_count=max_retries, interval_calculator=interval),
        _CappedRateLimitRetryHandler(max_retries, max_retry_after),
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


# How slack_sdk reports a body that is not JSON (a proxy's error page), in place of Slack's "error".
_NOT_JSON = "Received a response in a non-JSON format"
_SLACK_TOKEN = re.compile(r"xox[a-z]-[A-Za-z0-9-]{1,250}")


def slack_token_problem(token: str) -> str | None:
    """Why ``token`` cannot be a Slack token (None when its shape is fine), without quoting it.

    slack_token_problem("xoxb-1-2-abc") is None; a token with a line break, a space or another prefix is
    refused before it reaches an HTTP header (where http.client would print it in its error).
    """
    if _SLACK_TOKEN.fullmatch(token):
        return None
    if any(ch.isspace() for ch in token):
        return "contains a space or line break (copy it again without them)"
    return "is not a Slack token (expected xoxb-… or xoxp-…, letters, digits and dashes)"


class SlackNotifier:
    """Slack Web API through ``slack_sdk.WebClient``: threads, updates and metadata lookups.

    Retries 429 (honouring Retry-After up to ``max_retry_after`` seconds), 500/503 and failures to connect up
    to ``max_retries`` times; ``retry_interval`` fixes the pause between server/connection retries (default:
    exponential backoff). A post that got no answer is never repeated here: its outcome is unknown.
    """

    name = "slack"
    can_find_posted = True

    def __init__(
        self,
        token: str,
        *,
        base_url: str = "https://slack.com/api/",
        max_retries: int = 3,
        timeout: int = 10,
        retry_interval: float | None = None,
        max_retry_after: float = MAX_RETRY_AFTER_SECONDS,
    ) -> None:
        problem = slack_token_problem(token)
        if problem is not None:
            raise ValueError(f"Slack token {problem}")
        redaction.protect(token)
        self._token = token
        self._max_retry_after = max_retry_after
        sdk_logger = logging.getLogger(f"{__name__}.slack_sdk")
        redaction.install(sdk_logger)
        self._client = WebClient(
            token=token,
            base_url=base_url,
            timeout=timeout,
            logger=sdk_logger,
            retry_handlers=_retry_handlers(max_retries, _interval(retry_interval), max_retry_after),
        )
        self._channel_ids: dict[str, str] = {}

    def _call(self, method: str, *, sends: bool = False, **kwargs: Any) -> Any:
        """``sends``: the call changes the channel (a post), so no answer means an unknown outcome."""
        try:
            return self._client.api_call(method, **kwargs)
        except SlackApiError as exc:
            raise self._api_error(method, exc, sends) from None
        except URLError as exc:  # while connecting or sending: Slack did not act on it
            reason = f"slack {method}: {_network_reason(exc)}"
            raise NotifierError(_scrub(reason, self._token), retryable=True) from None
        except (OSError, HTTPException) as exc:  # sent, then no (complete) answer
            if sends:
                reason = f"slack {method}: no answer after sending ({type(exc).__name__}); outcome unknown"
                raise NotifierError(reason, retryable=True, outcome_unknown=True) from None
            raise NotifierError(f"slack {method}: no answer ({type(exc).__name__})", retryable=True) from None
        except SlackClientError as exc:
            reason = f"slack {method}: client error: {type(exc).__name__}"
            raise NotifierError(reason, retryable=False) from None

    def _api_error(self, method: str, exc: SlackApiError, sends: bool) -> NotifierError:
        status = exc.response.status_code
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        if str(error).startswith(_NOT_JSON):
            error = None  # slack_sdk's stand-in for a body that is not JSON; the body is not worth keeping
        if error is None and status < 300:
            # Not Slack's JSON (a proxy's page): whatever happened behind it is unknown, and may pass.
            reason = f"slack {method}: the answer is not Slack's JSON (HTTP {status})"
            if sends:
                return NotifierError(f"{reason}; outcome unknown", retryable=True, outcome_unknown=True)
            return NotifierError(reason, retryable=True)
        retryable = status == 429 or status >= 500 or error in _RETRYABLE_SLACK_ERRORS
        reason = f"slack {method}: {error or 'error'} (HTTP {status})"
        wait = retry_after_seconds(dict(exc.response.headers or {})) if status == 429 else None
        if wait is not None and wait > self._max_retry_after:
            reason += f"; Retry-After {wait:g} s is longer than the {self._max_retry_after:g} s chidao waits"
            return NotifierError(_scrub(reason, self._token), retryable=True, retry_after=wait)
        return NotifierError(_scrub(reason, self._token), retryable=retryable)

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
        response = self._call("chat.postMessage", sends=True, json=payload)
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
        response = self._call("chat.update", sends=True, json=payload)
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
    can_find_posted = False

    def __init__(
        self, url: str, *, max_retries: int = 3, timeout: int = 10, retry_interval: float | None = None
    ) -> None:
        self._url = url
        redaction.protect(url)
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
        except URLError as exc:  # while connecting or sending: nothing was posted
            raise NotifierError(f"slack webhook: {_network_reason(exc)}", retryable=True) from None
        except (OSError, HTTPException) as exc:  # sent, then no answer: it may have been posted
            reason = f"slack webhook: no answer after sending ({type(exc).__name__}); outcome unknown"
            raise NotifierError(reason, retryable=True, outcome_unknown=True) from None
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


class JsonWebhookNotifier:
    """Generic JSON webhook (Teams/Google Chat/Mattermost style): POSTs {"text": <plain text>, "key": key}.

    Retries 429 (Retry-After, in seconds), 5xx and connection errors up to ``max_retries`` times with
    exponential backoff from ``retry_interval``.
    """

    name = "json-webhook"
    can_find_posted = False

    def __init__(self, url: str, *, max_retries: int = 3, timeout: float = 10.0, retry_interval: float = 0.5) -> None:
        self._url = url
        redaction.protect(url)
        self._max_retries = max_retries
        self._retry_interval = retry_interval
        self._timeout = timeout

    def post(self, channel: str, message: ChatMessage, *, key: str, thread_ts: str | None = None) -> PostResult:
        # Mattermost, Google Chat and Slack-compatible receivers honour <!channel>, <url|text>,
        # [text](url) and @here in plain text: defused, since the text quotes articles (#15).
        payload = {"text": defuse_chat_markup(to_plain_text(message)), "key": key}
        with httpx.Client(timeout=self._timeout) as client:
            for attempt in itertools.count():
                final = attempt >= self._max_retries
                try:
                    response = client.post(self._url, json=payload)
                except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                    if final:
                        reason = f"json webhook: connection failed: {type(exc).__name__}"
                        raise NotifierError(reason, retryable=True) from None
                    time.sleep(self._retry_interval * 2**attempt)
                    continue
                except httpx.TransportError as exc:  # sent, then no answer: it may have been posted
                    reason = f"json webhook: no answer after sending ({type(exc).__name__}); outcome unknown"
                    raise NotifierError(reason, retryable=True, outcome_unknown=True) from None
                status = response.status_code
                if status < 300:
                    return PostResult(channel=channel, ts=None)
                retryable = status == 429 or status >= 500
                if final or not retryable:
                    raise NotifierError(f"json webhook: HTTP {status}", retryable=retryable)
                time.sleep(self._pause(response, attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _pause(self, response: httpx.Response, attempt: int) -> float:
        wait = retry_after_seconds(dict(response.headers))
        if wait is None:
            return float(self._retry_interval * 2**attempt)
        if wait > MAX_RETRY_AFTER_SECONDS:
            longest = MAX_RETRY_AFTER_SECONDS
            reason = f"json webhook: HTTP 429; Retry-After {wait:g} s is longer than the {longest:g} s chidao waits"
            raise NotifierError(reason, retryable=True, retry_after=wait)
        return wait

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
    can_find_posted = False

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
