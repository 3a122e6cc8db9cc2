"""A check run against a Hub that answers 429: waited out while the cap allows, else rate_limited."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import Evidence
from standins.pytest_plugin import StandInsFactory
from tests.integration.jobs.support import (
    hub_only,
    model_manifest,
    model_release,
    point_at,
    run_once,
)


def evidence_of(run_id: int) -> Evidence:
    return db.session.scalars(select(Evidence).where(Evidence.check_run_id == run_id)).one()


def test_a_short_retry_after_is_waited_out_and_the_check_succeeds(
    app: Flask, standins_factory: StandInsFactory
) -> None:
    busy = model_manifest(fault={"status": 429, "retry_after": 1, "times": 2})
    point_at(app, standins_factory(hub_only(busy)))
    app.config["REGISTRY_HUB_RETRY_AFTER_MAX"] = 5.0
    release = model_release()
    run, _ = run_once(release)
    found = evidence_of(run.id)
    assert (run.state, run.error, found.failure_kind, found.verdict) == (
        "COMPLETED", None, None, "open")


def test_a_long_retry_after_is_recorded_as_rate_limited_never_absent(
    app: Flask, standins_factory: StandInsFactory
) -> None:
    point_at(app, standins_factory(hub_only(model_manifest(
        fault={"status": 429, "retry_after": 3600}))))
    app.config["REGISTRY_HUB_RETRY_AFTER_MAX"] = 1.0
    release = model_release()
    run, _ = run_once(release)
    found = evidence_of(run.id)
    assert run.state == "COMPLETED"
    assert (found.failure_kind, found.verdict) == ("rate_limited", "unverified")
    assert "rate-limited by the Hub" in (found.failure_message or "")
    assert any("rate-limited by the Hub" in reason for reason in found.reasons)
    assert release.artifacts[0].verdict == "unverified"
