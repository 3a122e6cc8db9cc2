"""HTTP caching of badges (ETag, 304) and their cost: no writes, at most one indexed SELECT."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from app.extensions import db
from app.models import utcnow
from registry.model import Pillar, Verdict
from tests.factories import make_release
from tests.integration.badges.rows import checked_release, paths, set_check_outcome


@contextmanager
def recorded_statements() -> Iterator[list[str]]:
    """Record every SQL statement the app sends while the block runs."""
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


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


ROUTES = {
    "lab": lambda r: f"{paths(r)['lab']}.svg",
    "release": lambda r: f"{paths(r)['release']}.svg",
    "pillar": lambda r: f"{paths(r)['weights']}.json",
    "styled": lambda r: f"{paths(r)['release']}.svg?style=for-the-badge&label=x",
    "unknown release": lambda r: f"/badges/{r.lab.slug}/nope.svg",
    "unknown lab": lambda r: "/badges/nope.json",
}


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("conditional", [False, True], ids=["200", "304"])
def test_a_badge_request_is_one_select_and_no_write(
    app: Flask, client: FlaskClient, route: str, conditional: bool
) -> None:
    release = checked_release()
    url = ROUTES[route](release)
    etag = client.get(url).headers["ETag"]
    with recorded_statements() as statements:
        client.get(url, headers={"If-None-Match": etag} if conditional else {})
    assert len(statements) == 1, statements
    assert statements[0].lstrip().upper().startswith("SELECT")
    assert "FROM release JOIN lab" in statements[0] or "FROM lab" in statements[0]


@pytest.mark.parametrize(
    "url",
    [
        "/badges/%00.svg",
        "/badges/x/y/notapillar.svg",
        "/badges/" + "a" * 65 + ".svg",
        "/badges/Caps.svg",
    ],
)
def test_impossible_names_are_refused_without_a_query(client: FlaskClient, url: str) -> None:
    make_release()
    with recorded_statements() as statements:
        assert client.get(url).status_code == 404
    assert statements == []
