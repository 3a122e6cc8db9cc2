"""Check results become evidence; failures keep the last good evidence; re-checks are cheap.

Every check runs the real Hub client against loopback stand-ins; what changes between
runs is which stand-ins the app points at (a healthy Hub, a failing one, one without the
repo, one where the repo changed).
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Evidence, ScoreSnapshot
from app.services.release_reads import release_detail
from registry.reconcile import CONFIRMED_MISSING, KEPT_LAST_GOOD
from standins import StandIns
from standins.pytest_plugin import StandInsFactory
from tests.integration.jobs.support import (
    MODEL,
    SHA_ONE,
    SHA_TWO,
    hub_only,
    model_manifest,
    model_release,
    point_at,
    run_once,
)


def evidence_of(run_id: int) -> Evidence:
    return db.session.scalars(select(Evidence).where(Evidence.check_run_id == run_id)).one()


def test_a_check_stores_evidence_and_rescores_release_and_lab(
    app: Flask, world: StandIns
) -> None:
    release = model_release()
    run, _ = run_once(release)
    row = evidence_of(run.id)
    assert (row.checker_id, row.verdict, row.revision) == ("weights", "open", SHA_ONE)
    assert row.endpoint == world.hub_endpoint
    assert row.locator == MODEL
    assert {"path": "model.safetensors", "size": 4_000_000} in row.files
    assert any(licence["expression"].lower() == "apache-2.0" for licence in row.licences)
    assert all(licence["source"] for licence in row.licences)
    assert row.reasons and row.failure_kind is None
    artifact = release.artifacts[0]
    assert (artifact.verdict, artifact.good_evidence_id, artifact.last_failure) == (
        "open", row.id, None)
    db.session.refresh(release)
    assert release.verdict_weights == "open"
    assert release.last_checked_at is not None and not release.last_check_failed
    snapshot = db.session.scalars(
        select(ScoreSnapshot).where(ScoreSnapshot.check_run_id == run.id)
    ).one()
    assert snapshot.verdict_weights == "open"
    assert release.lab.score == release.score


def test_a_failed_check_keeps_the_last_good_evidence_marked_stale(
    app: Flask, standins_factory: StandInsFactory
) -> None:
    release = model_release()
    good_run, _ = run_once(release)
    good = evidence_of(good_run.id)
    point_at(app, standins_factory(hub_only(model_manifest(fault={"status": 500}))))
    failed_run, _ = run_once(release)
    assert failed_run.state == "COMPLETED"
    failure = evidence_of(failed_run.id)
    assert (failure.failure_kind, failure.verdict) == ("server_error", "unverified")
    artifact = release.artifacts[0]
    assert (artifact.verdict, artifact.good_evidence_id) == ("open", good.id)
    assert artifact.last_failure is not None and artifact.last_failure.startswith("server_error")
    detail = release_detail(release.lab.slug, release.slug)
    assert detail.stale and detail.last_check_failed
    weights = next(p for p in detail.pillars if p.pillar == "weights")
    assert weights.verdict == "open" and weights.stale
    evidence = weights.artifacts[0].evidence
    assert evidence is not None and evidence.id == good.id


def test_absent_only_after_a_second_consecutive_not_found(
    app: Flask, standins_factory: StandInsFactory
) -> None:
    release = model_release()
    run_once(release)
    point_at(app, standins_factory(hub_only(model_manifest(repo_id="jobs-org/other"))))
    first, _ = run_once(release)
    artifact = release.artifacts[0]
    assert (artifact.verdict, artifact.missing_count) == ("open", 1)
    assert evidence_of(first.id).failure_kind == "not_found"
    second, _ = run_once(release)
    artifact = release.artifacts[0]
    assert (artifact.verdict, artifact.missing_count, artifact.last_failure) == ("absent", 2, None)
    shown = evidence_of(second.id)
    assert artifact.good_evidence_id == shown.id
    assert shown.verdict == "absent" and shown.reasons[0] == CONFIRMED_MISSING
    db.session.refresh(release)
    assert release.verdict_weights == "absent" and not release.last_check_failed


def test_a_failure_with_no_earlier_success_leaves_the_artifact_unverified(
    app: Flask, standins_factory: StandInsFactory
) -> None:
    point_at(app, standins_factory(hub_only(model_manifest(fault={"status": 500}))))
    release = model_release()
    run, _ = run_once(release)
    artifact = release.artifacts[0]
    assert (artifact.verdict, artifact.good_evidence_id) == ("unverified", None)
    assert evidence_of(run.id).reasons != [KEPT_LAST_GOOD]
    db.session.refresh(release)
    assert release.verdict_weights == "unverified" and release.last_check_failed


def test_a_scheduled_recheck_of_an_unchanged_revision_copies_forward_without_listing(
    app: Flask, standins_factory: StandInsFactory
) -> None:
    release = model_release()
    first, _ = run_once(release)
    original = evidence_of(first.id)
    # Same sha, but the weights are gone: only a tree listing could notice.
    point_at(app, standins_factory(hub_only(model_manifest(SHA_ONE, weights=False))))
    recheck, _ = run_once(release, trigger="schedule")
    assert recheck.state == "COMPLETED" and recheck.unchanged
    copied = evidence_of(recheck.id)
    assert copied.facts["copied_from"] == original.id
    assert copied.files == original.files and copied.revision == SHA_ONE
    assert copied.checked_at > original.checked_at
    assert release.artifacts[0].verdict == "open"
    assert release.artifacts[0].good_evidence_id == copied.id
    again, _ = run_once(release, trigger="schedule")
    chained = evidence_of(again.id)
    assert again.unchanged and chained.facts["copied_from"] == copied.id
    assert chained.facts["unchanged_since"] == original.checked_at.isoformat()
    assert [r for r in chained.reasons if r.startswith("Unchanged since")] == [copied.reasons[0]]
    # A check someone asks for looks again, and finds what the shortcut skipped.
    manual, _ = run_once(release, trigger="manual")
    assert not manual.unchanged
    assert evidence_of(manual.id).verdict == "absent"


def test_a_scheduled_recheck_of_a_new_revision_checks_in_full(
    app: Flask, standins_factory: StandInsFactory
) -> None:
    release = model_release()
    run_once(release)
    point_at(app, standins_factory(hub_only(model_manifest(SHA_TWO, licence="cc-by-nc-4.0"))))
    recheck, _ = run_once(release, trigger="schedule")
    assert not recheck.unchanged
    row = evidence_of(recheck.id)
    assert (row.revision, row.verdict) == (SHA_TWO, "restricted")
    assert "copied_from" not in row.facts


def test_history_records_each_change_with_its_run(
    app: Flask, client: FlaskClient, standins_factory: StandInsFactory
) -> None:
    release = model_release()
    lab, slug = release.lab.slug, release.slug
    opened, _ = run_once(release)
    point_at(app, standins_factory(hub_only(model_manifest(SHA_TWO, licence="cc-by-nc-4.0"))))
    restricted, _ = run_once(release)
    reply = client.get(f"/api/v1/labs/{lab}/releases/{slug}/history")
    assert reply.status_code == 200
    entries = reply.get_json()["entries"]
    assert [e["run"]["id"] if e["run"] else None for e in entries] == [
        restricted.id, opened.id, None]
    newest = entries[0]
    assert newest["verdicts"]["weights"] == "restricted"
    assert {"field": "verdict_weights", "from": "open", "to": "restricted"} in newest["changes"]
    lab_reply = client.get(f"/api/v1/labs/{lab}/history?limit=1")
    assert lab_reply.status_code == 200
    (latest,) = lab_reply.get_json()["entries"]
    assert latest["run"] == {"id": restricted.id, "trigger": "cli", "state": "COMPLETED",
                             "release": slug}
    assert client.get(f"/api/v1/labs/{lab}/history?limit=0").status_code == 422
    assert client.get("/api/v1/labs/no-such-lab/history").status_code == 404
