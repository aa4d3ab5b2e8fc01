"""What `chidao serve` serves is what prefect.yaml declares (no server needed)."""

from __future__ import annotations

import importlib
import importlib.util
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from prefect.events import DeploymentEventTrigger, EventTrigger, ResourceSpecification

from chidao.deployments import ARTICLE_STORED, build_deployments, silence_automation
from chidao.runtime import NO_FEEDS_FILE, SettingsError
from chidao.settings import Settings

PREFECT_YAML = Path(__file__).resolve().parents[2] / "prefect.yaml"
FEEDS = Path(__file__).resolve().parents[2] / "config" / "feeds.yaml"


def declared() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(Path(PREFECT_YAML).read_text(encoding="utf-8"))
    return {d["name"]: d for d in data["deployments"]}


def schedule_of(entry: dict[str, Any]) -> list[tuple[str, Any, str | None]]:
    out: list[tuple[str, Any, str | None]] = []
    for s in entry.get("schedules") or []:
        if "interval" in s:
            out.append(("interval", timedelta(seconds=s["interval"]), None))
        else:
            out.append(("cron", s["cron"], s.get("timezone")))
    return out


def served_schedule(deployment: Any) -> list[tuple[str, Any, str | None]]:
    out: list[tuple[str, Any, str | None]] = []
    for s in deployment.schedules:
        schedule = s.schedule
        if hasattr(schedule, "interval"):
            out.append(("interval", schedule.interval, None))
        else:
            out.append(("cron", schedule.cron, schedule.timezone))
    return out


def entry_script_flow(entrypoint: str) -> Any:
    """The flow object that prefect.yaml's ``flows/<name>.py:<flow>`` entry script exposes."""
    script, flow_name = entrypoint.split(":")
    spec = importlib.util.spec_from_file_location(f"entry_{flow_name}", PREFECT_YAML.parent / script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, flow_name)


def test_served_deployments_match_prefect_yaml() -> None:
    served = {d.name: d for d in build_deployments(Settings(poll_interval_minutes=30, feeds=FEEDS))}
    yaml_deployments = declared()
    assert served.keys() == yaml_deployments.keys() == {"ingest", "process", "notify", "track"}
    for name, entry in yaml_deployments.items():
        deployment = served[name]
        assert deployment.entrypoint == f"chidao.flows.{name}.{name}", name
        assert entry_script_flow(entry["entrypoint"]) is importlib.import_module(f"chidao.flows.{name}").__dict__[name]
        assert served_schedule(deployment) == schedule_of(entry), name
        assert deployment.concurrency_limit == entry["concurrency_limit"]["limit"] == 1
        assert deployment.concurrency_options is not None
        assert (
            deployment.concurrency_options.collision_strategy.value == entry["concurrency_limit"]["collision_strategy"]
        )
        declared_triggers = entry.get("triggers") or []
        assert len(deployment.triggers) == len(declared_triggers), name
        for trigger, spec in zip(deployment.triggers, declared_triggers, strict=True):
            assert isinstance(trigger, DeploymentEventTrigger), name
            assert isinstance(trigger.match, ResourceSpecification)
            assert trigger.expect == set(spec["expect"])
            assert trigger.match.model_dump() == spec["match"]
            assert trigger.posture.value == spec["posture"]
            assert trigger.threshold == spec["threshold"]
            assert trigger.within == timedelta(seconds=spec["within"])


@pytest.mark.parametrize("minutes", [5, 45])
def test_poll_interval_setting_drives_the_ingest_schedule(minutes: int) -> None:
    served = {d.name: d for d in build_deployments(Settings(poll_interval_minutes=minutes, feeds=FEEDS))}
    assert served_schedule(served["ingest"]) == [("interval", timedelta(minutes=minutes), None)]


def test_deployments_refuse_settings_without_a_feeds_file() -> None:
    with pytest.raises(SettingsError) as caught:
        build_deployments(Settings())
    assert str(caught.value) == NO_FEEDS_FILE


def test_silence_automation_is_proactive_on_article_events() -> None:
    automation = silence_automation(timedelta(hours=3))
    trigger = automation.trigger
    assert isinstance(trigger, EventTrigger)
    assert isinstance(trigger.match, ResourceSpecification)
    assert trigger.posture.value == "Proactive"
    assert trigger.expect == {ARTICLE_STORED}
    assert trigger.match.model_dump() == {"prefect.resource.id": "chidao.article.*"}
    assert (trigger.threshold, trigger.within) == (1, timedelta(hours=3))
    assert [a.type for a in automation.actions] == ["do-nothing"]
    assert "3 h" in (automation.description or "")
