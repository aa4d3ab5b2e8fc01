"""``chidao report``: the 2×2 status per assignee and per issuer, on screen or as a one-page HTML file."""

from __future__ import annotations

import base64
import html
import io
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from chidao.cli_common import err, fail, out, parse_date_option, plain, ready_database, runtime_or_exit
from chidao.core.tracking import DONE_LATE, DONE_ON_TIME, NO_DEADLINE, OPEN_ON_TIME, OPEN_OVERDUE, STATUS_LABELS_VI
from chidao.services.tracking import GroupCounts, TrackingReport

COLUMNS = (DONE_ON_TIME, DONE_LATE, OPEN_ON_TIME, OPEN_OVERDUE, NO_DEADLINE)
# Green for done on time, orange for done late, blue for open in time, red for overdue, grey without a deadline.
COLORS = {
    DONE_ON_TIME: "#2e7d32",
    DONE_LATE: "#f9a825",
    OPEN_ON_TIME: "#1565c0",
    OPEN_OVERDUE: "#c62828",
    NO_DEADLINE: "#9e9e9e",
}


class ReportFormat(StrEnum):
    table = "table"
    html = "html"


def rate_text(group: GroupCounts) -> str:
    """'75%' or '-' when nothing is done yet."""
    rate = group.on_time_rate
    return "-" if rate is None else f"{rate:.0%}"


def report(
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="table or html.")] = ReportFormat.table,
    output: Annotated[str | None, typer.Option("--output", "-o", help="HTML file to write.")] = None,
    today: Annotated[str | None, typer.Option(help="Report as of this date (YYYY-MM-DD, default today).")] = None,
    weeks: Annotated[int, typer.Option(min=1, max=104, help="Weeks shown in the chart.")] = 12,
) -> None:
    """Counts per assignee and per issuer in the official 2×2 status, with the on-time rate."""
    from datetime import date

    from chidao.services.tracking import build_report

    if format is ReportFormat.html and output is None:
        raise fail("--format html needs --output FILE")
    day = parse_date_option(today, "--today") or date.today()
    rt = runtime_or_exit()
    ready_database(rt)
    data = build_report(rt.db, day, weeks=weeks)
    if format is ReportFormat.table:
        for title, groups in (("Theo đơn vị thực hiện", data.by_assignee), ("Theo người chỉ đạo", data.by_issuer)):
            out.print(_table(title, (*groups, data.total)))
        return
    assert output is not None
    try:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(render_html(data))
    except OSError as exc:
        raise fail(f"--output: cannot write '{output}': {exc.strerror}") from None
    err.print(plain(f"report written to {output}"))


def _table(title: str, groups: tuple[GroupCounts, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("")
    for key in COLUMNS:
        table.add_column(STATUS_LABELS_VI[key], justify="right")
    table.add_column("tổng", justify="right")
    table.add_column("đúng hạn", justify="right")
    for group in groups:
        table.add_row(plain(group.name), *(str(group.counts[k]) for k in COLUMNS), str(group.total), rate_text(group))
    return table


def status_chart_png(data: TrackingReport) -> bytes:
    """Stacked area chart of items by status, week by week (matplotlib, Agg: no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    positions = list(range(len(data.timeline)))
    figure, axes = pyplot.subplots(figsize=(8, 3.2), dpi=100)
    try:
        axes.stackplot(
            positions,
            *[[counts[key] for _, counts in data.timeline] for key in COLUMNS],
            labels=[STATUS_LABELS_VI[key] for key in COLUMNS],
            colors=[COLORS[key] for key in COLUMNS],
        )
        axes.set_xticks(positions, [day.strftime("%d/%m") for day, _ in data.timeline])
        axes.set_ylabel("số mục")
        axes.legend(loc="upper left", fontsize=7)
        figure.autofmt_xdate()
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    finally:
        pyplot.close(figure)
    return buffer.getvalue()


def _html_table(title: str, groups: tuple[GroupCounts, ...]) -> str:
    head = "".join(f"<th>{html.escape(STATUS_LABELS_VI[k])}</th>" for k in COLUMNS)
    rows = []
    for group in groups:
        cells = "".join(f"<td>{group.counts[k]}</td>" for k in COLUMNS)
        rows.append(
            f"<tr><th>{html.escape(group.name)}</th>{cells}<td>{group.total}</td><td>{rate_text(group)}</td></tr>"
        )
    return (
        f"<h2>{html.escape(title)}</h2><table><tr><th></th>{head}<th>tổng</th><th>đúng hạn</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def render_html(data: TrackingReport) -> str:
    """A self-contained page: the chart inlined as a PNG data URI, names escaped."""
    chart = base64.b64encode(status_chart_png(data)).decode("ascii")
    style = (
        "body{font-family:sans-serif;max-width:960px;margin:2em auto}"
        "table{border-collapse:collapse;margin-bottom:1.5em}"
        "td,th{border:1px solid #ccc;padding:4px 8px}td{text-align:right}"
    )
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>chidao: báo cáo theo dõi {data.today.isoformat()}</title><style>{style}</style></head><body>"
        f"<h1>Báo cáo theo dõi thực hiện chỉ đạo, ngày {data.today.strftime('%d/%m/%Y')}</h1>"
        f'<img alt="Số mục theo trạng thái qua các tuần" src="data:image/png;base64,{chart}">'
        + _html_table("Theo đơn vị thực hiện", (*data.by_assignee, data.total))
        + _html_table("Theo người chỉ đạo", (*data.by_issuer, data.total))
        + "</body></html>\n"
    )
