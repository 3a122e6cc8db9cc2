"""Every GET route sends an ETag and answers a matching If-None-Match with 304.

The test walks the app's url_map rather than a hand-kept list, so a new GET route is
covered the day it is added: it either sends an ETag or joins the commented allow-list
below, with the reason it cannot.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule

from app.extensions import db
from app.models import CheckRun, Lab, Release, utcnow
from tests.factories import make_lab, make_release
from tests.integration.web.conftest import make_user, sign_in

# GET routes that send no ETag, each with the reason; README ("Caching") names the same.
NO_ETAG: dict[str, str] = {
    # A liveness probe must reach the app every time: a 304 would hide an outage.
    "health.healthz": "liveness probe",
    # HTML pages are rendered per request, and a signed-in visitor's page carries a fresh
    # CSRF token (the header's sign-out form; these five are forms themselves), so the
    # body is never the same twice.
    "web.leaderboard": "HTML page",
    "web.releases": "HTML page",
    "web.lab_page": "HTML page",
    "web.release_page": "HTML page",
    "web.tiers_page": "HTML page",
    "web.compare_page": "HTML page",
    "web.standard_page": "HTML page",
    "web.login": "HTML form",
    "web.new_lab": "HTML form",
    "web.new_release": "HTML form",
    "web.account_tokens": "HTML form",
    "interop_web.admin_import": "HTML form",
    # Charts are linked with ?v=<score version> and cached for five minutes (Cache-Control):
    # a changed score is a new URL, so there is nothing to revalidate.
    "web.lab_history_chart": "versioned URL",
    "web.release_history_chart": "versioned URL",
    "web.tier_share_chart": "versioned URL",
}

# Query strings a route needs to answer 200 (its required arguments).
QUERIES: dict[str, str] = {
    "interop.ExportCsv": "table=labs",
    "api-docs.openapi_json": "",
}


@pytest.fixture
def signed_in(app: Flask, client: FlaskClient) -> Iterator[FlaskClient]:
    """Return a client signed in as an administrator, so that every page answers 200."""
    make_user("admin@example.org", admin=True)
    assert sign_in(client, "admin@example.org").status_code == 302
    yield client


def get_rules(app: Flask) -> list[Rule]:
    """Return every rule that answers GET, in a stable order."""
    return sorted(
        (rule for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())),
        key=lambda rule: rule.endpoint,
    )


def url_of(rule: Rule, values: dict[str, object]) -> str:
    """Build a URL of the rule with the sample values for the arguments it names."""
    path = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)
    assert path is not None
    url = path[1]
    query = QUERIES.get(rule.endpoint)
    return f"{url}?{query}" if query else url


@pytest.fixture
def sample_values(app: Flask) -> dict[str, object]:
    """Make a lab, a release and a run; return the URL values that name them."""
    release = make_release(make_lab(slug="alpha"), slug="one")
    now = utcnow()
    run = CheckRun(release_id=release.id, state="COMPLETED", trigger="manual", attempts=1,
                   started_at=now, finished_at=now, artifacts_total=1, artifacts_done=1)
    db.session.add(run)
    db.session.commit()
    return {"lab": "alpha", "release": "one", "run_id": run.id, "pillar": "weights",
            "fmt": "json", "filename": "registry.css"}


def test_every_get_route_sends_an_etag_and_answers_304(
    app: Flask, signed_in: FlaskClient, sample_values: dict[str, object]
) -> None:
    missing, not_304 = [], []
    for rule in get_rules(app):
        url = url_of(rule, sample_values)
        with signed_in.get(url) as first:
            assert first.status_code == 200, url
            etag = first.headers.get("ETag")
        if rule.endpoint in NO_ETAG:
            continue
        if etag is None:
            missing.append(rule.endpoint)
            continue
        with signed_in.get(url, headers={"If-None-Match": etag}) as again:
            if again.status_code != 304 or again.data:
                not_304.append(rule.endpoint)
    assert missing == [] and not_304 == []


def test_the_allow_list_names_only_routes_that_exist(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in get_rules(app)}
    assert set(NO_ETAG) <= endpoints


@pytest.mark.parametrize(
    "path", ["/api/v1/labs/alpha/releases/one/mof.yaml", "/api/v1/export.json",
             "/api/v1/export.csv?table=releases"],
)
def test_an_interop_etag_changes_when_the_release_does(
    client: FlaskClient, sample_values: dict[str, object], path: str
) -> None:
    etag = client.get(path).headers["ETag"]
    release = db.session.execute(select(Release).filter_by(slug="one")).scalar_one()
    release.name = "Renamed Release"
    db.session.commit()
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_the_export_etag_ignores_the_moment_of_export(
    client: FlaskClient, sample_values: dict[str, object]
) -> None:
    first = client.get("/api/v1/export.json")
    assert first.json["exported_at"]
    again = client.get("/api/v1/export.json", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/labs.csv", "text/csv"), ("/releases.csv", "text/csv"),
     ("/feeds/changes.atom", "application/atom+xml"),
     ("/feeds/labs/alpha.atom", "application/atom+xml")],
)  # fmt: skip
def test_a_download_or_feed_is_tagged_by_its_body_and_its_304_is_empty(
    client: FlaskClient, sample_values: dict[str, object], path: str, content_type: str
) -> None:
    first = client.get(path)
    assert first.status_code == 200 and first.mimetype == content_type
    etag = first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    lab = db.session.execute(select(Lab).filter_by(slug="alpha")).scalar_one()
    lab.name = "Renamed Lab"  # each of the four names the lab
    db.session.commit()
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert b"Renamed Lab" in changed.data and changed.mimetype == content_type
