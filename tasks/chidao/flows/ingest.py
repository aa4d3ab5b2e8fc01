"""Ingest flow: poll the due feeds and store new and changed articles.

Emits ``chidao.article.stored`` for the stored articles (one event per batch of
ids, see ``chidao.steps.emit_stored``); the ``process`` deployment triggers on it.
"""

from __future__ import annotations

from typing import Any

from prefect import flow

from chidao.steps import poll_feeds


@flow(name="ingest", log_prints=True)
def ingest(feeds: str | None = None, force: bool = False, demo: bool = False) -> dict[str, Any]:
    """Poll every enabled feed that is due (all of them with ``force``); ``demo``: the bundled samples."""
    return poll_feeds(feeds=feeds, force=force, demo=demo)


if __name__ == "__main__":
    ingest()
