"""Every API error has one shape, {code, status, message, errors}, with the right status."""

from __future__ import annotations

import os
import secrets
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Artifact, Lab, Release, User
from app.services.tokens import create_token, revoke_token
from tests.factories import make_account, make_lab, make_release
from tests.integration.api.conftest import Headers, artifact, release_body

LAB = {"slug": "alpha", "name": "Alpha Lab"}


def count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def assert_error(response: Any, status: int, phrase: str) -> dict[str, Any]:
    """Check the one error shape and return the body."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.json
    assert body["code"] == status and body["status"] == phrase
    assert isinstance(body["message"], str) and body["message"]
    assert set(body) <= {"code", "status", "message", "errors"}
    return dict(body)


# ---- 400, 413, 415 ----------------------------------------------------------------------


def test_malformed_json_is_400(client: FlaskClient, submit_auth: Headers) -> None:
    response = client.post(
        "/api/v1/labs", data="{not json", content_type="application/json", headers=submit_auth
    )
    body = assert_error(response, 400, "Bad Request")
    assert body["errors"] == {"json": ["Invalid JSON body."]}


@pytest.mark.parametrize(
    ("data", "content_type"),
    [("slug=alpha&name=Alpha", "application/x-www-form-urlencoded"), ("alpha", "text/plain")],
)
def test_a_body_that_is_not_json_is_415(
    client: FlaskClient, submit_auth: Headers, data: str, content_type: str
) -> None:
    response = client.post("/api/v1/labs", data=data, content_type=content_type,
                           headers=submit_auth)
    body = assert_error(response, 415, "Unsupported Media Type")
    assert "application/json" in body["message"]
    assert count(Lab) == 0


@pytest.mark.parametrize("app_overrides", [{"REGISTRY_MAX_CONTENT_LENGTH": 2000}])
def test_a_body_over_the_size_cap_is_413(client: FlaskClient, submit_auth: Headers) -> None:
    big = {**LAB, "name": "x" * 3000}
    body = assert_error(
        client.post("/api/v1/labs", json=big, headers=submit_auth), 413, "Request Entity Too Large"
    )
    assert "2000 bytes" in body["message"]
    assert count(Lab) == 0


# ---- 401, 403 ---------------------------------------------------------------------------


WRITES = [
    ("post", "/api/v1/labs"),
    ("patch", "/api/v1/labs/alpha"),
    ("delete", "/api/v1/labs/alpha"),
    ("post", "/api/v1/labs/alpha/releases"),
    ("put", "/api/v1/labs/alpha/releases/one/artifacts"),
    ("delete", "/api/v1/labs/alpha/releases/one"),
    ("post", "/api/v1/labs/alpha/releases/one/checks"),
]


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_every_write_without_a_token_is_401(client: FlaskClient, method: str, path: str) -> None:
    make_release(make_lab(slug="alpha"), slug="one")
    response = getattr(client, method)(path, json={"bad": "body"})
    body = assert_error(response, 401, "Unauthorized")
    assert "Authorization: Bearer" in body["message"]
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="openness-registry"'


@pytest.mark.parametrize(
    ("header", "challenge_error"),
    [("Basic dXNlcjpwYXNz", "invalid_request"), ("Bearer", "invalid_request"),
     ("Bearer reg_not-a-real-token", "invalid_token")],
)
def test_malformed_or_unknown_tokens_are_401(
    client: FlaskClient, header: str, challenge_error: str
) -> None:
    response = client.post("/api/v1/labs", json=LAB, headers={"Authorization": header})
    assert_error(response, 401, "Unauthorized")
    assert f'error="{challenge_error}"' in response.headers["WWW-Authenticate"]


def test_a_revoked_token_is_401(client: FlaskClient, app: Flask) -> None:
    token = create_token(make_account(admin=True).id, {"name": "leaked", "scope": "admin"})
    revoke_token(token.id)
    response = client.post("/api/v1/labs", json=LAB,
                           headers={"Authorization": f"Bearer {token.secret}"})
    body = assert_error(response, 401, "Unauthorized")
    assert body["message"] == "This API token is unknown or revoked."
    assert count(Lab) == 0


def test_a_member_token_cannot_edit_another_lab(client: FlaskClient, app: Flask) -> None:
    make_lab(slug="alpha")
    user = User(email="member@example.org", password_hash="x")
    db.session.add(user)
    db.session.commit()
    token = create_token(user.id, {"name": "member", "scope": "submit"})
    response = client.patch("/api/v1/labs/alpha", json={"name": "Mine now"},
                            headers={"Authorization": f"Bearer {token.secret}"})
    body = assert_error(response, 403, "Forbidden")
    assert body["message"] == "You are not a member of this lab."


# ---- 404, 405 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/v1/labs/ghost", "No lab 'ghost'."),
        ("/api/v1/labs/alpha/releases/ghost", "No release 'ghost' in lab 'alpha'."),
        ("/api/v1/labs/alpha/releases/one/checks/999", "No check run 999"),
        ("/api/v1/labs/Not-A-Slug", "Nothing is at this address"),
        ("/api/v1/nothing-here", "Nothing is at this address"),
    ],
)
def test_unknown_things_are_404(client: FlaskClient, path: str, message: str) -> None:
    make_release(make_lab(slug="alpha"), slug="one")
    body = assert_error(client.get(path), 404, "Not Found")
    assert body["message"].startswith(message)


def test_writes_to_unknown_things_are_404(client: FlaskClient, submit_auth: Headers) -> None:
    response = client.post("/api/v1/labs/ghost/releases", json=release_body(),
                           headers=submit_auth)
    assert assert_error(response, 404, "Not Found")["message"] == "No lab 'ghost'."


def test_a_wrong_method_is_405_with_allow(client: FlaskClient) -> None:
    response = client.put("/api/v1/labs", json=LAB)
    assert_error(response, 405, "Method Not Allowed")
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


# ---- 409 --------------------------------------------------------------------------------


def test_a_duplicate_lab_slug_is_409(client: FlaskClient, submit_auth: Headers) -> None:
    make_lab(slug="alpha")
    response = client.post("/api/v1/labs", json=LAB, headers=submit_auth)
    body = assert_error(response, 409, "Conflict")
    message = "A lab with this slug already exists: /api/v1/labs/alpha"
    assert body["errors"] == {"json": {"slug": [message]}}
    assert response.headers["Link"] == '</api/v1/labs/alpha>; rel="existing"'


def test_a_duplicate_release_slug_is_409(client: FlaskClient, submit_auth: Headers) -> None:
    make_release(make_lab(slug="alpha"), slug="model-7b")
    response = client.post("/api/v1/labs/alpha/releases", json=release_body(),
                           headers=submit_auth)
    body = assert_error(response, 409, "Conflict")
    # The body links to the release that holds the slug: a retry after a lost 201 finds it.
    existing = "/api/v1/labs/alpha/releases/model-7b"
    message = f"A release with this slug already exists in this lab: {existing}"
    assert body["message"] == message
    assert body["errors"] == {"json": {"slug": [message]}}
    assert client.get(existing).status_code == 200
    assert count(Release) == 1


# ---- 422: field-level messages ----------------------------------------------------------

BAD_RELEASES = [
    ("slug", {"slug": "Model 7B!"}, "Not a valid slug", None),
    ("released_on", {"released_on": "2024-13-45"}, "Not a valid date: use YYYY-MM-DD", None),
    ("paper_url", {"paper_url": "http://arxiv.org/abs/1"}, "use an https:// address", None),
    ("name", {"name": "Model\x00 7B"}, "Remove the control characters", None),
    ("locator", {"artifacts": [artifact("weights", locator="not a repo id")]},
     "Not a Hub repo id: use owner/name", 0),
    ("locator", {"artifacts": [artifact("code", locator="ftp://host/org/repo")]},
     "use an https:// address", 0),
    ("declared_licence", {"artifacts": [artifact("data", declared_licence="MIT AND")]},
     "Not a licence expression", 0),
    ("entrypoint", {"artifacts": [artifact("code", entrypoint="../../etc/passwd")]},
     "Not a repository path", 0),
    ("kind", {"artifacts": [artifact("weights", kind="git")]},
     "A weights artifact must be of kind hf_model", 0),
]


@pytest.mark.parametrize(("field", "change", "message", "index"), BAD_RELEASES)
def test_invalid_release_fields_get_field_level_422(
    client: FlaskClient, submit_auth: Headers, field: str, change: dict[str, Any], message: str,
    index: int | None,
) -> None:
    make_lab(slug="alpha")
    response = client.post("/api/v1/labs/alpha/releases", json=release_body(**change),
                           headers=submit_auth)
    body = assert_error(response, 422, "Unprocessable Entity")
    errors = body["errors"]["json"]
    if index is not None:
        errors = errors["artifacts"][str(index)]
    assert message in " ".join(errors[field])
    assert count(Release) == 0


def test_a_release_whose_third_artifact_is_invalid_creates_nothing(
    client: FlaskClient, submit_auth: Headers, dispatched: list[int]
) -> None:
    make_lab(slug="alpha")
    artifacts = [artifact("weights"), artifact("code"), artifact("data", locator="bad id!")]
    response = client.post("/api/v1/labs/alpha/releases",
                           json=release_body(artifacts=artifacts), headers=submit_auth)
    body = assert_error(response, 422, "Unprocessable Entity")
    assert list(body["errors"]["json"]["artifacts"]) == ["2"]
    assert (count(Release), count(Artifact), dispatched) == (0, 0, [])


def test_missing_and_unknown_fields_are_named(client: FlaskClient, submit_auth: Headers) -> None:
    response = client.post("/api/v1/labs", json={"slug": "alpha", "colour": "red"},
                           headers=submit_auth)
    body = assert_error(response, 422, "Unprocessable Entity")
    assert body["errors"] == {"json": {
        "name": ["Missing data for required field."], "colour": ["Unknown field."]}}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [({"homepage": "https://[::1"}, "homepage", "Not a valid URL"),
     ({"country": "France"}, "country", "Not a country code"),
     ({"slug": "-alpha"}, "slug", "Not a valid slug")],
)
def test_invalid_lab_fields_get_field_level_422(
    client: FlaskClient, submit_auth: Headers, change: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/api/v1/labs", json={**LAB, **change}, headers=submit_auth)
    body = assert_error(response, 422, "Unprocessable Entity")
    assert message in body["errors"]["json"][field][0]


def test_replacing_artifacts_with_an_invalid_one_changes_nothing(
    client: FlaskClient, submit_auth: Headers
) -> None:
    make_release(make_lab(slug="alpha"), slug="one")
    artifacts = [artifact("weights", locator="org/new"), artifact("code", locator="no-url")]
    response = client.put("/api/v1/labs/alpha/releases/one/artifacts",
                          json={"artifacts": artifacts}, headers=submit_auth)
    assert_error(response, 422, "Unprocessable Entity")
    locators = db.session.scalars(select(Artifact.locator)).all()
    assert locators == ["test-org/test-model"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("lab=Not%20A%20Slug", "lab", "Not a valid slug"),
        ("tier=Z", "tier", "Not a tier"),
        ("weights=maybe", "weights", "Use one of"),
        ("released_after=2024-02-30", "released_after", "Not a valid date"),
        ("q=a%00b", "q", "Remove the control characters"),
        ("page=0", "page", "greater than or equal to 1"),
        ("page_size=abc", "page_size", "Not a valid integer"),
        ("sort=random", "sort", "Sort by one of"),
    ],
)
def test_invalid_query_arguments_get_field_level_422(
    client: FlaskClient, query: str, field: str, message: str
) -> None:
    body = assert_error(client.get(f"/api/v1/releases?{query}"), 422, "Unprocessable Entity")
    assert message in " ".join(body["errors"]["query"][field])


def test_a_lab_filter_naming_no_lab_is_404_with_a_field_message(client: FlaskClient) -> None:
    body = assert_error(client.get("/api/v1/releases?lab=ghost"), 404, "Not Found")
    assert "No lab 'ghost'" in " ".join(body["errors"]["query"]["lab"])


def test_an_empty_date_range_is_an_empty_list_not_an_error(client: FlaskClient) -> None:
    # The spec cannot say "before no earlier than after", so the API does not refuse it.
    response = client.get("/api/v1/releases?released_after=2024-05-01&released_before=2024-01-01")
    assert response.status_code == 200 and response.json == []


# ---- 429 --------------------------------------------------------------------------------


@pytest.mark.parametrize("app_overrides", [{"REGISTRY_API_WRITE_RATE_LIMIT": "2 per minute"}])
def test_writes_past_the_rate_limit_are_429(client: FlaskClient, submit_auth: Headers) -> None:
    for n in range(2):
        created = client.post("/api/v1/labs", json={"slug": f"lab-{n}", "name": "L"},
                              headers=submit_auth)
        assert created.status_code == 201
    response = client.post("/api/v1/labs", json={"slug": "lab-3", "name": "L"},
                           headers=submit_auth)
    body = assert_error(response, 429, "Too Many Requests")
    assert "the limit is 2 per minute" in body["message"]
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/api/v1/labs").status_code == 200, "reads are not limited"
    assert count(Lab) == 2


REDIS_URL = os.environ.get("REGISTRY_TEST_REDIS", "redis://127.0.0.1:6379/0")


@pytest.mark.parametrize(
    "app_overrides",
    [{"REGISTRY_API_WRITE_RATE_LIMIT": "1 per minute", "REGISTRY_REDIS_URL": REDIS_URL,
      "REGISTRY_CHECK_EXECUTOR": "manual"}],
)
def test_with_redis_the_limits_live_in_redis(client: FlaskClient, submit_auth: Headers) -> None:
    # A client address of its own: the Redis server outlives this test and other runs.
    address = f"127.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    environ = {"REMOTE_ADDR": address}
    first = client.post("/api/v1/labs", json=LAB, headers=submit_auth, environ_base=environ)
    assert first.status_code == 201
    again = client.post("/api/v1/labs", json={**LAB, "slug": "beta"}, headers=submit_auth,
                        environ_base=environ)
    assert_error(again, 429, "Too Many Requests")
    store = redis.Redis.from_url(REDIS_URL)
    keys = store.keys(f"LIMITS:*/{address}/*")
    assert keys, "the hits were counted in Redis"
    store.delete(*keys)
    store.close()
