"""Storage: migrations on SQLite and PostgreSQL, constraint names, SQLite pragmas, UTC round-trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from chidao.adapters.db import Article, Base, Database, Feed, alembic_config, normalize_database_url


def test_migrations_match_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_constraint_names_follow_the_convention(db: Database) -> None:
    inspector = inspect(db.engine)
    uniques = {u["name"] for u in inspector.get_unique_constraints("follow_up_items")}
    assert "uq_follow_up_items_article_key" in uniques
    fks = {fk["name"] for fk in inspector.get_foreign_keys("follow_up_items")}
    assert fks == {"fk_follow_up_items_article_id_articles"}
    assert {u["name"] for u in inspector.get_unique_constraints("articles")} == {"uq_articles_canonical_url"}


def test_article_is_unique_per_canonical_url(db: Database) -> None:
    with db.session() as session:
        session.add(Article(canonical_url="https://a.vn/1", content_hash="h"))
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(Article(canonical_url="https://a.vn/1", content_hash="h2"))


def test_datetimes_come_back_as_utc(db: Database) -> None:
    local = datetime(2025, 9, 10, 9, 45, tzinfo=timezone(timedelta(hours=7)))
    with db.session() as session:
        session.add(Feed(id="f", url="https://a.vn/rss", last_success_at=local))
    with db.session() as session:
        stored = session.scalars(select(Feed.last_success_at)).one()
    assert stored == datetime(2025, 9, 10, 2, 45, tzinfo=UTC)
    assert stored.tzinfo is not None


def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"), db.session() as session:
        session.add(Feed(id="g", url="https://a.vn/rss", last_success_at=datetime(2025, 1, 1)))
        session.flush()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_url: str) -> None:
    database = Database(sqlite_url)
    with database.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
    database.dispose()


def test_upgrade_twice_is_a_no_op(db: Database) -> None:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(db.url)).get_current_head()
    db.upgrade()
    with db.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == head
    assert head is not None and head >= "0001"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_psycopg3(given: str, expected: str) -> None:
    assert normalize_database_url(given) == expected


def test_migrations_from_an_empty_database_build_the_models_schema(empty_database_url: str) -> None:
    """The one path every other test skips (they copy or empty a database migrated once per session)."""
    from alembic.script import ScriptDirectory

    database = Database(empty_database_url)
    try:
        assert inspect(database.engine).get_table_names() == []
        database.upgrade()
        head = ScriptDirectory.from_config(alembic_config(database.url)).get_current_head()
        with database.engine.connect() as conn:
            assert conn.execute(text("select version_num from alembic_version")).scalar() == head
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert set(inspect(database.engine).get_table_names()) == {*Base.metadata.tables, "alembic_version"}
    finally:
        database.dispose()


def test_each_test_starts_from_no_rows_and_ids_from_one(db: Database) -> None:
    """The per-test reset (a copy of the migrated file, or TRUNCATE ... RESTART IDENTITY) leaves no rows."""
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            assert conn.execute(select(func.count()).select_from(table)).scalar() == 0, table.name
    with db.session() as session:
        session.add(Article(canonical_url="https://a.vn/reset", content_hash="h"))
    with db.session() as session:
        assert session.scalars(select(Article.id)).one() == 1
