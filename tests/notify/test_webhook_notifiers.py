"""Slack incoming webhook, generic JSON webhook and console notifiers against real local servers."""

from __future__ import annotations

import io
import logging
from datetime import datetime

import pytest

from chidao.adapters.notifiers import (
    ConsoleNotifier,
    JsonWebhookNotifier,
    Notifier,
    NotifierError,
    PostResult,
    SlackNotifier,
    SlackWebhookNotifier,
)
from chidao.core.messages import ArticleNotice, NoticeItem, render_article, render_test_message
from tests.support.slack_server import DEFAULT_TOKEN, SlackTestServer

ITEM = NoticeItem(1, "Hoàn thành dự án @channel", "directive", None, "Sở Xây dựng", None, None, None)
NOTICE = ArticleNotice(9, "<!channel> Kiểm tra & đôn đốc", "https://a.example/x", None, (), None, (ITEM,))
HOOK_NAME = "T0001/B0001/very-secret-hook"


def test_all_transports_satisfy_the_protocol(slack_server: SlackTestServer) -> None:
    notifiers: list[Notifier] = [
        SlackNotifier(DEFAULT_TOKEN, base_url=slack_server.base_url),
        SlackWebhookNotifier(slack_server.webhook_url()),
        JsonWebhookNotifier(slack_server.webhook_url()),
        ConsoleNotifier(io.StringIO()),
    ]
    assert [n.name for n in notifiers] == ["slack", "slack-webhook", "json-webhook", "console"]


def test_slack_webhook_posts_text_and_blocks(slack_server: SlackTestServer) -> None:
    message = render_article(NOTICE)
    webhook = SlackWebhookNotifier(slack_server.webhook_url(HOOK_NAME))

    result = webhook.post("#chidao", message, key="k", thread_ts="123.456")

    assert result == PostResult(channel="#chidao", ts=None)
    (request,) = slack_server.requests_for("webhook")
    assert request.path == f"/services/{HOOK_NAME}"
    assert request.json["text"] == message.text
    assert (
        request.json["blocks"][0]["text"]["text"] == "*<https://a.example/x|&lt;!channel&gt; Kiểm tra &amp; đôn đốc>*"
    )
    assert "thread_ts" not in request.json


def test_slack_webhook_retries_rate_limit_then_succeeds(slack_server: SlackTestServer) -> None:
    slack_server.fail_next("webhook", status=429, retry_after=1)

    SlackWebhookNotifier(slack_server.webhook_url(), retry_interval=0.01).post("#c", render_article(NOTICE), key="k")

    first, second = slack_server.requests_for("webhook")
    assert second.received_at - first.received_at >= 1.0


@pytest.mark.parametrize(
    ("status", "error", "retryable"),
    [(500, "internal_error", True), (404, "no_service", False), (403, "action_prohibited", False)],
)
def test_slack_webhook_errors(
    slack_server: SlackTestServer, caplog: pytest.LogCaptureFixture, status: int, error: str, retryable: bool
) -> None:
    caplog.set_level(logging.DEBUG)
    slack_server.fail_next("webhook", status=status, error=error, times=5)
    webhook = SlackWebhookNotifier(slack_server.webhook_url(HOOK_NAME), max_retries=2, retry_interval=0.01)

    with pytest.raises(NotifierError) as caught:
        webhook.post("#c", render_test_message("#c"), key="k")

    assert (caught.value.reason, caught.value.retryable) == (f"slack webhook: HTTP {status} {error}", retryable)
    assert len(slack_server.requests_for("webhook")) == (3 if retryable else 1)
    # The webhook URL is the credential: neither the error nor the logs may contain it.
    assert "very-secret-hook" not in str(caught.value)
    assert "very-secret-hook" not in caplog.text


def test_slack_webhook_connection_refused(slack_server: SlackTestServer) -> None:
    webhook = SlackWebhookNotifier(slack_server.webhook_url(HOOK_NAME), max_retries=1, retry_interval=0.01)
    slack_server.stop()
    with pytest.raises(NotifierError) as caught:
        webhook.post("#c", render_test_message("#c"), key="k")
    assert (caught.value.reason, caught.value.retryable) == (
        "slack webhook: connection failed: Connection refused",
        True,
    )


def test_slack_webhook_cannot_update_or_look_up(slack_server: SlackTestServer) -> None:
    webhook = SlackWebhookNotifier(slack_server.webhook_url())
    with pytest.raises(NotifierError) as caught:
        webhook.update("#c", "1.0", render_test_message("#c"))
    assert caught.value.retryable is False
    assert webhook.find_posted("#c", "k", datetime(2025, 1, 1)) is None
    assert slack_server.requests == []


def test_json_webhook_posts_plain_text_and_key(slack_server: SlackTestServer) -> None:
    hook = JsonWebhookNotifier(slack_server.webhook_url("json"))

    result = hook.post("#c", render_article(NOTICE), key="article:9")

    assert result == PostResult(channel="#c", ts=None)
    (request,) = slack_server.requests_for("webhook")
    assert request.headers["content-type"] == "application/json"
    assert request.json == {
        "text": "<\u200b!channel> Kiểm tra & đôn đốc (https://a.example/x)\n"
        + "—" * 20
        + "\n1. [Chỉ đạo] Hoàn thành dự án @\u200bchannel\n"
        "• Đơn vị thực hiện: Sở Xây dựng\n• Thời hạn: —\n• Người chỉ đạo: —",
        "key": "article:9",
    }


def test_json_webhook_honours_retry_after(slack_server: SlackTestServer) -> None:
    slack_server.fail_next("webhook", status=429, retry_after=1)

    JsonWebhookNotifier(slack_server.webhook_url(), retry_interval=0.01).post("#c", render_test_message("#c"), key="k")

    first, second = slack_server.requests_for("webhook")
    assert second.received_at - first.received_at >= 1.0


def test_json_webhook_server_error_then_success(slack_server: SlackTestServer) -> None:
    slack_server.fail_next("webhook", status=503, times=2)
    hook = JsonWebhookNotifier(slack_server.webhook_url(), max_retries=2, retry_interval=0.01)
    assert hook.post("#c", render_test_message("#c"), key="k") == PostResult("#c", None)
    assert len(slack_server.requests_for("webhook")) == 3


@pytest.mark.parametrize(("status", "retryable", "attempts"), [(500, True, 3), (429, True, 3), (400, False, 1)])
def test_json_webhook_errors(slack_server: SlackTestServer, status: int, retryable: bool, attempts: int) -> None:
    slack_server.fail_next("webhook", status=status, retry_after=0 if status == 429 else None, times=5)
    hook = JsonWebhookNotifier(slack_server.webhook_url(), max_retries=2, retry_interval=0.01)

    with pytest.raises(NotifierError) as caught:
        hook.post("#c", render_test_message("#c"), key="k")

    assert (caught.value.reason, caught.value.retryable) == (f"json webhook: HTTP {status}", retryable)
    assert len(slack_server.requests_for("webhook")) == attempts


def test_json_webhook_connection_refused(slack_server: SlackTestServer) -> None:
    hook = JsonWebhookNotifier(slack_server.webhook_url(HOOK_NAME), max_retries=1, retry_interval=0.01)
    slack_server.stop()
    with pytest.raises(NotifierError) as caught:
        hook.post("#c", render_test_message("#c"), key="k")
    assert (caught.value.reason, caught.value.retryable) == ("json webhook: connection failed: ConnectError", True)


def test_console_numbers_messages_and_threads() -> None:
    stream = io.StringIO()
    console = ConsoleNotifier(stream)

    first = console.post("#chidao", render_test_message("#chidao"), key="a")
    reply = console.post("#chidao", render_test_message("#chidao"), key="b", thread_ts=first.ts)
    updated = console.update("#chidao", "1", render_test_message("#chidao"))

    assert (first, reply, updated) == (
        PostResult("#chidao", "1"),
        PostResult("#chidao", "2"),
        PostResult("#chidao", "1"),
    )
    body = "chidao: tin nhắn thử nghiệm tới #chidao. Kênh đã sẵn sàng nhận thông báo."
    assert stream.getvalue() == (
        f"── #chidao #1\n{body}\n\n── #chidao #2 (trả lời #1)\n{body}\n\n── #chidao #1 (cập nhật)\n{body}\n\n"
    )
    assert console.find_posted("#chidao", "a", datetime(2025, 1, 1)) is None


def test_console_defaults_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    ConsoleNotifier().post("#c", render_test_message("#c"), key="a")
    assert capsys.readouterr().out.startswith("── #c #1\nchidao: tin nhắn thử nghiệm tới #c.")
