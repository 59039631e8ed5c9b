"""prefect.yaml: every entrypoint imports to a Prefect flow; the schedule and the trigger are right."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest
import yaml
from prefect import Flow

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
DEPLOYMENTS = {d["name"]: d for d in CONFIG["deployments"]}


def _load_entrypoint(entrypoint: str) -> object:
    file, name = entrypoint.rsplit(":", 1)
    spec = importlib.util.spec_from_file_location(f"_entry_{Path(file).stem}", ROOT / file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


def test_the_three_deployments_exist_on_the_process_pool():
    assert set(DEPLOYMENTS) == {"ingest", "nightly", "on-arrival"}
    for deployment in DEPLOYMENTS.values():
        assert deployment["work_pool"]["name"] == "unwh-process"


@pytest.mark.parametrize("name", sorted(DEPLOYMENTS))
def test_every_entrypoint_is_an_importable_flow(name):
    entry = _load_entrypoint(DEPLOYMENTS[name]["entrypoint"])
    assert isinstance(entry, Flow), f"{name}: {DEPLOYMENTS[name]['entrypoint']} is not a prefect flow"


def test_no_remote_pull_step():
    steps = [next(iter(step)) for step in CONFIG.get("pull") or []]
    assert steps in ([], ["prefect.deployments.steps.set_working_directory"])
    assert not CONFIG.get("build") and not CONFIG.get("push")


def test_nightly_runs_at_two_utc():
    (schedule,) = DEPLOYMENTS["nightly"]["schedules"]
    assert schedule["cron"] == "0 2 * * *"
    assert schedule["timezone"] == "UTC"
    assert schedule.get("active", True)


def test_on_arrival_is_triggered_by_the_arrival_event_with_the_documents_path():
    (trigger,) = DEPLOYMENTS["on-arrival"]["triggers"]
    assert trigger["type"] == "event"
    assert trigger.get("enabled", True)
    assert trigger["expect"] == ["un.document.arrived"]
    assert trigger["match"]["prefect.resource.id"] == "un.document.*"
    assert trigger["parameters"]["path"] == "{{ event.payload.path }}"
    flow = _load_entrypoint(DEPLOYMENTS["on-arrival"]["entrypoint"])
    accepted = inspect.signature(flow.fn).parameters
    assert set(trigger["parameters"]) <= set(accepted), "the trigger passes parameters the flow does not take"


def test_the_watcher_emits_what_the_trigger_expects():
    from flows.on_arrival import EVENT

    (trigger,) = DEPLOYMENTS["on-arrival"]["triggers"]
    assert trigger["expect"] == [EVENT]
