"""``chidao notify``: chat notifications (check channels, inspect and retry the outbox, send now)."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from chidao.cli_common import fail, out, plain, ready_database, runtime_or_exit

if TYPE_CHECKING:
    from chidao.runtime import Runtime

notify_app = typer.Typer(help="Chat notifications.", no_args_is_help=True)

_SHOWN_STATES = ("pending", "sending", "sent", "digested", "dead", "suppressed")


def _runtime() -> Runtime:
    from chidao.runtime import SettingsError

    rt = runtime_or_exit()
    try:
        rt.notifier  # noqa: B018 - resolve the transport (and a Prefect Secret block) before any work
    except SettingsError as exc:
        raise fail(str(exc)) from exc
    return rt


@notify_app.command("test")
def notify_test() -> None:
    """Send one test message to every configured channel (routing default and routes); exit 1 if any fails."""
    from chidao.core.routing import RoutingError
    from chidao.services.notify import send_test_messages

    rt = _runtime()
    try:
        channels = rt.routing.all_channels()
    except RoutingError as exc:
        raise fail(str(exc)) from exc
    if not channels:
        raise fail("no channel configured: set default_channel in the routing file or CHIDAO_SLACK_CHANNEL")
    checks = send_test_messages(rt.notifier, channels)
    table = Table("channel", "result", "detail", title=f"notify test via {rt.notifier.name}", title_justify="left")
    for check in checks:
        table.add_row(plain(check.channel), "ok" if check.ok else "[red]FAILED[/]", plain(check.detail))
    out.print(table)
    failed = [c for c in checks if not c.ok]
    if failed:
        raise fail(f"{len(failed)} of {len(checks)} channels failed: {failed[0].channel}: {failed[0].detail}", 1)


@notify_app.command("status")
def notify_status(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Outbox counts per channel and state, with the newest error of each channel."""
    from chidao.services.notify import outbox_status

    rt = runtime_or_exit()
    ready_database(rt)
    entries = outbox_status(rt.db)
    if as_json:
        rows = [
            {
                "channel": e.channel,
                **{state: e.counts.get(state, 0) for state in _SHOWN_STATES},
                "last_error": e.last_error,
                "last_error_row": e.last_error_row,
            }
            for e in entries
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("channel", *_SHOWN_STATES, "last error", title="outbox", title_justify="left")
    for entry in entries:
        error = f"#{entry.last_error_row}: {entry.last_error}" if entry.last_error else ""
        table.add_row(plain(entry.channel), *(str(entry.counts.get(state, 0)) for state in _SHOWN_STATES), plain(error))
    out.print(table if entries else "outbox is empty")


@notify_app.command("retry")
def notify_retry(
    dead: Annotated[bool, typer.Option("--dead", help="Also make given-up (dead) rows pending again.")] = False,
) -> None:
    """Make waiting rows due now (and dead ones pending with --dead); the next notify run sends them."""
    from chidao.services.notify import retry_outbox

    rt = runtime_or_exit()
    ready_database(rt)
    changed = retry_outbox(rt.db, include_dead=dead)
    out.print(f"{changed} notifications will be sent on the next run (chidao notify send, or chidao run)")


@notify_app.command("send")
def notify_send() -> None:
    """Drain the outbox now, in this process (no Prefect): what the notify flow does.

    Exit 0 when every due notification was sent or waits for its next attempt; 1 when notifications were
    given up in this run (the first reason is printed); 2 for unusable settings (e.g. a malformed token).
    """
    from chidao.services.notify import drain_outbox

    rt = _runtime()
    ready_database(rt)
    summary = drain_outbox(
        rt.db,
        rt.notifier,
        max_attempts=rt.settings.notify_max_attempts,
        digest_threshold=rt.settings.digest_threshold,
        web_base_url=rt.settings.web_base_url,
        retry_base=timedelta(seconds=rt.settings.notify_retry_base_seconds),
    )
    out.print(
        f"{summary.sent} sent ({summary.digests} digests), {summary.reconciled} reconciled, "
        f"{summary.retried} to retry, {summary.dead} given up, {summary.deferred} waiting for their thread",
        markup=False,
    )
    if summary.unknown_outcome:
        out.print(
            f"{summary.unknown_outcome} posted without an answer: the next run checks the channel before any retry",
            markup=False,
        )
    if summary.resent_unverified:
        out.print(
            f"{summary.resent_unverified} re-sent after an unknown outcome ({rt.notifier.name} cannot be "
            "checked): they may appear twice",
            markup=False,
        )
    if summary.paused is not None:
        out.print(f"stopped early: {summary.paused}; {summary.left_for_next_run} left for the next run", markup=False)
    if summary.dead:
        raise fail(
            f"{summary.dead} notifications given up: {summary.dead_reasons[0]} "
            "(fix the cause, then `chidao notify retry --dead`)",
            1,
        )
