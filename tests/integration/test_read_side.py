"""The read side: pages and JSON agree, unknown things answer 404 in the right shape."""

from __future__ import annotations

from flask.testing import FlaskClient, FlaskCliRunner

from tests.factories import make_lab, make_release


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    # The tests' manual executor queues nothing, so there is no queue to reach.
    # Nor a start-up probe of the Hub: only `registry serve` probes it.
    assert response.json == {
        "status": "ok", "database": "ok", "queue": "not used", "hub": "not probed",
    }


def test_seeded_catalogue_is_served(client: FlaskClient, runner: FlaskCliRunner) -> None:
    runner.invoke(args=["registry", "seed"])
    page = client.get("/")
    assert page.status_code == 200
    assert b"Kyutai" in page.data and b"Allen Institute" in page.data
    labs = client.get("/api/v1/labs").json
    assert {lab["slug"] for lab in labs} >= {"kyutai", "allenai", "openai"}


def test_release_json_has_pillars_artifacts_and_badges(client: FlaskClient) -> None:
    release = make_release(name="Model <X>")
    lab = release.lab.slug
    body = client.get(f"/api/v1/labs/{lab}/releases/{release.slug}").json
    assert body["name"] == "Model <X>"
    assert [p["pillar"] for p in body["pillars"]] == ["weights", "code", "data"]
    weights = body["pillars"][0]
    assert weights["verdict"] == "unverified"
    assert weights["artifacts"][0]["locator"] == "test-org/test-model"
    assert body["pillars"][1] == {
        "pillar": "code", "verdict": "absent", "points": 0.0, "reason": "none published",
        "stale": False, "artifacts": [],
        "remediation": ["declare the training code: add where it is published to the release"],
    }
    assert body["badges"]["release"] == f"/badges/{lab}/{release.slug}.svg"


def test_release_page_escapes_names_and_shows_unverified(client: FlaskClient) -> None:
    release = make_release(name="<script>alert(1)</script>")
    page = client.get(f"/labs/{release.lab.slug}/{release.slug}")
    assert page.status_code == 200
    assert b"<script>alert(1)</script>" not in page.data
    assert b"&lt;script&gt;" in page.data
    assert b"unverified" in page.data


def test_lab_json_lists_releases_and_tier_distribution(client: FlaskClient) -> None:
    lab = make_lab(name="Lab One")
    make_release(lab)
    make_release(lab)
    make_release(lab, artifacts=[])  # no weights declared: closed (E) without a check
    body = client.get(f"/api/v1/labs/{lab.slug}").json
    assert (body["release_count"], body["verified_release_count"]) == (3, 1)
    # The two unchecked releases have no tier: they are not counted as E.
    assert {t["letter"]: t["count"] for t in body["tier_distribution"]} == {
        "A": 0, "B": 0, "C": 0, "D": 0, "E": 1,
    }
    assert (body["score"], body["status"]) == (0, "verified")
    assert len(body["releases"]) == 3
    assert sorted(str(r["tier"] and r["tier"]["letter"]) for r in body["releases"]) == [
        "E", "None", "None",
    ]


def test_a_lab_with_no_verified_release_has_no_score(client: FlaskClient) -> None:
    lab = make_lab(name="Lab Two")
    make_release(lab)
    body = client.get(f"/api/v1/labs/{lab.slug}").json
    assert (body["score"], body["status"]) == (None, "unverified")
    assert (body["release_count"], body["verified_release_count"]) == (1, 0)


def test_unknown_lab_is_404_json_for_api_and_html_for_pages(client: FlaskClient) -> None:
    api = client.get("/api/v1/labs/ghost")
    assert api.status_code == 404
    assert api.json == {"code": 404, "status": "Not Found", "message": "No lab 'ghost'."}
    page = client.get("/labs/ghost/nothing")
    assert page.status_code == 404
    assert page.mimetype == "text/html"
