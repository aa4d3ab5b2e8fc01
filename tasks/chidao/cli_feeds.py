"""``chidao feeds``: the polled feeds and their health; ``chidao feeds check URL`` tries one feed now."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from chidao.cli_common import out, ready_database, runtime_or_exit, settings_or_exit

if TYPE_CHECKING:
    from chidao.services.ingest import FeedCheck, FeedHealth

feeds_app = typer.Typer(
    help="The polled feeds and their health (`chidao feeds` = `chidao feeds list`).",
    invoke_without_command=True,
)


class FeedsFormat(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[FeedsFormat, typer.Option("--format", "-f", help="Output format.")]
FeedsFileOption = Annotated[
    str | None, typer.Option("--feeds", help="Feeds file (default: CHIDAO_FEEDS or the bundled samples).")
]

# feedparser's version names, as a person would say them.
_FORMAT_NAMES = {
    "rss20": "RSS 2.0",
    "rss10": "RSS 1.0 (RDF)",
    "rss090": "RSS 0.90",
    "rss091n": "RSS 0.91",
    "rss091u": "RSS 0.91",
    "rss092": "RSS 0.92",
    "rss093": "RSS 0.93",
    "rss094": "RSS 0.94",
    "atom10": "Atom 1.0",
    "atom03": "Atom 0.3",
}


@feeds_app.callback()
def feeds_default(
    ctx: typer.Context,
    format: FormatOption = FeedsFormat.table,
    feeds: FeedsFileOption = None,
) -> None:
    """The polled feeds and their health."""
    if ctx.invoked_subcommand is None:
        _list(format, feeds)


@feeds_app.command("list")
def feeds_list(format: FormatOption = FeedsFormat.table, feeds: FeedsFileOption = None) -> None:
    """Each feed of the feeds file with its health: ok / failing since / last error / last new entry / next poll."""
    _list(format, feeds)


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC" if value is not None else "-"


def _health_text(feed: FeedHealth) -> str:
    if feed.health == "failing":
        failures = "failure" if feed.consecutive_failures == 1 else "failures"
        return f"failing since {_when(feed.failing_since)} ({feed.consecutive_failures} {failures})"
    if feed.health == "new":
        return "new (not polled yet)"
    return feed.health


def _list(format: FeedsFormat, feeds_file: str | None) -> None:
    from chidao.services.ingest import feed_health

    settings = settings_or_exit(feeds=feeds_file)
    rt = runtime_or_exit(settings)
    specs = rt.bundle.feeds.feeds
    ready_database(rt)
    rows = feed_health(rt.db, specs)
    if format is FeedsFormat.json:
        sys.stdout.write(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"Feeds in {settings.feeds_file.name}")
    table.add_column("feed", overflow="fold")
    table.add_column("health", overflow="fold")
    table.add_column("last error", overflow="fold")
    table.add_column("last new entry", no_wrap=True)
    table.add_column("next poll", no_wrap=True)
    for row in rows:
        table.add_row(
            escape(row.id),
            _health_text(row),
            escape(row.last_error or "-"),
            _when(row.last_new_entry_at),
            _when(row.next_poll_at) if row.enabled else "disabled",
        )
    out.print(table)
    failing = sum(r.health == "failing" for r in rows)
    enabled = sum(r.enabled for r in rows)
    out.print(f"{len(rows)} feeds, {enabled} enabled, {failing} failing")


@feeds_app.command("check")
def feeds_check(
    url: Annotated[str, typer.Argument(help="Feed URL (http, https or a bundled sample:// feed).")],
    format: FormatOption = FeedsFormat.table,
) -> None:
    """Fetch one feed now (nothing is stored) and explain what was found; exit code 1 when it is broken."""
    from chidao.adapters.http import Fetcher
    from chidao.adapters.samples import SAMPLE_SCHEME, SampleServer
    from chidao.services.ingest import check_feed, unchanged_url

    rt = runtime_or_exit()
    with ExitStack() as stack:
        resolve = unchanged_url
        allow_private = rt.settings.allow_private_hosts
        if url.startswith(SAMPLE_SCHEME):
            server = stack.enter_context(SampleServer(rt.samples_root))
            resolve, allow_private = server.resolve, True
        fetcher = stack.enter_context(Fetcher(rt.fetch_limits, allow_private=allow_private))
        check = check_feed(fetcher, url, resolve=resolve)
    if format is FeedsFormat.json:
        sys.stdout.write(json.dumps(_check_json(check), ensure_ascii=False, indent=2) + "\n")
    else:
        for line in check_report(check):
            out.print(escape(line))
    if not check.ok:
        raise typer.Exit(1)


def _check_json(check: FeedCheck) -> dict[str, object]:
    return {
        "url": check.url,
        "ok": check.ok,
        "error": check.error,
        "http_status": check.http_status,
        "final_url": check.final_url,
        "content_type": check.content_type,
        "etag": check.etag,
        "last_modified": check.last_modified,
        "conditional_status": check.conditional_status,
        "format": check.feed_format,
        "title": check.title,
        "entries": check.entry_count,
        "summary_only_entries": check.summary_only_entries,
        "first_titles": list(check.first_titles),
        "warnings": list(check.warnings),
        "ttl_seconds": check.ttl_seconds,
        "max_age_seconds": check.max_age_seconds,
        "retry_after_seconds": check.retry_after_seconds,
    }


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:g} min"


def check_report(check: FeedCheck) -> list[str]:
    """The lines ``chidao feeds check`` prints, e.g.::

    HTTP status: 200
    Validators: ETag "v1", Last-Modified Mon, 31 Aug 2026 02:00:00 GMT (a repeat request got 304: polls will be cheap)
    Feed: RSS 2.0 "Cổng thông tin điện tử tỉnh"
    Entries: 3 (2 with only a summary: their pages will be fetched)
    OK: the feed is usable
    """
    lines = [f"URL: {check.url}"]
    lines.append(f"HTTP status: {check.http_status if check.http_status is not None else 'no response'}")
    if check.final_url:
        lines.append(f"Redirected to: {check.final_url}")
    if check.content_type:
        lines.append(f"Content type: {check.content_type}")
    if check.retry_after_seconds is not None:
        lines.append(f"Retry-After: {_minutes(check.retry_after_seconds)}")
    if check.error is not None:
        hint = " (CHIDAO_ALLOW_PRIVATE_HOSTS=true allows intranet portals)" if "private address" in check.error else ""
        lines.append(f"BROKEN: {check.error}{hint}")
        return lines
    validators = [
        f"ETag {check.etag}" if check.etag else "",
        f"Last-Modified {check.last_modified}" if check.last_modified else "",
    ]
    named = ", ".join(v for v in validators if v)
    if not named:
        lines.append("Validators: none (every poll downloads the whole feed)")
    elif check.conditional_status == 304:
        lines.append(f"Validators: {named} (a repeat request got 304: polls will be cheap)")
    else:
        lines.append(f"Validators: {named} (a repeat request got {check.conditional_status}: the server ignores them)")
    kind = _FORMAT_NAMES.get(check.feed_format or "", check.feed_format or "unknown format")
    lines.append(f"Feed: {kind}" + (f' "{check.title}"' if check.title else ""))
    summary_only = (
        f" ({check.summary_only_entries} with only a summary: their pages will be fetched)"
        if check.summary_only_entries
        else ""
    )
    lines.append(f"Entries: {check.entry_count}{summary_only}")
    lines.extend(f"  - {title}" for title in check.first_titles)
    hints = []
    if check.ttl_seconds is not None:
        hints.append(f"ttl {_minutes(check.ttl_seconds)}")
    if check.max_age_seconds is not None:
        hints.append(f"Cache-Control max-age {_minutes(check.max_age_seconds)}")
    if hints:
        lines.append(f"Polling hints (lower bounds of the interval): {', '.join(hints)}")
    lines.extend(f"Warning: {warning}" for warning in check.warnings)
    if check.entry_count == 0:
        lines.append("OK: the feed is usable, but it has no entries now")
    else:
        lines.append("OK: the feed is usable")
    return lines
