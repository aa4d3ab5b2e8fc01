"""Slack unreachable for a whole pass: nothing is lost, everything is delivered once on the next pass."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from chidao.adapters.db import Database, Notification
from tests.faults.conftest import assert_complete_once, finish, run_env, start_run, stored
from tests.faults.tcp_proxy import TcpProxy
from tests.integration.processes import wait_for
from tests.support.slack_server import SlackTestServer

pytestmark = [pytest.mark.slow, pytest.mark.prefect]


def test_slack_down_for_a_pass_then_everything_delivered_once(
    prefect_harness: None, slack_server: SlackTestServer, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'chidao.db'}"
    with TcpProxy(slack_server.port) as proxy:
        # A 2 s back-off instead of the default 30 s: the next pass is due sooner, the protocol is the same.
        env = run_env(
            url, f"http://127.0.0.1:{proxy.port}/api/", slack_server.token, CHIDAO_NOTIFY_RETRY_BASE_SECONDS="2"
        )
        proxy.cut()  # connection refused, the whole pass long
        first = start_run(tmp_path, env, "first")
        assert finish(first) == 0, first.output()[-3000:]
        during = stored(url)
        assert during.items > 0
        assert during.notifications > 0 and during.sent == 0
        assert not slack_server.requests

        db = Database(url)
        with db.session() as session:
            assert session.scalar(select(func.count()).where(Notification.state != "pending")) == 0
            retry_at = session.scalar(select(func.max(Notification.next_attempt_at)))
        db.dispose()
        assert retry_at is not None
        # The outbox backs off by the configured base after a first failure; the next pass comes after that.
        wait_for(lambda: datetime.now(UTC) >= retry_at, 120, "the retry time of the outbox")

        proxy.restore()
        second = start_run(tmp_path, env, "second")
        assert finish(second) == 0, second.output()[-3000:]
    assert_complete_once(url, slack_server)
