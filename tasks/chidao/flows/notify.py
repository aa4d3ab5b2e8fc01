"""Notify flow: drain the notification outbox to the chat.

Triggered by ``chidao.item.created`` events; safe to run at any time and as
often as wanted: rows already sent are never sent again.
"""

from __future__ import annotations

from typing import Any

from prefect import flow

from chidao.steps import drain_outbox


@flow(name="notify")
def notify() -> dict[str, Any]:
    return drain_outbox()


if __name__ == "__main__":
    notify()
