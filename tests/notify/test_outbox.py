"""The outbox drain end to end: real database (SQLite and PostgreSQL), real slack_sdk client, loopback
Slack-compatible server."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from chidao.adapters.db import Database
from chidao.adapters.notifiers import Notifier, PostResult
from chidao.core.messages import ChatMessage, render_article
from chidao.core.pacing import ChannelPacer
from chidao.services.notify import drain_outbox, message_for, retry_delay
from chidao.services.outbox import notice_from_payload
from tests.notify.support import (
    T0,
    Clock,
    add_article,
    no_pacing,
    outbox,
    queue_article,
    queue_item_event,
    slack,
)
from tests.support.slack_server import DEFAULT_TOKEN, SlackTestServer


def test_article_arrives_as_rendered_and_is_marked_sent_once(db: Database, slack_server: SlackTestServer) -> None:
    item_ids = add_article(db, "Họp bàn dự án đường ven biển", ["Hoàn thành hồ sơ thiết kế"], "Sở Xây dựng")
    row_id = queue_article(db, item_ids, "#chidao")
    notifier = slack(slack_server)

    summary = drain_outbox(db, notifier, pacer=no_pacing(), now=Clock())

    expected = render_article(notice_from_payload(outbox(db)[row_id].payload))
    (request,) = slack_server.requests_for("chat.postMessage")
    assert request.json["channel"] == "#chidao"
    assert request.json["text"] == expected.text
    assert request.json["blocks"] == json.loads(json.dumps(list(expected.blocks)))
    assert request.json["metadata"]["event_payload"] == {"key": outbox(db)[row_id].dedup_key}
    (stored,) = slack_server.messages("#chidao")
    row = outbox(db)[row_id]
    assert (row.state, row.ts, row.attempts, row.sent_at) == ("sent", stored.ts, 1, T0)
    assert row.payload["posted_channel"] == slack_server.channel_id("#chidao")
    assert (summary.sent, summary.retried, summary.dead) == (1, 0, 0)

    again = drain_outbox(db, notifier, pacer=no_pacing(), now=Clock())

    assert again.sent == 0
    assert len(slack_server.requests_for("chat.postMessage")) == 1


def test_mention_in_a_title_arrives_escaped(db: Database, slack_server: SlackTestServer) -> None:
    item_ids = add_article(db, "<!channel> Khẩn trương giải ngân <@U123>", ["Giải ngân vốn đầu tư công"])
    queue_article(db, item_ids, "#chidao")

    drain_outbox(db, slack(slack_server), pacer=no_pacing(), now=Clock())

    (request,) = slack_server.requests_for("chat.postMessage")
    raw = json.dumps(request.json, ensure_ascii=False)
    assert "<!channel>" not in raw and "<@U123>" not in raw
    assert "&lt;!channel&gt; Khẩn trương giải ngân &lt;@U123&gt;" in request.json["blocks"][0]["text"]["text"]


def test_item_event_replies_in_the_thread_of_its_article(db: Database, slack_server: SlackTestServer) -> None:
    (item_id, other_item) = add_article(db, "Kiểm tra tiến độ", ["Hoàn thành hồ sơ", "Bố trí vốn"])
    queue_article(db, [item_id, other_item], "#chidao")
    queue_article(db, [item_id], "#xay-dung")
    notifier = slack(slack_server)
    drain_outbox(db, notifier, pacer=no_pacing(), now=Clock())
    event_here = queue_item_event(db, item_id, "#xay-dung")
    event_there = queue_item_event(db, other_item, "#chidao")

    drain_outbox(db, notifier, pacer=no_pacing(), now=Clock())

    (parent_xd, reply_xd) = slack_server.messages("#xay-dung")
    (parent_cd, reply_cd) = slack_server.messages("#chidao")
    assert (parent_xd.thread_ts, reply_xd.thread_ts) == (None, parent_xd.ts)
    assert (parent_cd.thread_ts, reply_cd.thread_ts) == (None, parent_cd.ts)
    rows = outbox(db)
    assert (rows[event_here].state, rows[event_here].thread_ts, rows[event_here].ts) == (
        "sent",
        parent_xd.ts,
        reply_xd.ts,
    )
    assert rows[event_there].thread_ts == parent_cd.ts
    assert reply_xd.text == message_for(rows[event_here]).text


def test_item_event_in_the_same_drain_follows_its_article(db: Database, slack_server: SlackTestServer) -> None:
    (item_id,) = add_article(db, "Kiểm tra tiến độ", ["Hoàn thành hồ sơ"])
    queue_article(db, [item_id], "#chidao")
    queue_item_event(db, item_id, "#chidao")

    drain_outbox(db, slack(slack_server), pacer=no_pacing(), now=Clock())

    (parent, reply) = slack_server.messages("#chidao")
    assert reply.thread_ts == parent.ts


def test_item_event_without_an_announcement_in_its_channel_is_posted_plainly(
    db: Database, slack_server: SlackTestServer
) -> None:
    (item_id,) = add_article(db, "Kiểm tra tiến độ", ["Hoàn thành hồ sơ"])
    queue_article(db, [item_id], "#chidao")
    notifier = slack(slack_server)
    drain_outbox(db, notifier, pacer=no_pacing(), now=Clock())
    event_id = queue_item_event(db, item_id, "#khac")

    drain_outbox(db, notifier, pacer=no_pacing(), now=Clock())

    (message,) = slack_server.messages("#khac")
    assert message.thread_ts is None
    assert outbox(db)[event_id].thread_ts is None
    assert "thread_ts" not in slack_server.requests_for("chat.postMessage")[-1].json


def test_item_event_waits_for_an_announcement_still_to_be_sent(db: Database, slack_server: SlackTestServer) -> None:
    (item_id,) = add_article(db, "Kiểm tra tiến độ", ["Hoàn thành hồ sơ"])
    article_row = queue_article(db, [item_id], "#chidao")
    clock = Clock()
    slack_server.fail_next("chat.postMessage", status=500)
    notifier = slack(slack_server, max_retries=0)
    drain_outbox(db, notifier, pacer=no_pacing(), now=clock)
    event_id = queue_item_event(db, item_id, "#chidao")

    waiting = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)

    assert waiting.deferred == 1
    assert (outbox(db)[article_row].state, outbox(db)[event_id].state) == ("pending", "pending")
    assert slack_server.messages() == []

    clock.advance(timedelta(seconds=30))
    drain_outbox(db, notifier, pacer=no_pacing(), now=clock)

    (parent, reply) = slack_server.messages("#chidao")
    assert reply.thread_ts == parent.ts
    assert outbox(db)[event_id].thread_ts == parent.ts


def test_item_event_replies_under_the_digest_that_carried_its_item(db: Database, slack_server: SlackTestServer) -> None:
    item_ids = [add_article(db, f"Bài {n}", [f"Việc số {n}"])[0] for n in range(3)]
    for item_id in item_ids:
        queue_article(db, [item_id], "#chidao")
    notifier = slack(slack_server)
    drain_outbox(db, notifier, pacer=no_pacing(), digest_threshold=2, now=Clock())
    queue_item_event(db, item_ids[1], "#chidao")

    drain_outbox(db, notifier, pacer=no_pacing(), digest_threshold=2, now=Clock())

    (digest, reply) = slack_server.messages("#chidao")
    assert digest.text.startswith("Tổng hợp chỉ đạo: 3 bài")
    assert reply.thread_ts == digest.ts


def test_digest_replaces_a_backlog_above_the_threshold(db: Database, slack_server: SlackTestServer) -> None:
    rows = [queue_article(db, add_article(db, f"Bài số {n}", [f"Việc {n}"]), "#chidao") for n in range(4)]
    queue_article(db, add_article(db, "Bài riêng", ["Việc riêng"]), "#khac")

    summary = drain_outbox(db, slack(slack_server), pacer=no_pacing(), digest_threshold=3, now=Clock())

    (digest,) = slack_server.messages("#chidao")
    assert digest.text.splitlines()[0] == "Tổng hợp chỉ đạo: 4 bài, 4 mục cần theo dõi"
    assert [line for line in digest.text.splitlines()[1:]] == [f"• Bài số {n}" for n in range(4)]
    assert len(slack_server.messages("#khac")) == 1
    stored = outbox(db)
    digest_row = stored[max(stored)]
    assert (digest_row.kind, digest_row.state, digest_row.ts) == ("digest", "sent", digest.ts)
    assert [(stored[r].state, stored[r].digest_id) for r in rows] == [("digested", digest_row.id)] * 4
    assert (summary.sent, summary.digests) == (2, 1)


def test_backlog_at_the_threshold_is_sent_message_by_message(db: Database, slack_server: SlackTestServer) -> None:
    for n in range(3):
        queue_article(db, add_article(db, f"Bài số {n}", [f"Việc {n}"]), "#chidao")

    summary = drain_outbox(db, slack(slack_server), pacer=no_pacing(), digest_threshold=3, now=Clock())

    assert [m.text.split(" — ")[0] for m in slack_server.messages("#chidao")] == [f"Bài số {n}" for n in range(3)]
    assert summary.digests == 0


def test_rate_limit_is_honoured_then_delivered_once(db: Database, slack_server: SlackTestServer) -> None:
    row_id = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    slack_server.fail_next("chat.postMessage", status=429, retry_after=1)

    drain_outbox(db, slack(slack_server), pacer=no_pacing(), now=Clock())

    first, second = slack_server.requests_for("chat.postMessage")
    assert second.received_at - first.received_at >= 0.95
    assert len(slack_server.messages("#chidao")) == 1
    assert (outbox(db)[row_id].state, outbox(db)[row_id].attempts) == ("sent", 1)


def test_server_errors_are_retried_then_delivered_once(db: Database, slack_server: SlackTestServer) -> None:
    row_id = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    slack_server.fail_next("chat.postMessage", status=500, times=2)

    drain_outbox(db, slack(slack_server), pacer=no_pacing(), now=Clock())

    assert len(slack_server.requests_for("chat.postMessage")) == 3
    assert len(slack_server.messages("#chidao")) == 1
    assert outbox(db)[row_id].state == "sent"


def test_unreachable_chat_keeps_rows_pending_until_their_next_attempt(
    db: Database, slack_server: SlackTestServer
) -> None:
    rows = [queue_article(db, add_article(db, f"Bài {n}", [f"Việc {n}"]), "#chidao") for n in range(2)]
    slack_server.stop()
    clock = Clock()

    summary = drain_outbox(db, slack(slack_server, max_retries=1), pacer=no_pacing(), now=clock)

    assert summary.retried == 2
    for row_id in rows:
        row = outbox(db)[row_id]
        assert (row.state, row.attempts, row.next_attempt_at) == ("pending", 1, T0 + timedelta(seconds=30))
        assert row.last_error == "slack chat.postMessage: connection failed: Connection refused"
    back = SlackTestServer()
    try:
        notifier = slack(back)
        clock.advance(timedelta(seconds=29))
        assert drain_outbox(db, notifier, pacer=no_pacing(), now=clock).sent == 0
        assert back.requests_for("chat.postMessage") == []

        clock.advance(timedelta(seconds=1))
        assert drain_outbox(db, notifier, pacer=no_pacing(), now=clock).sent == 2
        assert drain_outbox(db, notifier, pacer=no_pacing(), now=clock).sent == 0

        assert [m.text.split(" — ")[0] for m in back.messages("#chidao")] == ["Bài 0", "Bài 1"]
        assert {(outbox(db)[r].state, outbox(db)[r].attempts, outbox(db)[r].last_error) for r in rows} == {
            ("sent", 2, None)
        }
    finally:
        back.stop()


def test_the_back_off_base_is_configurable_and_doubles_per_attempt(db: Database, slack_server: SlackTestServer) -> None:
    row_id = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    slack_server.stop()
    clock = Clock()
    notifier = slack(slack_server, max_retries=0)
    base = timedelta(seconds=2)

    drain_outbox(db, notifier, pacer=no_pacing(), retry_base=base, now=clock)
    assert (outbox(db)[row_id].attempts, outbox(db)[row_id].next_attempt_at) == (1, T0 + base)

    clock.advance(base)
    drain_outbox(db, notifier, pacer=no_pacing(), retry_base=base, now=clock)
    assert (outbox(db)[row_id].attempts, outbox(db)[row_id].next_attempt_at) == (2, T0 + base + 2 * base)


@pytest.mark.parametrize(
    ("attempts", "base", "delay"),
    [
        (1, timedelta(seconds=30), timedelta(seconds=30)),
        (3, timedelta(seconds=30), timedelta(minutes=2)),
        (20, timedelta(seconds=30), timedelta(hours=1)),
        (1, timedelta(seconds=2), timedelta(seconds=2)),
        (4, timedelta(seconds=2), timedelta(seconds=16)),
    ],
)
def test_retry_delay(attempts: int, base: timedelta, delay: timedelta) -> None:
    assert retry_delay(attempts, base) == delay


class CrashAfterPost:
    """The real notifier, then the process dies before the drain can mark the row (Ctrl-C, OOM kill...)."""

    def __init__(self, inner: Notifier, *, before: bool = False) -> None:
        self.inner = inner
        self.name = inner.name
        self.can_find_posted = inner.can_find_posted
        self.before = before

    def post(self, channel: str, message: ChatMessage, *, key: str, thread_ts: str | None = None) -> PostResult:
        if self.before:
            raise KeyboardInterrupt
        self.inner.post(channel, message, key=key, thread_ts=thread_ts)
        raise KeyboardInterrupt

    def update(self, channel: str, ts: str, message: ChatMessage) -> PostResult:
        return self.inner.update(channel, ts, message)

    def find_posted(
        self, channel: str, key: str, since: datetime, *, thread_ts: str | None = None
    ) -> PostResult | None:
        return self.inner.find_posted(channel, key, since, thread_ts=thread_ts)


def test_crash_between_post_and_mark_is_reconciled_without_a_second_post(
    db: Database, slack_server: SlackTestServer
) -> None:
    row_id = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    notifier = slack(slack_server)
    clock = Clock()
    with pytest.raises(KeyboardInterrupt):
        drain_outbox(db, CrashAfterPost(notifier), pacer=no_pacing(), now=clock)
    assert outbox(db)[row_id].state == "sending"

    # Straight away the attempt may still be in flight in another drain: left alone.
    early = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)
    assert (early.sent, early.reconciled, outbox(db)[row_id].state) == (0, 0, "sending")

    clock.advance(timedelta(minutes=11))
    summary = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)

    (message,) = slack_server.messages("#chidao")
    row = outbox(db)[row_id]
    assert (summary.reconciled, summary.sent) == (1, 0)
    assert (row.state, row.ts, row.attempts) == ("sent", message.ts, 1)
    assert len(slack_server.requests_for("chat.postMessage")) == 1


def test_crash_after_a_thread_reply_is_found_inside_the_thread(db: Database, slack_server: SlackTestServer) -> None:
    (item_id,) = add_article(db, "Bài", ["Việc"])
    queue_article(db, [item_id], "#chidao")
    notifier = slack(slack_server)
    clock = Clock()
    drain_outbox(db, notifier, pacer=no_pacing(), now=clock)
    event_id = queue_item_event(db, item_id, "#chidao")
    with pytest.raises(KeyboardInterrupt):
        drain_outbox(db, CrashAfterPost(notifier), pacer=no_pacing(), now=clock)

    clock.advance(timedelta(minutes=11))
    summary = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)

    (parent, reply) = slack_server.messages("#chidao")
    assert summary.reconciled == 1
    assert (outbox(db)[event_id].state, outbox(db)[event_id].ts) == ("sent", reply.ts)
    assert slack_server.requests_for("conversations.replies")[-1].args["ts"] == parent.ts
    assert len(slack_server.requests_for("chat.postMessage")) == 2


def test_crash_before_the_post_is_posted_once_on_the_rerun(db: Database, slack_server: SlackTestServer) -> None:
    row_id = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    notifier = slack(slack_server)
    clock = Clock()
    with pytest.raises(KeyboardInterrupt):
        drain_outbox(db, CrashAfterPost(notifier, before=True), pacer=no_pacing(), now=clock)

    clock.advance(timedelta(minutes=11))
    summary = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)

    assert (summary.reconciled, summary.sent) == (0, 1)
    assert len(slack_server.messages("#chidao")) == 1
    assert (outbox(db)[row_id].state, outbox(db)[row_id].attempts) == ("sent", 2)


def test_rows_die_after_the_attempt_bound_with_the_reason(db: Database, slack_server: SlackTestServer) -> None:
    row_id = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    slack_server.fail_next("chat.postMessage", status=503, times=3)
    notifier = slack(slack_server, max_retries=0)
    clock = Clock()

    states = []
    for _ in range(3):
        drain_outbox(db, notifier, pacer=no_pacing(), max_attempts=3, now=clock)
        states.append((outbox(db)[row_id].state, outbox(db)[row_id].attempts))
        clock.advance(timedelta(hours=1))
    drain_outbox(db, notifier, pacer=no_pacing(), max_attempts=3, now=clock)

    assert states == [("pending", 1), ("pending", 2), ("dead", 3)]
    assert outbox(db)[row_id].last_error == "slack chat.postMessage: internal_error (HTTP 503)"
    assert len(slack_server.requests_for("chat.postMessage")) == 3
    assert slack_server.messages() == []


def test_a_failure_that_cannot_succeed_later_dies_at_once(db: Database, slack_server: SlackTestServer) -> None:
    row_id = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    slack_server.fail_next("chat.postMessage", error="channel_not_found")

    summary = drain_outbox(db, slack(slack_server), pacer=no_pacing(), now=Clock())

    row = outbox(db)[row_id]
    assert (summary.dead, row.state, row.attempts) == (1, "dead", 1)
    assert row.last_error == "slack chat.postMessage: channel_not_found (HTTP 200)"


def test_each_channel_is_paced_and_channels_do_not_wait_for_each_other(
    db: Database, slack_server: SlackTestServer
) -> None:
    for n in range(5):
        queue_article(db, add_article(db, f"A{n}", [f"Việc A{n}"]), "#a")
    for n in range(2):
        queue_article(db, add_article(db, f"B{n}", [f"Việc B{n}"]), "#b")

    # The pacer's clock and the drain's sleep are one virtual clock: the test reads the waits the drain asked
    # for and the order Slack received the posts in, never the wall clock (a loaded machine moves that).
    seconds = [0.0]
    slept: list[float] = []

    def sleep(delay: float) -> None:
        slept.append(round(delay, 6))
        seconds[0] += delay

    pacer = ChannelPacer(rate_per_second=1.0, burst=3, clock=lambda: seconds[0])
    drain_outbox(db, slack(slack_server), pacer=pacer, now=Clock(), sleep=sleep)

    order = [p.json["channel"] for p in slack_server.requests_for("chat.postMessage")]
    # #a's burst of three goes at once; #b is served while #a's bucket refills; then #a at one post a second
    assert order == ["#a", "#a", "#a", "#b", "#b", "#a", "#a"]
    assert slept == [1.0, 1.0]


def test_the_token_never_reaches_logs_or_stored_errors(
    db: Database, slack_server: SlackTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    rows = [queue_article(db, add_article(db, f"Bài {n}", [f"Việc {n}"]), "#chidao") for n in range(3)]
    slack_server.fail_next("chat.postMessage", status=500, times=2)
    slack_server.fail_next("chat.postMessage", error="invalid_auth")
    notifier = slack(slack_server, max_retries=1)

    drain_outbox(db, notifier, pacer=no_pacing(), now=Clock())
    slack_server.stop()
    drain_outbox(db, notifier, pacer=no_pacing(), now=Clock(T0 + timedelta(hours=1)))

    errors = {r: outbox(db)[r].last_error for r in rows}
    assert errors == {
        rows[0]: "slack chat.postMessage: connection failed: Connection refused",
        rows[1]: "slack chat.postMessage: invalid_auth (HTTP 200)",
        rows[2]: None,
    }
    assert "notification" in caplog.text  # the drain did log its failures
    assert "'Authorization': '(redacted)'" in caplog.text  # and slack_sdk logged the request headers
    assert slack_server.token not in caplog.text


def test_an_interrupted_row_at_the_attempt_bound_is_given_up(db: Database, slack_server: SlackTestServer) -> None:
    row_id = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    clock = Clock()
    with pytest.raises(KeyboardInterrupt):
        drain_outbox(db, CrashAfterPost(slack(slack_server), before=True), pacer=no_pacing(), now=clock)

    clock.advance(timedelta(minutes=11))
    summary = drain_outbox(db, slack(slack_server), pacer=no_pacing(), max_attempts=1, now=clock)

    row = outbox(db)[row_id]
    assert (summary.dead, row.state) == (1, "dead")
    assert row.last_error == "gave up after 1 attempts; last one interrupted"
    assert slack_server.requests_for("chat.postMessage") == []


class BrokenNotifier(CrashAfterPost):
    """A transport with a bug: the outcome of the post is unknown."""

    def post(self, channel: str, message: ChatMessage, *, key: str, thread_ts: str | None = None) -> PostResult:
        raise RuntimeError(f"boom with {DEFAULT_TOKEN}")


def test_an_unexpected_error_leaves_the_row_for_reconciliation(db: Database, slack_server: SlackTestServer) -> None:
    rows = [queue_article(db, add_article(db, f"Bài {n}", [f"Việc {n}"]), f"#k{n}") for n in range(2)]

    summary = drain_outbox(db, BrokenNotifier(slack(slack_server)), pacer=no_pacing(), now=Clock())

    assert summary.sent == 0
    assert [(outbox(db)[r].state, outbox(db)[r].last_error) for r in rows] == [
        ("sending", "unexpected error: RuntimeError")
    ] * 2
