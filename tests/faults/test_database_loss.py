"""PostgreSQL goes away in the middle of a pass: the pass fails cleanly, the next one catches up.

The machine's PostgreSQL keeps running (other tests use it): chidao reaches it through a loopback proxy
that cuts every connection, and refuses new ones, when the first item is inserted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.faults.conftest import assert_complete_once, finish, run_env, start_run, stored
from tests.faults.tcp_proxy import TcpProxy
from tests.support.slack_server import SlackTestServer

pytestmark = [pytest.mark.slow, pytest.mark.prefect, pytest.mark.postgres]


def test_database_cut_mid_pass_then_next_pass_catches_up(
    prefect_harness: None, postgres_url: str, slack_server: SlackTestServer, tmp_path: Path
) -> None:
    # postgres_url is migrated already: the cut must hit the pass, not the migration.
    direct = make_url(postgres_url)
    with TcpProxy(direct.port or 5432, trigger=b"INSERT INTO follow_up_items", action="cut") as proxy:
        via_proxy = direct.set(port=proxy.port, query={"sslmode": "disable", "connect_timeout": "5"})
        url = via_proxy.render_as_string(hide_password=False)
        env = run_env(url, slack_server.base_url, slack_server.token)

        first = start_run(tmp_path, env, "first")
        code = finish(first)
        assert proxy.triggered.is_set()
        assert code != 0, first.output()[-3000:]
        # Nothing half-written: the transaction that inserted the first item was rolled back with its outbox rows.
        after_cut = stored(postgres_url)
        assert after_cut.articles == 5
        assert after_cut.unprocessed >= 1
        assert after_cut.sent == 0 and not slack_server.messages()

        proxy.restore()
        assert finish(start_run(tmp_path, env, "second")) == 0
    assert_complete_once(postgres_url, slack_server)
