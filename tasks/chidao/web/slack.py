"""``POST /slack/actions``: Slack's interactivity endpoint, verified before anything is read.

A request whose signature does not match ``CHIDAO_SLACK_SIGNING_SECRET``, whose timestamp is outside
Slack's five-minute window, or which was already received (a replay) gets 401 and changes nothing.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from fastapi import FastAPI
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from chidao.adapters.notifiers import Notifier, SlackNotifier
from chidao.runtime import Runtime
from chidao.services.slack_actions import handle_block_actions, remember_request

MAX_BODY_BYTES = 256_000


def _notifier(runtime: Runtime) -> Notifier | None:
    """The Slack client that updates clicked messages; None when no bot token is configured."""
    return runtime.notifier if isinstance(runtime.notifier, SlackNotifier) else None


def _unauthorized(reason: str) -> Response:
    return JSONResponse({"ok": False, "error": reason}, status_code=401)


def slack_routes(app: FastAPI, runtime: Runtime) -> None:
    secret = runtime.settings.slack_signing_secret
    verifier = SignatureVerifier(secret.get_secret_value()) if secret else None

    @app.post("/slack/actions")
    async def slack_actions(request: Request) -> Response:
        if verifier is None:
            return JSONResponse({"ok": False, "error": "CHIDAO_SLACK_SIGNING_SECRET is not set"}, status_code=404)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return JSONResponse({"ok": False, "error": "request too large"}, status_code=413)
        timestamp = request.headers.get("x-slack-request-timestamp", "")
        signature = request.headers.get("x-slack-signature", "")
        if not verifier.is_valid(body, timestamp, signature):
            return _unauthorized("invalid or stale signature")
        if not await run_in_threadpool(remember_request, runtime.db, signature, int(timestamp)):
            return _unauthorized("replayed request")
        try:
            payload = json.loads(parse_qs(body.decode("utf-8")).get("payload", [""])[0])
        except (UnicodeDecodeError, json.JSONDecodeError):
            return JSONResponse({"ok": False, "error": "payload is not JSON"}, status_code=400)
        if not isinstance(payload, dict):
            return JSONResponse({"ok": False, "error": "payload is not an object"}, status_code=400)
        notifier = await run_in_threadpool(_notifier, runtime)
        outcome = await run_in_threadpool(handle_block_actions, runtime.db, notifier, payload)
        return JSONResponse(
            {"ok": outcome.status == 200, "text": outcome.message, "item_ids": list(outcome.item_ids)},
            status_code=outcome.status,
        )
