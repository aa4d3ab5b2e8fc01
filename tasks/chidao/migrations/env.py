"""Alembic environment: the URL comes from the caller, else from CHIDAO_DATABASE_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy.engine import Connection

from chidao.adapters.db import Base, make_engine, normalize_database_url

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    env_url = os.environ.get("CHIDAO_DATABASE_URL")
    configured = config.get_main_option("sqlalchemy.url")
    # An explicit URL set by upgrade_database() wins over the ini fallback.
    if configured and configured != "sqlite:///chidao.db":
        return configured
    return normalize_database_url(env_url or configured or "sqlite:///chidao.db")


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
