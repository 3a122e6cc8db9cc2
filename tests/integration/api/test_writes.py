"""Contract tests of the API's writes: labs, releases, artifacts, re-checks, deletes."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import CheckRun, Lab, Release
from tests.factories import make_lab, make_release
from tests.integration.api.conftest import Headers, artifact, release_body

LAB = {"slug": "alpha", "name": "Alpha Lab", "homepage": "https://alpha.example", "country": "FR"}


def test_create_lab(client: FlaskClient, submit_auth: Headers) -> None:
    response = client.post("/api/v1/labs", json=LAB, headers=submit_auth)
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/labs/alpha"
    body = response.json
    assert body["slug"] == "alpha" and body["country"] == "FR" and body["releases"] == []
    assert body["score"] is None and body["community_submitted"] is False
    assert client.get("/api/v1/labs/alpha").json["name"] == "Alpha Lab"


def test_update_lab_changes_only_the_fields_sent(client: FlaskClient, submit_auth: Headers) -> None:
    make_lab(slug="alpha", name="Alpha", country="FR", homepage="https://alpha.example")
    response = client.patch("/api/v1/labs/alpha", json={"name": "Alpha AI"}, headers=submit_auth)
    assert response.status_code == 200
    assert response.json["name"] == "Alpha AI" and response.json["country"] == "FR"
    cleared = client.patch("/api/v1/labs/alpha", json={"homepage": None}, headers=submit_auth)
    assert cleared.json["homepage"] is None and cleared.json["name"] == "Alpha AI"


def test_a_lab_slug_cannot_be_changed(client: FlaskClient, submit_auth: Headers) -> None:
    make_lab(slug="alpha")
    response = client.patch("/api/v1/labs/alpha", json={"slug": "beta"}, headers=submit_auth)
    assert response.status_code == 422
    assert response.json["errors"] == {"json": {"slug": ["Unknown field."]}}


def test_create_release_scores_it_and_starts_a_check(
    client: FlaskClient, submit_auth: Headers, dispatched: list[int]
) -> None:
    make_lab(slug="alpha")
    response = client.post("/api/v1/labs/alpha/releases", json=release_body(), headers=submit_auth)
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/labs/alpha/releases/model-7b"
    body = response.json
    assert body["released_on"] == "2024-02" and body["announced_as_open"] is True
    assert [len(p["artifacts"]) for p in body["pillars"]] == [1, 1, 1]
    assert {p["verdict"] for p in body["pillars"]} == {"unverified"}
    assert body["pillars"][1]["artifacts"][0]["entrypoint"] == "scripts/train.py"
    run = body["latest_run"]
    assert run["state"] == "PENDING" and run["trigger"] == "submission"
    assert dispatched == [run["id"]]
    assert client.get("/api/v1/labs/alpha").json["release_count"] == 1


def test_replace_artifacts_resets_changed_claims_and_rechecks(
    client: FlaskClient, submit_auth: Headers, dispatched: list[int]
) -> None:
    release = make_release(make_lab(slug="alpha"), slug="one")
    run_ids = [r.id for r in db.session.scalars(select(CheckRun))]
    artifacts = [artifact("weights", locator="org/other-model"), artifact("data")]
    response = client.put(
        "/api/v1/labs/alpha/releases/one/artifacts", json={"artifacts": artifacts},
        headers=submit_auth,
    )
    assert response.status_code == 200
    pillars = {p["pillar"]: p for p in response.json["pillars"]}
    assert [a["locator"] for a in pillars["weights"]["artifacts"]] == ["org/other-model"]
    assert pillars["code"]["artifacts"] == [] and pillars["code"]["verdict"] == "absent"
    assert pillars["data"]["verdict"] == "unverified"
    assert len(dispatched) == 1 and dispatched[0] not in run_ids
    db.session.expire_all()
    assert len(db.session.get(Release, release.id).artifacts) == 2


def test_recheck_answers_202_with_the_run(
    client: FlaskClient, submit_auth: Headers, dispatched: list[int]
) -> None:
    make_release(make_lab(slug="alpha"), slug="one")
    response = client.post("/api/v1/labs/alpha/releases/one/checks", headers=submit_auth)
    assert response.status_code == 202
    run = response.json
    assert run["state"] == "PENDING" and run["trigger"] == "api"
    assert response.headers["Location"] == f"/api/v1/labs/alpha/releases/one/checks/{run['id']}"
    assert dispatched == [run["id"]]
    again = client.post("/api/v1/labs/alpha/releases/one/checks", headers=submit_auth)
    assert again.status_code == 202 and again.json["id"] == run["id"], "one active run at a time"
    assert dispatched == [run["id"]]


def test_admin_deletes_a_release_then_the_lab(client: FlaskClient, admin_auth: Headers) -> None:
    lab = make_lab(slug="alpha")
    make_release(lab, slug="one")
    make_release(lab, slug="two")
    response = client.delete("/api/v1/labs/alpha/releases/one", headers=admin_auth)
    assert response.status_code == 204 and response.data == b""
    assert client.get("/api/v1/labs/alpha/releases/one").status_code == 404
    assert client.get("/api/v1/labs/alpha").json["release_count"] == 1
    assert client.delete("/api/v1/labs/alpha", headers=admin_auth).status_code == 204
    assert client.get("/api/v1/labs/alpha").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Release)) == 0


def test_submit_scope_cannot_delete(client: FlaskClient, submit_auth: Headers) -> None:
    make_release(make_lab(slug="alpha"), slug="one")
    for path in ("/api/v1/labs/alpha/releases/one", "/api/v1/labs/alpha"):
        response = client.delete(path, headers=submit_auth)
        assert response.status_code == 403
        assert response.json == {
            "code": 403, "status": "Forbidden", "message": "Only administrators may do this."}
    assert db.session.scalar(select(func.count()).select_from(Lab)) == 1


def test_writes_need_no_csrf_token_but_pages_still_do(
    client: FlaskClient, submit_auth: Headers
) -> None:
    # The API is exempt (bearer tokens, no cookies); the web forms keep their CSRF check.
    assert client.post("/api/v1/labs", json=LAB, headers=submit_auth).status_code == 201
    page_post = client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert page_post.status_code == 400  # CSRF token missing
