"""Where the files that ship with chidao are: the configuration bundle and the migrations.

An installed wheel carries the repository's ``config/`` as ``chidao/config_files`` (package data, mapped in
pyproject.toml); an editable checkout has no such folder and reads ``config/`` at the repository root, the
same files. ``CHIDAO_CONFIG_DIR`` overrides the whole bundle (see ``chidao.settings``).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_config_dir() -> Path:
    """The configuration bundle that ships with this installation."""
    packaged = PACKAGE_DIR / "config_files"
    if packaged.is_dir():
        return packaged
    # Editable checkout: tasks/chidao/ -> the repository root's config/.
    return PACKAGE_DIR.parents[1] / "config"


def migrations_dir() -> Path:
    """The Alembic script folder (``env.py`` and ``versions/``), part of the package."""
    return PACKAGE_DIR / "migrations"
