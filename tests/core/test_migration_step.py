"""Migrations are their own step: `chidao db upgrade` under a PostgreSQL advisory lock; everything else checks.

Real SQLite files and the real PostgreSQL server; the CLI through typer's runner.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from chidao.adapters.db import Database, SchemaNotCurrent, alembic_config, upgrade_database
from chidao.cli import app
from chidao.resources import bundled_config_dir
from tests.integration.processes import chidao, child_env

HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def one_line(output: str) -> str:
    return " ".join(output.split())


@pytest.mark.postgres
def test_concurrent_upgrades_of_a_fresh_postgres_database_wait_for_each_other(empty_postgres_url: str) -> None:
    url = empty_postgres_url
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def upgrade() -> None:
        try:
            barrier.wait()
            upgrade_database(url)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=upgrade) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    db = Database(url)
    assert db.schema_problem() is None
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [HEAD]
    db.dispose()


def test_a_database_behind_is_named_with_what_to_run(empty_database_url: str) -> None:
    upgrade_database(empty_database_url, revision="0001")
    db = Database(empty_database_url)

    with pytest.raises(SchemaNotCurrent) as raised:
        db.check_schema()

    assert (
        str(raised.value)
        == f"the database is at revision 0001, this chidao needs {HEAD}: run `chidao db upgrade` first"
    )
    db.upgrade()
    db.check_schema()
    db.dispose()


def test_a_database_ahead_of_this_chidao_is_named(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    db.upgrade()
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))

    assert db.schema_problem() == (
        f"the database is at revision 0099, newer than this chidao knows (head {HEAD}): upgrade chidao"
    )
    db.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "command", [["run"], ["notify", "send"], ["notify", "status"], ["items", "list"], ["report"], ["serve"]]
)
def test_commands_on_an_unmigrated_postgres_database_say_to_upgrade(
    empty_postgres_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: list[str]
) -> None:
    url = empty_postgres_url
    monkeypatch.setenv("CHIDAO_DATABASE_URL", url)
    monkeypatch.setenv("CHIDAO_FEEDS", str(bundled_config_dir() / "feeds.sample.yaml"))  # serve needs one
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(app, command)

    assert result.exit_code == 5, result.output
    assert one_line(result.stderr) == "Error: the database has no chidao tables yet: run `chidao db upgrade` first"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        tables = conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")).scalar()
    engine.dispose()
    assert tables == 0  # nothing was migrated behind the operator's back

    upgraded = CliRunner().invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert Database(url).schema_problem() is None


def test_sqlite_is_migrated_by_the_commands_themselves(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIDAO_DATABASE_URL", sqlite_url)

    result = CliRunner().invoke(app, ["notify", "status"])

    assert (result.exit_code, result.stdout.strip()) == (0, "outbox is empty")
    assert Database(sqlite_url).schema_problem() is None


def test_concurrent_db_upgrades_of_a_fresh_sqlite_file_wait_for_each_other(tmp_path: Path) -> None:
    """Three `chidao db upgrade` processes at once on one new SQLite file: a file lock makes them take turns,
    so one migrates and the others find the schema at head (without it: 'table already exists')."""
    url = f"sqlite:///{tmp_path / 'chidao.db'}"
    env = child_env(CHIDAO_DATABASE_URL=url)
    children = [chidao(["db", "upgrade"], tmp_path, env, f"upgrade-{n}.log") for n in range(3)]
    codes = [child.process.wait(timeout=300) for child in children]
    assert codes == [0, 0, 0], [child.output()[-2000:] for child in children]
    db = Database(url)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [HEAD]
    assert db.schema_problem() is None
    db.dispose()
