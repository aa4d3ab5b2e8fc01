"""``chidao feeds``: the polled sources and their health; ``check`` tries one feed (or all sources) now;
``discover`` lists what a site offers to poll."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from chidao.cli_common import fail, out, ready_database, runtime_or_exit, settings_or_exit

if TYPE_CHECKING:
    from chidao.services.discover import Discovery
    from chidao.services.feed_health import FeedCheck, FeedHealth

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
    if feed.health == "degraded":
        return "degraded (entries salvaged from a broken feed)"
    return feed.health


def _list(format: FeedsFormat, feeds_file: str | None) -> None:
    from chidao.services.feed_health import feed_health

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
    url: Annotated[
        str | None, typer.Argument(help="Feed URL (http, https or a bundled sample:// feed); omit with --all.")
    ] = None,
    all_sources: Annotated[
        bool, typer.Option("--all", help="Check every source of the feeds file (feeds, sitemaps, listings).")
    ] = False,
    feeds: FeedsFileOption = None,
    format: FormatOption = FeedsFormat.table,
) -> None:
    """Fetch one feed (or with --all every source of the feeds file) now, store nothing, and explain what was
    found; exit code 1 when something is broken."""
    if all_sources == (url is not None):
        raise fail("give a feed URL or --all (not both)")
    if all_sources:
        _check_all(feeds, format)
        return
    assert url is not None
    from chidao.adapters.http import Fetcher
    from chidao.adapters.samples import SAMPLE_SCHEME, SampleServer
    from chidao.core.feeds import unchanged_url
    from chidao.services.feed_health import check_feed

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


def _check_all(feeds_file: str | None, format: FeedsFormat) -> None:
    from chidao.services.discover import check_sources

    settings = settings_or_exit(feeds=feeds_file)
    rt = runtime_or_exit(settings)
    specs = rt.bundle.feeds.feeds
    with rt.fetching() as fetching:
        checks = check_sources(fetching.fetcher, specs, resolve=fetching.resolve)
    if format is FeedsFormat.json:
        rows = [
            {"id": c.id, "kind": c.kind, "url": c.url, "ok": c.ok, "detail": c.detail, "warnings": list(c.warnings)}
            for c in checks
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        verified = {s.id: s.verified for s in specs}
        table = Table(title=f"Sources in {settings.feeds_file.name}")
        for column in ("source", "kind", "verified", "result"):
            table.add_column(column, overflow="fold")
        for check in checks:
            result = f"OK: {check.detail}" if check.ok else f"BROKEN: {check.detail}"
            table.add_row(escape(check.id), check.kind, "yes" if verified[check.id] else "no", escape(result))
        out.print(table)
        for check in checks:
            for warning in check.warnings:
                out.print(escape(f"Warning ({check.id}): {warning}"))
        broken = sum(not c.ok for c in checks)
        out.print(f"{len(checks)} sources, {len(checks) - broken} OK, {broken} broken")
    if any(not c.ok for c in checks):
        raise typer.Exit(1)


@feeds_app.command("discover")
def feeds_discover(
    url: Annotated[str, typer.Argument(help="A site's home or section page (or a feed).")],
    write: Annotated[
        str | None, typer.Option("--write", help="Append the entries found (or those of --pick) to this feeds file.")
    ] = None,
    pick: Annotated[
        str | None, typer.Option("--pick", help="Comma-separated numbers of the sources to write, e.g. 1,3.")
    ] = None,
    format: FormatOption = FeedsFormat.table,
) -> None:
    """List what a site offers to poll: linked RSS/Atom feeds, an RSS index page's feeds, the sitemaps of
    robots.txt and /sitemap.xml, and the page itself as a listing, each with a ready feeds.yaml entry."""
    from chidao.services.discover import discover, suggested_id

    rt = runtime_or_exit()
    with rt.fetching() as fetching:
        found = discover(fetching.fetcher, url, resolve=fetching.resolve)
    taken: set[str] = set()
    entries = [c.entry(suggested_id(c, taken)) for c in found.candidates]
    chosen = _picked(pick, len(entries))
    if format is FeedsFormat.json:
        rows = [
            {
                "kind": c.kind,
                "url": c.url,
                "items": c.item_count,
                "newest": c.newest.isoformat() if c.newest else None,
                "note": c.note,
                "entry": e,
            }
            for c, e in zip(found.candidates, entries, strict=True)
        ]
        sys.stdout.write(json.dumps({"sources": rows, "problems": found.problems}, ensure_ascii=False, indent=2) + "\n")
    else:
        for line in discover_report(found, entries):
            out.print(escape(line))
    if write is not None and entries:
        try:
            written = append_entries(Path(write), [entries[i] for i in chosen])
        except ValueError as exc:
            raise fail(str(exc)) from None
        out.print(escape(f"Wrote {written} entries to {write} (enabled: false, verified: false)"))
    if not entries:
        raise typer.Exit(1)


def append_entries(path: Path, entries: list[dict[str, object]]) -> int:
    """Append ``entries`` to the feeds file at ``path`` (created when missing), one line each, comments kept.

    A URL already in the file is not added again; an id already taken gets a ``-2`` suffix. The file is
    loaded again afterwards, and restored when it no longer loads (e.g. ``feeds: []`` written inline).
    """
    from chidao.config import ConfigError
    from chidao.core.feeds import load_feeds

    original = path.read_text(encoding="utf-8") if path.exists() else None
    try:
        specs = load_feeds(path) if original is not None else []
    except ConfigError as exc:
        raise ValueError(str(exc)) from None
    urls = {s.url for s in specs}
    ids = {s.id for s in specs}
    lines = []
    for entry in entries:
        if entry["url"] in urls:
            continue
        feed_id, n = str(entry["id"]), 2
        while feed_id in ids:
            feed_id, n = f"{entry['id']}-{n}", n + 1
        ids.add(feed_id)
        urls.add(str(entry["url"]))
        lines.append(f"  - {flow_entry({**entry, 'id': feed_id})}\n")
    text = original if original is not None else "feeds:\n"
    path.write_text(text + ("" if text.endswith("\n") else "\n") + "".join(lines), encoding="utf-8")
    try:
        load_feeds(path)
    except ConfigError as exc:
        if original is None:
            path.unlink()
        else:
            path.write_text(original, encoding="utf-8")
        raise ValueError(f"{path} was left unchanged: appending made it invalid ({exc})") from None
    return len(lines)


def _picked(pick: str | None, count: int) -> list[int]:
    if pick is None:
        return list(range(count))
    try:
        numbers = [int(part) for part in pick.split(",") if part.strip()]
    except ValueError:
        raise fail(f"--pick takes numbers separated by commas, not '{pick}'") from None
    wrong = [n for n in numbers if not 1 <= n <= count]
    if wrong:
        raise fail(f"--pick {wrong[0]}: there are {count} sources") from None
    return [n - 1 for n in numbers]


def discover_report(found: Discovery, entries: list[dict[str, object]]) -> list[str]:
    """The lines ``chidao feeds discover`` prints: one block per source, then the problems met."""
    lines = [f"Sources found from {found.url}: {len(found.candidates)}"]
    for number, (candidate, entry) in enumerate(zip(found.candidates, entries, strict=True), start=1):
        newest = f", newest {candidate.newest:%Y-%m-%d %H:%M} UTC" if candidate.newest else ""
        note = f" ({candidate.note})" if candidate.note else ""
        lines.append(f"{number}. {candidate.kind}: {candidate.url}")
        items = f"{candidate.item_count} item{'' if candidate.item_count == 1 else 's'}"
        lines.append(f"   {items}{newest}{note}")
        lines.append(f"   entry: {flow_entry(entry)}")
    lines.extend(f"Problem: {problem}" for problem in found.problems)
    return lines


def flow_entry(entry: dict[str, object]) -> str:
    """One feeds-file entry on one line, as config/feeds.yaml writes them."""
    import yaml

    return str(
        yaml.safe_dump(entry, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10_000)
    ).strip()


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
