"""The demo is explicit (#11.4) and the runtime cache tells secrets apart (#11.5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chidao.adapters.notifiers import NotifierError, SlackNotifier
from chidao.cli import app
from chidao.core.messages import ChatMessage
from chidao.runtime import NO_FEEDS_FILE, SettingsError, get_runtime
from chidao.settings import Settings
from tests.support.slack_server import SlackTestServer

FEEDS = Path(__file__).resolve().parents[2] / "config" / "feeds.yaml"


def test_serve_refuses_to_start_without_a_feeds_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["serve"], env={"PREFECT_API_URL": "http://127.0.0.1:9/api"})
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Error: {NO_FEEDS_FILE}\n")


def test_a_runtime_outside_the_demo_never_polls_the_samples(tmp_path: Path) -> None:
    rt = get_runtime(Settings(database_url=f"sqlite:///{tmp_path}/c.db"))
    with pytest.raises(SettingsError) as caught:
        rt.feeds()
    assert str(caught.value) == NO_FEEDS_FILE
    assert rt.allow_private is False
    with rt.fetching() as fetch:
        # No loopback sample server behind the stable sample:// names.
        assert fetch.resolve("sample://portal.rss") == "sample://portal.rss"


def test_the_demo_runtime_serves_the_samples_on_loopback(tmp_path: Path) -> None:
    rt = get_runtime(Settings(database_url=f"sqlite:///{tmp_path}/c.db"), demo=True)
    assert [spec.id for spec in rt.feeds()] == ["sample-portal", "sample-newspaper"]
    assert rt.allow_private is True
    with rt.fetching() as fetch:
        assert fetch.resolve("sample://portal.rss").startswith("http://127.0.0.1:")


def test_a_feeds_file_is_polled_as_configured(tmp_path: Path) -> None:
    rt = get_runtime(Settings(database_url=f"sqlite:///{tmp_path}/c.db", feeds=FEEDS))
    assert len(rt.feeds()) == len(rt.bundle.feeds.feeds) > 2
    assert rt.allow_private is False


def test_two_slack_tokens_give_two_runtimes_and_two_clients(tmp_path: Path, slack_server: SlackTestServer) -> None:
    def with_token(token: str) -> Settings:
        return Settings(
            slack_token=token, database_url=f"sqlite:///{tmp_path}/c.db", slack_api_url=slack_server.base_url
        )

    right = get_runtime(with_token(slack_server.token))
    wrong = get_runtime(with_token("xoxb-9999-another-workspace"))
    assert right is not wrong
    assert right is get_runtime(with_token(slack_server.token))
    assert isinstance(right.notifier, SlackNotifier) and isinstance(wrong.notifier, SlackNotifier)
    message = ChatMessage(text="Kiểm tra kết nối", blocks=())

    posted = right.notifier.post("#chidao", message, key="token-check-1")

    assert [m.ts for m in slack_server.messages()] == [posted.ts]
    with pytest.raises(NotifierError, match=r"^slack chat\.postMessage: invalid_auth"):
        wrong.notifier.post("#chidao", message, key="token-check-2")
    assert len(slack_server.messages()) == 1


def test_the_cache_key_does_not_contain_the_token() -> None:
    from chidao.runtime import settings_fingerprint

    token = "xoxb-1234-secret-value"
    key = settings_fingerprint(Settings(slack_token=token))
    assert token not in key
    assert key != settings_fingerprint(Settings(slack_token="xoxb-1234-secret-valuf"))
    assert key == settings_fingerprint(Settings(slack_token=token))
