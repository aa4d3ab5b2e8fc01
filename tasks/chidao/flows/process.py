"""Process flow: clean, classify and extract directives from stored articles.

Triggered by ``chidao.article.stored`` events; emits ``chidao.item.created``
for the new items (one event per batch of ids). Without ids it drains every pending article, batch by batch,
so one run triggered by the first event of a burst also handles the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from prefect import flow

from chidao.settings import Settings
from chidao.steps import process_articles, process_pending

COUNTS = ("processed", "failed", "new_items", "notifications_queued")


def process_batches(
    article_ids: list[int] | None,
    batch_size: int | None = None,
    *,
    given: Callable[[Sequence[int]], dict[str, Any]] = process_articles,
    pending: Callable[[int], dict[str, Any]] = process_pending,
) -> dict[str, Any]:
    """The body of the process flow, one ``given``/``pending`` task per batch; the pipeline flow runs it too."""
    size = batch_size or Settings().process_batch_size
    totals: dict[str, Any] = dict.fromkeys(COUNTS, 0) | {"item_ids": []}

    def add(result: dict[str, Any]) -> None:
        for key in COUNTS:
            totals[key] += result[key]
        totals["item_ids"].extend(result["item_ids"])

    if article_ids:
        for start in range(0, len(article_ids), size):
            add(given(article_ids[start : start + size]))
        return totals
    # Processed and failed articles leave the pending state, so this ends.
    while (result := pending(size))["selected"]:
        add(result)
    return totals


@flow(name="process")
def process(article_ids: list[int] | None = None, batch_size: int | None = None) -> dict[str, Any]:
    """Process the given articles, or every pending one; one task per batch."""
    return process_batches(article_ids, batch_size)


if __name__ == "__main__":
    process()
