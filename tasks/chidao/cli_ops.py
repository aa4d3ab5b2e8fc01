"""Operations commands: ``chidao serve`` (the deployments on one machine) and ``chidao backfill`` (history).

Backfill calls the services directly, without Prefect: history is a one-off batch job and a flow run per
batch would only add overhead. It is resumable: every file or entry is stored once under a stable URL
(``file://<absolute path>`` for saved files), and articles already processed are skipped on a rerun.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from chidao.cli_common import (
    database_or_exit,
    err,
    fail,
    out,
    parse_date_option,
    plain,
    ready_database,
    redacted_url,
    runtime_or_exit,
    settings_or_exit,
)
from chidao.runtime import NO_FEEDS_FILE, Runtime
from chidao.settings import Settings

if TYPE_CHECKING:
    from chidao.services.backfill import BackfillSummary


# --- serve ---------------------------------------------------------------------------------------


def serve(
    silence_hours: Annotated[
        float,
        typer.Option(help="Alert when no article is stored for this many hours (0: no silence automation)."),
    ] = 6.0,
    alert_block: Annotated[
        str | None,
        typer.Option(help="Prefect notification block for the silence alert, e.g. slack-webhook/chidao-ops."),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many flow runs at once in this process.")] = None,
) -> None:
    """Serve the deployments of prefect.yaml from this process: ingest on a schedule, process and notify on events."""
    from prefect import serve as prefect_serve
    from prefect.settings import PREFECT_API_URL

    from chidao.deployments import build_deployments, ensure_silence_automation

    settings = settings_or_exit()
    if settings.feeds is None:
        raise fail(NO_FEEDS_FILE)
    rt = runtime_or_exit(settings)
    database_or_exit(rt)
    ready_database(rt)  # the served flows only check the schema, so check it up front
    if not PREFECT_API_URL.value():
        raise fail("PREFECT_API_URL is not set: `chidao serve` needs a Prefect server (`prefect server start`)")
    deployments = build_deployments(settings)
    if silence_hours > 0:
        try:
            ensure_silence_automation(timedelta(hours=silence_hours), alert_block)
        except ValueError as exc:
            raise fail(str(exc)) from exc
    names = ", ".join(d.name for d in deployments)
    err.print(plain(f"serving {names}; database: {redacted_url(settings.database_url)}"))
    prefect_serve(*deployments, limit=limit, print_starting_message=False)


# --- backfill ------------------------------------------------------------------------------------


def process_in_batches(
    rt: Runtime, ids: Sequence[int], batch_size: int, summary: BackfillSummary, notify: bool
) -> None:
    from chidao.services import backfill as backfill_service
    from chidao.services import process as process_service

    with _progress() as progress:
        task_id: TaskID = progress.add_task("processing", total=len(ids))
        for start in range(0, len(ids), batch_size):
            batch = list(ids[start : start + batch_size])
            result = process_service.process_articles(rt.db, rt.analyzer, rt.routing, batch)
            if not notify:
                backfill_service.silence_notifications(rt.db, batch)
            summary.processed += len(result.processed_article_ids)
            summary.failed += len(result.failed_article_ids)
            summary.new_items += len(result.new_item_ids)
            progress.advance(task_id, len(batch))


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not err.is_terminal,
    )


def backfill(
    directory: Annotated[
        Path | None,
        typer.Option("--dir", help="Directory of saved articles (.txt, .html), searched recursively."),
    ] = None,
    feeds: Annotated[
        Path | None, typer.Option(help="Feeds file: poll every feed once and process its history.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="With --feeds: leave out entries published before this date (YYYY-MM-DD).")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per processing batch.")] = 50,
    notify: Annotated[
        bool, typer.Option(help="Queue chat notifications for backfilled items (--no-notify: store only).")
    ] = True,
) -> None:
    """Process history in batches: saved article files (--dir) or the feeds' current entries (--feeds).

    Resumable: rerun the same command after an interruption and only the rest is done.
    """
    if (directory is None) == (feeds is None):
        raise fail("give exactly one of --dir DIR or --feeds FILE")
    if since is not None and feeds is None:
        raise fail("--since goes with --feeds")
    since_date = parse_date_option(since, "--since")
    if directory is not None and not directory.is_dir():
        raise fail(f"--dir {directory}: not a directory")
    settings = settings_or_exit(feeds=feeds)
    rt = runtime_or_exit(settings)
    database_or_exit(rt)
    ready_database(rt)
    from chidao.services import backfill as backfill_service

    summary = backfill_service.BackfillSummary()
    if directory is not None:
        paths = backfill_service.article_files(directory)
        with _progress() as progress:
            task_id = progress.add_task("storing", total=len(paths))
            for chunk in _chunks(paths, batch_size):
                backfill_service.store_saved_articles(rt.db, chunk, summary)
                progress.advance(task_id, len(chunk))
        ids = backfill_service.pending_ids(rt.db, urls=[backfill_service.file_url(p) for p in paths])
    else:
        feed_ids, summary.stored = _poll_all_feeds(rt)
        if since_date is not None:
            summary.skipped_old = backfill_service.skip_older_than(rt.db, since_date, feed_ids)
        ids = backfill_service.pending_ids(rt.db, feed_ids=feed_ids)
    process_in_batches(rt, ids, batch_size, summary, notify)
    _print_backfill_summary(summary, settings)
    for problem in summary.unreadable:
        err.print(f"chidao backfill: {problem}", markup=False)
    if summary.unreadable or summary.failed:
        raise typer.Exit(1)


def _poll_all_feeds(rt: Runtime) -> tuple[list[str], int]:
    """Poll every enabled feed once, due or not; (feed ids, articles stored)."""
    from chidao.services import ingest as ingest_service
    from chidao.services.poll import sync_feeds

    specs = rt.feeds()
    sync_feeds(rt.db, specs)
    feed_ids = [s.id for s in specs if s.enabled]
    with rt.fetching() as fetch:
        polled = ingest_service.poll_feeds(
            rt.db, fetch.fetcher, feed_ids, resolve=fetch.resolve, unresolve=fetch.unresolve
        )
    for poll in polled.polls:
        if poll.outcome == "error":
            err.print(f"chidao backfill: feed {poll.feed_id}: {poll.error}", markup=False)
    return feed_ids, len(polled.stored_article_ids)


def _chunks(paths: Sequence[Path], size: int) -> Iterator[Sequence[Path]]:
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


def _print_backfill_summary(summary: BackfillSummary, settings: Settings) -> None:
    from rich.table import Table

    table = Table(title="chidao backfill", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles stored", str(summary.stored))
    table.add_row("already stored", str(summary.already_stored))
    table.add_row("unreadable files", str(len(summary.unreadable)))
    table.add_row("left out by --since", str(summary.skipped_old))
    table.add_row("articles processed", str(summary.processed))
    table.add_row("articles failed", str(summary.failed))
    table.add_row("new items", str(summary.new_items))
    out.print(table)
    out.print(plain(f"database: {redacted_url(settings.database_url)}"))
