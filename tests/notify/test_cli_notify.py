"""``chidao notify`` test/status/retry/send through the real CLI, database and slack-sdk client."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chidao.adapters.db import Database
from chidao.cli import app
from chidao.services.notify import drain_outbox
from tests.notify.support import Clock, add_article, no_pacing, outbox, queue_article, slack
from tests.support.slack_server import DEFAULT_TOKEN, SlackTestServer

ROUTING = """\
default_channel: "#chidao"
routes:
  - channel: "#an-giang"
    provinces: ["An Giang"]
  - channel: "#xay-dung"
    assignee_pattern: "(?i)sở xây dựng"
  - channel: "#an-giang"
    topics: [economy]
"""


@pytest.fixture
def slack_env(tmp_path: Path, slack_server: SlackTestServer, monkeypatch: pytest.MonkeyPatch) -> SlackTestServer:
    """Settings for the CLI: the routing above, the test Slack server, a SQLite file (see ``outbox_env``)."""
    routing = tmp_path / "routing.yaml"
    routing.write_text(ROUTING, encoding="utf-8")
    monkeypatch.setenv("CHIDAO_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("CHIDAO_ROUTING", str(routing))
    monkeypatch.setenv("CHIDAO_SLACK_TOKEN", DEFAULT_TOKEN)
    monkeypatch.setenv("CHIDAO_SLACK_API_URL", slack_server.base_url)
    return slack_server


@pytest.fixture
def outbox_env(
    slack_env: SlackTestServer, db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> SlackTestServer:
    """``slack_env`` on the parametrized database (SQLite and PostgreSQL), for the outbox commands."""
    monkeypatch.setenv("CHIDAO_DATABASE_URL", database_url)
    return slack_env


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["notify", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def flat(text: str) -> str:
    return " ".join(text.split())


def test_notify_test_posts_once_to_every_configured_channel(slack_env: SlackTestServer) -> None:
    code, stdout, stderr = run("test")

    assert code == 0, stderr
    assert [(m.channel, m.text) for m in slack_env.messages()] == [
        (slack_env.channel_id(name), f"chidao: tin nhắn thử nghiệm tới {name}. Kênh đã sẵn sàng nhận thông báo.")
        for name in ("#chidao", "#an-giang", "#xay-dung")
    ]
    rows = [line for line in stdout.splitlines() if line.startswith("│ #")]
    assert [row.split("│")[1:3] for row in rows] == [
        [f" {name:<9} ", " ok     "] for name in ("#chidao", "#an-giang", "#xay-dung")
    ]
    assert DEFAULT_TOKEN not in stdout + stderr


def test_notify_test_names_the_failing_channel_and_exits_1(slack_env: SlackTestServer) -> None:
    slack_env.fail_next("chat.postMessage", error="channel_not_found")

    code, stdout, stderr = run("test")

    assert code == 1
    assert flat(stderr) == (
        "Error: 1 of 3 channels failed: #chidao: slack chat.postMessage: channel_not_found (HTTP 200)"
    )
    assert "FAILED" in stdout
    assert [m.channel for m in slack_env.messages()] == [slack_env.channel_id(n) for n in ("#an-giang", "#xay-dung")]
    assert DEFAULT_TOKEN not in stdout + stderr


def test_notify_test_reports_a_refused_connection(slack_env: SlackTestServer, tmp_path: Path) -> None:
    # One channel: the client retries a refused connection with backoff (seconds) before giving up.
    (tmp_path / "routing.yaml").write_text('default_channel: "#chidao"\n', encoding="utf-8")
    slack_env.stop()

    code, _, stderr = run("test")

    assert code == 1
    assert (
        flat(stderr)
        == "Error: 1 of 1 channels failed: #chidao: slack chat.postMessage: connection failed: Connection refused"
    )


def test_status_retry_and_send(outbox_env: SlackTestServer, db: Database) -> None:
    dead_row = queue_article(db, add_article(db, "Bài một", ["Việc một"]), "#chidao")
    waiting_row = queue_article(db, add_article(db, "Bài hai", ["Việc hai"]), "#an-giang")
    sent_row = queue_article(db, add_article(db, "Bài ba", ["Việc ba"]), "#an-giang")
    outbox_env.fail_next("chat.postMessage", error="not_in_channel")
    outbox_env.fail_next("chat.postMessage", status=503)
    drain_outbox(db, slack(outbox_env, max_retries=0), pacer=no_pacing(), now=Clock())

    code, stdout, _ = run("status", "--json")

    assert code == 0
    assert json.loads(stdout) == [
        {
            "channel": "#an-giang",
            "pending": 1,
            "sending": 0,
            "sent": 1,
            "digested": 0,
            "dead": 0,
            "suppressed": 0,
            "last_error": "slack chat.postMessage: internal_error (HTTP 503)",
            "last_error_row": waiting_row,
        },
        {
            "channel": "#chidao",
            "pending": 0,
            "sending": 0,
            "sent": 0,
            "digested": 0,
            "dead": 1,
            "suppressed": 0,
            "last_error": "slack chat.postMessage: not_in_channel (HTTP 200)",
            "last_error_row": dead_row,
        },
    ]
    assert outbox(db)[sent_row].state == "sent"

    code, stdout, _ = run("retry")
    assert (code, flat(stdout).split(" ")[0]) == (0, "1")
    assert outbox(db)[waiting_row].next_attempt_at is None
    assert outbox(db)[dead_row].state == "dead"

    code, stdout, _ = run("retry", "--dead")
    assert (code, flat(stdout).split(" ")[0]) == (0, "1")
    assert (outbox(db)[dead_row].state, outbox(db)[dead_row].attempts) == ("pending", 0)

    code, stdout, _ = run("send")

    assert code == 0
    assert flat(stdout).startswith("2 sent (0 digests), 0 reconciled, 0 to retry, 0 given up")
    assert {row.state for row in outbox(db).values()} == {"sent"}
    assert len(outbox_env.messages()) == 3


def test_status_of_an_empty_outbox(outbox_env: SlackTestServer) -> None:
    code, stdout, _ = run("status")

    assert (code, stdout.strip()) == (0, "outbox is empty")


def test_retry_timing_is_left_to_the_drain(outbox_env: SlackTestServer, db: Database) -> None:
    """A row made due by ``retry`` goes out on the next drain even though its backoff had not passed."""
    row = queue_article(db, add_article(db, "Bài", ["Việc"]), "#chidao")
    outbox_env.fail_next("chat.postMessage", status=500)
    clock = Clock()
    drain_outbox(db, slack(outbox_env, max_retries=0), pacer=no_pacing(), now=clock)
    clock.advance(timedelta(seconds=1))
    assert drain_outbox(db, slack(outbox_env), pacer=no_pacing(), now=clock).sent == 0

    run("retry")

    assert drain_outbox(db, slack(outbox_env), pacer=no_pacing(), now=clock).sent == 1
    assert outbox(db)[row].state == "sent"
