"""#15 item 7: article text cannot ping, link or mention through any transport.

The same hostile notice goes through the Slack Web API (real slack-sdk), the Slack incoming webhook and
the generic JSON webhook (Mattermost / Google Chat style), all against the loopback Slack-compatible
server, and each payload is checked for the target's own syntax.
"""

from __future__ import annotations

import json

import pytest

from chidao.adapters.notifiers import JsonWebhookNotifier, SlackNotifier, SlackWebhookNotifier
from chidao.core.messages import ArticleNotice, NoticeItem, defuse_chat_markup, render_article
from tests.support.slack_server import DEFAULT_TOKEN, SlackTestServer

# Written for this test: every control syntax the hostile pass sent, inside article fields.
HOSTILE_TEXT = "sửa cầu <!here> <@U123> <https://evil.example|bấm> <#C1|kênh> [bấm](https://evil.example) @everyone"
ITEM = NoticeItem(1, HOSTILE_TEXT, "directive", None, "Sở <!channel> @here", None, None, None)
NOTICE = ArticleNotice(
    9, "<!channel> Họp @channel [x](https://evil.example)", "https://a.example/x", None, (), None, (ITEM,)
)

SLACK_CONTROLS = ("<!here>", "<!channel>", "<@U123>", "<https://evil.example|", "<#C1|")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!channel> họp", "<\u200b!channel> họp"),
        ("<@U1>", "<\u200b@U1>"),
        ("<https://x.vn|bấm>", "<\u200bhttps://x.vn|bấm>"),
        ("<users/all>", "<\u200busers/all>"),
        ("[bấm](https://x.vn)", "[bấm]\u200b(https://x.vn)"),
        ("@here @Channel @all @everyone", "@\u200bhere @\u200bChannel @\u200ball @\u200beveryone"),
        ("email a@hereford.vn", "email a@hereford.vn"),
        ("3 < 5 và 7 > 2", "3 <\u200b 5 và 7 > 2"),
    ],
)
def test_defuse_chat_markup(text: str, expected: str) -> None:
    assert defuse_chat_markup(text) == expected


def test_json_webhook_sends_no_control_syntax(slack_server: SlackTestServer) -> None:
    JsonWebhookNotifier(slack_server.webhook_url("json")).post("#c", render_article(NOTICE), key="article:9")
    (request,) = slack_server.requests_for("webhook")
    text = request.json["text"]
    for control in (*SLACK_CONTROLS, "](", "@here", "@channel", "@everyone"):
        assert control not in text, control
    assert "<\u200b!here> <\u200b@U123> <\u200bhttps://evil.example|bấm> <\u200b#C1|kênh>" in text
    assert "[bấm]\u200b(https://evil.example) @\u200beveryone" in text


def _sent_payloads(slack_server: SlackTestServer, method: str) -> str:
    return json.dumps([r.json for r in slack_server.requests_for(method)], ensure_ascii=False)


def test_slack_webhook_escapes_every_control(slack_server: SlackTestServer) -> None:
    SlackWebhookNotifier(slack_server.webhook_url()).post("#c", render_article(NOTICE), key="article:9")
    sent = _sent_payloads(slack_server, "webhook")
    for control in SLACK_CONTROLS:
        assert control not in sent, control
    assert "&lt;!here&gt; &lt;@U123&gt; &lt;https://evil.example|bấm&gt;" in sent


def test_slack_api_escapes_every_control_and_never_links_names(slack_server: SlackTestServer) -> None:
    slack_server.add_channel("c")
    notifier = SlackNotifier(DEFAULT_TOKEN, base_url=slack_server.base_url)
    notifier.post("#c", render_article(NOTICE), key="article:9")
    (request,) = slack_server.requests_for("chat.postMessage")
    sent = json.dumps(request.json, ensure_ascii=False)
    for control in SLACK_CONTROLS:
        assert control not in sent, control
    # Literal "@here" in mrkdwn pings only with link_names, which chidao never sends.
    assert "link_names" not in request.json
