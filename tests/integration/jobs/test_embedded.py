"""The embedded executor: without Redis, runs go through the same state machine on threads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import CheckRun
from app.services.checks import request_check
from app.services.rechecks import start_rechecks
from app.tasks import start_background
from app.tasks.clients import real_clients
from app.tasks.embedded import EmbeddedExecutor
from registry.ports import Clients
from standins import StandIns
from tests.integration.jobs.support import FAST, model_release, network_config, run_state, wait_for


@pytest.fixture
def app_overrides(world: StandIns) -> dict[str, object]:
    return {**FAST, **network_config(world), "REGISTRY_CHECK_EXECUTOR": "embedded"}


@pytest.fixture
def embedded(app: Flask) -> Iterator[EmbeddedExecutor]:
    executor = app.extensions["registry.executor"]
    assert isinstance(executor, EmbeddedExecutor)
    assert app.extensions["registry.dispatch"] == executor.dispatch
    yield executor
    executor.shutdown(wait=True)


def test_a_requested_check_runs_on_a_thread_of_this_process(
    app: Flask, embedded: EmbeddedExecutor
) -> None:
    release = model_release()
    run = request_check(release, "manual")
    assert request_check(release, "manual").id == run.id
    assert embedded.wait_idle(60)
    done = run_state(run.id)
    assert (done.state, done.attempts, done.artifacts_done) == ("COMPLETED", 1, 1)
    db.session.refresh(release)
    assert release.verdict_weights == "open"


def test_a_failed_attempt_is_retried_after_its_backoff(
    app: Flask, embedded: EmbeddedExecutor
) -> None:
    calls: list[int] = []

    def broken_once(application: Flask) -> Clients:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the adapters could not be built")
        return real_clients(application)

    app.extensions["registry.clients"] = broken_once
    run = request_check(model_release(), "manual")
    assert embedded.wait_idle(60)
    done = run_state(run.id)
    assert (done.state, done.attempts) == ("COMPLETED", 2)


def test_the_background_sweeper_checks_releases_never_checked(
    app: Flask, embedded: EmbeddedExecutor
) -> None:
    release = model_release()
    stop = start_background(app)
    assert stop is not None

    def checked() -> bool:
        run = db.session.scalar(select(CheckRun).where(CheckRun.release_id == release.id))
        return run is not None and run.state == "COMPLETED"

    try:
        wait_for(checked, "the sweeper's re-check to finish")
    finally:
        stop()
    run = db.session.scalars(select(CheckRun).where(CheckRun.release_id == release.id)).one()
    assert run.trigger == "schedule"


def test_scheduled_rechecks_are_probed_in_a_batch_on_a_thread(
    app: Flask, embedded: EmbeddedExecutor
) -> None:
    releases = [model_release() for _ in range(2)]
    first = [request_check(r, "manual").id for r in releases]
    assert embedded.wait_idle(60)
    runs = start_rechecks([r.id for r in releases], window_s=0)
    assert embedded.wait_idle(60)
    done = [run_state(run_id) for run_id in runs]
    assert [(r.state, r.unchanged_since_run_id) for r in done] == [
        ("COMPLETED", run_id) for run_id in first
    ]
