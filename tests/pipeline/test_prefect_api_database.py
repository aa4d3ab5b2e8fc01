"""The ephemeral Prefect API's database is migrated once, under a lock, before `chidao run` starts the API.

Found by the suite on a new machine: two `chidao run` processes started together both migrated a new
~/.prefect/prefect.db and one died with "duplicate column name: block_type_name".
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_DATABASE_CONNECTION_URL, PREFECT_API_URL, PREFECT_HOME, temporary_settings

from chidao.flows.prefect_api import MARKER_NAME, ephemeral_database_file, marker_text

READY = "from chidao.flows.prefect_api import ready_ephemeral_api_database as r; r(); print('ready')"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(home)
    return env


@pytest.mark.slow
def test_three_commands_on_a_new_prefect_home_migrate_once_and_all_start(tmp_path: Path) -> None:
    home = tmp_path / "prefect-home"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", READY], env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err[-2000:] for _, err in results]
    assert [out for out, _ in results] == ["ready\n"] * 3
    database = home / "prefect.db"
    with sqlite3.connect(database) as conn:
        assert len(conn.execute("SELECT version_num FROM alembic_version").fetchall()) == 1
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'block_document'").fetchone() == (1,)
    assert (home / MARKER_NAME).read_text(encoding="utf-8") == marker_text(database)


def test_the_database_file_is_the_prefect_homes_unless_an_api_server_is_configured(tmp_path: Path) -> None:
    # the default database, whatever a Prefect test harness in this worker set before
    defaults = {PREFECT_API_URL, PREFECT_API_DATABASE_CONNECTION_URL}
    with temporary_settings(updates={PREFECT_HOME: tmp_path}, restore_defaults=defaults):
        assert ephemeral_database_file() == tmp_path / "prefect.db"
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        assert ephemeral_database_file() is None


def test_the_marker_names_the_prefect_version_and_the_files_inode_and_nothing_when_there_is_no_file(
    tmp_path: Path,
) -> None:
    import prefect

    database = tmp_path / "prefect.db"
    assert marker_text(database) is None
    database.write_bytes(b"")
    assert marker_text(database) == f"prefect {prefect.__version__} inode {database.stat().st_ino}\n"
