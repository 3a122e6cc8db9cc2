"""A run the revision probe finished unchanged, as the API and the page tell it.

It wrote no evidence of its own: it says which run's evidence still stands ("unchanged
since run N"), the run detail shows that evidence with its own run id, progress marks each
artifact unchanged, and the page says when the evidence was last confirmed.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import CheckRun
from app.services.rechecks import start_rechecks
from app.tasks.batch import execute_batch
from tests.integration.jobs.support import SHA_ONE, model_release, run_once


def test_a_carried_forward_run_says_whose_evidence_stands(
    app: Flask, client: FlaskClient
) -> None:
    release = model_release()
    lab, slug = release.lab.slug, release.slug
    first, _ = run_once(release)
    (run_id,) = start_rechecks([release.id], window_s=0)
    assert execute_batch([run_id]).unchanged == [run_id]
    db.session.expire_all()
    assert db.session.get_one(CheckRun, run_id).unchanged_since_run_id == first.id

    base = f"/api/v1/labs/{lab}/releases/{slug}/checks"
    latest, earlier = client.get(base).get_json()
    assert (latest["id"], earlier["id"]) == (run_id, first.id)
    assert latest["unchanged"] and latest["unchanged_since_run_id"] == first.id
    assert latest["summary"].startswith(f"unchanged since run {first.id}:")
    assert not earlier["unchanged"] and earlier["unchanged_since_run_id"] is None

    detail = client.get(f"{base}/{run_id}").get_json()
    assert detail["evidence"] == []  # nothing copied
    (carried,) = detail["carried_forward"]
    assert (carried["check_run_id"], carried["revision"]) == (first.id, SHA_ONE)

    progress = client.get(f"{base}/latest").get_json()["run"]
    assert [a["unchanged"] for a in progress["artifacts"]] == [True]
    assert [a["status"] for a in progress["artifacts"]] == ["done"]

    page = client.get(f"/labs/{lab}/{slug}").get_data(as_text=True)
    assert f"unchanged since check #{first.id}" in page
    assert f"this evidence (from check #{first.id}) stands" in page
