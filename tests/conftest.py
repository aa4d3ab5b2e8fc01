"""Shared fixtures: real databases (a SQLite file and a throwaway PostgreSQL database), Prefect harness."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from chidao.adapters.db import Database

REPO_ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("CHIDAO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")

# Tests never read the developer's .env or real Slack settings.
for _name in list(os.environ):
    if _name.startswith("CHIDAO_") and not _name.startswith("CHIDAO_TEST_"):
        del os.environ[_name]


def _postgres_available() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # report why, never silently skip in CI
        return f"PostgreSQL at {make_url(PG_ADMIN_URL).render_as_string(hide_password=True)} unreachable: {exc}"


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for the whole test session, dropped at the end."""
    problem = _postgres_available()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    name = f"chidao_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _reset_postgres(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'chidao.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a real SQLite file and on the real PostgreSQL server, migrated to head."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'chidao.db'}"
    url: str = request.getfixturevalue("postgres_server_url")
    _reset_postgres(url)
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One Prefect test API for the session (it takes ~13 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def shared_corpus() -> Path:
    """``../shared/corpus``: skipped when absent, failed when absent under ``CI=true`` (tests/support/shared.py)."""
    from tests.support.shared import require_shared

    return require_shared("corpus")


# The Slack-Web-API-compatible test server, for every test module (imported here, not per module: ruff F811).
from tests.support.slack_server import slack_server  # noqa: E402, F401
