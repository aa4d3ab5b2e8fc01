"""Hostile cases of the outbox (issue #15: 1, 4, 6, 12, 15, 17) through the real slack-sdk client, the
Slack-compatible loopback server and real SQLite and PostgreSQL databases."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from chidao.adapters.db import Article, Database, FollowUpItem, Notification
from chidao.adapters.notifiers import JsonWebhookNotifier, PostResult, SlackNotifier
from chidao.cli import app
from chidao.core.messages import ChatMessage
from chidao.core.models import Directive
from chidao.core.routing import RoutingRules
from chidao.services import store
from chidao.services.notify import NotifySummary, drain_outbox
from tests.notify.support import T0, Clock, add_article, no_pacing, outbox, queue_article, slack
from tests.support.config import CUES
from tests.support.slack_server import DEFAULT_TOKEN, SlackTestServer


def one_line(text: str) -> str:
    """Rich wraps long lines at the terminal width; the message is one line."""
    return " ".join(text.split())


# --- 1: a post whose answer never comes --------------------------------------------------------------


def test_a_post_answered_after_the_timeout_is_found_not_posted_again(
    db: Database, slack_server: SlackTestServer
) -> None:
    rows = [queue_article(db, add_article(db, f"Bài {n}", [f"Việc {n}"]), "#chidao") for n in range(6)]
    # Slack stores posts 2 and 4 at once but answers after the client gave up (timeout 1 s).
    notifier = slack(slack_server, timeout=1)
    clock = Clock()
    slack_server.answer_late("chat.postMessage", 0.0, times=1)
    slack_server.answer_late("chat.postMessage", 2.5, times=1)
    slack_server.answer_late("chat.postMessage", 0.0, times=1)
    slack_server.answer_late("chat.postMessage", 2.5, times=1)

    first = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)

    assert (first.sent, first.unknown_outcome, first.retried) == (4, 2, 0)
    unknown = [outbox(db)[r] for r in (rows[1], rows[3])]
    assert [(r.state, r.next_attempt_at) for r in unknown] == [("sending", T0)] * 2
    assert unknown[0].last_error == (
        "slack chat.postMessage: no answer after sending (TimeoutError); outcome unknown; "
        "checked in the chat before any new attempt"
    )

    clock.advance(timedelta(seconds=30))
    second = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)
    third = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)

    assert (second.reconciled, second.sent, third.sent, third.reconciled) == (2, 0, 0, 0)
    assert len(slack_server.requests_for("chat.postMessage")) == 6
    keys = [m.metadata["event_payload"]["key"] for m in slack_server.messages("#chidao") if m.metadata]
    assert sorted(keys) == sorted(outbox(db)[r].dedup_key for r in rows)
    assert {(outbox(db)[r].state, outbox(db)[r].attempts) for r in rows} == {("sent", 1)}


def test_a_connection_dropped_after_the_post_is_not_retried_blindly(
    db: Database, slack_server: SlackTestServer
) -> None:
    row_id = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    slack_server.drop_answer("chat.postMessage")
    notifier = slack(slack_server)
    clock = Clock()

    first = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)
    second = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)

    # slack_sdk used to repeat the request itself after RemoteDisconnected: two messages for one row.
    assert len(slack_server.requests_for("chat.postMessage")) == 1
    assert (first.unknown_outcome, second.reconciled) == (1, 1)
    (message,) = slack_server.messages("#chidao")
    assert (outbox(db)[row_id].state, outbox(db)[row_id].ts) == ("sent", message.ts)


def test_a_webhook_post_without_an_answer_is_sent_again_visibly(db: Database, slack_server: SlackTestServer) -> None:
    row_id = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    slack_server.answer_late("webhook", 2.5)
    notifier = JsonWebhookNotifier(slack_server.webhook_url(), timeout=1.0, retry_interval=0.01)
    clock = Clock()

    first = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)
    assert (first.unknown_outcome, first.sent, len(slack_server.requests_for("webhook"))) == (1, 0, 1)

    second = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)

    assert (second.resent_unverified, second.sent) == (1, 1)
    assert len(slack_server.requests_for("webhook")) == 2
    row = outbox(db)[row_id]
    assert (row.state, row.attempts, row.last_error) == ("sent", 2, None)


# --- 4: item events of a backlog fold into a digest --------------------------------------------------

ROUTING = RoutingRules("#theo-doi", ())


def _article(db: Database, n: int) -> int:
    with db.session() as session:
        article = Article(
            canonical_url=f"https://bao.example.vn/tin-{n}.html",
            title=f"Tin {n}",
            raw_text="x",
            text="x",
            content_hash=f"h{n}",
            state="processed",
        )
        session.add(article)
        session.flush()
        return article.id


def _report(db: Database, article_id: int) -> bool:
    directive = Directive(
        text="hoàn thành sửa chữa cầu Bến Lức",
        kind="directive",
        issuer="UBND tỉnh",
        assignee="Sở Giao thông vận tải",
        deadline=None,
        due_date=None,
        recurrence=None,
        sentence="UBND tỉnh yêu cầu Sở Giao thông vận tải hoàn thành sửa chữa cầu Bến Lức.",
        start=0,
        end=10,
        confidence=0.9,
    )
    with db.session() as session:
        article = session.get_one(Article, article_id)
        _item, created = store.link_or_create_item(session, article, directive, T0.date(), routing=ROUTING, cues=CUES)
        return created


def test_another_source_replies_of_a_backlog_become_one_digest(db: Database, slack_server: SlackTestServer) -> None:
    created = [_report(db, _article(db, n)) for n in range(15)]
    assert created == [True] + [False] * 14
    with db.session() as session:
        kinds = [(r.kind, r.payload["event"]) for r in session.scalars(select(Notification))]
    assert kinds == [("item_event", "second_source")] * 14

    summary = drain_outbox(db, slack(slack_server), pacer=no_pacing(), digest_threshold=10, now=Clock())

    (message,) = slack_server.messages("#theo-doi")
    assert (summary.sent, summary.digests) == (1, 1)
    assert message.thread_ts is None
    assert message.text.splitlines()[0] == "Tổng hợp cập nhật: 14 cập nhật về các mục đang theo dõi"
    assert message.text.count("*Thêm nguồn đưa tin:* hoàn thành sửa chữa cầu Bến Lức") == 14
    states = {row.state for row in outbox(db).values() if row.kind == "item_event"}
    assert states == {"digested"}


def test_item_events_at_the_threshold_are_sent_one_by_one(db: Database, slack_server: SlackTestServer) -> None:
    for n in range(11):
        _report(db, _article(db, n))

    summary = drain_outbox(db, slack(slack_server), pacer=no_pacing(), digest_threshold=10, now=Clock())

    assert (summary.sent, summary.digests) == (10, 0)


# --- 6: concurrent drains ----------------------------------------------------------------------------


def _drain_concurrently(url: str, base_url: str, runs: int) -> tuple[list[NotifySummary], list[BaseException]]:
    """``runs`` drains at once, each with its own engine and slack-sdk client (as separate processes would)."""
    barrier = threading.Barrier(runs)
    summaries: list[NotifySummary] = []
    errors: list[BaseException] = []

    def one() -> None:
        database = Database(url)
        try:
            notifier = SlackNotifier(DEFAULT_TOKEN, base_url=base_url, retry_interval=0.01)
            barrier.wait()
            summaries.append(drain_outbox(database, notifier, pacer=no_pacing(), digest_threshold=10))
        except BaseException as exc:
            errors.append(exc)
        finally:
            database.dispose()

    threads = [threading.Thread(target=one) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return summaries, errors


def test_three_concurrent_drains_send_one_digest_for_a_backlog(
    db: Database, database_url: str, slack_server: SlackTestServer
) -> None:
    rows = [queue_article(db, add_article(db, f"Bài {n}", [f"Việc {n}"]), "#chidao") for n in range(25)]

    summaries, errors = _drain_concurrently(database_url, slack_server.base_url, 3)

    assert errors == []
    assert sum(s.digests for s in summaries) >= 1
    messages = slack_server.messages("#chidao")
    announced = [line for m in messages for line in m.text.splitlines() if line.startswith("• Bài ")]
    assert sorted(announced) == sorted(f"• Bài {n}" for n in range(25))  # each article exactly once
    box = outbox(db)
    assert {box[r].state for r in rows} == {"digested"}
    digests = [row for row in box.values() if row.kind == "digest"]
    assert {d.state for d in digests} == {"sent"}
    assert sorted(r for d in digests for r in d.payload["rows"]) == rows


def test_three_concurrent_drains_post_each_row_once(
    db: Database, database_url: str, slack_server: SlackTestServer
) -> None:
    rows = [queue_article(db, add_article(db, f"Bài {n}", [f"Việc {n}"]), "#chidao") for n in range(8)]

    summaries, errors = _drain_concurrently(database_url, slack_server.base_url, 3)

    assert errors == []
    assert sum(s.sent for s in summaries) == 8
    assert len(slack_server.requests_for("chat.postMessage")) == 8
    assert {outbox(db)[r].state for r in rows} == {"sent"}


# --- 12: Retry-After without a cap ------------------------------------------------------------------


def test_a_day_long_retry_after_leaves_the_rows_for_the_next_run(db: Database, slack_server: SlackTestServer) -> None:
    rows = [queue_article(db, add_article(db, f"Bài {n}", [f"Việc {n}"]), "#chidao") for n in range(3)]
    slack_server.fail_next("chat.postMessage", status=429, retry_after=86400)
    summaries: list[NotifySummary] = []
    drain = threading.Thread(
        target=lambda: summaries.append(drain_outbox(db, slack(slack_server), pacer=no_pacing(), now=Clock())),
        daemon=True,
    )
    drain.start()
    drain.join(timeout=60)  # not a speed check: before the cap this drain slept for a day

    assert not drain.is_alive()
    (summary,) = summaries
    assert summary.paused == (
        "slack chat.postMessage: ratelimited (HTTP 429); Retry-After 86400 s is longer than the 60 s chidao waits"
    )
    assert summary.left_for_next_run == 3
    first = outbox(db)[rows[0]]
    assert (first.state, first.attempts, first.next_attempt_at) == ("pending", 0, T0 + timedelta(hours=1))
    assert [(outbox(db)[r].state, outbox(db)[r].attempts) for r in rows[1:]] == [("pending", 0)] * 2
    assert len(slack_server.requests_for("chat.postMessage")) == 1
    assert slack_server.messages("#chidao") == []


# --- 15: the token's shape, redaction, reconciliation that cannot crash ---------------------------------


@pytest.fixture
def cli_env(tmp_path: Path, slack_server: SlackTestServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHIDAO_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("CHIDAO_SLACK_API_URL", slack_server.base_url)
    monkeypatch.setenv("CHIDAO_SLACK_CHANNEL", "#chidao")
    return tmp_path


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("xoxb-1234-abcd\nxoxb-5678", "contains a space or line break (copy it again without them)"),
        ("xoxb-1234 abcd", "contains a space or line break (copy it again without them)"),
        ("Bearer xoxb-1234", "contains a space or line break (copy it again without them)"),
        ("sk-1234abcd", "is not a Slack token (expected xoxb-… or xoxp-…, letters, digits and dashes)"),
    ],
)
@pytest.mark.parametrize("command", [["notify", "send"], ["notify", "test"], ["run"]])
def test_a_malformed_token_is_refused_at_start_without_printing_it(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch, token: str, problem: str, command: list[str]
) -> None:
    monkeypatch.setenv("CHIDAO_SLACK_TOKEN", token)

    result = CliRunner().invoke(app, command)

    assert result.exit_code == 2, result.output
    assert one_line(result.stderr) == f"Error: CHIDAO_SLACK_TOKEN: the Slack token {problem}"
    assert "1234" not in result.output


def test_the_token_is_masked_in_every_log_record(slack_server: SlackTestServer) -> None:
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Collect()
    logging.getLogger("chidao.adapters.notifiers.slack_sdk").setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        notifier = slack(slack_server)  # registers the token with the redaction filter
        try:
            raise RuntimeError(f"upstream said: bad token {DEFAULT_TOKEN}")
        except RuntimeError:
            logging.getLogger("slack_sdk.web.base_client").error("request with %s failed", DEFAULT_TOKEN, exc_info=True)
        logging.getLogger("some.library").warning("token=%s", DEFAULT_TOKEN)
        notifier.post("#chidao", ChatMessage(text="Thử", blocks=()), key="k")
    finally:
        root.removeHandler(handler)

    text = "\n".join(records)
    assert "request with *** failed" in text
    assert "RuntimeError: upstream said: bad token ***" in text
    assert "token=***" in text
    assert "Sending a request" in text  # slack_sdk's debug line with the request went through the filter
    assert DEFAULT_TOKEN not in text


def test_reconciliation_survives_any_error_of_the_check(db: Database, slack_server: SlackTestServer) -> None:
    row_id = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    slack_server.drop_answer("chat.postMessage")
    notifier = slack(slack_server)
    clock = Clock()
    drain_outbox(db, notifier, pacer=no_pacing(), now=clock)
    # conversations.history answers with something that is not JSON: slack_sdk raises a non-Slack error.
    slack_server.fail_next("conversations.history", status=200, body="<html>proxy error</html>")

    summary = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)

    assert (summary.reconciled, summary.sent) == (0, 0)
    assert outbox(db)[row_id].state == "sending"
    later = drain_outbox(db, notifier, pacer=no_pacing(), now=clock)
    assert (later.reconciled, outbox(db)[row_id].state) == (1, "sent")
    assert len(slack_server.messages("#chidao")) == 1


class CheckRaises:
    """The real Slack notifier whose channel lookup fails with an error no transport wraps (a bug, a
    library's ValueError): the drain must go on and leave the row for the next check."""

    name = "slack"
    can_find_posted = True

    def __init__(self, inner: SlackNotifier) -> None:
        self.inner = inner

    def post(self, channel: str, message: ChatMessage, *, key: str, thread_ts: str | None = None) -> PostResult:
        return self.inner.post(channel, message, key=key, thread_ts=thread_ts)

    def update(self, channel: str, ts: str, message: ChatMessage) -> PostResult:
        return self.inner.update(channel, ts, message)

    def find_posted(
        self, channel: str, key: str, since: datetime, *, thread_ts: str | None = None
    ) -> PostResult | None:
        raise ValueError("Invalid header value")


def test_reconciliation_survives_an_error_of_any_type(db: Database, slack_server: SlackTestServer) -> None:
    stuck = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    slack_server.drop_answer("chat.postMessage")
    clock = Clock()
    drain_outbox(db, slack(slack_server), pacer=no_pacing(), now=clock)
    fresh = queue_article(db, add_article(db, "Bài mới", ["Việc mới"]), "#chidao")

    summary = drain_outbox(db, CheckRaises(slack(slack_server)), pacer=no_pacing(), now=clock)

    assert (summary.sent, outbox(db)[stuck].state, outbox(db)[fresh].state) == (1, "sending", "sent")


# --- 17: exit codes -----------------------------------------------------------------------------------


def test_notify_send_exits_1_when_every_notification_is_given_up(
    cli_env: Path, slack_server: SlackTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHIDAO_SLACK_TOKEN", "xoxb-revoked-0000")  # the server answers invalid_auth
    database = Database(f"sqlite:///{cli_env / 'cli.db'}")
    database.upgrade()
    for n in range(2):
        queue_article(database, add_article(database, f"Bài {n}", [f"Việc {n}"]), "#chidao")

    result = CliRunner().invoke(app, ["notify", "send"])

    assert result.exit_code == 1, result.output
    assert result.stdout == "0 sent (0 digests), 0 reconciled, 0 to retry, 2 given up, 0 waiting for their thread\n"
    assert one_line(result.stderr) == (
        "Error: 2 notifications given up: slack chat.postMessage: invalid_auth (HTTP 200) "
        "(fix the cause, then `chidao notify retry --dead`)"
    )
    with database.session() as session:
        assert set(session.scalars(select(Notification.state))) == {"dead"}
        assert session.scalars(select(FollowUpItem.id)).all() != []
    database.dispose()

    monkeypatch.setenv("CHIDAO_SLACK_TOKEN", DEFAULT_TOKEN)
    again = CliRunner().invoke(app, ["notify", "send"])
    assert again.exit_code == 0  # nothing new was given up in this run
