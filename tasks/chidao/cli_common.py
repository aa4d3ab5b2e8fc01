"""What every ``chidao`` sub-command shares: consoles, error exits, settings, dates."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from chidao.settings import Settings

if TYPE_CHECKING:
    from chidao.runtime import Runtime

# Exit code when the database schema is behind (or ahead of) this chidao.
EXIT_SCHEMA = 5

err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``Error: message`` on stderr; ``raise fail(...)`` exits with ``code``."""
    err.print(f"[bold red]Error:[/] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def settings_or_exit(**overrides: Any) -> Settings:
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except Exception as exc:  # pydantic ValidationError: name the variable
        raise fail(f"invalid CHIDAO_ settings: {exc}") from exc


def parse_date_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: '{value}' is not a date; use YYYY-MM-DD") from None


def redacted_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def ready_database(rt: Runtime) -> None:
    """Make sure the schema is at head before a command touches the database.

    SQLite (the embedded default) is migrated here, as ``chidao run`` always did; PostgreSQL is migrated only
    by ``chidao db upgrade`` (or the compose init), under a lock, so commands just check and say what to run.
    """
    if rt.db.is_sqlite:
        rt.db.upgrade()
        return
    problem = rt.db.schema_problem()
    if problem is not None:
        raise fail(problem, EXIT_SCHEMA)
