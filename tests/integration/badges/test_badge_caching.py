"""HTTP caching of badges (ETag, 304) and their cost: no writes, at most one indexed SELECT,
none at all while a worker's read is fresh, and a commit makes the next request read again."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.models import utcnow
from registry.model import Pillar, Verdict
from tests.factories import make_lab, make_release
from tests.integration.badges.rows import checked_release, paths, set_check_outcome
from tests.integration.badges.sql import ROUTES, is_one_indexed_select, recorded_statements


@pytest.fixture
def app_overrides() -> dict[str, object]:
    # An hour, so "still fresh" never depends on how fast this machine runs the test; only a
    # commit may make a worker read again.
    return {"REGISTRY_BADGE_FRESH_SECONDS": 3600}


@pytest.mark.parametrize("fmt", ["svg", "json"])
def test_etag_round_trip_gives_304_until_the_badge_changes(client: FlaskClient, fmt: str) -> None:
    release = checked_release()
    url = f"{paths(release)['release']}.{fmt}"
    first = client.get(url)
    etag = first.headers["ETag"]

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "public, max-age=300"
    assert (
        again.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    )
    weak = client.get(url, headers={"If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304  # If-None-Match compares weakly (RFC 9110)

    version = release.score_version
    set_check_outcome(release, {p: Verdict.RESTRICTED for p in Pillar}, utcnow(), False)
    assert release.score_version > version
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_equal_badges_share_an_etag_and_styles_do_not(client: FlaskClient) -> None:
    one, two = checked_release(name="One"), checked_release(name="Two")
    url_one, url_two = paths(one)["weights"], paths(two)["weights"]
    # Same verdict, state and style, but the title names each release: different bytes.
    assert (
        client.get(f"{url_one}.svg").headers["ETag"] != client.get(f"{url_two}.svg").headers["ETag"]
    )
    assert (
        client.get(f"{url_one}.json").headers["ETag"]
        == client.get(f"{url_two}.json").headers["ETag"]
    )
    flat = client.get(f"{url_one}.svg").headers["ETag"]
    assert client.get(f"{url_one}.svg?style=flat-square").headers["ETag"] != flat


def test_not_found_is_never_answered_304(client: FlaskClient) -> None:
    first = client.get("/badges/no-such-lab.svg")
    again = client.get("/badges/no-such-lab.svg", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 404


@pytest.mark.parametrize("route", list(ROUTES))
def test_a_badge_request_is_one_select_then_none_while_fresh(
    app: Flask, client: FlaskClient, route: str
) -> None:
    release = checked_release()
    url = ROUTES[route](release)
    with recorded_statements() as first:
        etag = client.get(url).headers["ETag"]
    assert len(first) == 1 and is_one_indexed_select(first[0]), first
    with recorded_statements() as repeated:
        client.get(url)
        client.get(url, headers={"If-None-Match": etag})
    assert repeated == []  # while the read is fresh: no query at all


def test_a_commit_in_the_process_forgets_what_was_read(client: FlaskClient) -> None:
    lab = make_lab()
    assert client.get(f"/badges/{lab.slug}/later.json").status_code == 404
    make_release(lab, slug="later")  # commits: the remembered "not found" is dropped
    assert client.get(f"/badges/{lab.slug}/later.json").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/badges/%00.svg",
        "/badges/x/y/notapillar.svg",
        "/badges/" + "a" * 65 + ".svg",
    ],
)
def test_impossible_names_are_refused_without_a_query(client: FlaskClient, url: str) -> None:
    make_release()
    with recorded_statements() as statements:
        assert client.get(url).status_code == 404
    assert statements == []


def test_a_capitalised_name_is_looked_up_once_as_a_public_name(client: FlaskClient) -> None:
    make_release()
    with recorded_statements() as statements:
        assert client.get("/badges/Caps.svg").status_code == 404  # no lab `caps`, none on the Hub
    assert 1 <= len(statements) <= 2  # by slug, then by Hub organisation
