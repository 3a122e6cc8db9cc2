"""Contract tests of the API's reads: lists, filters, pages, details, runs, ETags, CORS."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import CheckRun, Release
from app.services.scores import rescore_lab
from schemas.paging import RELEASE_CURSOR_KINDS, decode_cursor
from tests.factories import make_lab, make_release


def set_tier(release: Release, tier: str, score: int, **verdicts: str) -> None:
    """Give a release a stored score as if a check had produced it."""
    release.tier, release.score = tier, score
    for pillar, verdict in verdicts.items():
        setattr(release, f"verdict_{pillar}", verdict)
    rescore_lab(release.lab)
    db.session.commit()


def page_meta(response: object) -> dict[str, int]:
    return json.loads(response.headers["X-Pagination"])  # type: ignore[attr-defined]


# ---- labs -------------------------------------------------------------------------------


def test_labs_sort_by_score_name_latest_release(client: FlaskClient) -> None:
    alpha = make_lab(slug="alpha", name="Alpha", country="FR")
    beta = make_lab(slug="beta", name="Beta", country="US")
    set_tier(make_release(alpha, released_on=(date(2023, 1, 1), "day")), "C", 30)
    set_tier(make_release(beta, released_on=(date(2024, 6, 1), "month")), "A", 90)

    def slugs(query: str) -> list[str]:
        return [lab["slug"] for lab in client.get(f"/api/v1/labs{query}").json]

    assert slugs("") == ["beta", "alpha"]
    assert slugs("?sort=name") == ["alpha", "beta"]
    assert slugs("?sort=latest_release") == ["beta", "alpha"]


def test_labs_filter_by_country_and_tier(client: FlaskClient) -> None:
    alpha = make_lab(slug="alpha", country="FR")
    beta = make_lab(slug="beta", country="US")
    set_tier(make_release(alpha), "C", 30)
    set_tier(make_release(beta), "A", 90)
    assert [lab["slug"] for lab in client.get("/api/v1/labs?country=FR").json] == ["alpha"]
    assert [lab["slug"] for lab in client.get("/api/v1/labs?tier=A").json] == ["beta"]
    assert client.get("/api/v1/labs?tier=B").json == []


def test_lab_detail_has_score_distribution_and_releases(client: FlaskClient) -> None:
    lab = make_lab(slug="alpha", name="Alpha", homepage="https://alpha.example")
    set_tier(make_release(lab, slug="one"), "A", 90)
    body = client.get("/api/v1/labs/alpha").json
    assert body["name"] == "Alpha" and body["homepage"] == "https://alpha.example"
    assert body["score"] == 90 and body["release_count"] == 1
    assert {t["letter"]: t["count"] for t in body["tier_distribution"]} == {
        "A": 1, "B": 0, "C": 0, "D": 0, "E": 0}
    assert [r["slug"] for r in body["releases"]] == ["one"]
    assert body["badge_url"] == "/badges/alpha.svg"


# ---- releases ---------------------------------------------------------------------------


@pytest.fixture
def catalogue(app: Flask) -> dict[str, Release]:
    """Two labs, four releases with distinct tiers, verdicts, dates and names."""
    alpha = make_lab(slug="alpha", name="Alpha")
    beta = make_lab(slug="beta", name="Beta")
    rows = {
        "olmo": make_release(alpha, slug="olmo", name="OLMo 7B",
                             released_on=(date(2024, 2, 1), "day")),
        "olmo2": make_release(alpha, slug="olmo2", name="OLMo 2",
                              released_on=(date(2024, 11, 1), "month")),
        "pythia": make_release(beta, slug="pythia", name="Pythia 12B",
                               released_on=(date(2023, 4, 1), "day")),
        "closed": make_release(beta, slug="closed", name="Closed One", artifacts=[]),
    }
    set_tier(rows["olmo"], "A", 100, weights="open", code="open", data="open")
    set_tier(rows["olmo2"], "B", 80, weights="open", code="open", data="restricted")
    set_tier(rows["pythia"], "C", 50, weights="open", code="restricted", data="absent")
    return rows


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["olmo", "olmo2", "pythia", "closed"]),
        ("?lab=alpha", ["olmo", "olmo2"]),
        ("?tier=C", ["pythia"]),
        ("?weights=open&code=open", ["olmo", "olmo2"]),
        ("?data=restricted", ["olmo2"]),
        ("?code=restricted", ["pythia"]),
        ("?weights=absent", ["closed"]),
        ("?released_after=2024-01-01", ["olmo", "olmo2"]),
        ("?released_before=2024-03-01", ["olmo", "pythia"]),
        ("?released_after=2024-01-01&released_before=2024-03-01", ["olmo"]),
        ("?q=olmo", ["olmo", "olmo2"]),
        ("?q=12b", ["pythia"]),
        ("?q=100%25", []),
        ("?sort=name", ["closed", "olmo2", "olmo", "pythia"]),
        ("?sort=released", ["olmo2", "olmo", "pythia", "closed"]),
    ],
)
def test_release_filters_and_sorts(
    client: FlaskClient, catalogue: dict[str, Release], query: str, expected: list[str]
) -> None:
    response = client.get(f"/api/v1/releases{query}")
    assert response.status_code == 200
    assert [r["slug"] for r in response.json] == expected


def test_lab_releases_are_the_lab_filter(client: FlaskClient, catalogue: dict) -> None:
    body = client.get("/api/v1/labs/beta/releases?sort=name").json
    assert [r["slug"] for r in body] == ["closed", "pythia"]
    assert body[1]["tier"]["letter"] == "C"
    assert body[1]["verdicts"] == {"weights": "open", "code": "restricted", "data": "absent"}
    assert body[1]["released_on"] == "2023-04-01"
    assert client.get("/api/v1/labs/ghost/releases").status_code == 404


def test_release_detail_has_pillars_evidence_staleness_badges(
    client: FlaskClient, make_run: Callable[..., CheckRun]
) -> None:
    release = make_release(slug="one")
    make_run(release)
    lab = release.lab.slug
    body = client.get(f"/api/v1/labs/{lab}/releases/one").json
    assert body["released_on"] is None and body["stale"] is False
    assert [p["pillar"] for p in body["pillars"]] == ["weights", "code", "data"]
    assert body["pillars"][0]["artifacts"][0]["locator"] == "test-org/test-model"
    assert body["latest_run"]["state"] == "COMPLETED"
    assert set(body["badges"]) == {"release", "weights", "code", "data", "consistency"}


# ---- pagination -------------------------------------------------------------------------


def test_pages_carry_metadata_and_links(client: FlaskClient) -> None:
    lab = make_lab(slug="alpha")
    for n in range(5):
        make_release(lab, slug=f"r{n}", name=f"R{n}")
    response = client.get("/api/v1/releases?sort=name&page=2&page_size=2")
    assert [r["slug"] for r in response.json] == ["r2", "r3"]
    meta = page_meta(response)
    # The cursor of the page after names this page's last row (tests/.../test_paging.py).
    assert decode_cursor(meta.pop("next_cursor"), RELEASE_CURSOR_KINDS).key[0] == "R3"
    assert meta == {
        "total": 5, "total_pages": 3, "first_page": 1, "last_page": 3, "page": 2,
        "previous_page": 1, "next_page": 3, "page_size": 2, "total_relation": "eq"}
    links = response.headers["Link"]
    assert 'page=1&page_size=2>; rel="first"' in links
    assert 'page=1&page_size=2>; rel="prev"' in links
    assert 'page=3&page_size=2>; rel="next"' in links
    assert 'page=3&page_size=2>; rel="last"' in links
    assert "sort=name" in links and links.startswith("<http://localhost/api/v1/releases?")


def test_past_the_last_page_is_empty(client: FlaskClient) -> None:
    make_release()
    response = client.get(f"/api/v1/labs?page={10**20}")
    assert response.status_code == 200 and response.json == []
    assert page_meta(response)["total"] == 1


@pytest.mark.parametrize("app_overrides", [{"REGISTRY_API_PAGE_SIZE_MAX": 3}])
def test_page_size_is_capped(client: FlaskClient) -> None:
    for n in range(5):
        make_lab(slug=f"lab{n}")
    response = client.get("/api/v1/labs?page_size=500")
    assert len(response.json) == 3
    assert page_meta(response)["page_size"] == 3 and page_meta(response)["total_pages"] == 2


# ---- check runs -------------------------------------------------------------------------


def test_check_runs_list_and_detail_with_evidence(
    client: FlaskClient, make_run: Callable[..., CheckRun]
) -> None:
    release = make_release(slug="one")
    first, second = make_run(release), make_run(release, verdict="restricted")
    base = f"/api/v1/labs/{release.lab.slug}/releases/one/checks"
    listing = client.get(base)
    assert [run["id"] for run in listing.json] == [second.id, first.id]
    assert page_meta(listing)["total"] == 2
    detail = client.get(f"{base}/{first.id}").json
    assert detail["state"] == "COMPLETED" and detail["release"] == "one"
    evidence = detail["evidence"][0]
    assert evidence["pillar"] == "weights" and evidence["verdict"] == "open"
    assert evidence["locator"] == "test-org/test-model" and evidence["revision"] == "abc123"
    assert evidence["licences"][0]["expression"] == "Apache-2.0"
    assert client.get(f"{base}/{first.id + 1000}").status_code == 404


def test_a_run_of_another_release_is_not_found(
    client: FlaskClient, make_run: Callable[..., CheckRun]
) -> None:
    one, other = make_release(slug="one"), make_release(slug="other")
    run = make_run(other)
    response = client.get(f"/api/v1/labs/{one.lab.slug}/releases/one/checks/{run.id}")
    assert response.status_code == 404
    assert response.json["message"].startswith(f"No check run {run.id}")


# ---- ETag and CORS ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/labs", "/api/v1/labs/alpha", "/api/v1/releases",
             "/api/v1/labs/alpha/releases", "/api/v1/labs/alpha/releases/one",
             "/api/v1/labs/alpha/releases/one/checks"],
)
def test_reads_answer_304_to_a_matching_if_none_match(client: FlaskClient, path: str) -> None:
    make_release(make_lab(slug="alpha"), slug="one")
    first = client.get(path)
    etag = first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_etag_changes_when_the_data_does(client: FlaskClient) -> None:
    release = make_release(make_lab(slug="alpha"), slug="one")
    etag = client.get("/api/v1/labs/alpha").headers["ETag"]
    set_tier(release, "A", 100)
    response = client.get("/api/v1/labs/alpha", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_etag_of_a_list_depends_on_the_page(client: FlaskClient) -> None:
    for n in range(3):
        make_lab(slug=f"lab{n}")
    one = client.get("/api/v1/labs?page_size=1").headers["ETag"]
    two = client.get("/api/v1/labs?page_size=1&page=2").headers["ETag"]
    assert one != two


def test_cors_allows_reads_from_any_origin_without_credentials(client: FlaskClient) -> None:
    make_lab(slug="alpha")
    response = client.get("/api/v1/labs/alpha", headers={"Origin": "https://lab.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/labs/alpha",
        headers={"Origin": "https://lab.example", "Access-Control-Request-Method": "GET"},
    )
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("method", ["POST", "PATCH", "DELETE"])
def test_cors_preflight_refuses_writes(client: FlaskClient, method: str) -> None:
    preflight = client.options(
        "/api/v1/labs",
        headers={"Origin": "https://lab.example", "Access-Control-Request-Method": method,
                 "Access-Control-Request-Headers": "authorization, content-type"},
    )
    assert "Access-Control-Allow-Methods" not in preflight.headers


def test_pages_get_no_cors(client: FlaskClient) -> None:
    make_lab(slug="alpha")
    response = client.get("/labs/alpha", headers={"Origin": "https://lab.example"})
    assert "Access-Control-Allow-Origin" not in response.headers
