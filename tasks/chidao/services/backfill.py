"""Backfill: history as a batch job, without Prefect (``chidao backfill``).

Saved article files are stored once each under a stable URL (``file://<absolute path>``), so an
interrupted backfill resumes in place; feed history is stored by the poll stage and then narrowed with
``skip_older_than``. Processing is the process stage's, called by the command batch by batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select, update

from chidao.adapters.db import Article, Database
from chidao.core.html import extract_main_text
from chidao.core.identity import content_hash
from chidao.core.text import normalize_text
from chidao.services.outbox import suppress_for_articles

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
SKIPPED = "skipped"  # article state: left out of a backfill by --since; never processed


@dataclass
class BackfillSummary:
    stored: int = 0
    already_stored: int = 0
    unreadable: list[str] = field(default_factory=list)
    skipped_old: int = 0
    processed: int = 0
    failed: int = 0
    new_items: int = 0


def article_files(directory: Path) -> list[Path]:
    """Saved articles under ``directory`` (recursively), in a stable order so that reruns resume in place."""
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def read_saved_article(path: Path) -> tuple[str | None, str]:
    """(title, text) of a saved article: HTML through the main-text extractor, text as it is.

    A text file's first line is its title when a blank line follows it ("Title\\n\\nBody ...").
    """
    data = path.read_bytes()
    if path.suffix.lower() in (".html", ".htm"):
        text = extract_main_text(data, url=None)
        if not text:
            raise ValueError("no article text in the page")
        return None, normalize_text(text)
    try:
        text = normalize_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise ValueError("empty file")
    head, sep, _ = text.partition("\n\n")
    title = head.strip() if sep and "\n" not in head.strip() else None
    return title, text


def store_saved_articles(db: Database, paths: Sequence[Path], summary: BackfillSummary) -> None:
    """Store each file once (its own transaction); files already stored are left as they are."""
    for path in paths:
        url = file_url(path)
        with db.session() as session:
            if session.scalar(select(Article.id).where(Article.canonical_url == url)) is not None:
                summary.already_stored += 1
                continue
        try:
            title, text = read_saved_article(path)
        except (OSError, ValueError) as exc:
            summary.unreadable.append(f"{path}: {exc}")
            continue
        with db.session() as session:
            session.add(
                Article(
                    canonical_url=url,
                    title=title,
                    raw_text=text,
                    text=text,
                    content_hash=content_hash(text),
                    entry_published=datetime.fromtimestamp(path.stat().st_mtime, UTC),
                    state="pending",
                )
            )
        summary.stored += 1


def pending_ids(db: Database, urls: Sequence[str] | None = None, feed_ids: Sequence[str] | None = None) -> list[int]:
    with db.session() as session:
        query = select(Article.id).where(Article.state == "pending").order_by(Article.id)
        if urls is not None:
            query = query.where(Article.canonical_url.in_(list(urls)))
        if feed_ids is not None:
            query = query.where(Article.feed_id.in_(list(feed_ids)))
        return list(session.scalars(query))


def skip_older_than(db: Database, since: date, feed_ids: Sequence[str]) -> int:
    """Mark pending feed articles published before ``since`` as skipped: history the backfill leaves out."""
    cutoff = datetime(since.year, since.month, since.day, tzinfo=UTC)
    with db.session() as session:
        result = session.execute(
            update(Article)
            .where(
                Article.state == "pending",
                Article.feed_id.in_(list(feed_ids)),
                Article.entry_published < cutoff,
            )
            .values(state=SKIPPED, process_error=f"published before backfill --since {since.isoformat()}")
        )
        return int(getattr(result, "rowcount", 0) or 0)


def silence_notifications(db: Database, article_ids: Sequence[int]) -> int:
    """Outbox rows of backfilled articles that nobody should be paged about: kept, marked, never sent."""
    with db.session() as session:
        return suppress_for_articles(session, article_ids, "backfill --no-notify")
