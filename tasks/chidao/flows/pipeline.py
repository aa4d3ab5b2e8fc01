"""Pipeline flow: one full pass, ingest → process → notify, in one flow run.

This is what ``chidao run`` executes in-process; in production the three
flows run as separate deployments chained by events (see prefect.yaml).

It runs the same tasks as those three flows (one per batch, emitting the same events), but as one flow
run rather than three subflows, and untagged. A flow run costs several API round trips and a heartbeat
thread (1 to 2 s each on a loaded 2-core machine). Tag concurrency limits share slots between the workers of
a work pool (docs/operations.md); one in-process pass has nobody to share them with, and every tagged task
run acquires and releases a slot through the API (about 1.3 s per task under load, most of the Prefect
overhead of a first pass in ``benchmarks/pipeline.py``).
"""

from __future__ import annotations

from typing import Any

from prefect import flow

from chidao.flows.process import process_batches
from chidao.steps import drain_outbox, poll_feeds, process_articles, process_pending

poll_feeds_in_process = poll_feeds.with_options(tags=())
process_articles_in_process = process_articles.with_options(tags=())
process_pending_in_process = process_pending.with_options(tags=())
drain_outbox_in_process = drain_outbox.with_options(tags=())


@flow(name="pipeline", log_prints=True)
def pipeline(feeds: str | None = None, force: bool = False, demo: bool = False) -> dict[str, Any]:
    polled = poll_feeds_in_process(feeds=feeds, force=force, demo=demo)
    processed = process_batches(None, given=process_articles_in_process, pending=process_pending_in_process)
    notified = drain_outbox_in_process()
    return {"ingest": polled, "process": processed, "notify": notified}


if __name__ == "__main__":
    pipeline()
