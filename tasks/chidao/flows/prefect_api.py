"""The ephemeral Prefect API's own database, migrated once, under a lock, before a flow starts the API.

Why: without ``PREFECT_API_URL`` a flow starts Prefect's ephemeral API, whose start-up migrates its SQLite
database (``$PREFECT_HOME/prefect.db``). Two chidao commands started together on a machine where that
database is new (a scheduled pass and a manual one, parallel test workers) both apply the migrations and
one of them dies with "duplicate column name". Here the first command migrates under a file lock and the
others wait; a marker beside the database (Prefect's version and the database file's inode) lets later
commands skip the work, so a warm machine pays one ``stat``.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
from pathlib import Path

import prefect
from prefect.settings import get_current_settings
from sqlalchemy.engine import make_url

MARKER_NAME = ".chidao-prefect-db-migrated"
LOCK_NAME = ".chidao-prefect-db.lock"


def ephemeral_database_file() -> Path | None:
    """The SQLite file of the ephemeral API, or None when an API server (or another database) is configured."""
    settings = get_current_settings()
    if settings.api.url:
        return None  # a real Prefect server migrates its own database
    secret = settings.server.database.connection_url
    if secret is None:
        return None
    url = make_url(secret.get_secret_value())
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser()


def marker_text(database: Path) -> str | None:
    """What the marker must say for ``database`` as it is now; None when the file does not exist yet."""
    try:
        inode = database.stat().st_ino
    except FileNotFoundError:
        return None
    return f"prefect {prefect.__version__} inode {inode}\n"


def ready_ephemeral_api_database() -> None:
    """Migrate the ephemeral API's database unless the marker says this Prefect already did."""
    database = ephemeral_database_file()
    if database is None or _marked(database):
        return
    database.parent.mkdir(parents=True, exist_ok=True)
    with (database.parent / LOCK_NAME).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another command is migrating: wait for it, then see its marker
        if _marked(database):
            return
        from prefect.server.database import provide_database_interface

        asyncio.run(provide_database_interface().create_db())
        marker = database.parent / MARKER_NAME
        tmp = marker.with_suffix(f".{os.getpid()}")
        tmp.write_text(marker_text(database) or "", encoding="utf-8")
        tmp.replace(marker)


def _marked(database: Path) -> bool:
    expected = marker_text(database)
    marker = database.parent / MARKER_NAME
    return expected is not None and marker.is_file() and marker.read_text(encoding="utf-8") == expected
