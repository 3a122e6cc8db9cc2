"""The check-run state machine on SQLite and PostgreSQL: claims, attempts, retries, timeouts."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import CheckRun, Evidence, utcnow
from app.services.checks import create_run, request_check
from app.tasks import state
from app.tasks.clients import real_clients
from app.tasks.runner import Outcome, RunSettings, execute_run
from registry.ports import Clients
from standins.pytest_plugin import StandInsFactory
from tests.integration.jobs.support import (
    hub_only,
    model_manifest,
    model_release,
    point_at,
    run_once,
    run_state,
)


def limits(app: Flask) -> state.Limits:
    return RunSettings.from_config(app.config).limits


def evidence_count(run_id: int) -> int:
    return int(db.session.scalar(
        select(func.count()).select_from(Evidence).where(Evidence.check_run_id == run_id)
    ) or 0)


def test_a_claim_is_exclusive_while_the_worker_is_alive(app: Flask) -> None:
    run, _ = create_run(model_release(), "manual")
    first = state.claim(run.id, limits(app))
    assert first == state.Claim(run.id, 1)
    assert state.claim(run.id, limits(app)) is None
    assert run_state(run.id).state == "RUNNING"


def test_a_silent_run_is_claimed_again_and_the_old_attempt_loses_its_writes(app: Flask) -> None:
    run, _ = create_run(model_release(), "manual")
    old = state.claim(run.id, limits(app))
    assert old is not None
    silent_since = utcnow() - timedelta(seconds=5)
    db.session.execute(
        update(CheckRun).where(CheckRun.id == run.id).values(heartbeat_at=silent_since)
    )
    db.session.commit()
    new = state.claim(run.id, limits(app))
    assert new == state.Claim(run.id, 2)
    assert not state.beat(old)
    assert not state.advance(old)
    assert not state.complete(old, unchanged=False)
    db.session.rollback()
    assert state.attempt_failed(old, "late", limits(app)) is state.AttemptEnd.SUPERSEDED
    assert run_state(run.id).state == "RUNNING"


def test_a_finished_run_is_never_repeated(app: Flask) -> None:
    release = model_release()
    run, report = run_once(release)
    assert (report.outcome, run.state, run.attempts) == (Outcome.COMPLETED, "COMPLETED", 1)
    assert evidence_count(run.id) == 1
    assert execute_run(run.id).outcome is Outcome.SKIPPED
    assert (run_state(run.id).attempts, evidence_count(run.id)) == (1, 1)


def test_a_request_while_a_run_is_active_returns_that_run(app: Flask) -> None:
    release = model_release()
    first = request_check(release, "manual")
    assert request_check(release, "api").id == first.id
    run_once(release)
    assert request_check(release, "manual").id != first.id


def test_a_failed_attempt_is_retried_and_then_completes(app: Flask) -> None:
    calls: list[int] = []

    def broken_once(application: Flask) -> Clients:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the adapters could not be built")
        return real_clients(application)

    app.extensions["registry.clients"] = broken_once
    release = model_release()
    run, report = run_once(release)
    assert (report.outcome, run.state, run.attempts) == (Outcome.RETRY, "PENDING", 1)
    assert "could not be built" in (run.error or "")
    report = execute_run(run.id)
    run = run_state(run.id)
    assert (report.outcome, run.state, run.attempts) == (Outcome.COMPLETED, "COMPLETED", 2)
    assert release.artifacts[0].verdict == "open"


def test_an_attempt_that_is_always_failing_ends_in_error_and_marks_the_release(
    app: Flask,
) -> None:
    def broken(application: Flask) -> Clients:
        raise RuntimeError("still broken")

    app.extensions["registry.clients"] = broken
    app.config["REGISTRY_CHECK_RETRIES"] = 1
    release = model_release()
    run, report = run_once(release)
    assert report.outcome is Outcome.RETRY
    report = execute_run(run.id)
    run = run_state(run.id)
    assert (report.outcome, run.state, run.attempts) == (Outcome.ERROR, "ERROR", 2)
    assert run.finished_at is not None
    db.session.refresh(release)
    assert release.last_check_failed
    assert execute_run(run.id).outcome is Outcome.SKIPPED


def test_an_attempt_past_its_timeout_is_dropped_and_counted(
    app: Flask, standins_factory: StandInsFactory
) -> None:
    slow = standins_factory(hub_only(model_manifest(fault={"delay_s": 0.5})))
    point_at(app, slow)
    app.config["REGISTRY_CHECK_TIMEOUTS"] = {"weights": 0.2}
    app.config["REGISTRY_CHECK_RETRIES"] = 1
    release = model_release()
    run, report = run_once(release)
    assert (report.outcome, run.state) == (Outcome.RETRY, "PENDING")
    assert run.error is not None and run.error.startswith("Timed out")
    report = execute_run(run.id)
    run = run_state(run.id)
    assert (report.outcome, run.state, run.attempts) == (Outcome.ERROR, "ERROR", 2)
    # Whatever the slow attempts found arrived too late and was not kept.
    assert evidence_count(run.id) == 0
    assert release.artifacts[0].verdict == "unverified"
