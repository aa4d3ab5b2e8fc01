"""Storage: SQLAlchemy 2 typed models, engine set-up and migrations.

Schema changes go through Alembic (``migrations/``); ``create_all`` is never
used outside tests. Constraint names follow a fixed convention so that
migrations are identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker
from sqlalchemy.types import TypeDecorator

from chidao.resources import migrations_dir

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Feed(Base):
    """A polled feed with its HTTP validators and health."""

    __tablename__ = "feeds"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    province: Mapped[str | None] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    interval_minutes: Mapped[int | None] = mapped_column(Integer)
    expected_period_hours: Mapped[int | None] = mapped_column(Integer)
    allow_hosts: Mapped[list[str]] = mapped_column(JSON, default=list)
    # feed | sitemap | listing; source_options holds what a sitemap or listing needs (core.feeds.SourceOptions).
    kind: Mapped[str] = mapped_column(String(16), default="feed", server_default="feed")
    source_options: Mapped[dict[str, object] | None] = mapped_column(JSON)
    # Entries (feed items, sitemap URLs, listing links) the last successful poll saw: 0 on a listing is a
    # layout change, alerted as a silent source at once.
    last_entries_seen: Mapped[int | None] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    next_poll_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_new_entry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    alerted_state: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def health(self) -> str:
        if self.consecutive_failures:
            return "failing"
        if self.last_success_at is None:
            return "new"
        # Polled, but the entries were salvaged from a broken feed (``last_error`` holds the warning).
        return "degraded" if self.last_error else "ok"


class FetchLog(Base):
    """One poll of one feed: what the server said and what came of it."""

    __tablename__ = "fetch_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[str] = mapped_column(ForeignKey("feeds.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    http_status: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(16))  # ok | not_modified | error | skipped
    error: Mapped[str | None] = mapped_column(Text)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    entries_seen: Mapped[int] = mapped_column(Integer, default=0)
    entries_new: Mapped[int] = mapped_column(Integer, default=0)
    elapsed_ms: Mapped[int] = mapped_column(Integer, default=0)


class Article(Base):
    """An article stored once per canonical URL."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    feed_id: Mapped[str | None] = mapped_column(ForeignKey("feeds.id"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    raw_text: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    html_hash: Mapped[str | None] = mapped_column(String(64))
    fingerprint: Mapped[int | None] = mapped_column(BigInteger)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    entry_published: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published: Mapped[date | None] = mapped_column(Date)
    province: Mapped[str | None] = mapped_column(String(64))
    province_current: Mapped[str | None] = mapped_column(String(64), index=True)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    article_type: Mapped[str | None] = mapped_column(String(32))
    has_directives: Mapped[bool | None] = mapped_column(Boolean)
    # pending -> processed | failed; an edited article goes back to pending.
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    processed_hash: Mapped[str | None] = mapped_column(String(64))
    process_error: Mapped[str | None] = mapped_column(Text)
    fetch_error: Mapped[str | None] = mapped_column(Text)
    # {"published"|"title"|"lead": {"value": ..., "source": "feed" | "meta:article:published_time" | ...}}
    page_meta: Mapped[dict[str, dict[str, str]] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    items: Mapped[list[FollowUpItem]] = relationship(back_populates="article")


class FeedEntryRow(Base):
    """A feed entry, identified per feed (GUID, canonical link or content hash)."""

    __tablename__ = "feed_entries"
    __table_args__ = (UniqueConstraint("feed_id", "identity", name="uq_feed_entries_feed_identity"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[str] = mapped_column(ForeignKey("feeds.id"))
    identity: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FollowUpItem(Base):
    """A directive or commitment to follow up."""

    __tablename__ = "follow_up_items"
    __table_args__ = (UniqueConstraint("article_id", "item_key", name="uq_follow_up_items_article_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    item_key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    text_folded: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16))
    issuer: Mapped[str | None] = mapped_column(Text)
    assignee: Mapped[str | None] = mapped_column(Text)
    deadline_text: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    recurrence: Mapped[str | None] = mapped_column(String(64))
    evidence_sentence: Mapped[str] = mapped_column(Text, default="")
    evidence_start: Mapped[int] = mapped_column(Integer, default=0)
    evidence_end: Mapped[int] = mapped_column(Integer, default=0)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    province: Mapped[str | None] = mapped_column(String(64))
    province_current: Mapped[str | None] = mapped_column(String(64), index=True)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_url: Mapped[str | None] = mapped_column(Text)
    review_state: Mapped[str] = mapped_column(String(16), default="new")  # new|confirmed|rejected|edited
    progress: Mapped[str] = mapped_column(String(16), default="open")  # open|in_progress|done
    completed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(40), default="no_deadline", index=True)
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    article: Mapped[Article] = relationship(back_populates="items")


class ItemHistory(Base):
    """Audit log: every change to an item, never deleted."""

    __tablename__ = "item_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("follow_up_items.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class ItemEvidence(Base):
    """One article reporting an item: the first source, a second source, an extension or a completion."""

    __tablename__ = "item_evidence"
    __table_args__ = (UniqueConstraint("item_id", "article_id", name="uq_item_evidence_item_article"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("follow_up_items.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # origin | source | extension | completion
    source_url: Mapped[str | None] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int] = mapped_column(Integer, default=0)
    end: Mapped[int] = mapped_column(Integer, default=0)
    similarity: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notification(Base):
    """Outbox row: written in the transaction that creates what it announces.

    States: pending -> sending (attempt recorded before the post) -> sent,
    or back to pending with a backoff, or dead after the attempt bound.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("dedup_key", name="uq_notifications_dedup_key"),
        Index("ix_notifications_state_next", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # article | item_event | alert | digest
    channel: Mapped[str] = mapped_column(String(200))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("follow_up_items.id"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempt_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ts: Mapped[str | None] = mapped_column(String(64))
    thread_ts: Mapped[str | None] = mapped_column(String(64))
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(Base):
    """A person who signs in to the web app; ``role`` is viewer, reviewer or admin."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("name", name="uq_users_name"),
        UniqueConstraint("slack_user_id", name="uq_users_slack_user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    # The Slack member id (U0123...) whose button clicks act as this account.
    slack_user_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SlackInteraction(Base):
    """A verified Slack interaction request, kept so that a replay of the same request is refused."""

    __tablename__ = "slack_interactions"
    __table_args__ = (UniqueConstraint("signature", name="uq_slack_interactions_signature"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signature: Mapped[str] = mapped_column(String(128))
    request_ts: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- engine and sessions -------------------------------------------------------------------------


def normalize_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs (psycopg2 is not a dependency)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside one writer; the busy timeout makes concurrent
    # writers wait instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    url = normalize_database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """An engine plus a session factory; one per process and database URL."""

    def __init__(self, url: str) -> None:
        self.url = normalize_database_url(url)
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def upgrade(self) -> None:
        upgrade_database(self.url, engine=self.engine)

    def schema_problem(self) -> str | None:
        """None when the schema is at this chidao's migration head, else one line saying what to do."""
        return schema_problem(self.url, self.engine)

    def check_schema(self) -> None:
        """Raise ``SchemaNotCurrent`` unless the schema is at head (flows check; they never migrate)."""
        problem = self.schema_problem()
        if problem is not None:
            raise SchemaNotCurrent(problem)

    def dispose(self) -> None:
        self.engine.dispose()

    def check(self, *, write: bool) -> None:
        """Connect once, and with ``write`` make sure writes are possible, before any work starts.

        Raises ``DatabaseUnavailable`` (not listening, wrong password, no such file) or ``DatabaseReadOnly``.
        """
        try:
            with self.engine.connect() as connection:
                if write:
                    _check_writable(connection, self.engine.dialect.name)
        except SQLAlchemyError as exc:
            raise database_problem(exc, self.url) from None


class DatabaseProblem(RuntimeError):
    """The database cannot be used; the message is one line, the URL without its password."""

    exit_code = 3


class DatabaseUnavailable(DatabaseProblem):
    exit_code = 3


class DatabaseReadOnly(DatabaseProblem):
    exit_code = 4


def _check_writable(connection: Connection, dialect: str) -> None:
    if dialect == "sqlite":
        # Writing the header value back unchanged is a real write: a read-only file refuses it.
        version = int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)
        connection.exec_driver_sql(f"PRAGMA user_version = {version}")
        connection.commit()
    elif connection.exec_driver_sql("SELECT current_setting('transaction_read_only')").scalar() == "on":
        raise DatabaseReadOnlyError("the session is read-only (transaction_read_only = on)")


class DatabaseReadOnlyError(SQLAlchemyError):
    """Raised inside ``Database.check`` and mapped to ``DatabaseReadOnly`` with the URL."""


def database_problem(exc: BaseException, url: str) -> DatabaseProblem:
    """``exc`` (a SQLAlchemy error) as one line naming the database: read-only, or not reachable."""
    where = make_url(url).render_as_string(hide_password=True)
    cause = str(getattr(exc, "orig", None) or exc).strip()
    first_line = cause.splitlines()[0] if cause else type(exc).__name__
    lowered = cause.lower()
    if isinstance(exc, DatabaseReadOnlyError) or "readonly" in lowered or "read-only" in lowered:
        return DatabaseReadOnly(f"database {where} is read-only: {first_line}")
    return DatabaseUnavailable(f"cannot use the database {where}: {first_line}")


_databases: dict[str, Database] = {}


def get_database(url: str) -> Database:
    """Process-wide cache, because Prefect tasks must not take sessions as arguments."""
    key = normalize_database_url(url)
    if key not in _databases:
        _databases[key] = Database(key)
    return _databases[key]


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    # No alembic.ini: the script folder ships inside the package, so an installed wheel migrates too.
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", normalize_database_url(url).replace("%", "%%"))
    return cfg


# pg_advisory_xact_lock key of the migrations ("chidao" in ASCII): one migrator at a time per database.
MIGRATION_LOCK_KEY = 0x63686964616F


class SchemaNotCurrent(RuntimeError):
    """The database schema is not at this chidao's migration head; ``str(exc)`` says what to run."""


def upgrade_database(url: str, *, engine: Engine | None = None, revision: str = "head") -> None:
    """Apply Alembic migrations up to ``revision``, on PostgreSQL under an advisory lock, on a SQLite file
    under a lock on ``<file>.migrate.lock``.

    A second migrator (another ``chidao db upgrade``, the compose init beside a ``chidao run``) waits for the
    lock, then finds the schema at head and does nothing; the lock ends with the migration's transaction.
    """
    from alembic import command

    cfg = alembic_config(url)
    own_engine = engine is None
    engine = engine if engine is not None else make_engine(url)
    try:
        with _sqlite_migration_lock(engine), engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    finally:
        if own_engine:
            engine.dispose()


def _sqlite_migration_lock(engine: Engine) -> contextlib.AbstractContextManager[object]:
    """An exclusive lock on a file beside a SQLite database for the whole migration (SQLite runs each DDL
    statement in its own implicit transaction, so two migrators would both see an empty schema and both
    create the tables); nothing for an in-memory database or another dialect."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return nullcontext()
    return _file_lock(Path(f"{database}.migrate.lock"))


@contextmanager
def _file_lock(path: Path) -> Iterator[object]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # waits for the other migrator; released on close
        yield handle


def schema_problem(url: str, engine: Engine) -> str | None:
    """Compare the database's Alembic revision with the head that ships with this chidao."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(url))
    head = script.get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return None
    if current is None:
        return "the database has no chidao tables yet: run `chidao db upgrade` first"
    known = {revision.revision for revision in script.walk_revisions()}
    if current not in known:
        return f"the database is at revision {current}, newer than this chidao knows (head {head}): upgrade chidao"
    return f"the database is at revision {current}, this chidao needs {head}: run `chidao db upgrade` first"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)
