"""Review from Slack: what a click on an item's "Xác nhận" / "Loại" button does.

The web app verifies the request (signature, replay window) and hands the decoded payload here: the
Slack member is mapped to an account, the review goes through ``review_item`` as from the CLI or the
web (the history names the account), and the message is updated to show who did what.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from chidao.adapters.db import Database, SlackInteraction
from chidao.adapters.notifiers import Notifier, NotifierError
from chidao.core.messages import ACTION_CONFIRM, ACTION_REJECT, ChatMessage, mark_item_reviewed
from chidao.services.accounts import account_by_slack_id
from chidao.services.tracking import ItemNotFound, review_item

log = logging.getLogger("chidao.slack")
# Slack's replay window is five minutes; a remembered signature is useless once its timestamp is older.
REPLAY_MEMORY = timedelta(minutes=10)
DECISIONS = {ACTION_CONFIRM: "confirm", ACTION_REJECT: "reject"}
DONE_LINES = {"confirm": "✅ Đã xác nhận", "reject": "❌ Đã loại"}


def remember_request(db: Database, signature: str, request_ts: int, now: datetime | None = None) -> bool:
    """Record a verified request; False when the same signed request was seen before (a replay)."""
    now = now or datetime.now(UTC)
    try:
        with db.session() as session:
            session.execute(delete(SlackInteraction).where(SlackInteraction.received_at < now - REPLAY_MEMORY))
            session.add(SlackInteraction(signature=signature, request_ts=request_ts, received_at=now))
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class ActionOutcome:
    """``status`` is the HTTP status for Slack; ``message`` a line for the person who clicked."""

    status: int
    message: str
    item_ids: tuple[int, ...] = ()


def _decisions(payload: dict[str, Any]) -> list[tuple[int, str]]:
    """(item id, decision) of each review button in the payload; a bad value is a ``ValueError``."""
    wanted = []
    for action in payload.get("actions") or []:
        decision = DECISIONS.get(str(action.get("action_id")))
        if decision is not None:  # the "open" button is a plain link: nothing to do
            wanted.append((int(str(action.get("value"))), decision))
    return wanted


def handle_block_actions(
    db: Database, notifier: Notifier | None, payload: dict[str, Any], now: datetime | None = None
) -> ActionOutcome:
    """Apply the review buttons of a ``block_actions`` payload as the account linked to the Slack member."""
    try:
        wanted = _decisions(payload) if payload.get("type") == "block_actions" else []
    except ValueError:
        return ActionOutcome(400, "Không duyệt được: mã mục không hợp lệ.")
    if not wanted:
        return ActionOutcome(200, "ignored")
    slack_user = str((payload.get("user") or {}).get("id") or "")
    account = account_by_slack_id(db, slack_user) if slack_user else None
    if account is None:
        return ActionOutcome(403, f"Thành viên Slack {slack_user or '?'} chưa gắn với tài khoản chidao nào.")
    if not account.can_review:
        return ActionOutcome(403, f"Tài khoản '{account.name}' chỉ được xem, không được duyệt.")
    done: list[tuple[int, str]] = []
    for item_id, decision in wanted:
        try:
            review_item(db, item_id, decision=decision, actor=account.name, note="Slack")
        except ItemNotFound as exc:
            return ActionOutcome(404, f"Không duyệt được: {exc}")
        done.append((item_id, decision))
    if notifier is not None:
        _update_message(notifier, payload, done, account.name, now or datetime.now(UTC))
    return ActionOutcome(200, "ok", tuple(item_id for item_id, _ in done))


def _local(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y %H:%M")


def _update_message(
    notifier: Notifier, payload: dict[str, Any], done: list[tuple[int, str]], actor: str, now: datetime
) -> None:
    """Replace the clicked items' buttons with who did what; the review stands even if Slack refuses."""
    container = payload.get("container") or {}
    message = payload.get("message") or {}
    channel = container.get("channel_id") or (payload.get("channel") or {}).get("id")
    ts = container.get("message_ts") or message.get("ts")
    if not channel or not ts:
        return
    blocks: list[dict[str, Any]] = list(message.get("blocks") or [])
    for item_id, decision in done:
        blocks = mark_item_reviewed(blocks, item_id, f"{DONE_LINES[decision]} bởi {actor} lúc {_local(now)}")
    try:
        notifier.update(str(channel), str(ts), ChatMessage(text=str(message.get("text") or ""), blocks=tuple(blocks)))
    except NotifierError as exc:
        log.warning("chat.update of %s failed: %s", ts, exc)
