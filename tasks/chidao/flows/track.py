"""Track flow: the daily pass over follow-up items.

Recomputes the 2×2 status of every tracked item as of today (each change goes to the item's
history) and queues the due-soon and overdue reminders as ``item_event`` outbox rows; the notify
flow sends them. Safe to run more than once a day: reminders are deduplicated by key.
Schedule it once a day (e.g. ``cron: "0 7 * * *"`` in Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from chidao.runtime import get_runtime
from chidao.services import tracking as tracking_service


@task(name="tracked-items", cache_policy=NO_CACHE)
def tracked_items() -> list[int]:
    rt = get_runtime()
    rt.db.check_schema()  # migrations are their own step; flows never migrate
    return tracking_service.tracked_item_ids(rt.db)


@task(name="track-batch", cache_policy=NO_CACHE)
def track_batch(item_ids: list[int], today: str) -> dict[str, Any]:
    """Recompute statuses and queue reminders for one batch of items."""
    rt = get_runtime()
    day = date.fromisoformat(today)
    changes = tracking_service.recompute_statuses(rt.db, item_ids, day)
    queued = tracking_service.queue_reminders(rt.db, item_ids, rt.routing, day)
    logger = get_run_logger()
    for item_id, old, new in changes:
        logger.info("item %s: %s -> %s", item_id, old, new)
    return {"status_changes": len(changes), "reminders_queued": queued}


@flow(name="track")
def track(today: str | None = None, batch_size: int = 500) -> dict[str, Any]:
    """Daily: recompute every tracked item's status as of ``today`` (ISO date, default today), queue reminders."""
    day = today or date.today().isoformat()
    ids = tracked_items()
    totals = {"items": len(ids), "status_changes": 0, "reminders_queued": 0}
    for start in range(0, len(ids), batch_size):
        result = track_batch(ids[start : start + batch_size], day)
        totals["status_changes"] += result["status_changes"]
        totals["reminders_queued"] += result["reminders_queued"]
    return totals


if __name__ == "__main__":
    track()
