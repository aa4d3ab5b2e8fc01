"""Pipeline flow: one full pass, ingest → process → notify, as subflows.

This is what ``chidao run`` executes in-process; in production the three
flows run as separate deployments chained by events (see prefect.yaml).
"""

from __future__ import annotations

from typing import Any

from prefect import flow

from chidao.flows.ingest import ingest
from chidao.flows.notify import notify
from chidao.flows.process import process


@flow(name="pipeline")
def pipeline(feeds: str | None = None, force: bool = False, demo: bool = False) -> dict[str, Any]:
    polled = ingest(feeds=feeds, force=force, demo=demo)
    processed = process()
    notified = notify()
    return {"ingest": polled, "process": processed, "notify": notified}


if __name__ == "__main__":
    pipeline()
