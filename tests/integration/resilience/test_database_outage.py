"""Outages answer 503: a private PostgreSQL crashed (`pg_ctl -m immediate`) and restarted.

While it is down every API call answers 503 with Retry-After in the one error shape, every
page a plain "temporarily unavailable" page, /healthz 503; never a 500 or a traceback.
Requests racing a restart get 200 or 503 and nothing else; after it, 200 again.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine

from app import create_app
from app.extensions import db
from tests.conftest import app_config
from tests.factories import make_account, make_lab, make_token
from tests.integration.api.test_errors import assert_error
from tests.integration.resilience.servers import PrivatePostgres

READS = ("/api/v1/labs", "/api/v1/releases", "/", "/labs/alpha")
WAIT_LIMIT_S = 60.0  # how long a phase may wait for its first answer before the test fails


@pytest.fixture
def outage_app(private_postgres: PrivatePostgres, tmp_path: Path) -> Iterator[Flask]:
    """An app on the private PostgreSQL, with a lab and an API token."""
    url = private_postgres.url
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    db.metadata.drop_all(engine)
    db.metadata.create_all(engine)
    engine.dispose()
    app = create_app(app_config(url, tmp_path, REGISTRY_RETRY_AFTER_SECONDS=7,
                                REGISTRY_API_WRITE_RATE_LIMIT="10000 per minute"))
    with app.app_context():
        lab = make_lab(slug="alpha")
        app.config["TEST_TOKEN"] = make_token(make_account(labs=(lab,)))
        # Requests made from this thread reuse this app context and its session: leave it
        # holding no connection, as a real request's fresh context would.
        db.session.remove()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_while_the_database_is_down_everything_answers_503(
    outage_app: Flask, private_postgres: PrivatePostgres
) -> None:
    client = outage_app.test_client()
    auth = {"Authorization": f"Bearer {outage_app.config['TEST_TOKEN']}"}
    assert client.get("/api/v1/labs").status_code == 200
    private_postgres.crash()
    try:
        api = client.get("/api/v1/labs/alpha")
        body = assert_error(api, 503, "Service Unavailable")
        assert api.headers["Retry-After"] == "7"
        assert "database cannot be reached" in body["message"]
        write = client.post("/api/v1/labs", json={"slug": "beta", "name": "B"}, headers=auth)
        assert_error(write, 503, "Service Unavailable")
        page = client.get("/labs/alpha")
        text = page.get_data(as_text=True)
        assert (page.status_code, page.mimetype, page.headers["Retry-After"]) == (
            503, "text/html", "7")
        assert "Temporarily unavailable" in text and "Traceback" not in text
        health = client.get("/healthz")
        assert (health.status_code, health.json) == (
            503, {"status": "unavailable", "database": "unreachable", "queue": "not used"})
    finally:
        private_postgres.start()
    assert client.get("/api/v1/labs/alpha").status_code == 200
    assert client.get("/healthz").json["status"] == "ok"


def test_requests_racing_a_restart_get_200_or_503_never_500(
    outage_app: Flask, private_postgres: PrivatePostgres
) -> None:
    auth = {"Authorization": f"Bearer {outage_app.config['TEST_TOKEN']}"}
    statuses: Counter[int] = Counter()
    created: list[str] = []
    stop = threading.Event()
    answered = threading.Condition()

    def hammer(worker: int) -> None:
        client = outage_app.test_client()
        n = 0
        while not stop.is_set():
            n += 1
            slug = f"w{worker}-{n}"
            answers = [client.get(path).status_code for path in READS]
            write = client.post("/api/v1/labs", json={"slug": slug, "name": "L"}, headers=auth)
            with answered:
                statuses.update([*answers, write.status_code])
                if write.status_code == 201:
                    created.append(slug)
                answered.notify_all()

    def until_answered(status: int) -> None:
        # Each phase lasts until a request has been answered in it, not a fixed time: a
        # loaded machine answers later, never differently.
        with answered:
            before = statuses[status]
            if not answered.wait_for(lambda: statuses[status] > before, timeout=WAIT_LIMIT_S):
                pytest.fail(f"no request was answered {status} within {WAIT_LIMIT_S:g} s")

    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(2):
            until_answered(200)
            private_postgres.crash()
            until_answered(503)
            private_postgres.start()
        until_answered(200)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert set(statuses) <= {200, 201, 503}, statuses
    assert statuses[503] > 0 and statuses[200] > 0, statuses
    client = outage_app.test_client()
    assert [client.get(path).status_code for path in READS] == [200] * len(READS)
    for slug in created:  # every write that said 201 is there
        assert client.get(f"/api/v1/labs/{slug}").status_code == 200
