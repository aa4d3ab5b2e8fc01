"""Operations commands: ``chidao serve`` (the deployments on one machine) and ``chidao backfill`` (history).

Backfill calls the services directly, without Prefect: history is a one-off batch job and a flow run per
batch would only add overhead. It is resumable: every file or entry is stored once under a stable URL
(``file://<absolute path>`` for saved files), and articles already processed are skipped on a rerun.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from sqlalchemy import select, update

from chidao.cli_common import (
    database_or_exit,
    err,
    fail,
    out,
    parse_date_option,
    redacted_url,
    runtime_or_exit,
    settings_or_exit,
)
from chidao.runtime import NO_FEEDS_FILE, Runtime
from chidao.settings import Settings

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
SKIPPED = "skipped"  # article state: left out of a backfill by --since; never processed


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
    database_or_exit(runtime_or_exit(settings))
    if not PREFECT_API_URL.value():
        raise fail("PREFECT_API_URL is not set: `chidao serve` needs a Prefect server (`prefect server start`)")
    deployments = build_deployments(settings)
    if silence_hours > 0:
        try:
            ensure_silence_automation(timedelta(hours=silence_hours), alert_block)
        except ValueError as exc:
            raise fail(str(exc)) from exc
    err.print(f"serving {', '.join(d.name for d in deployments)}; database: {redacted_url(settings.database_url)}")
    prefect_serve(*deployments, limit=limit, print_starting_message=False)


# --- backfill ------------------------------------------------------------------------------------


@dataclass
class BackfillSummary:
    stored: int = 0
    already_stored: int = 0
    unreadable: list[str] = field(default_factory=list)
    skipped_old: int = 0
    processed: int = 0
    failed: int = 0
    new_items: int = 0


def article_files(directory: Path) -> list[Path]:
    """Saved articles under ``directory`` (recursively), in a stable order so that reruns resume in place."""
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def read_saved_article(path: Path) -> tuple[str | None, str]:
    """(title, text) of a saved article: HTML through the main-text extractor, text as it is.

    A text file's first line is its title when a blank line follows it ("Title\\n\\nBody ...").
    """
    from chidao.core.html import extract_main_text
    from chidao.core.text import normalize_text

    data = path.read_bytes()
    if path.suffix.lower() in (".html", ".htm"):
        text = extract_main_text(data, url=None)
        if not text:
            raise ValueError("no article text in the page")
        return None, normalize_text(text)
    try:
        text = normalize_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise ValueError("empty file")
    head, sep, _ = text.partition("\n\n")
    title = head.strip() if sep and "\n" not in head.strip() else None
    return title, text


def store_saved_articles(rt: Runtime, paths: Sequence[Path], summary: BackfillSummary) -> None:
    """Store each file once (its own transaction); files already stored are left as they are."""
    from chidao.adapters.db import Article
    from chidao.core.identity import content_hash

    db = rt.db
    for path in paths:
        url = file_url(path)
        with db.session() as session:
            if session.scalar(select(Article.id).where(Article.canonical_url == url)) is not None:
                summary.already_stored += 1
                continue
        try:
            title, text = read_saved_article(path)
        except (OSError, ValueError) as exc:
            summary.unreadable.append(f"{path}: {exc}")
            continue
        with db.session() as session:
            session.add(
                Article(
                    canonical_url=url,
                    title=title,
                    raw_text=text,
                    text=text,
                    content_hash=content_hash(text),
                    entry_published=datetime.fromtimestamp(path.stat().st_mtime, UTC),
                    state="pending",
                )
            )
        summary.stored += 1


def pending_ids(rt: Runtime, urls: Sequence[str] | None = None, feed_ids: Sequence[str] | None = None) -> list[int]:
    from chidao.adapters.db import Article

    with rt.db.session() as session:
        query = select(Article.id).where(Article.state == "pending").order_by(Article.id)
        if urls is not None:
            query = query.where(Article.canonical_url.in_(list(urls)))
        if feed_ids is not None:
            query = query.where(Article.feed_id.in_(list(feed_ids)))
        return list(session.scalars(query))


def skip_older_than(rt: Runtime, since: date, feed_ids: Sequence[str]) -> int:
    """Mark pending feed articles published before ``since`` as skipped: history the backfill leaves out."""
    from chidao.adapters.db import Article

    cutoff = datetime(since.year, since.month, since.day, tzinfo=UTC)
    with rt.db.session() as session:
        result = session.execute(
            update(Article)
            .where(
                Article.state == "pending",
                Article.feed_id.in_(list(feed_ids)),
                Article.entry_published < cutoff,
            )
            .values(state=SKIPPED, process_error=f"published before backfill --since {since.isoformat()}")
        )
        return int(getattr(result, "rowcount", 0) or 0)


def silence_notifications(rt: Runtime, article_ids: Sequence[int]) -> int:
    """Outbox rows of backfilled articles that nobody should be paged about: kept, marked, never sent."""
    from chidao.adapters.db import Notification

    with rt.db.session() as session:
        result = session.execute(
            update(Notification)
            .where(Notification.article_id.in_(list(article_ids)), Notification.state == "pending")
            .values(state="suppressed", last_error="backfill --no-notify")
        )
        return int(getattr(result, "rowcount", 0) or 0)


def process_in_batches(
    rt: Runtime, ids: Sequence[int], batch_size: int, summary: BackfillSummary, notify: bool
) -> None:
    from chidao.services import process as process_service

    with _progress() as progress:
        task_id: TaskID = progress.add_task("processing", total=len(ids))
        for start in range(0, len(ids), batch_size):
            batch = list(ids[start : start + batch_size])
            result = process_service.process_articles(rt.db, rt.analyzer, rt.routing, batch)
            if not notify:
                silence_notifications(rt, batch)
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
    rt.db.upgrade()
    summary = BackfillSummary()
    if directory is not None:
        paths = article_files(directory)
        with _progress() as progress:
            task_id = progress.add_task("storing", total=len(paths))
            for chunk in _chunks(paths, batch_size):
                store_saved_articles(rt, chunk, summary)
                progress.advance(task_id, len(chunk))
        ids = pending_ids(rt, urls=[file_url(p) for p in paths])
    else:
        feed_ids, summary.stored = _poll_all_feeds(rt)
        if since_date is not None:
            summary.skipped_old = skip_older_than(rt, since_date, feed_ids)
        ids = pending_ids(rt, feed_ids=feed_ids)
    process_in_batches(rt, ids, batch_size, summary, notify)
    _print_backfill_summary(summary, settings)
    for problem in summary.unreadable:
        err.print(f"chidao backfill: {problem}", markup=False)
    if summary.unreadable or summary.failed:
        raise typer.Exit(1)


def _poll_all_feeds(rt: Runtime) -> tuple[list[str], int]:
    """Poll every enabled feed once, due or not; (feed ids, articles stored)."""
    from chidao.services import ingest as ingest_service

    specs = rt.feeds()
    ingest_service.sync_feeds(rt.db, specs)
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
    out.print(f"database: {redacted_url(settings.database_url)}")
