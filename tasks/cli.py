"""The ``chidao`` command line: a thin layer over the library."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from tasks.settings import Settings

app = typer.Typer(
    name="chidao",
    help="Directives in Vietnamese provincial news, tracked as follow-up items.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
items_app = typer.Typer(help="Review and follow up the stored items.", no_args_is_help=True)
feeds_app = typer.Typer(help="The polled feeds and their health.", invoke_without_command=True)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
notify_app = typer.Typer(help="Chat notifications.", no_args_is_help=True)
app.add_typer(items_app, name="items")
app.add_typer(feeds_app, name="feeds")
app.add_typer(db_app, name="db")
app.add_typer(notify_app, name="notify")

err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]Error:[/] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def _settings(**overrides: Any) -> Settings:
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except Exception as exc:  # pydantic ValidationError: name the variable
        raise fail(f"invalid CHIDAO_ settings: {exc}") from exc


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: '{value}' is not a date; use YYYY-MM-DD") from None


# --- run -----------------------------------------------------------------------------------------


@app.command()
def run(
    feeds: Annotated[
        Path | None, typer.Option(help="Feeds file (default: $CHIDAO_FEEDS, else the bundled samples).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Poll every enabled feed, even those not yet due.")] = False,
) -> None:
    """Run one full pass in-process: poll feeds, store articles, extract items, notify."""
    from tasks.runtime import SettingsError, check_settings

    settings = _settings(feeds=feeds)
    try:
        check_settings(settings)
    except SettingsError as exc:
        raise fail(str(exc)) from exc
    from flows.pipeline import pipeline

    feeds_arg = str(settings.feeds) if settings.feeds is not None else None
    result = pipeline(feeds=feeds_arg, force=force)
    _print_run_summary(result, settings)


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
    if notified["retried"] or notified["dead"]:
        table.add_row("notifications to retry", str(notified["retried"]))
        table.add_row("notifications given up", str(notified["dead"]))
    out.print(table)
    out.print(f"database: {_redacted_url(settings.database_url)}")


def _redacted_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


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
    from tasks.core.analyze import analysis_to_json, shared_analyzer

    settings = _settings()
    analyzer = shared_analyzer(settings.config_dir.resolve())
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
    out.print(f"[bold]{path}[/]", markup=True)
    for number, exp in enumerate(explanations, 1):
        mark = "[green]TAKEN[/]" if exp.taken else "[dim]skipped[/]"
        out.print(f"{number:>3} {mark} {exp.sentence[:160]}", markup=True, highlight=False)
        details = []
        if exp.speaker:
            details.append(f"speaker: {exp.speaker}")
        if exp.cues:
            details.append("cues: " + ", ".join(exp.cues))
        if exp.negatives:
            details.append("negatives: " + ", ".join(exp.negatives))
        details.append(exp.reason)
        out.print("      " + " | ".join(details), markup=False, highlight=False)


def _print_extract_table(results: list[dict[str, Any]]) -> None:
    table = Table("article", "kind", "issuer", "assignee", "deadline", "text")
    for record in results:
        for item in record["items"]:
            table.add_row(
                record["article"],
                item["kind"],
                item["issuer"] or "",
                item["assignee"] or "",
                item["deadline"] or "",
                item["text"],
            )
    out.print(table)


# --- items ---------------------------------------------------------------------------------------


@items_app.command("list")
def items_list(
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
    province: Annotated[str | None, typer.Option(help="Province as written or its current (post-2025) unit.")] = None,
    status: Annotated[
        str | None,
        typer.Option(help="open_on_time, open_overdue, done_on_time, done_late or no_deadline."),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Only items found on or after this date (YYYY-MM-DD).")] = None,
    search: Annotated[str | None, typer.Option(help="Accent-insensitive text search.")] = None,
    assignee: Annotated[str | None, typer.Option(help="Assignee contains this (accent-insensitive).")] = None,
    issuer: Annotated[str | None, typer.Option(help="Issuer contains this (accent-insensitive).")] = None,
    review: Annotated[str | None, typer.Option(help="Review state: new, confirmed, rejected, edited.")] = None,
    topic: Annotated[str | None, typer.Option(help="Topic label, e.g. economy.")] = None,
    due_from: Annotated[str | None, typer.Option(help="Due on or after (YYYY-MM-DD).")] = None,
    due_to: Annotated[str | None, typer.Option(help="Due on or before (YYYY-MM-DD).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many items.")] = None,
) -> None:
    """List stored follow-up items."""
    from tasks.core.tracking import parse_status
    from tasks.runtime import get_runtime
    from tasks.services.items import ItemFilter, item_to_dict, list_items

    if status is not None:
        try:
            status = parse_status(status)
        except ValueError as exc:
            raise fail(f"--status: {exc}") from None
    item_filter = ItemFilter(
        province=province,
        status=status,
        since=_parse_date(since, "--since"),
        search=search,
        assignee=assignee,
        issuer=issuer,
        review_state=review,
        topic=topic,
        due_from=_parse_date(due_from, "--due-from"),
        due_to=_parse_date(due_to, "--due-to"),
        limit=limit,
    )
    rt = get_runtime(_settings())
    rt.db.upgrade()
    rows = [item_to_dict(i) for i in list_items(rt.db, item_filter)]
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif format is OutputFormat.csv:
        sys.stdout.write(_to_csv(rows))
    else:
        table = Table("id", "status", "due", "assignee", "issuer", "text", title=f"{len(rows)} items")
        for row in rows:
            table.add_row(
                str(row["id"]),
                row["status_vi"],
                row["due_date"] or (row["deadline"] or ""),
                row["assignee"] or "",
                row["issuer"] or "",
                row["text"],
            )
        out.print(table)


def _to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return buffer.getvalue()


# --- db ------------------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the Alembic migrations to the configured database."""
    from tasks.adapters.db import upgrade_database

    settings = _settings()
    upgrade_database(settings.database_url)
    out.print(f"database at head: {_redacted_url(settings.database_url)}")


def main() -> None:
    # The ephemeral Prefect API takes ~9 s to start on an idle 2-core machine and Prefect's
    # default patience is 20 s; the embedded run must also never try to phone home.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    app()


if __name__ == "__main__":
    main()
