"""``chidao items``: review and follow up the stored items."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from tasks.cli_common import fail, out, parse_date_option, settings_or_exit

items_app = typer.Typer(help="Review and follow up the stored items.", no_args_is_help=True)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


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
        since=parse_date_option(since, "--since"),
        search=search,
        assignee=assignee,
        issuer=issuer,
        review_state=review,
        topic=topic,
        due_from=parse_date_option(due_from, "--due-from"),
        due_to=parse_date_option(due_to, "--due-to"),
        limit=limit,
    )
    rt = get_runtime(settings_or_exit())
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
