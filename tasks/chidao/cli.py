"""The ``chidao`` command line: a thin layer over the library."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from chidao.cli_common import (
    database_or_exit,
    err,
    fail,
    out,
    plain,
    ready_database,
    redacted_url,
    runtime_or_exit,
    settings_or_exit,
)
from chidao.cli_feeds import feeds_app
from chidao.cli_items import items_app
from chidao.cli_notify import notify_app
from chidao.cli_ops import backfill, serve
from chidao.cli_report import report
from chidao.cli_signals import exit_code_for, stop_on_signals, stopped_line
from chidao.cli_web import users_app, web
from chidao.settings import Settings

app = typer.Typer(
    name="chidao",
    help="Directives in Vietnamese provincial news, tracked as follow-up items.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
app.add_typer(items_app, name="items")
app.add_typer(feeds_app, name="feeds")
app.add_typer(db_app, name="db")
app.add_typer(notify_app, name="notify")
app.add_typer(users_app, name="users")
app.command()(web)
app.command("report")(report)
app.command()(serve)
app.command()(backfill)


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


# --- run -----------------------------------------------------------------------------------------

DEMO_NOTICE = (
    "Demo run: no feeds file configured (--feeds or CHIDAO_FEEDS), so the bundled sample feeds are polled "
    "from a loopback server."
)


@app.command()
def run(
    feeds: Annotated[
        Path | None, typer.Option(help="Feeds file (default: $CHIDAO_FEEDS, else the bundled samples).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Poll every enabled feed, even those not yet due.")] = False,
) -> None:
    """Run one full pass in-process: poll feeds, store articles, extract items, notify.

    Without a feeds file (no --feeds, no CHIDAO_FEEDS) this is the demo: the bundled sample feeds, served on
    loopback, and the first line of output says so.
    """
    settings = settings_or_exit(feeds=feeds)
    demo = settings.feeds is None
    rt = runtime_or_exit(settings, demo=demo)
    with stop_on_signals() as stop:
        try:
            database_or_exit(rt)
            ready_database(rt)  # SQLite: migrated here; PostgreSQL: checked (migrated by `chidao db upgrade`)
            if demo:
                out.print(DEMO_NOTICE)
            from chidao.flows.pipeline import pipeline
            from chidao.flows.prefect_api import ready_ephemeral_api_database

            ready_ephemeral_api_database()  # two runs on a new machine must not both migrate Prefect's database
            feeds_arg = str(settings.feeds) if settings.feeds is not None else None
            result = pipeline(feeds=feeds_arg, force=force, demo=demo)
        except BaseException:
            if stop.signum is None:
                raise
            # Prefect's crash report (or our handler) unwound the pass: one line, the signal's exit code.
            raise fail(stopped_line(stop.signum), exit_code_for(stop.signum)) from None
    _print_run_summary(result, settings)
    notified = result["notify"]
    if notified["dead"]:
        # Exit 1: the pass completed, but notifications were given up (invalid_auth, unknown channel, ...).
        reason = (notified.get("dead_reasons") or ["see `chidao notify status`"])[0]
        raise fail(
            f"{notified['dead']} notifications given up: {reason} (fix the cause, then `chidao notify retry --dead`)",
            1,
        )


def _print_run_summary(result: dict[str, Any], settings: Settings) -> None:
    polled, processed, notified = result["ingest"], result["process"], result["notify"]
    table = Table(title="chidao run", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("feeds polled", str(polled["feeds_polled"]))
    table.add_row("feeds not yet due", str(polled["feeds_enabled"] - polled["feeds_polled"]))
    table.add_row("feeds failed", str(polled["feeds_failed"]))
    table.add_row("new articles", str(polled["new_articles"]))
    table.add_row("changed articles", str(polled["changed_articles"]))
    table.add_row("articles processed", str(processed["processed"]))
    table.add_row("new items", str(processed["new_items"]))
    table.add_row("notifications sent", str(notified["sent"]))
    if notified.get("digests"):
        table.add_row("  of which digests", str(notified["digests"]))
    if notified["retried"] or notified["dead"]:
        table.add_row("notifications to retry", str(notified["retried"]))
        table.add_row("notifications given up", str(notified["dead"]))
    out.print(table)
    out.print(f"database: {redacted_url(settings.database_url)}")


# --- extract -------------------------------------------------------------------------------------


def _read_article(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValueError("no such file") from None
    except IsADirectoryError:
        raise ValueError("is a directory") from None
    except OSError as exc:
        raise ValueError(exc.strerror or str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    if not text.strip():
        raise ValueError("empty file")
    return text


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Plain-text article files.", show_default=False)],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.jsonl,
    explain: Annotated[
        bool, typer.Option(help="Show per sentence why it was or was not taken, instead of items.")
    ] = False,
) -> None:
    """Run the text stages (clean, classify, extract) on article files and print the items.

    jsonl prints one JSON object per article in the annotation guideline's format.
    """
    from chidao.nlp.analyze import analysis_to_json

    analyzer = runtime_or_exit().analyzer
    failures = 0
    results: list[dict[str, Any]] = []
    show_progress = len(files) > 5 and err.is_terminal
    with Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not show_progress,
    ) as progress:
        task_id = progress.add_task("extract", total=len(files))
        for path in files:
            progress.advance(task_id)
            try:
                text = _read_article(path)
            except ValueError as exc:
                err.print(f"chidao extract: {path}: {exc}", markup=False)
                failures += 1
                continue
            if explain:
                _print_explanation(path, analyzer.explain(text))
                continue
            record = analysis_to_json(path.name, analyzer.analyze(text))
            if format is ExtractFormat.jsonl:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                results.append(record)
    if format is ExtractFormat.json and not explain:
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    elif format is ExtractFormat.table and not explain:
        _print_extract_table(results)
    if failures:
        raise typer.Exit(1)


def _print_explanation(path: Path, explanations: list[Any]) -> None:
    out.print(Text(str(path), style="bold"))
    for number, exp in enumerate(explanations, 1):
        mark = ("TAKEN", "green") if exp.taken else ("skipped", "dim")
        out.print(Text.assemble(f"{number:>3} ", mark, " ", exp.sentence[:160]), highlight=False)
        details = []
        if exp.speaker:
            details.append(f"speaker: {exp.speaker}")
        if exp.cues:
            details.append("cues: " + ", ".join(exp.cues))
        if exp.negatives:
            details.append("negatives: " + ", ".join(exp.negatives))
        if exp.rules:
            details.append("rules: " + ", ".join(exp.rules))
        details.append(exp.reason)
        out.print("      " + " | ".join(details), markup=False, highlight=False)


def _print_extract_table(results: list[dict[str, Any]]) -> None:
    table = Table("article", "kind", "issuer", "assignee", "deadline", "text")
    for record in results:
        for item in record["items"]:
            table.add_row(
                plain(record["article"]),
                plain(item["kind"]),
                plain(item["issuer"]),
                plain(item["assignee"]),
                plain(item["deadline"]),
                plain(item["text"]),
            )
    out.print(table)


# --- db ------------------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the Alembic migrations to the configured database (on PostgreSQL under an advisory lock)."""
    from chidao.runtime import get_runtime

    settings = settings_or_exit()
    rt = get_runtime(settings)
    database_or_exit(rt)
    rt.db.upgrade()
    out.print(f"database at head: {redacted_url(settings.database_url)}")


def main() -> None:
    # The ephemeral Prefect API takes ~9 s to start on an idle 2-core machine and Prefect's
    # default patience is 20 s; the embedded run must also never try to phone home.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The ephemeral API is a subprocess that shares the terminal: on Ctrl-C it is stopped with the run, and a
    # batch of events it was writing at that moment can end in a logged traceback of its own (a race inside
    # Prefect's server, seen under load). The run reports its own stop; the server's errors stay off the
    # terminal unless the user asks for them with PREFECT_SERVER_LOGGING_LEVEL.
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    from sqlalchemy.exc import OperationalError

    from chidao.adapters.db import DatabaseProblem, database_problem

    try:
        app()
    except DatabaseProblem as exc:
        _exit_with(str(exc), exc.exit_code)
    except OperationalError as exc:
        # A database that goes away after the start-up check: one line, not a traceback per layer.
        problem = database_problem(exc, settings_or_exit().database_url)
        _exit_with(str(problem), problem.exit_code)


def _exit_with(message: str, code: int) -> None:
    from rich.markup import escape

    err.print(f"[bold red]Error:[/] {escape(message)}")
    raise SystemExit(code)


if __name__ == "__main__":
    main()
