"""The transport chosen from settings (``Runtime.notifier``) and the secret it needs, used for real."""

from __future__ import annotations

import io
import uuid

import pytest
from pydantic import SecretStr

from chidao.adapters.notifiers import ConsoleNotifier, JsonWebhookNotifier, SlackNotifier, SlackWebhookNotifier
from chidao.core.messages import render_test_message
from chidao.runtime import Runtime, SettingsError
from chidao.settings import Settings
from tests.support.slack_server import DEFAULT_TOKEN, SlackTestServer

MESSAGE = render_test_message("#chidao")


def runtime(**settings: object) -> Runtime:
    return Runtime(Settings(**settings), console=io.StringIO())  # type: ignore[arg-type]


def test_slack_token_from_settings_posts_through_the_web_api(slack_server: SlackTestServer) -> None:
    # Without the trailing slash slack_sdk would post to ".../apichat.postMessage".
    rt = runtime(slack_token=DEFAULT_TOKEN, slack_api_url=slack_server.base_url.rstrip("/"))

    posted = rt.notifier.post("#chidao", MESSAGE, key="k")

    assert isinstance(rt.notifier, SlackNotifier)
    (request,) = slack_server.requests_for("chat.postMessage")
    assert request.headers["authorization"] == f"Bearer {DEFAULT_TOKEN}"
    assert posted.ts == slack_server.messages("#chidao")[0].ts
    assert DEFAULT_TOKEN not in repr(rt.settings)


def test_the_token_wins_over_webhooks(slack_server: SlackTestServer) -> None:
    rt = runtime(
        slack_token=DEFAULT_TOKEN,
        slack_api_url=slack_server.base_url,
        slack_webhook_url=slack_server.webhook_url(),
        webhook_url=slack_server.webhook_url("json"),
    )

    assert isinstance(rt.notifier, SlackNotifier)


def test_slack_webhook_from_settings(slack_server: SlackTestServer) -> None:
    rt = runtime(slack_webhook_url=slack_server.webhook_url(), webhook_url=slack_server.webhook_url("json"))

    rt.notifier.post("#chidao", MESSAGE, key="k")

    assert isinstance(rt.notifier, SlackWebhookNotifier)
    (request,) = slack_server.requests_for("webhook")
    assert request.path == "/services/T000/B000/hook"
    assert request.json["text"] == MESSAGE.text


def test_json_webhook_from_settings(slack_server: SlackTestServer) -> None:
    rt = runtime(webhook_url=slack_server.webhook_url("json"))

    rt.notifier.post("#chidao", MESSAGE, key="test:1")

    assert isinstance(rt.notifier, JsonWebhookNotifier)
    (request,) = slack_server.requests_for("webhook")
    assert (request.path, request.json["key"]) == ("/services/json", "test:1")


def test_console_when_nothing_is_configured() -> None:
    rt = runtime()

    rt.notifier.post("#chidao", MESSAGE, key="k")

    assert isinstance(rt.notifier, ConsoleNotifier)
    assert isinstance(rt.console, io.StringIO)
    assert rt.console.getvalue().splitlines()[:2] == ["── #chidao #1", MESSAGE.text]


@pytest.mark.prefect
@pytest.mark.slow
def test_token_from_a_prefect_secret_block(prefect_harness: None, slack_server: SlackTestServer) -> None:
    from prefect.blocks.system import Secret

    name = f"chidao-slack-{uuid.uuid4().hex[:8]}"
    Secret(value=SecretStr(DEFAULT_TOKEN)).save(name)
    rt = runtime(slack_token_block=name, slack_api_url=slack_server.base_url)

    rt.notifier.post("#chidao", MESSAGE, key="k")

    (request,) = slack_server.requests_for("chat.postMessage")
    assert request.headers["authorization"] == f"Bearer {DEFAULT_TOKEN}"


@pytest.mark.prefect
@pytest.mark.slow
def test_a_missing_secret_block_is_named(prefect_harness: None) -> None:
    rt = runtime(slack_token_block="chidao-no-such-block")

    with pytest.raises(SettingsError) as caught:
        rt.notifier  # noqa: B018

    assert str(caught.value) == "CHIDAO_SLACK_TOKEN_BLOCK: no Prefect Secret block named 'chidao-no-such-block'"
