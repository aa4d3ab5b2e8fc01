"""Shared fixtures: real databases (a SQLite file and a throwaway PostgreSQL database), Prefect harness."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from chidao.adapters.db import Base, Database

REPO_ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("CHIDAO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")

# Tests never read the developer's .env or real Slack settings.
for _name in list(os.environ):
    if _name.startswith("CHIDAO_") and not _name.startswith("CHIDAO_TEST_"):
        del os.environ[_name]

# Tables are rendered by rich at the terminal's width, which differs between a terminal, CI's pipe and a
# pytest-xdist worker (no terminal): tests that read table rows get one wide width everywhere.
os.environ["COLUMNS"] = "200"


def _postgres_available() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # report why, never silently skip in CI
        return f"PostgreSQL at {make_url(PG_ADMIN_URL).render_as_string(hide_password=True)} unreachable: {exc}"


def _create_database(prefix: str) -> str:
    """A new, empty PostgreSQL database with a unique name (unique per pytest-xdist worker too)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def _drop_database(url: str) -> None:
    name = make_url(url).database
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
            ),
            {"n": name},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def _require_postgres() -> None:
    problem = _postgres_available()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for the whole session, migrated to head once, dropped at the end.

    Tests do not use it directly: ``postgres_url`` empties its tables first.
    """
    _require_postgres()
    url = _create_database("chidao_test")
    try:
        database = Database(url)
        database.upgrade()
        database.dispose()
        yield url
    finally:
        _drop_database(url)


def reset_postgres_data(engine: Engine) -> None:
    """Delete every row, children before parents, and restart the id sequences: the state after ``upgrade``.

    DELETE, not TRUNCATE: on tables this small it takes 40 ms where TRUNCATE takes 400 ms (it makes new
    files for every table and index). The tables are the models' (``test_migrations_match_the_models``
    checks they are the migrated schema); Alembic's version row stays.
    """
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
        sequences = conn.scalars(text("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"))
        for name in list(sequences):
            conn.execute(text(f"ALTER SEQUENCE {conn.dialect.identifier_preparer.quote(name)} RESTART"))


@pytest.fixture(scope="session")
def _postgres_engine(postgres_server_url: str) -> Iterator[Engine]:
    engine = create_engine(postgres_server_url)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_server_url: str, _postgres_engine: Engine) -> str:
    """The session's PostgreSQL database, migrated and with no rows: what a test that writes starts from."""
    reset_postgres_data(_postgres_engine)
    return postgres_server_url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session (per xdist worker); each test gets a copy of it."""
    path = tmp_path_factory.mktemp("sqlite-template") / "chidao.db"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    database.dispose()
    # Closing the last connection checkpoints the write-ahead log into the file: the file alone is the state.
    assert not path.with_name("chidao.db-wal").exists()
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A path for a new SQLite file (not created, not migrated)."""
    return f"sqlite:///{tmp_path / 'chidao.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """The same test on a real SQLite file and on the real PostgreSQL server, migrated to head and empty.

    Migrations run once per session; per test a copy of the migrated SQLite file, or the PostgreSQL
    tables emptied (``tests/core/test_storage.py`` and ``tests/tracking/test_migration.py`` migrate from
    an empty database through ``empty_database_url``).
    """
    if request.param == "sqlite":
        path = tmp_path / "chidao.db"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def empty_postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A PostgreSQL database with no tables at all (for the migration tests).

    An empty schema of its own in the session's database, first on the search path: as good as an empty
    database for Alembic and chidao, and dropping a schema is instant where DROP DATABASE waits for a
    checkpoint (8 s here).
    """
    schema = f"empty_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(postgres_server_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no tables at all, on SQLite and on PostgreSQL (``empty_postgres_url``)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    url: str = request.getfixturevalue("empty_postgres_url")
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """``database_url`` opened: migrated to head, no rows."""
    database = Database(database_url)
    yield database
    database.dispose()


# Slow tests start child processes (`chidao run`, `chidao serve`, a Prefect server) that take 10-60 s each on
# a busy 2-core machine; the default limit in pyproject ([tool.pytest.ini_options] timeout) is for the rest.
SLOW_TEST_TIMEOUT = 900
# The Prefect-harness tests are split over this many xdist groups (one per worker of `make test`).
HARNESS_GROUPS = 2


# tryfirst: pytest-xdist reads the group markers in its own collection hook, which would otherwise run first.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Time limits for slow tests, and pytest-xdist groups for tests that share an expensive server.

    Under ``pytest -n 2 --dist loadgroup`` (``make test``) every test of a group runs on one worker: the
    harness tests form two groups (one harness, ~13 s to start, per worker) and the served-deployments
    module's Prefect server is started once; everything else spreads over the workers.
    """
    harness_tests = 0
    for item in items:
        if item.get_closest_marker("slow") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(SLOW_TEST_TIMEOUT))
        if item.get_closest_marker("xdist_group"):
            continue  # a module that chose its own group (tests/packaging: one wheel build per module)
        if "prefect_harness" in getattr(item, "fixturenames", ()):
            # two groups, dealt in turn: the harness tests are most of the suite's time, and one group on one
            # worker was the suite's long pole; each worker then starts its own harness once
            item.add_marker(pytest.mark.xdist_group(f"prefect-harness-{harness_tests % HARNESS_GROUPS}"))
            harness_tests += 1
        elif "prefect_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("prefect-server"))


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
