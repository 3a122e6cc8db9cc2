"""GET /api/v1/labs/<lab>/releases/<release>/checks/latest: what a release page polls."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from app.services.checks import create_run
from app.tasks import state
from app.tasks.runner import RunSettings, execute_run
from tests.factories import make_release
from tests.integration.jobs.support import MODEL


def latest(client: FlaskClient, lab: str, release: str) -> dict[str, Any]:
    reply = client.get(f"/api/v1/labs/{lab}/releases/{release}/checks/latest")
    assert reply.status_code == 200
    body: dict[str, Any] = reply.get_json()
    return body


def test_progress_follows_a_run_from_pending_to_completed(
    app: Flask, client: FlaskClient
) -> None:
    release = make_release(artifacts=[
        {"pillar": "weights", "kind": "hf_model", "locator": MODEL},
        {"pillar": "data", "kind": "hf_dataset", "locator": "jobs-org/absent-dataset"},
    ])
    lab, slug = release.lab.slug, release.slug
    assert latest(client, lab, slug)["run"] is None

    run, _ = create_run(release, "manual")
    pending = latest(client, lab, slug)["run"]
    assert (pending["id"], pending["state"], pending["active"]) == (run.id, "PENDING", True)
    assert [a["status"] for a in pending["artifacts"]] == ["pending", "pending"]

    assert state.claim(run.id, RunSettings.from_config(app.config).limits) is not None
    running = latest(client, lab, slug)["run"]
    assert [a["status"] for a in running["artifacts"]] == ["running", "pending"]
    state_back_to_pending(app, run.id)

    execute_run(run.id)
    body = latest(client, lab, slug)
    done = body["run"]
    assert (done["state"], done["active"], done["artifacts_done"]) == ("COMPLETED", False, 2)
    assert [(a["locator"], a["status"], a["verdict"]) for a in done["artifacts"]] == [
        (MODEL, "done", "open"),
        ("jobs-org/absent-dataset", "done", "unverified"),
    ]
    assert done["artifacts"][1]["failure"] == "not_found"
    assert body["verdicts"]["weights"] == "open"
    assert body["stale"] is True  # the data check failed: not confirmed


def state_back_to_pending(app: Flask, run_id: int) -> None:
    """Let the claimed attempt go, as a worker would on a retryable failure."""
    limits = RunSettings.from_config(app.config).limits
    assert state.attempt_failed(state.Claim(run_id, 1), "released", limits).value == "retry"


def test_progress_of_an_unknown_release_is_404(app: Flask, client: FlaskClient) -> None:
    reply = client.get("/api/v1/labs/nobody/releases/nothing/checks/latest")
    assert reply.status_code == 404
