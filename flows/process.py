"""Process flow: clean, classify and extract directives from stored articles.

Triggered by ``chidao.article.stored`` events (batched); emits
``chidao.item.created`` per new item.
"""

from __future__ import annotations

from typing import Any

from prefect import flow

from tasks.settings import Settings
from tasks.steps import pending_articles, process_articles


@flow(name="process")
def process(article_ids: list[int] | None = None, batch_size: int | None = None) -> dict[str, Any]:
    """Process the given articles, or every pending one, one task per batch."""
    size = batch_size or Settings().process_batch_size
    ids = list(article_ids) if article_ids else pending_articles()
    totals: dict[str, Any] = {
        "processed": 0,
        "failed": 0,
        "new_items": 0,
        "notifications_queued": 0,
        "item_ids": [],
    }
    for start in range(0, len(ids), size):
        result = process_articles(ids[start : start + size])
        for key in ("processed", "failed", "new_items", "notifications_queued"):
            totals[key] += result[key]
        totals["item_ids"].extend(result["item_ids"])
    return totals


if __name__ == "__main__":
    process()
