"""Idempotency-Key on API writes: a retry after a lost response gets the first answer."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Artifact, CheckRun, IdempotencyKey, Lab, Release, utcnow
from app.services.idempotency import forget_expired
from app.tasks.schedule import sweep
from tests.factories import make_lab
from tests.integration.api.conftest import Headers, release_body
from tests.integration.api.test_errors import assert_error

RELEASES = "/api/v1/labs/alpha/releases"


def count(model: type) -> int:
    db.session.expire_all()
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def keyed(auth: Headers, key: str | None = None) -> Headers:
    return {**auth, "Idempotency-Key": key or str(uuid.uuid4())}


def test_a_retried_submission_gets_the_first_response_and_writes_once(
    client: FlaskClient, submit_auth: Headers, dispatched: list[int]
) -> None:
    make_lab(slug="alpha")
    headers = keyed(submit_auth)
    first = client.post(RELEASES, json=release_body(), headers=headers)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    again = client.post(RELEASES, json=release_body(), headers=headers)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json == first.json
    assert again.headers["Location"] == first.headers["Location"]
    assert (count(Release), count(Artifact), count(CheckRun)) == (1, 3, 1)
    assert len(dispatched) == 1


def test_the_key_is_stored_with_the_write_it_answers(
    client: FlaskClient, submit_auth: Headers
) -> None:
    make_lab(slug="alpha")
    response = client.post(RELEASES, json=release_body(), headers=keyed(submit_auth, "k-1"))
    row = db.session.scalars(select(IdempotencyKey)).one()
    assert (row.key, row.status) == ("k-1", 201)
    assert row.principal.startswith("token:")
    assert row.body is not None and response.json["slug"] in row.body
    assert row.expires_at - row.created_at == timedelta(seconds=86400)


def test_the_same_key_with_another_body_is_refused(
    client: FlaskClient, submit_auth: Headers
) -> None:
    make_lab(slug="alpha")
    headers = keyed(submit_auth)
    assert client.post(RELEASES, json=release_body(), headers=headers).status_code == 201
    other = client.post(RELEASES, json=release_body("other-7b"), headers=headers)
    body = assert_error(other, 422, "Unprocessable Entity")
    assert "already used with a different request" in body["message"]
    elsewhere = client.post("/api/v1/labs", json={"slug": "beta", "name": "B"}, headers=headers)
    assert_error(elsewhere, 422, "Unprocessable Entity")  # another route is another request
    assert count(Release) == 1 and count(Lab) == 1


def test_without_a_key_the_retry_is_a_409_that_links_to_the_release(
    client: FlaskClient, submit_auth: Headers
) -> None:
    make_lab(slug="alpha")
    first = client.post(RELEASES, json=release_body(), headers=submit_auth)
    retry = client.post(RELEASES, json=release_body(), headers=submit_auth)
    body = assert_error(retry, 409, "Conflict")
    assert first.headers["Location"].endswith("/api/v1/labs/alpha/releases/model-7b")
    assert body["message"].endswith(": /api/v1/labs/alpha/releases/model-7b")


def test_refused_writes_are_not_stored(client: FlaskClient, submit_auth: Headers) -> None:
    make_lab(slug="alpha")
    headers = keyed(submit_auth)
    bad = client.post(RELEASES, json=release_body(slug="Not A Slug"), headers=headers)
    assert bad.status_code == 422
    assert count(IdempotencyKey) == 0
    # Nothing was written, so the corrected request may go with the same key.
    assert client.post(RELEASES, json=release_body(), headers=headers).status_code == 201


@pytest.mark.parametrize("key", ["", "a" * 201, "has space", "naïve"])
def test_a_malformed_key_is_a_field_error(
    client: FlaskClient, submit_auth: Headers, key: str
) -> None:
    make_lab(slug="alpha")
    headers = {**submit_auth, "Idempotency-Key": key}
    body = assert_error(client.post(RELEASES, json=release_body(), headers=headers), 422,
                        "Unprocessable Entity")
    assert "visible ASCII" in body["errors"]["headers"]["Idempotency-Key"][0]
    assert count(Release) == 0


@pytest.mark.parametrize("app_overrides", [{"REGISTRY_IDEMPOTENCY_TTL_SECONDS": 0}])
def test_an_expired_key_is_a_new_request(client: FlaskClient, submit_auth: Headers) -> None:
    make_lab(slug="alpha")
    headers = keyed(submit_auth)
    assert client.post(RELEASES, json=release_body(), headers=headers).status_code == 201
    retry = client.post(RELEASES, json=release_body(), headers=headers)
    assert_error(retry, 409, "Conflict")  # its first answer is forgotten: a second write
    assert count(Release) == 1


def test_the_sweeper_forgets_expired_keys(
    app: Flask, client: FlaskClient, submit_auth: Headers
) -> None:
    client.post("/api/v1/labs", json={"slug": "alpha", "name": "A"}, headers=keyed(submit_auth))
    assert count(IdempotencyKey) == 1
    assert sweep().expired_keys == 0
    assert forget_expired(utcnow() + timedelta(days=2)) == 1
    assert count(IdempotencyKey) == 0


def test_every_write_route_replays(
    client: FlaskClient, submit_auth: Headers, admin_auth: Headers
) -> None:
    make_lab(slug="alpha")
    client.post(RELEASES, json=release_body(), headers=submit_auth)
    release = f"{RELEASES}/model-7b"
    writes: list[tuple[str, str, Any, Headers]] = [
        ("post", "/api/v1/labs", {"slug": "beta", "name": "Beta"}, submit_auth),
        ("patch", "/api/v1/labs/alpha", {"name": "Alpha Lab"}, submit_auth),
        ("put", f"{release}/artifacts", {"artifacts": release_body()["artifacts"][:1]}, submit_auth),
        ("post", f"{release}/checks", None, submit_auth),
        ("delete", release, None, admin_auth),
        ("delete", "/api/v1/labs/beta", None, admin_auth),
    ]
    for method, path, body, auth in writes:
        headers = keyed(auth)
        call = getattr(client, method)
        first = call(path, json=body, headers=headers) if body else call(path, headers=headers)
        again = call(path, json=body, headers=headers) if body else call(path, headers=headers)
        assert first.status_code < 300, (method, path, first.json)
        assert (again.status_code, again.headers.get("Idempotent-Replayed")) == (
            first.status_code, "true"), (method, path)
        assert again.get_data() == first.get_data()


@pytest.mark.parametrize("backend", ["postgresql"])
@pytest.mark.parametrize("app_overrides", [{"REGISTRY_API_WRITE_RATE_LIMIT": "1000 per minute"}])
def test_concurrent_requests_with_one_key_write_once(
    app: Flask, submit_auth: Headers, dispatched: list[int]
) -> None:
    make_lab(slug="alpha")
    headers = keyed(submit_auth)
    start = threading.Barrier(8)

    def submit(_: int) -> tuple[int, Any]:
        client = app.test_client()
        start.wait()
        response = client.post(RELEASES, json=release_body(), headers=headers)
        return response.status_code, response.json

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(submit, range(8)))
    statuses = Counter(status for status, _ in results)
    # One writes; the others wait on the key, then replay it or are told to retry.
    assert statuses[201] >= 1 and set(statuses) <= {201, 409}
    bodies = [body for status, body in results if status == 201]
    assert all(body == bodies[0] for body in bodies)
    for status, body in results:
        if status == 409:
            assert "Idempotency-Key" in body["message"] or "already exists" in body["message"]
    assert (count(Release), count(CheckRun)) == (1, 1)
    assert len(dispatched) == 1
