"""The deployments of chidao, built in code for ``chidao serve`` (``prefect.yaml`` declares the same set).

* ``ingest``: on an interval (``CHIDAO_POLL_INTERVAL_MINUTES``); per-feed intervals are respected inside.
* ``process``: on ``chidao.article.stored``, and hourly as a safety net.
* ``notify``: on ``chidao.item.created``, and every 10 minutes for retries.
* ``track``: daily, if ``chidao.flows.track`` exists.

Event triggers debounce: a reactive trigger with ``threshold=1`` and ``within=W`` fires on the first event,
then at most once per ``W``. The triggered flows take no ids and drain everything pending, so one run per
burst is enough; the deployment concurrency limit of 1 (``ENQUEUE``) keeps two drains from racing and
never drops a run that was triggered while another one was busy.

The "no article for a while" alert is an Automation with a proactive trigger, created by
:func:`ensure_silence_automation` (``chidao serve`` calls it): it is evaluated by the Prefect server, so it
fires even when the process that should emit the events is dead.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from chidao.settings import Settings

if TYPE_CHECKING:
    from prefect.automations import Automation
    from prefect.deployments.runner import RunnerDeployment

ARTICLE_STORED = "chidao.article.stored"
ITEM_CREATED = "chidao.item.created"
SILENCE_AUTOMATION = "chidao-no-articles"

TRIGGER_DEBOUNCE = timedelta(seconds=60)
NOTIFY_RETRY_INTERVAL = timedelta(minutes=10)
PROCESS_SAFETY_INTERVAL = timedelta(hours=1)
TRACK_CRON = "0 7 * * *"  # before the working day where the items are followed up
TRACK_TIMEZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class DeploymentPlan:
    """What one served deployment is, independent of Prefect's objects (for tests and the docs table)."""

    name: str
    flow_module: str
    flow_name: str
    interval: timedelta | None = None
    cron: str | None = None
    timezone: str | None = None
    trigger_event: str | None = None
    trigger_resource: str | None = None
    # ENQUEUE for drains (a run asked for while another drains must still happen); CANCEL_NEW where a
    # second run at the same time would only repeat the first (a poll, the daily pass).
    on_collision: str = "ENQUEUE"
    description: str = ""


def deployment_plans(settings: Settings) -> list[DeploymentPlan]:
    """The deployments to serve, in order; ``track`` only when its flow module exists."""
    plans = [
        DeploymentPlan(
            name="ingest",
            flow_module="chidao.flows.ingest",
            flow_name="ingest",
            interval=timedelta(minutes=settings.poll_interval_minutes),
            on_collision="CANCEL_NEW",
            description="Poll the due feeds and store new articles.",
        ),
        DeploymentPlan(
            name="process",
            flow_module="chidao.flows.process",
            flow_name="process",
            interval=PROCESS_SAFETY_INTERVAL,
            trigger_event=ARTICLE_STORED,
            trigger_resource="chidao.article.*",
            description="Extract directives from every pending article; runs when articles are stored.",
        ),
        DeploymentPlan(
            name="notify",
            flow_module="chidao.flows.notify",
            flow_name="notify",
            interval=NOTIFY_RETRY_INTERVAL,
            trigger_event=ITEM_CREATED,
            trigger_resource="chidao.item.*",
            description="Drain the notification outbox; runs when items are created and periodically for retries.",
        ),
    ]
    if importlib.util.find_spec("chidao.flows.track") is not None:
        plans.append(
            DeploymentPlan(
                name="track",
                flow_module="chidao.flows.track",
                flow_name="track",
                cron=TRACK_CRON,
                timezone=TRACK_TIMEZONE,
                on_collision="CANCEL_NEW",
                description="Daily tracking: recompute item statuses and remind about deadlines.",
            )
        )
    return plans


def build_deployments(settings: Settings, plans: list[DeploymentPlan] | None = None) -> list[RunnerDeployment]:
    """Prefect ``RunnerDeployment`` objects for ``prefect.serve``, one per plan.

    Refuses settings without a feeds file (``SettingsError``): a served flow never polls the demo samples.
    """
    from chidao.runtime import NO_FEEDS_FILE, SettingsError

    if settings.feeds is None:
        raise SettingsError(NO_FEEDS_FILE)
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.events import DeploymentEventTrigger
    from prefect.events.schemas.automations import Posture
    from prefect.schedules import Cron, Interval
    from prefect.types.entrypoint import EntrypointType

    deployments = []
    for plan in plans if plans is not None else deployment_plans(settings):
        flow = getattr(importlib.import_module(plan.flow_module), plan.flow_name)
        triggers: list[Any] = []
        if plan.trigger_event:
            triggers.append(
                DeploymentEventTrigger(
                    name=f"{plan.name} on {plan.trigger_event}",
                    match={"prefect.resource.id": plan.trigger_resource or "*"},
                    expect={plan.trigger_event},
                    posture=Posture.Reactive,
                    threshold=1,
                    within=TRIGGER_DEBOUNCE,
                )
            )
        schedules: list[Any] = []
        if plan.interval is not None:
            schedules.append(Interval(plan.interval))
        if plan.cron is not None:
            schedules.append(Cron(plan.cron, timezone=plan.timezone))
        deployments.append(
            flow.to_deployment(
                name=plan.name,
                schedules=schedules or None,
                triggers=triggers or None,
                concurrency_limit=ConcurrencyLimitConfig(
                    limit=1, collision_strategy=ConcurrencyLimitStrategy(plan.on_collision)
                ),
                description=plan.description,
                tags=["chidao"],
                # Module paths resolve from any working directory (the flows live in chidao.flows).
                entrypoint_type=EntrypointType.MODULE_PATH,
            )
        )
    return deployments


def silence_automation(silence: timedelta, notification_block_id: UUID | None = None) -> Automation:
    """An Automation that fires when no ``chidao.article.stored`` event arrives for ``silence``.

    With a notification block (e.g. a ``slack-webhook`` block) the server sends an alert; without one the
    automation still fires and its ``prefect.automation.triggered`` event is visible in the Prefect UI.
    """
    from prefect.automations import Automation
    from prefect.events.actions import DoNothing, SendNotification
    from prefect.events.schemas.automations import EventTrigger, Posture

    action: Any
    if notification_block_id is not None:
        action = SendNotification(
            block_document_id=notification_block_id,
            subject="chidao: no new articles",
            body=(
                f"No {ARTICLE_STORED} event for {_human(silence)}. Check that `chidao serve` (or the workers) "
                "is running and that the feeds answer: `chidao feeds` and the ingest flow runs in the Prefect UI."
            ),
        )
    else:
        action = DoNothing()
    return Automation(
        name=SILENCE_AUTOMATION,
        description=f"Alert when no article has been stored for {_human(silence)}.",
        trigger=EventTrigger(
            match={"prefect.resource.id": "chidao.article.*"},
            expect={ARTICLE_STORED},
            posture=Posture.Proactive,
            threshold=1,
            within=silence,
        ),
        actions=[action],
    )


def ensure_silence_automation(silence: timedelta, notification_block: str | None = None) -> Automation:
    """Create or update the silence automation (idempotent: one automation per server, found by name).

    ``notification_block`` is a block slug such as ``slack-webhook/chidao-ops``.
    """
    from prefect.automations import Automation

    block_id = _block_document_id(notification_block) if notification_block else None
    wanted = silence_automation(silence, block_id)
    # read/create are dual sync-async methods; called from sync code they return the value.
    try:
        existing = cast(Automation, Automation.read(name=SILENCE_AUTOMATION))
    except ValueError:
        return cast(Automation, wanted.create())
    wanted.id = existing.id
    wanted.update()
    return wanted


def _block_document_id(slug: str) -> UUID:
    from prefect.blocks.core import Block

    try:
        block = cast(Block, Block.load(slug))
    except ValueError as exc:
        raise ValueError(f"no Prefect block '{slug}' (create it first, e.g. in the UI)") from exc
    block_id = block._block_document_id
    if block_id is None:
        raise ValueError(f"Prefect block '{slug}' has no document id")
    return block_id


def _human(period: timedelta) -> str:
    minutes = int(period.total_seconds() // 60)
    if minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min"
