"""``chidao users add/list`` through the real CLI on a migrated SQLite file: exact messages and rows."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from chidao.adapters.db import Database, User
from chidao.cli import app
from chidao.services.accounts import authenticate


@pytest.fixture
def cli_db(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("CHIDAO_DATABASE_URL", sqlite_url)
    db = Database(sqlite_url)
    db.upgrade()
    return db


def _users(db: Database) -> list[tuple[str, str, str | None]]:
    with db.session() as session:
        return [(u.name, u.role, u.slack_user_id) for u in session.scalars(select(User).order_by(User.id))]


def test_add_stores_a_hash_that_signs_in(cli_db: Database) -> None:
    result = CliRunner().invoke(
        app,
        ["users", "add", "lan", "--role", "reviewer", "--slack-user", "U0LAN", "--password-stdin"],
        input="mot-mat-khau-dai\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output == "account 'lan' created (reviewer)\n"
    assert _users(cli_db) == [("lan", "reviewer", "U0LAN")]
    with cli_db.session() as session:
        stored = session.scalars(select(User.password_hash)).one()
    assert stored.startswith("$argon2id$") and "mot-mat-khau-dai" not in stored
    assert authenticate(cli_db, "lan", "mot-mat-khau-dai") is not None
    assert authenticate(cli_db, "lan", "mot-mat-khau-sai") is None
    listed = CliRunner().invoke(app, ["users", "list"])
    assert "lan" in listed.output and "U0LAN" in listed.output


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (
            ["--role", "owner"],
            "mot-mat-khau-dai",
            "Error: --role: unknown role 'owner' (one of: viewer, reviewer, admin)",
        ),
        ([], "ngan", "Error: the password needs at least 8 characters"),
        (["--slack-user", "lan"], "mot-mat-khau-dai", "Error: 'lan' is not a Slack member id (like U0123ABCD)"),
    ],
)
def test_bad_input_is_one_line_and_adds_nothing(cli_db: Database, args: list[str], password: str, message: str) -> None:
    result = CliRunner().invoke(app, ["users", "add", "lan", *args, "--password-stdin"], input=password + "\n")
    assert result.exit_code == 2
    assert result.output.strip() == message
    assert _users(cli_db) == []


def test_a_taken_name_or_slack_member_is_refused(cli_db: Database) -> None:
    runner = CliRunner()
    runner.invoke(app, ["users", "add", "lan", "--slack-user", "U0LAN", "--password-stdin"], input="mot-mat-khau-dai\n")
    again = runner.invoke(app, ["users", "add", "lan", "--password-stdin"], input="mot-mat-khau-dai\n")
    assert (again.exit_code, again.output.strip()) == (2, "Error: an account named 'lan' exists")
    linked = runner.invoke(
        app, ["users", "add", "minh", "--slack-user", "U0LAN", "--password-stdin"], input="mot-mat-khau-dai\n"
    )
    assert (linked.exit_code, linked.output.strip()) == (
        2,
        "Error: Slack member U0LAN is already linked to another account",
    )
    assert _users(cli_db) == [("lan", "reviewer", "U0LAN")]
