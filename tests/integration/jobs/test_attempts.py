"""Runs tell the truth: a completed run has no error; every attempt keeps how it ended."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from app.extensions import db
from app.models import CheckRun, utcnow
from app.services.checks import create_run
from app.tasks import state
from app.tasks.clients import real_clients
from app.tasks.runner import Outcome, RunSettings, execute_run
from app.tasks.schedule import sweep
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


def attempt_log(run_id: int) -> list[tuple[int, str, str | None]]:
    return [(a.number, a.outcome, a.error) for a in run_state(run_id).attempt_log]


def test_a_run_completed_after_a_reclaim_has_no_error(app: Flask) -> None:
    run, _ = create_run(model_release(), "manual")
    assert state.claim(run.id, limits(app)) is not None  # a worker that then dies
    assert sweep(utcnow() + limits(app).heartbeat_timeout * 2).reclaimed == [run.id]
    assert "stopped responding" in (run_state(run.id).error or "")  # pending again: says why
    assert execute_run(run.id).outcome is Outcome.COMPLETED
    done = run_state(run.id)
    assert (done.state, done.attempts, done.error) == ("COMPLETED", 2, None)
    assert attempt_log(run.id) == [
        (1, "abandoned", "The worker stopped responding during the check."),
        (2, "completed", None),
    ]
    first, second = done.attempt_log
    assert first.ended_at is not None and second.started_at is not None


def test_a_silent_run_claimed_directly_marks_the_old_attempt_abandoned(app: Flask) -> None:
    run, _ = create_run(model_release(), "manual")
    assert state.claim(run.id, limits(app)) is not None
    silent_since = utcnow() - timedelta(seconds=5)
    db.session.execute(
        update(CheckRun).where(CheckRun.id == run.id).values(heartbeat_at=silent_since)
    )
    db.session.commit()
    assert state.claim(run.id, limits(app)) == state.Claim(run.id, 2)
    assert [(n, outcome) for n, outcome, _ in attempt_log(run.id)] == [
        (1, "abandoned"), (2, "running"),
    ]


def test_a_failed_attempt_stays_in_the_log_after_the_run_completes(app: Flask) -> None:
    calls: list[int] = []

    def broken_once(application: Flask) -> Clients:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the adapters could not be built")
        return real_clients(application)

    app.extensions["registry.clients"] = broken_once
    run, report = run_once(model_release())
    assert report.outcome is Outcome.RETRY
    assert execute_run(run.id).outcome is Outcome.COMPLETED
    assert run_state(run.id).error is None
    assert attempt_log(run.id) == [
        (1, "failed", "RuntimeError: the adapters could not be built"),
        (2, "completed", None),
    ]


def test_a_timed_out_attempt_is_logged_as_timed_out(
    app: Flask, standins_factory: StandInsFactory
) -> None:
    point_at(app, standins_factory(hub_only(model_manifest(fault={"delay_s": 0.5}))))
    app.config.update(REGISTRY_CHECK_TIMEOUTS={"weights": 0.2}, REGISTRY_CHECK_RETRIES=0)
    run, report = run_once(model_release())
    assert (report.outcome, run.state) == (Outcome.ERROR, "ERROR")
    [(number, outcome, error)] = attempt_log(run.id)
    assert (number, outcome) == (1, "timed_out")
    assert error == run.error and (error or "").startswith("Timed out")


def test_the_api_shows_the_attempts(app: Flask, client: FlaskClient) -> None:
    release = model_release()
    run, _ = create_run(release, "manual")
    assert state.claim(run.id, limits(app)) is not None
    sweep(utcnow() + limits(app).heartbeat_timeout * 2)
    execute_run(run.id)
    lab = release.lab.slug
    body = client.get(f"/api/v1/labs/{lab}/releases/{release.slug}/checks/{run.id}").json
    assert (body["state"], body["error"]) == ("COMPLETED", None)
    assert [(a["number"], a["outcome"]) for a in body["attempt_log"]] == [
        (1, "abandoned"), (2, "completed"),
    ]
    assert "stopped responding" in body["attempt_log"][0]["error"]
    listed = client.get(f"/api/v1/labs/{lab}/releases/{release.slug}/checks").json
    assert listed[0]["attempt_log"] == body["attempt_log"]
