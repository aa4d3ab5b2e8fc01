"""What every ``chidao`` sub-command shares: consoles, error exits, settings, dates."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from chidao.settings import Settings

if TYPE_CHECKING:
    from pydantic import ValidationError

    from chidao.config import ConfigBundle
    from chidao.runtime import Runtime

# soft_wrap: an error stays one line however narrow the terminal (scripts grep it).
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``Error: message`` on stderr; ``raise fail(...)`` exits with ``code``."""
    # The message may quote data (a config key, a file name): escaped, so "[x]" is printed as written.
    err.print(f"[bold red]Error:[/] {escape(message)}", markup=True, highlight=False)
    return typer.Exit(code)


def plain(value: object) -> Text:
    """A table cell or line from data (article text, names, URLs): printed as written, never as rich
    markup, so "[/]" cannot crash the output and "[link=...]" cannot make a hyperlink (#15)."""
    return Text("" if value is None else str(value))


def settings_or_exit(**overrides: Any) -> Settings:
    from pydantic import ValidationError

    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        raise fail(settings_error_line(exc)) from None


def settings_error_line(exc: ValidationError) -> str:
    """The first settings error as one line naming the variable: ``CHIDAO_FETCH_TOTAL=0: input should be ...``.

    The value is shown unless the setting is a secret (a token, a webhook URL).
    """
    detail = exc.errors(include_url=False)[0]
    name = str(detail["loc"][0]) if detail["loc"] else ""
    variable = f"CHIDAO_{name.upper()}"
    secret = name in SECRET_SETTINGS
    shown = variable if secret or detail["type"] == "missing" else f"{variable}={detail['input']}"
    message = str(detail["msg"]).removeprefix("Value error, ")
    return f"invalid setting {shown}: {message[:1].lower()}{message[1:]}"


SECRET_SETTINGS = frozenset({"slack_token", "slack_webhook_url", "webhook_url", "database_url"})


def bundle_or_exit(settings: Settings) -> ConfigBundle:
    """Validate every configuration file before any work: ``Error: <file>:<line>: <reason>``, exit 2."""
    from chidao.config import ConfigError, bundle_for

    try:
        return bundle_for(settings)
    except ConfigError as exc:
        raise fail(str(exc)) from None


def runtime_or_exit(settings: Settings | None = None, *, demo: bool = False) -> Runtime:
    """The process runtime for ``settings``, its configuration bundle validated first (exit 2 if bad)."""
    from chidao.config import ConfigError
    from chidao.runtime import SettingsError, check_token_setting, get_runtime

    rt = get_runtime(settings if settings is not None else settings_or_exit(), demo=demo)
    try:
        rt.bundle  # noqa: B018  (loads and validates every file once; the runtime keeps it)
        check_token_setting(rt.settings)
    except (ConfigError, SettingsError) as exc:
        raise fail(str(exc)) from None
    return rt


def database_or_exit(rt: Runtime, *, write: bool = True) -> None:
    """Reach the database (and with ``write``, check it takes writes) before any flow starts; exit 3 when
    it cannot be reached, 4 when it is read-only, with one line."""
    from chidao.adapters.db import DatabaseProblem

    try:
        rt.db.check(write=write)
    except DatabaseProblem as exc:
        raise fail(str(exc), code=exc.exit_code) from None


# Exit code when the database schema is not at this chidao's migration head (3 and 4: unreachable, read-only).
EXIT_SCHEMA = 5


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


def parse_date_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from chidao.core.tracking import DAY_FORMATS, parse_day

    try:
        return parse_day(value)
    except ValueError:
        raise fail(f"{option}: '{value}' is not a date; {DAY_FORMATS}") from None


def redacted_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
