"""``chidao items``: review and follow up the stored items."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from chidao.cli_common import err, fail, out, parse_date_option, plain, ready_database, runtime_or_exit
from chidao.core.cells import neutralise_formula

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
    from chidao.core.tracking import parse_status
    from chidao.services.items import ItemFilter, item_to_dict, list_items

    if limit is not None and limit < 1:
        raise fail(f"--limit must be 1 or more, got {limit}")
    if status is not None:
        try:
            status = parse_status(status)
        except ValueError as exc:
            raise fail(f"--status: {exc}") from None
    if review is not None:
        from chidao.core.tracking import parse_review_state

        try:
            review = parse_review_state(review)
        except ValueError as exc:
            raise fail(f"--review: {exc}") from None
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
    rt = runtime_or_exit()
    ready_database(rt)
    rows = [item_to_dict(i) for i in list_items(rt.db, item_filter)]
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif format is OutputFormat.csv:
        sys.stdout.write(_to_csv(rows))
    else:
        table = Table("id", "status", "review", "due", "assignee", "issuer", "text", title=f"{len(rows)} items")
        for row in rows:
            table.add_row(
                str(row["id"]),
                plain(row["status_vi"]),
                plain(row["review_state"]),
                plain(row["due_date"] or row["deadline"]),
                plain(row["assignee"]),
                plain(row["issuer"]),
                plain(row["text"]),
            )
        out.print(table)


def _to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    if not rows:
        return ""
    # RFC 4180 line ends: with "\n" alone the csv module leaves a carriage return inside a field
    # unquoted, and a spreadsheet splits the row there (#15).
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise_formula(";".join(v) if isinstance(v, list) else v) for k, v in row.items()})
    return buffer.getvalue()


def _actor(by: str | None) -> str:
    if by:
        return by
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "cli"


ActorOption = Annotated[str | None, typer.Option("--by", help="Who makes the change (default: login name).")]


# Ids are 64-bit integers in both databases; a larger one names no item (and would overflow the driver).
MAX_ITEM_ID = 2**63 - 1


def _check_item_id(item_id: int) -> None:
    from chidao.services.tracking import ItemNotFound

    if not 1 <= item_id <= MAX_ITEM_ID:
        raise fail(str(ItemNotFound(item_id)), code=1)


def _runtime() -> Any:

    rt = runtime_or_exit()
    ready_database(rt)
    return rt


@items_app.command("show")
def items_show(item_id: Annotated[int, typer.Argument(help="Item id, as in `chidao items list`.")]) -> None:
    """Show one item: fields, evidence sentences with the action highlighted, sources, history."""
    _check_item_id(item_id)
    from rich.text import Text

    from chidao.services.tracking import ItemNotFound, action_span, item_detail

    try:
        detail = item_detail(_runtime().db, item_id)
    except ItemNotFound as exc:
        raise fail(str(exc), code=1) from None
    item = detail.item
    fields = Table(show_header=False, title=f"Item {item['id']}", title_justify="left")
    fields.add_column("field", style="bold")
    fields.add_column("value")
    due = item["due_date"] or "-"
    for name, value in (
        ("text", item["text"]),
        ("kind", item["kind"]),
        ("issuer", item["issuer"]),
        ("assignee", item["assignee"]),
        ("deadline", f"{item['deadline'] or '-'} (due {due})"),
        ("status", f"{item['status_vi']} ({item['status']})"),
        ("review", item["review_state"]),
        ("progress", item["progress"] + (f" on {item['completed_on']}" if item["completed_on"] else "")),
        ("province", item["province"]),
        ("topics", ", ".join(item["topics"])),
        ("article", detail.article_title),
    ):
        fields.add_row(name, Text(str(value)) if value not in (None, "") else Text("-"))
    out.print(fields)
    out.print(Text(f"Evidence ({len(detail.evidence)})", style="bold"))
    for evidence in detail.evidence:
        sentence = Text(evidence.sentence)
        span = action_span(evidence.sentence, item["text"])
        if span is not None:
            sentence.stylize("bold underline", *span)
        out.print(Text(f"[{evidence.role}] {evidence.url or '(no link)'}", style="cyan"))
        out.print(Text("  ") + sentence)
    history = Table("at", "by", "field", "old", "new", "note", title="History", title_justify="left")
    for row in detail.history:
        history.add_row(
            row.at.strftime("%Y-%m-%d %H:%M"),
            plain(row.actor),
            plain(row.field),
            Text(row.old_value or ""),
            Text(row.new_value or ""),
            Text(row.note or ""),
        )
    out.print(history)


@items_app.command("review")
def items_review(
    item_id: Annotated[int, typer.Argument(help="Item id.")],
    confirm: Annotated[bool, typer.Option("--confirm", help="The item is right as it is.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="Not a directive; kept, marked rejected.")] = False,
    edit: Annotated[
        list[str] | None,
        typer.Option("--edit", help="Correct a field: text, kind, issuer, assignee, deadline or due (repeatable)."),
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why, for the history.")] = None,
    by: ActorOption = None,
) -> None:
    """Confirm, reject or correct an item; every change goes to its history."""
    _check_item_id(item_id)
    from chidao.core.tracking import parse_field_edit
    from chidao.services.tracking import ItemNotFound, review_item

    chosen = [name for name, on in (("--confirm", confirm), ("--reject", reject), ("--edit", bool(edit))) if on]
    if len(chosen) != 1:
        raise fail("give exactly one of --confirm, --reject or --edit FIELD=VALUE")
    try:
        edits = [parse_field_edit(assignment) for assignment in edit or []]
    except ValueError as exc:
        raise fail(f"--edit: {exc}") from None
    decision = chosen[0].removeprefix("--")
    try:
        item = review_item(_runtime().db, item_id, decision=decision, edits=edits, actor=_actor(by), note=note)
    except ItemNotFound as exc:
        raise fail(str(exc), code=1) from None
    out.print(f"Item {item.id}: {item.review_state}")


@items_app.command("set-status")
def items_set_status(
    item_id: Annotated[int, typer.Argument(help="Item id.")],
    progress: Annotated[str, typer.Argument(help="open, in_progress or done.")],
    on: Annotated[
        str | None, typer.Option("--on", help="Completion date for done (YYYY-MM-DD, default today).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why, for the history.")] = None,
    by: ActorOption = None,
) -> None:
    """Record progress; the official status follows from the due date and the completion date."""
    _check_item_id(item_id)
    from chidao.core.tracking import PROGRESS_DONE, STATUS_LABELS_VI, parse_progress
    from chidao.services.tracking import ItemNotFound, set_progress

    try:
        key = parse_progress(progress)
    except ValueError as exc:
        raise fail(str(exc)) from None
    completed_on = parse_date_option(on, "--on")
    if completed_on is not None and key != PROGRESS_DONE:
        raise fail("--on only goes with 'done'")
    if completed_on is not None and completed_on > date.today():
        raise fail(f"--on: {completed_on.isoformat()} is in the future")
    try:
        item = set_progress(_runtime().db, item_id, key, actor=_actor(by), completed_on=completed_on, note=note)
    except ItemNotFound as exc:
        raise fail(str(exc), code=1) from None
    out.print(f"Item {item.id}: {item.progress}, {STATUS_LABELS_VI.get(item.status, item.status)}")


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


@items_app.command("export")
def items_export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, xlsx or json.")] = ExportFormat.csv,
    output: Annotated[str | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    include_rejected: Annotated[bool, typer.Option(help="Also export rejected and stale items.")] = False,
) -> None:
    """Export items with their sources (xlsx needs --output)."""
    from chidao.core.tracking import REVIEW_REJECTED
    from chidao.services.tracking import export_rows, write_xlsx

    if format is ExportFormat.xlsx and output is None:
        raise fail("--format xlsx needs --output FILE")
    rows = export_rows(_runtime().db)
    if not include_rejected:
        rows = [r for r in rows if r["review_state"] != REVIEW_REJECTED and not r.get("stale")]
    if format is ExportFormat.xlsx:
        assert output is not None
        try:
            write_xlsx(rows, output)
        except OSError as exc:
            raise fail(f"--output: cannot write '{output}': {exc.strerror}") from None
        err.print(plain(f"{len(rows)} items written to {output}"))
        return
    text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n" if format is ExportFormat.json else _to_csv(rows)
    _write_text(text, output, len(rows), "items")


def _write_text(text: str, output: str | None, count: int, noun: str) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise fail(f"--output: cannot write '{output}': {exc.strerror}") from None
    err.print(plain(f"{count} {noun} written to {output}"))


@items_app.command("export-corrections")
def items_export_corrections(
    output: Annotated[str | None, typer.Option("--output", "-o", help="JSONL file (default: stdout).")] = None,
) -> None:
    """Reviewed articles as gold-format JSONL: corrected items, rejected extractions, the edits made."""
    from chidao.services.tracking import export_corrections

    articles = export_corrections(_runtime().db)
    text = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles)
    _write_text(text, output, len(articles), "articles")
