"""Recovery without an operator: a stuck run is reclaimed with no scheduler and no `sweep`.

A run is claimed by a "worker" that then goes silent (the test claims it and never beats).
Nobody runs `flask registry scheduler` or `flask registry sweep`: the sweep timer of a
long-running RQ worker, or of the embedded executor once the web process serves a request,
takes the run back and checks it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services.checks import create_run
from app.tasks import state
from app.tasks.embedded import EmbeddedExecutor
from app.tasks.runner import RunSettings
from app.tasks.sweeper import AdvisoryLock, LocalLock, RedisSlot, gate_for
from standins import StandIns
from tests.integration.jobs.support import (
    FAST,
    Workers,
    model_release,
    network_config,
    run_state,
    wait_for,
)


def stuck_run(app: Flask) -> int:
    """Return a run a worker claimed and then abandoned without a word."""
    run, _ = create_run(model_release(), "manual")
    assert state.claim(run.id, RunSettings.from_config(app.config).limits) is not None
    return run.id


def assert_recovered(run_id: int) -> None:
    wait_for(lambda: run_state(run_id).state == "COMPLETED", "the stuck run to be finished")
    done = run_state(run_id)
    assert (done.attempts, done.error) == (2, None)
    assert [a.outcome for a in done.attempt_log] == ["abandoned", "completed"]


class TestRqWorker:
    @pytest.fixture(params=["postgresql"])
    def backend(self, request: pytest.FixtureRequest) -> str:
        return str(request.param)

    @pytest.fixture
    def app_overrides(self, rq_overrides: dict[str, object]) -> dict[str, object]:
        return {**rq_overrides, "REGISTRY_SWEEP_EVERY_SECONDS": 1}

    def test_a_long_running_worker_reclaims_a_stuck_run_by_itself(
        self, app: Flask, workers: Workers, world: StandIns, tmp_path: Path
    ) -> None:
        run_id = stuck_run(app)
        workers.start(tmp_path, burst=False, REGISTRY_SWEEP_EVERY_SECONDS=1,
                      **network_config(world))
        assert_recovered(run_id)

    def test_with_rq_one_sweep_per_interval_is_claimed_in_redis(self, app: Flask) -> None:
        gate = gate_for(app)
        assert isinstance(gate, RedisSlot)
        assert gate.try_enter()
        assert not gate.try_enter()  # another worker this interval: no second sweep


class TestEmbedded:
    @pytest.fixture
    def app_overrides(self, world: StandIns) -> dict[str, object]:
        return {**FAST, **network_config(world), "REGISTRY_CHECK_EXECUTOR": "embedded",
                "REGISTRY_SWEEP_EVERY_SECONDS": 1}

    def test_the_web_process_reclaims_a_stuck_run_once_it_serves_requests(
        self, app: Flask, client: FlaskClient
    ) -> None:
        run_id = stuck_run(app)
        executor = app.extensions["registry.executor"]
        assert isinstance(executor, EmbeddedExecutor)
        assert client.get("/healthz").json["queue"] == "in-process"  # starts the sweeps
        assert_recovered(run_id)

    def test_one_sweep_at_a_time_across_processes(self, app: Flask, backend: str) -> None:
        gate, other = gate_for(app), gate_for(app)
        expected = AdvisoryLock if backend == "postgresql" else LocalLock
        assert isinstance(gate, expected)
        assert gate.try_enter()
        assert not other.try_enter()  # PostgreSQL: held by another session, as by a process
        gate.leave()
        assert other.try_enter()
        other.leave()
