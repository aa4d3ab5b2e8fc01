"""``chidao web`` (the review app) and ``chidao users`` (its accounts)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from chidao.cli_common import err, fail, out, ready_database, runtime_or_exit

if TYPE_CHECKING:
    from chidao.runtime import Runtime

users_app = typer.Typer(help="Accounts of the web app.", no_args_is_help=True)


def web(
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
) -> None:
    """Serve the review app: queue, item pages, dashboard, exports, and Slack's button endpoint."""
    import uvicorn

    from chidao.web.app import create_app

    # The app labels items with the configuration (topics, provinces): validate the whole bundle first.
    rt = runtime_or_exit()
    ready_database(rt)
    app = create_app(rt.settings)
    err.print(f"chidao web on http://{host}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)


def _runtime() -> Runtime:
    rt = runtime_or_exit()
    ready_database(rt)
    return rt


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Sign-in name (also written in the history of every change).")],
    role: Annotated[str, typer.Option(help="viewer (reads), reviewer (also changes items) or admin.")] = "reviewer",
    slack_user: Annotated[
        str | None, typer.Option("--slack-user", help="Slack member id (U0123...) whose buttons act as this account.")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
    ] = False,
) -> None:
    """Create an account; the password is asked for (or read from stdin) and stored as an Argon2 hash."""
    from chidao.services.accounts import AccountError, check_role, create_user

    try:
        check_role(role)
    except AccountError as exc:
        raise fail(f"--role: {exc}") from None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        account = create_user(_runtime().db, name, password, role, slack_user_id=slack_user)
    except AccountError as exc:
        raise fail(str(exc)) from None
    out.print(f"account '{account.name}' created ({account.role})")


@users_app.command("list")
def users_list() -> None:
    """List the accounts with their roles and linked Slack members."""
    from chidao.services.accounts import list_accounts

    table = Table("name", "role", "slack member")
    for account in list_accounts(_runtime().db):
        table.add_row(account.name, account.role, account.slack_user_id or "")
    out.print(table)
