"""Degraded, not broken: with Redis stopped, writes and sign-in work and runs wait for it.

A Redis of the test's own is stopped mid-test: rate limits fall back to this process's
memory (and still hold), the submitted release is saved with its run PENDING, /healthz
says the queue is unreachable, and once Redis is back the sweeper queues the run and a
worker checks it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq.job import Job, JobStatus

from app.models import utcnow
from app.services.accounts import create_user
from app.tasks.redis_queue import RqExecutor
from app.tasks.schedule import sweep
from standins import StandIns
from tests.factories import bearer, make_account, make_lab, make_token
from tests.integration.api.conftest import release_body
from tests.integration.jobs.support import FAST, MODEL, Workers, network_config, run_state
from tests.integration.resilience.servers import PrivateRedis
from tests.integration.web.conftest import csrf_token

PASSWORD = "correct horse battery staple"
# One artifact the stand-ins serve: nothing in this test may reach past 127.0.0.1.
BODY = release_body(artifacts=[{"pillar": "weights", "kind": "hf_model", "locator": MODEL,
                                "declared_licence": "apache-2.0"}])


@pytest.fixture
def queue_name() -> str:
    return f"registry-outage-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def app_overrides(
    private_redis: PrivateRedis, world: StandIns, queue_name: str
) -> dict[str, object]:
    return {
        **FAST, **network_config(world),
        "REGISTRY_REDIS_URL": private_redis.url,
        "REGISTRY_QUEUE_NAME": queue_name,
        "REGISTRY_CHECK_EXECUTOR": "rq",
        "REGISTRY_API_WRITE_RATE_LIMIT": "3 per minute",
    }


def sign_in(client: FlaskClient, email: str, password: str) -> int:
    token = csrf_token(client.get("/login"))
    form = {"csrf_token": token, "email": email, "password": password}
    return client.post("/login", data=form).status_code


def test_writes_and_sign_in_work_while_redis_is_down_and_the_run_waits_for_it(
    app: Flask, client: FlaskClient, private_redis: PrivateRedis, queue_name: str,
    world: StandIns, tmp_path: Path,
) -> None:
    lab = make_lab(slug="alpha")
    create_user({"email": "ada@example.org", "password": PASSWORD})
    auth = bearer(make_token(make_account(labs=(lab,))))
    private_redis.stop()

    created = client.post("/api/v1/labs/alpha/releases", json=BODY, headers=auth)
    assert created.status_code == 201, created.json
    run_id = created.json["latest_run"]["id"]
    assert run_state(run_id).state == "PENDING"
    assert sign_in(client, "ada@example.org", PASSWORD) == 302
    health = client.get("/healthz")
    assert (health.status_code, health.json) == (
        200, {"status": "degraded", "database": "ok", "queue": "unreachable",
              "hub": "not probed"})

    # The limit still holds, counted in memory: 3 lab writes a minute, this is the 4th.
    for slug in ("beta", "gamma", "delta"):
        assert client.post("/api/v1/labs", json={"slug": slug, "name": "L"},
                           headers=auth).status_code == 201
    refused = client.post("/api/v1/labs", json={"slug": "omega", "name": "L"}, headers=auth)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0

    private_redis.start()  # empty: whatever was queued is gone, as after a flush
    assert client.get("/healthz").json["queue"] == "ok"
    report = sweep(utcnow() + timedelta(seconds=5))
    assert report.redispatched == [run_id]
    executor = app.extensions["registry.executor"]
    assert isinstance(executor, RqExecutor)
    job = Job.fetch(executor.job_id(run_id), connection=executor.connection)
    assert job.get_status() is JobStatus.QUEUED

    workers = Workers(app, queue_name)
    try:
        workers.finish(workers.start(tmp_path, REGISTRY_REDIS_URL=private_redis.url,
                                     **network_config(world)))
    finally:
        workers.stop_all()
    done = run_state(run_id)
    assert (done.state, done.error, done.artifacts_done) == ("COMPLETED", None, 1)
    assert client.get("/api/v1/labs/alpha/releases/model-7b").json["verdicts"]["weights"] == "open"
