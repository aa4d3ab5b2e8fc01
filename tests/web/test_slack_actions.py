"""Review buttons in Slack: signed interaction payloads sent to the running app through a real HTTP client.

The item message is posted through the real slack-sdk client to the Slack-compatible test server, the
click is the payload Slack would send for it, and the ``chat.update`` the app makes lands on that server.
"""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import select

from chidao.adapters.db import FollowUpItem, ItemHistory
from chidao.adapters.notifiers import SlackNotifier
from chidao.core.messages import ArticleNotice, render_article
from chidao.services.notify import drain_outbox
from chidao.services.outbox import enqueue, notice_for, notice_item, notice_to_payload
from tests.support.slack_server import SlackTestServer
from tests.web.conftest import SIGNING_SECRET, WebApp, signed_in

pytestmark = pytest.mark.slow
BASE = "http://127.0.0.1:9/"


def _post_item_message(web: WebApp, slack: SlackTestServer) -> tuple[str, str, list[dict[str, Any]]]:
    """Announce the bridge and school items as the notify stage would; returns (channel id, ts, blocks)."""
    with web.db.session() as session:
        items = [session.get_one(FollowUpItem, i) for i in (web.items.bridge, web.items.school)]
        notice = ArticleNotice(
            1, "Giao ban tháng 11", None, "Long An", (), date(2025, 11, 3), tuple(map(notice_item, items))
        )
    message = render_article(notice, BASE)
    posted = SlackNotifier(slack.token, base_url=slack.base_url).post("#theo-doi", message, key="article:1")
    assert posted.ts is not None
    return posted.channel, posted.ts, list(message.blocks)


def _click(channel: str, ts: str, blocks: list[dict[str, Any]], user: str, action: str, item_id: int) -> bytes:
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower()},
        "container": {"type": "message", "channel_id": channel, "message_ts": ts},
        "channel": {"id": channel},
        "message": {"ts": ts, "text": "Giao ban tháng 11", "blocks": blocks},
        "actions": [{"action_id": action, "block_id": f"chidao_item:{item_id}", "value": str(item_id)}],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def _sign(secret: str, timestamp: str, body: bytes) -> str:
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    assert signature is not None  # None only without a timestamp or body
    return signature


def _send(web: WebApp, body: bytes, *, secret: str = SIGNING_SECRET, age: int = 0) -> httpx.Response:
    timestamp = str(int(time.time()) - age)
    signature = _sign(secret, timestamp, body)
    return _send_signed(web, body, timestamp, signature)


def _send_signed(web: WebApp, body: bytes, timestamp: str, signature: str) -> httpx.Response:
    headers = {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return httpx.post(f"{web.url}/slack/actions", content=body, headers=headers, timeout=10)


def _review_rows(web: WebApp) -> list[tuple[int, str, str, str | None, str | None]]:
    with web.db.session() as session:
        rows = session.scalars(select(ItemHistory).where(ItemHistory.field == "review_state").order_by(ItemHistory.id))
        return [(h.item_id, h.actor, h.field, h.new_value, h.note) for h in rows]


def _review_state(web: WebApp, item_id: int) -> str:
    with web.db.session() as session:
        return session.get_one(FollowUpItem, item_id).review_state


def test_a_signed_click_reviews_the_item_as_the_linked_account_and_updates_the_message(
    web_app: WebApp, slack_server: SlackTestServer
) -> None:
    channel, ts, blocks = _post_item_message(web_app, slack_server)
    response = _send(web_app, _click(channel, ts, blocks, "U0LAN", "chidao_confirm", web_app.items.bridge))
    assert response.status_code == 200, response.text
    assert response.json() == {"ok": True, "text": "ok", "item_ids": [web_app.items.bridge]}
    assert _review_state(web_app, web_app.items.bridge) == "confirmed"
    assert _review_rows(web_app) == [(web_app.items.bridge, "lan", "review_state", "confirmed", "Slack")]
    (update,) = slack_server.requests_for("chat.update")
    assert update.args["channel"] == channel and update.args["ts"] == ts
    updated = update.args["blocks"] if isinstance(update.args["blocks"], list) else json.loads(update.args["blocks"])
    marked = [b for b in updated if b.get("block_id") == f"chidao_item:{web_app.items.bridge}"]
    assert len(marked) == 1 and marked[0]["type"] == "context"
    assert marked[0]["elements"][0]["text"].startswith("✅ Đã xác nhận bởi lan lúc ")
    untouched = [b for b in updated if b.get("block_id") == f"chidao_item:{web_app.items.school}"]
    assert untouched == [b for b in blocks if b.get("block_id") == f"chidao_item:{web_app.items.school}"]
    (stored,) = slack_server.messages()
    assert stored.edited and stored.blocks == updated


def test_reject_is_recorded_the_same_way(web_app: WebApp, slack_server: SlackTestServer) -> None:
    channel, ts, blocks = _post_item_message(web_app, slack_server)
    response = _send(web_app, _click(channel, ts, blocks, "U0LAN", "chidao_reject", web_app.items.school))
    assert response.status_code == 200
    assert _review_rows(web_app) == [(web_app.items.school, "lan", "review_state", "rejected", "Slack")]
    (update,) = slack_server.requests_for("chat.update")
    updated = update.args["blocks"] if isinstance(update.args["blocks"], list) else json.loads(update.args["blocks"])
    (marked,) = [b for b in updated if b.get("block_id") == f"chidao_item:{web_app.items.school}"]
    assert marked["elements"][0]["text"].startswith("❌ Đã loại bởi lan lúc ")


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("wrong secret", "invalid or stale signature"),
        ("stale", "invalid or stale signature"),
        ("body changed after signing", "invalid or stale signature"),
        ("no signature", "invalid or stale signature"),
    ],
)
def test_forged_or_stale_requests_get_401_and_change_nothing(
    web_app: WebApp, slack_server: SlackTestServer, how: str, expected: str
) -> None:
    channel, ts, blocks = _post_item_message(web_app, slack_server)
    body = _click(channel, ts, blocks, "U0LAN", "chidao_confirm", web_app.items.bridge)
    if how == "wrong secret":
        response = _send(web_app, body, secret="not-the-secret")
    elif how == "stale":
        response = _send(web_app, body, age=6 * 60)
    elif how == "body changed after signing":
        timestamp = str(int(time.time()))
        signature = _sign(SIGNING_SECRET, timestamp, body)
        forged = _click(channel, ts, blocks, "U0LAN", "chidao_reject", web_app.items.bridge)
        response = _send_signed(web_app, forged, timestamp, signature)
    else:
        response = _send_signed(web_app, body, str(int(time.time())), "")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error": expected}
    assert _review_state(web_app, web_app.items.bridge) == "new"
    assert _review_rows(web_app) == []
    assert slack_server.requests_for("chat.update") == []


def test_a_replayed_request_gets_401_and_changes_nothing_more(web_app: WebApp, slack_server: SlackTestServer) -> None:
    channel, ts, blocks = _post_item_message(web_app, slack_server)
    body = _click(channel, ts, blocks, "U0LAN", "chidao_reject", web_app.items.bridge)
    timestamp = str(int(time.time()))
    signature = _sign(SIGNING_SECRET, timestamp, body)
    assert _send_signed(web_app, body, timestamp, signature).status_code == 200
    with web_app.db.session() as session:  # put it back, so a replay that got through would show
        session.get_one(FollowUpItem, web_app.items.bridge).review_state = "new"
    replay = _send_signed(web_app, body, timestamp, signature)
    assert replay.status_code == 401
    assert replay.json() == {"ok": False, "error": "replayed request"}
    assert _review_state(web_app, web_app.items.bridge) == "new"
    assert len(_review_rows(web_app)) == 1
    assert len(slack_server.requests_for("chat.update")) == 1


@pytest.mark.parametrize(
    ("user", "message"),
    [
        ("U0MINH", "Tài khoản 'minh' chỉ được xem, không được duyệt."),
        ("U0NOBODY", "Thành viên Slack U0NOBODY chưa gắn với tài khoản chidao nào."),
    ],
)
def test_members_without_a_reviewer_account_change_nothing(
    web_app: WebApp, slack_server: SlackTestServer, user: str, message: str
) -> None:
    channel, ts, blocks = _post_item_message(web_app, slack_server)
    response = _send(web_app, _click(channel, ts, blocks, user, "chidao_confirm", web_app.items.bridge))
    assert response.status_code == 403
    assert response.json() == {"ok": False, "text": message, "item_ids": []}
    assert _review_rows(web_app) == []
    assert slack_server.requests_for("chat.update") == []


def test_the_message_carries_the_buttons_and_a_link_to_the_item(web_app: WebApp, slack_server: SlackTestServer) -> None:
    _post_item_message(web_app, slack_server)
    (stored,) = slack_server.messages()
    actions = [b for b in stored.blocks or [] if b["type"] == "actions"]
    assert [a["block_id"] for a in actions] == [
        f"chidao_item:{web_app.items.bridge}",
        f"chidao_item:{web_app.items.school}",
    ]
    assert [(e["action_id"], e.get("value"), e.get("url")) for e in actions[0]["elements"]] == [
        ("chidao_confirm", str(web_app.items.bridge), None),
        ("chidao_reject", str(web_app.items.bridge), None),
        ("chidao_open", None, f"http://127.0.0.1:9/items/{web_app.items.bridge}"),
    ]


def _queue_article_rows(web: WebApp) -> None:
    """One outbox row per seeded article, as the process stage writes them."""
    with web.db.session() as session:
        for item_id in (web.items.bridge, web.items.school, web.items.xss):
            item = session.get_one(FollowUpItem, item_id)
            enqueue(
                session,
                key=f"article:{item.article_id}:#theo-doi:test",
                kind="article",
                channel="#theo-doi",
                article_id=item.article_id,
                payload=notice_to_payload(notice_for(item.article, [item])),
            )


def test_messages_sent_from_the_outbox_carry_the_buttons_and_a_click_on_them_works(
    web_app: WebApp, slack_server: SlackTestServer
) -> None:
    _queue_article_rows(web_app)
    notifier = SlackNotifier(slack_server.token, base_url=slack_server.base_url)
    summary = drain_outbox(web_app.db, notifier, digest_threshold=10, web_base_url=BASE, sleep=lambda _: None)
    assert summary.sent == 3
    posted = {m.blocks[-1]["block_id"]: m for m in slack_server.messages() if m.blocks}
    assert sorted(posted) == sorted(
        f"chidao_item:{i}" for i in (web_app.items.bridge, web_app.items.school, web_app.items.xss)
    )
    message = posted[f"chidao_item:{web_app.items.school}"]
    body = _click(message.channel, message.ts, message.blocks or [], "U0LAN", "chidao_confirm", web_app.items.school)
    assert _send(web_app, body).status_code == 200
    assert _review_rows(web_app) == [(web_app.items.school, "lan", "review_state", "confirmed", "Slack")]
    assert [r.args["ts"] for r in slack_server.requests_for("chat.update")] == [message.ts]


def test_a_digest_links_to_the_queue_of_its_items(web_app: WebApp, slack_server: SlackTestServer) -> None:
    _queue_article_rows(web_app)
    notifier = SlackNotifier(slack_server.token, base_url=slack_server.base_url)
    summary = drain_outbox(web_app.db, notifier, digest_threshold=2, web_base_url=BASE, sleep=lambda _: None)
    assert summary.digests == 1
    (digest,) = slack_server.messages()
    link = digest.blocks[1]["elements"][0]["text"] if digest.blocks else ""
    ids = sorted((web_app.items.bridge, web_app.items.school, web_app.items.xss))
    assert link == f"<http://127.0.0.1:9/items?ids={ids[0]}-{ids[-1]}|Duyệt 3 mục này trong ứng dụng>"
    client, _ = signed_in(web_app, "minh")
    page = client.get(f"/items?ids={ids[0]}-{ids[-1]}").text
    assert [f'id="item-{i}"' in page for i in ids] == [True, True, True]
    assert '<span id="total">3</span>' in page


def test_the_open_button_and_unknown_items_change_nothing(web_app: WebApp, slack_server: SlackTestServer) -> None:
    channel, ts, blocks = _post_item_message(web_app, slack_server)
    opened = _send(web_app, _click(channel, ts, blocks, "U0NOBODY", "chidao_open", web_app.items.bridge))
    assert (opened.status_code, opened.json()["text"]) == (200, "ignored")
    missing = _send(web_app, _click(channel, ts, blocks, "U0LAN", "chidao_confirm", 4242))
    assert (missing.status_code, missing.json()["text"]) == (404, "Không duyệt được: no item with id 4242")
    assert _review_rows(web_app) == []
    assert slack_server.requests_for("chat.update") == []
