"""kill -9 of `chidao run` mid-pass, then a rerun: nothing lost, nothing duplicated, nothing posted twice.

The kills are placed exactly, not by timing: a loopback proxy forwards a chosen statement or request to
the real server and holds back the answer, so chidao is stuck at that point when it is killed.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from chidao.adapters.db import Database, Notification
from chidao.services.notify import STALE_SENDING
from tests.faults.conftest import assert_complete_once, finish, run_env, start_run, stored
from tests.faults.tcp_proxy import TcpProxy
from tests.integration.processes import wait_for
from tests.support.samples import SAMPLE_PAGES
from tests.support.slack_server import SlackTestServer

pytestmark = [pytest.mark.slow, pytest.mark.prefect]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("statement", "articles_before_rerun"),
    [
        pytest.param(b"INSERT INTO articles", 0, id="while-storing-the-first-article"),
        pytest.param(b"INSERT INTO follow_up_items", len(SAMPLE_PAGES), id="while-storing-the-first-item"),
    ],
)
def test_kill_during_a_database_write(
    prefect_harness: None,
    postgres_url: str,
    slack_server: SlackTestServer,
    tmp_path: Path,
    statement: bytes,
    articles_before_rerun: int,
) -> None:
    direct = make_url(postgres_url)
    with TcpProxy(direct.port or 5432, trigger=statement, action="hold") as proxy:
        via_proxy = direct.set(port=proxy.port, query={"sslmode": "disable"}).render_as_string(hide_password=False)
        first = start_run(tmp_path, run_env(via_proxy, slack_server.base_url, slack_server.token), "first")
        wait_for(proxy.triggered.is_set, 300, f"chidao to send {statement.decode()}", first)
        first.kill9()
    # PostgreSQL rolls back the dead client's open transaction; wait until its backend is gone.
    wait_for(lambda: stored(postgres_url).articles == articles_before_rerun, 60, "the rollback")
    assert stored(postgres_url).items == 0
    assert not slack_server.messages()

    rerun = start_run(tmp_path, run_env(postgres_url, slack_server.base_url, slack_server.token), "rerun")
    assert finish(rerun) == 0, rerun.output()[-3000:]
    assert_complete_once(postgres_url, slack_server)


def state_counts(url: str) -> dict[str, int]:
    db = Database(url)
    with db.session() as session:
        states = list(session.scalars(select(Notification.state)))
    db.dispose()
    return {state: states.count(state) for state in set(states)}


def backdate_attempts(url: str, by: timedelta) -> None:
    """Move the recorded attempt times into the past: the clock of a later pass, without waiting for it."""
    db = Database(url)
    with db.session() as session:
        for row in session.scalars(select(Notification).where(Notification.state == "sending")):
            assert row.attempt_started_at is not None
            row.attempt_started_at -= by
    db.dispose()


def test_kill_while_slack_has_the_post_but_chidao_has_no_answer(
    prefect_harness: None, slack_server: SlackTestServer, tmp_path: Path
) -> None:
    """The worst moment: Slack stored the message, the answer never reached chidao, chidao dies."""
    url = f"sqlite:///{tmp_path / 'chidao.db'}"
    with TcpProxy(slack_server.port, trigger=b"chat.postMessage", action="hold") as proxy:
        env = run_env(url, f"http://127.0.0.1:{proxy.port}/api/", slack_server.token)
        first = start_run(tmp_path, env, "first")
        wait_for(proxy.triggered.is_set, 300, "the first post to reach Slack", first)
        wait_for(lambda: len(slack_server.messages()) == 1, 30, "Slack to store the message")
        first.kill9()
        db = Database(url)
        with db.session() as session:
            states = list(session.scalars(select(Notification.state)))
        db.dispose()
        assert states.count("sending") == 1  # posted, not known to be: the next drain must ask Slack

        # At once: the 'sending' row may belong to a drain still at work, so it is left alone; the rest go.
        rerun = start_run(tmp_path, env, "rerun")
        assert finish(rerun) == 0, rerun.output()[-3000:]
        assert len(slack_server.messages()) == len(states)
        assert state_counts(url) == {"sending": 1, "sent": len(states) - 1}

        # The next scheduled pass, once the attempt is stale: chidao asks Slack, finds the post, sends nothing.
        backdate_attempts(url, STALE_SENDING + timedelta(minutes=1))
        later = start_run(tmp_path, env, "later")
        assert finish(later) == 0, later.output()[-3000:]
    now = assert_complete_once(url, slack_server)
    assert len(slack_server.requests_for("chat.postMessage")) == now.sent
