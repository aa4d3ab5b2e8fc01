"""`chidao serve` against a real `prefect server start`: ingest → (event) process → (event) notify.

Everything is a real process: the Prefect server (SQLite for its own database, in a temporary PREFECT_HOME),
`chidao serve` with a feeds file naming the sample feeds on a loopback server of the test and chidao's
database on the machine's PostgreSQL, and the Slack-compatible test server. The test starts one ingest run through the API and then only watches: the
process and notify runs must be created by the deployment triggers.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from chidao.adapters.db import Article, Database, FollowUpItem, Notification
from chidao.adapters.samples import SampleServer
from chidao.core.feeds import load_feeds
from chidao.deployments import SILENCE_AUTOMATION
from chidao.resources import bundled_config_dir
from chidao.steps import EVENT_BATCH
from tests.integration.processes import STARTUP_TIMEOUT, Child, chidao, child_env, start_prefect_server, wait_for
from tests.support.slack_server import SlackTestServer

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

FLOW_TIMEOUT = 300.0


class PrefectApi:
    """The few REST calls the test needs, with every filter field given (no nulls for defaults)."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=30)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        # A SQLite-backed server answers 503, or not at all for a while, when its database is busy (the
        # served flows write to it at the same time); Prefect's own client retries both too.
        for attempt in range(10):
            try:
                response = self.client.post(path, json=body)
            except httpx.TimeoutException:
                if attempt == 9:
                    raise
                time.sleep(2)
                continue
            if response.status_code not in (429, 503):
                break
            time.sleep(2)
        response.raise_for_status()
        return response.json()

    def deployments(self) -> dict[str, dict[str, Any]]:
        rows = self.post("/deployments/filter", {"limit": 50, "offset": 0, "sort": "NAME_ASC"})
        return {row["name"]: row for row in rows}

    def flow_runs(self, deployment_id: str) -> list[dict[str, Any]]:
        body = {
            "flow_runs": {"deployment_id": {"any_": [deployment_id]}},
            "limit": 200,
            "offset": 0,
            "sort": "EXPECTED_START_TIME_ASC",
        }
        return list(self.post("/flow_runs/filter", body))

    def automations(self) -> list[dict[str, Any]]:
        return list(self.post("/automations/filter", {"limit": 50, "offset": 0, "sort": "NAME_ASC"}))

    def events(self, prefix: str) -> list[dict[str, Any]]:
        page = self.post("/events/filter", {"filter": {"event": {"prefix": [prefix]}, "order": "ASC"}, "limit": 50})
        events = list(page["events"])
        while page.get("next_page"):
            response = self.client.get(page["next_page"])
            response.raise_for_status()
            page = response.json()
            events.extend(page["events"])
        return events


@pytest.fixture()
def exit_stack() -> Iterator[ExitStack]:
    with ExitStack() as stack:
        yield stack


def sample_feeds_file(folder: Path, stack: ExitStack) -> Path:
    """A feeds file naming the bundled sample feeds on a loopback server of this test: a served flow never
    falls back to the samples itself (only `chidao run` without feeds does)."""
    server = stack.enter_context(SampleServer(bundled_config_dir() / "samples"))
    specs = load_feeds(bundled_config_dir() / "feeds.sample.yaml")
    lines = ["feeds:"]
    for spec in specs:
        lines += [f"  - id: {spec.id}", f"    url: {server.resolve(spec.url)}"]
        if spec.province:
            lines.append(f"    province: {spec.province}")
    path = folder / "feeds.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    home = tmp_path_factory.mktemp("prefect-home")
    server, api_url = start_prefect_server(home)
    try:
        yield api_url, home
    finally:
        server.stop()


def registered(api: PrefectApi, names: set[str]) -> dict[str, dict[str, Any]] | None:
    """The deployments once all of ``names`` are registered, else None (for ``wait_for``)."""
    deployments = api.deployments()
    return deployments if names <= deployments.keys() else None


def related_ids(events: list[dict[str, Any]], role: str) -> list[int]:
    """The ids the events name as related resources of ``role`` (``chidao.<role>.<id>``), sorted."""
    return sorted(
        int(resource["prefect.resource.id"].rsplit(".", 1)[1])
        for event in events
        for resource in event["related"]
        if resource["prefect.resource.role"] == role
    )


def completed(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in runs if r["state_type"] == "COMPLETED"]


def test_served_deployments_chain_ingest_process_notify_by_events(
    prefect_server: tuple[str, Path],
    postgres_url: str,
    slack_server: SlackTestServer,
    tmp_path: Path,
    exit_stack: ExitStack,
) -> None:
    api_url, home = prefect_server
    samples = sample_feeds_file(tmp_path, exit_stack)
    env = child_env(
        PREFECT_API_URL=api_url,
        PREFECT_HOME=str(home),
        PREFECT_RUNNER_POLL_FREQUENCY="1",
        CHIDAO_DATABASE_URL=postgres_url,
        CHIDAO_SLACK_TOKEN=slack_server.token,
        CHIDAO_SLACK_API_URL=slack_server.base_url,
        CHIDAO_FEEDS=str(samples),
        CHIDAO_ALLOW_PRIVATE_HOSTS="true",
    )
    api = PrefectApi(api_url)
    Database(postgres_url).upgrade()  # what the compose init (`chidao db upgrade`) does before serve
    serve: Child = chidao(["serve", "--silence-hours", "2"], tmp_path, env, "serve.log")
    try:
        deployments = wait_for(
            lambda: registered(api, {"ingest", "process", "notify"}),
            STARTUP_TIMEOUT,
            "chidao serve to register its deployments",
            serve,
        )
        automation = next(a for a in api.automations() if a["name"] == SILENCE_AUTOMATION)
        assert automation["trigger"]["posture"] == "Proactive"
        assert automation["trigger"]["expect"] == ["chidao.article.stored"]
        assert automation["trigger"]["within"] == 2 * 3600

        api.post(f"/deployments/{deployments['ingest']['id']}/create_flow_run", {})
        ingest_runs = wait_for(
            lambda: completed(api.flow_runs(deployments["ingest"]["id"])), FLOW_TIMEOUT, "the ingest run", serve
        )
        db = Database(postgres_url)
        with db.session() as session:
            article_ids = set(session.scalars(select(Article.id)))
            assert len(article_ids) == 5

        # No one asks for process or notify runs: the article and item events must.
        process_runs = wait_for(
            lambda: completed(api.flow_runs(deployments["process"]["id"])), FLOW_TIMEOUT, "a process run", serve
        )

        def all_sent() -> bool:
            with db.session() as session:
                states = set(session.scalars(select(Notification.state)))
            return states == {"sent"}

        wait_for(all_sent, FLOW_TIMEOUT, "every notification to be sent", serve)
        notify_runs = wait_for(
            lambda: completed(api.flow_runs(deployments["notify"]["id"])), FLOW_TIMEOUT, "a notify run", serve
        )
        for run in (*process_runs, *notify_runs):
            assert run["created_by"]["type"] == "AUTOMATION", run["created_by"]
        # The debounced trigger and the drain-everything flow: one process run for a burst of 5 articles.
        assert len(ingest_runs) == 1
        assert len(process_runs) == 1

        with db.session() as session:
            assert session.scalar(select(func.count()).where(Article.state != "processed")) == 0
            items = session.scalars(select(FollowUpItem)).all()
            rows = session.scalars(select(Notification)).all()
            texts = list(session.scalars(select(Article.raw_text)))
        assert items
        assert {r.ts for r in rows} == {m.ts for m in slack_server.messages()}
        assert len(slack_server.requests_for("chat.postMessage")) == len(rows)

        # One event per batch (here per feed: 3 + 2 articles), its ids as related resources; ids only: no token,
        # no article text.
        def article_events() -> list[dict[str, Any]] | None:
            events = api.events("chidao.article.stored")
            return events if len(related_ids(events, "article")) >= 5 else None

        stored = wait_for(article_events, FLOW_TIMEOUT, "the chidao.article.stored events to be persisted")
        assert len(stored) == 2
        assert related_ids(stored, "article") == sorted(article_ids)
        for event in stored:
            first = min(
                int(r["prefect.resource.id"].rsplit(".", 1)[1])
                for r in event["related"]
                if r["prefect.resource.role"] == "article"
            )
            assert event["resource"]["prefect.resource.id"] == f"chidao.article.batch.{first}"
            assert event["resource"]["chidao.feed"] in {"sample-portal", "sample-newspaper"}

        # the item events are persisted by the event pipeline after the runs end, like the article events
        def item_events() -> list[dict[str, Any]] | None:
            events = api.events("chidao.item.created")
            return events if len(related_ids(events, "item")) >= len(items) else None

        created = wait_for(item_events, FLOW_TIMEOUT, "the chidao.item.created events to be persisted")
        assert len(created) == -(-len(items) // EVENT_BATCH)
        assert related_ids(created, "item") == sorted(i.id for i in items)
        for event in (*stored, *created, *api.events("chidao.notifications")):
            serialized = str(event)
            assert slack_server.token not in serialized
            assert postgres_url not in serialized
            for text in texts:
                for line in text.splitlines():
                    if len(line) > 40:
                        assert line not in serialized
        db.dispose()
    finally:
        serve.stop()


# Needs SQLAlchemy < 2.1 (pinned in pyproject): Prefect 3.8's scheduler bulk insert fails on 2.1.
def test_interval_schedules_create_runs(
    prefect_server: tuple[str, Path], tmp_path: Path, exit_stack: ExitStack
) -> None:
    api_url, home = prefect_server
    api = PrefectApi(api_url)
    env = child_env(
        PREFECT_API_URL=api_url,
        PREFECT_HOME=str(home),
        CHIDAO_DATABASE_URL=f"sqlite:///{tmp_path}/c.db",
        CHIDAO_FEEDS=str(sample_feeds_file(tmp_path, exit_stack)),
        CHIDAO_ALLOW_PRIVATE_HOSTS="true",
    )
    serve = chidao(["serve", "--silence-hours", "0"], tmp_path, env, "serve.log")
    try:
        deployments = wait_for(lambda: registered(api, {"ingest"}), STARTUP_TIMEOUT, "the deployments", serve)
        # The server's "recent deployments" scheduler looks every 5 s; a minute is plenty even under load.
        wait_for(
            lambda: [r for r in api.flow_runs(deployments["ingest"]["id"]) if r["state_type"] == "SCHEDULED"],
            60,
            "scheduled ingest runs",
            serve,
        )
    finally:
        serve.stop()
