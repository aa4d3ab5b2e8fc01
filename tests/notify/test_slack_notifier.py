"""SlackNotifier through the real slack_sdk WebClient against the local Slack-compatible server."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime, timedelta

import pytest

from chidao.adapters.notifiers import METADATA_EVENT_TYPE, NotifierError, PostResult, SlackNotifier
from chidao.core.messages import ArticleNotice, NoticeItem, render_article, render_item_event, render_test_message
from tests.support.slack_server import DEFAULT_TOKEN, SlackTestServer

ITEM = NoticeItem(1, "Hoàn thành dự án", "directive", "Chủ tịch UBND tỉnh", "Sở Xây dựng", None, None, None)
NOTICE = ArticleNotice(9, "<!channel> Kiểm tra tiến độ", "https://a.example/x", "An Giang", (), None, (ITEM,))


def notifier(server: SlackTestServer, **kwargs: object) -> SlackNotifier:
    options: dict[str, object] = {"retry_interval": 0.01, **kwargs}
    return SlackNotifier(DEFAULT_TOKEN, base_url=server.base_url, **options)  # type: ignore[arg-type]


def an_hour_ago() -> datetime:
    return datetime.now(UTC) - timedelta(hours=1)


def test_post_sends_blocks_text_and_metadata(slack_server: SlackTestServer) -> None:
    message = render_article(NOTICE)

    result = notifier(slack_server).post("#chidao", message, key="article:9")

    channel_id = slack_server.channel_id("#chidao")
    assert channel_id is not None
    assert result.channel == channel_id
    (request,) = slack_server.requests_for("chat.postMessage")
    assert request.headers["authorization"] == f"Bearer {DEFAULT_TOKEN}"
    assert request.json["channel"] == "#chidao"
    assert request.json["text"] == message.text
    assert request.json["blocks"] == json.loads(json.dumps(list(message.blocks)))
    assert request.json["metadata"] == {"event_type": METADATA_EVENT_TYPE, "event_payload": {"key": "article:9"}}
    assert "thread_ts" not in request.json
    (stored,) = slack_server.messages("#chidao")
    assert stored.ts == result.ts


def test_mention_in_title_arrives_escaped(slack_server: SlackTestServer) -> None:
    notifier(slack_server).post("#chidao", render_article(NOTICE), key="k")

    (request,) = slack_server.requests_for("chat.postMessage")
    raw = json.dumps(request.json, ensure_ascii=False)
    assert "<!channel>" not in raw
    assert request.json["blocks"][0]["text"]["text"] == "*<https://a.example/x|&lt;!channel&gt; Kiểm tra tiến độ>*"


def test_thread_reply_sends_thread_ts(slack_server: SlackTestServer) -> None:
    slack = notifier(slack_server)
    parent = slack.post("#chidao", render_article(NOTICE), key="article:9")

    reply = slack.post(parent.channel, render_item_event(ITEM, "overdue"), key="item:1:overdue", thread_ts=parent.ts)

    request = slack_server.requests_for("chat.postMessage")[-1]
    assert request.json["thread_ts"] == parent.ts
    assert reply.channel == parent.channel
    assert reply.ts != parent.ts
    assert [m.thread_ts for m in slack_server.messages("#chidao")] == [None, parent.ts]


def test_update_replaces_the_message(slack_server: SlackTestServer) -> None:
    slack = notifier(slack_server)
    posted = slack.post("#chidao", render_article(NOTICE), key="k")
    new_message = render_test_message("#chidao")

    updated = slack.update("#chidao", posted.ts or "", new_message)

    assert updated == posted
    (request,) = slack_server.requests_for("chat.update")
    assert request.json["channel"] == posted.channel
    assert request.json["ts"] == posted.ts
    (stored,) = slack_server.messages("#chidao")
    assert (stored.text, stored.edited) == (new_message.text, True)


def test_update_of_unknown_message_is_not_retryable(slack_server: SlackTestServer) -> None:
    slack = notifier(slack_server)
    posted = slack.post("#chidao", render_test_message("#chidao"), key="k")
    with pytest.raises(NotifierError) as caught:
        slack.update(posted.channel, "1.000000", render_test_message("#chidao"))
    assert caught.value.retryable is False
    assert caught.value.reason == "slack chat.update: message_not_found (HTTP 200)"


def test_find_posted_round_trips_metadata(slack_server: SlackTestServer) -> None:
    slack = notifier(slack_server)
    since = an_hour_ago()
    first = slack.post("#chidao", render_test_message("#chidao"), key="article:1")
    second = slack.post("#chidao", render_test_message("#chidao"), key="article:2")
    reply = slack.post("#chidao", render_test_message("#chidao"), key="item:5", thread_ts=first.ts)

    assert slack.find_posted("#chidao", "article:2", since) == second
    assert slack.find_posted(first.channel, "article:1", since) == first
    assert slack.find_posted("#chidao", "article:3", since) is None
    # Thread replies are not in conversations.history: they are found inside their thread.
    assert slack.find_posted("#chidao", "item:5", since) is None
    assert slack.find_posted("#chidao", "item:5", since, thread_ts=first.ts) == PostResult(first.channel, reply.ts)
    assert slack.find_posted("#chidao", "article:1", since, thread_ts=first.ts) == first
    assert slack.find_posted("#chidao", "item:6", since, thread_ts=first.ts) is None
    (replies, *_) = slack_server.requests_for("conversations.replies")
    assert (replies.args["ts"], replies.args["include_all_metadata"]) == (first.ts, "1")
    history = slack_server.requests_for("conversations.history")
    assert history[0].args["include_all_metadata"] in ("1", "true")
    assert float(history[0].args["oldest"]) == pytest.approx(since.timestamp(), abs=1e-5)


def test_find_posted_takes_naive_since_as_utc(slack_server: SlackTestServer) -> None:
    slack = notifier(slack_server)
    posted = slack.post("#chidao", render_test_message("#chidao"), key="k")
    naive_utc = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=1)
    assert slack.find_posted("#chidao", "k", naive_utc) == posted
    (history,) = slack_server.requests_for("conversations.history")
    assert float(history.args["oldest"]) == pytest.approx(naive_utc.replace(tzinfo=UTC).timestamp(), abs=1e-5)


def test_find_posted_respects_since(slack_server: SlackTestServer) -> None:
    slack = notifier(slack_server)
    slack.post("#chidao", render_test_message("#chidao"), key="old")
    assert slack.find_posted("#chidao", "old", datetime.now(UTC) + timedelta(minutes=5)) is None


def test_find_posted_follows_pagination(slack_server: SlackTestServer) -> None:
    slack_server.history_page_size = 2
    slack = notifier(slack_server)
    since = an_hour_ago()
    oldest = slack.post("#chidao", render_test_message("#chidao"), key="first")
    for index in range(5):
        slack.post("#chidao", render_test_message("#chidao"), key=f"later:{index}")

    assert slack.find_posted("#chidao", "first", since) == oldest
    assert len(slack_server.requests_for("conversations.history")) == 3


def test_find_posted_resolves_a_channel_name_it_never_posted_to(slack_server: SlackTestServer) -> None:
    channel_id = slack_server.add_channel("#chidao")
    since = an_hour_ago()
    posted = notifier(slack_server).post("#chidao", render_test_message("#chidao"), key="k")

    # A fresh process (after a crash) knows only the configured name.
    fresh = notifier(slack_server)
    assert fresh.find_posted("#chidao", "k", since) == PostResult(channel=channel_id, ts=posted.ts)
    assert len(slack_server.requests_for("conversations.list")) == 1


def test_find_posted_unknown_channel_name(slack_server: SlackTestServer) -> None:
    with pytest.raises(NotifierError) as caught:
        notifier(slack_server).find_posted("#khong-co", "k", an_hour_ago())
    assert (caught.value.reason, caught.value.retryable) == ("slack: channel #khong-co not found", False)


def test_rate_limit_waits_for_retry_after(slack_server: SlackTestServer) -> None:
    slack_server.fail_next("chat.postMessage", status=429, retry_after=1)

    result = notifier(slack_server).post("#chidao", render_test_message("#chidao"), key="k")

    assert result.ts is not None
    first, second = slack_server.requests_for("chat.postMessage")
    assert second.received_at - first.received_at >= 1.0
    assert len(slack_server.messages("#chidao")) == 1


def test_rate_limit_beyond_retries_is_retryable(slack_server: SlackTestServer) -> None:
    slack_server.fail_next("chat.postMessage", status=429, retry_after=0, times=2)

    with pytest.raises(NotifierError) as caught:
        notifier(slack_server, max_retries=1).post("#chidao", render_test_message("#chidao"), key="k")

    assert (caught.value.reason, caught.value.retryable) == ("slack chat.postMessage: ratelimited (HTTP 429)", True)
    assert len(slack_server.requests_for("chat.postMessage")) == 2


def test_server_error_then_success(slack_server: SlackTestServer) -> None:
    slack_server.fail_next("chat.postMessage", status=500)

    result = notifier(slack_server).post("#chidao", render_test_message("#chidao"), key="k")

    assert result.ts == slack_server.messages("#chidao")[0].ts
    assert len(slack_server.requests_for("chat.postMessage")) == 2


def test_persistent_server_error_is_retryable(slack_server: SlackTestServer) -> None:
    slack_server.fail_next("chat.postMessage", status=500, times=10)

    with pytest.raises(NotifierError) as caught:
        notifier(slack_server, max_retries=3).post("#chidao", render_test_message("#chidao"), key="k")

    assert caught.value.retryable is True
    assert caught.value.reason == "slack chat.postMessage: internal_error (HTTP 500)"
    assert len(slack_server.requests_for("chat.postMessage")) == 4


def test_connection_refused_is_retryable(slack_server: SlackTestServer) -> None:
    slack = notifier(slack_server, max_retries=2)
    slack_server.stop()

    with pytest.raises(NotifierError) as caught:
        slack.post("#chidao", render_test_message("#chidao"), key="k")

    assert caught.value.retryable is True
    assert caught.value.reason == "slack chat.postMessage: connection failed: Connection refused"


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel", "msg_too_long"])
def test_permanent_api_errors_are_not_retryable(slack_server: SlackTestServer, error: str) -> None:
    slack_server.fail_next("chat.postMessage", error=error)
    with pytest.raises(NotifierError) as caught:
        notifier(slack_server).post("#chidao", render_test_message("#chidao"), key="k")
    assert (caught.value.reason, caught.value.retryable) == (f"slack chat.postMessage: {error} (HTTP 200)", False)
    assert len(slack_server.requests_for("chat.postMessage")) == 1


def test_invalid_auth_is_not_retryable_and_token_never_leaks(
    slack_server: SlackTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "xoxb-1111-2222-wrong-secret"
    caplog.set_level(logging.DEBUG)
    slack = SlackNotifier(secret, base_url=slack_server.base_url, retry_interval=0.01)

    with pytest.raises(NotifierError) as caught:
        slack.post("#chidao", render_test_message("#chidao"), key="k")

    assert (caught.value.reason, caught.value.retryable) == ("slack chat.postMessage: invalid_auth (HTTP 200)", False)
    assert secret not in str(caught.value)
    assert secret not in repr(caught.value)
    assert caplog.records, "slack_sdk debug logging was expected to be captured"
    assert secret not in caplog.text
    # The server did receive it, so the check above is not vacuous.
    assert slack_server.requests[0].headers["authorization"] == f"Bearer {secret}"


def test_token_never_leaks_on_connection_failure(
    slack_server: SlackTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    slack = notifier(slack_server, max_retries=1)
    slack_server.stop()
    with pytest.raises(NotifierError) as caught:
        slack.post("#chidao", render_test_message("#chidao"), key="k")
    assert DEFAULT_TOKEN not in str(caught.value)
    assert DEFAULT_TOKEN not in caplog.text


def test_auth_test_works_against_the_server(slack_server: SlackTestServer) -> None:
    from slack_sdk import WebClient

    response = WebClient(token=DEFAULT_TOKEN, base_url=slack_server.base_url).auth_test()
    assert (response["ok"], response["team_id"], response["user_id"]) == (True, "T000", "U000BOT")


def test_form_encoded_post_is_understood(slack_server: SlackTestServer) -> None:
    from slack_sdk import WebClient

    client = WebClient(token=DEFAULT_TOKEN, base_url=slack_server.base_url)
    response = client.api_call("chat.postMessage", data={"channel": "#form", "text": "xin chào"})
    assert response["ok"] is True
    (request,) = slack_server.requests_for("chat.postMessage")
    assert request.form == {"channel": "#form", "text": "xin chào"}
    assert slack_server.messages("#form")[0].text == "xin chào"


def test_posted_item_dates_render_day_first(slack_server: SlackTestServer) -> None:
    item = NoticeItem(2, "Báo cáo kết quả", "directive", None, "UBND các huyện", None, date(2025, 12, 31), None)
    notice = ArticleNotice(10, "Họp giao ban", None, None, (), None, (item,))
    notifier(slack_server).post("#chidao", render_article(notice), key="k")
    stored = slack_server.messages("#chidao")[0]
    assert stored.blocks is not None
    assert "• *Thời hạn:* 31/12/2025" in stored.blocks[2]["text"]["text"]
