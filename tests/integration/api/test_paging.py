"""Lists past the count's cap: totals that say "more than", cursor walks, deep pages refused.

The cap (REGISTRY_EXACT_TOTAL_CAP, 10,000 by default) is set to 5 here so a handful of
rows stands for a million; each test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Lab, Release
from schemas.paging import LAB_CURSOR_KINDS, RELEASE_CURSOR_KINDS, encode_cursor
from tests.factories import make_lab, make_release

pytestmark = pytest.mark.parametrize("app_overrides", [{"REGISTRY_EXACT_TOTAL_CAP": 5}])
NEXT = re.compile(r'<([^>]+)>; rel="next"')


def meta(response: Any) -> dict[str, Any]:
    return json.loads(response.headers["X-Pagination"])  # type: ignore[no-any-return]


def tied_catalogue() -> None:
    """Two labs, nine releases: scores, dates and check times tied, some of each null."""
    labs = [make_lab(slug="alpha", name="Same"), make_lab(slug="beta", name="Same"),
            make_lab(slug="gamma", name="Other")]
    scores = [70, 70, None, 70, 40, None, 40, 90, 70]
    days = [date(2024, 1, 1), None, date(2024, 1, 1), date(2023, 5, 1), None,
            date(2024, 1, 1), date(2023, 5, 1), None, date(2024, 1, 1)]
    moment = datetime(2026, 11, 1, tzinfo=UTC)
    for n, (score, day) in enumerate(zip(scores, days, strict=True)):
        release = make_release(labs[n % 2], slug=f"r{n}", name=f"Model {n % 3}")
        release.score, release.tier = score, (None if score is None else "B")
        release.released_on = day
        release.last_checked_at = None if n % 4 == 0 else moment
    for lab, score in zip(labs, [50, 50, None], strict=True):
        lab.score = score
    db.session.commit()


def walk(client: FlaskClient, url: str) -> list[str]:
    """Follow rel="next" from the first page to the last; return the slugs in order."""
    slugs: list[str] = []
    for _ in range(50):
        response = client.get(url)
        assert response.status_code == 200, response.json
        slugs += [item["slug"] for item in response.json]
        found = NEXT.search(response.headers.get("Link", ""))
        if not found:
            return slugs
        url = found.group(1)
    raise AssertionError("no last page")


@pytest.mark.parametrize("sort", ["score", "name", "released", "checked"])
def test_a_cursor_walk_meets_every_release_once_in_order(client: FlaskClient, sort: str) -> None:
    tied_catalogue()
    whole = [r["slug"] for r in client.get(f"/api/v1/releases?sort={sort}&page_size=100").json]
    assert len(whole) == 9
    # Numbered pages reach the cap (5 rows), the cursor takes over from there.
    assert walk(client, f"/api/v1/releases?sort={sort}&page_size=2") == whole
    first = client.get(f"/api/v1/releases?sort={sort}&page_size=2")
    assert walk(client, f"/api/v1/releases?sort={sort}&page_size=2&cursor="
                f"{meta(first)['next_cursor']}") == whole[2:]


@pytest.mark.parametrize("sort", ["score", "name", "latest_release", "releases"])
def test_a_cursor_walk_meets_every_lab_once_in_order(client: FlaskClient, sort: str) -> None:
    tied_catalogue()
    whole = [lab["slug"] for lab in client.get(f"/api/v1/labs?sort={sort}").json]
    assert len(whole) == 3
    assert walk(client, f"/api/v1/labs?sort={sort}&page_size=1") == whole


def test_a_filtered_cursor_walk_keeps_its_filter(client: FlaskClient) -> None:
    tied_catalogue()
    whole = [r["slug"] for r in client.get("/api/v1/labs/alpha/releases?page_size=100").json]
    assert walk(client, "/api/v1/labs/alpha/releases?page_size=1") == whole
    assert walk(client, "/api/v1/releases?q=model%201&page_size=1") == ["r7", "r1", "r4"]


def test_past_the_cap_the_total_is_a_lower_bound(client: FlaskClient) -> None:
    tied_catalogue()
    response = client.get("/api/v1/releases?page_size=2")
    page = meta(response)
    assert page["total"] == 5 and page["total_relation"] == "gt"
    assert "last_page" not in page and "total_pages" not in page
    assert page["next_page"] == 2 and 'rel="last"' not in response.headers["Link"]
    # Within the cap the count is exact, and a short page needs no count to say so.
    assert meta(client.get("/api/v1/labs"))["total_relation"] == "eq"
    assert meta(client.get("/api/v1/releases?tier=B&lab=beta"))["total"] == 3


def test_the_page_that_reaches_the_cap_links_on_by_cursor(client: FlaskClient) -> None:
    tied_catalogue()
    response = client.get("/api/v1/releases?page=3&page_size=2")  # rows 5 and 6
    assert "next_page" not in meta(response)
    link = NEXT.search(response.headers["Link"])
    assert link and "cursor=" in link.group(1) and "page=" not in link.group(1)


def test_a_cursor_page_has_no_page_numbers(client: FlaskClient) -> None:
    tied_catalogue()
    first = client.get("/api/v1/releases?page_size=4")
    after = client.get(f"/api/v1/releases?page_size=4&cursor={meta(first)['next_cursor']}")
    assert set(meta(after)) == {"total", "total_relation", "page_size", "next_cursor"}
    last = client.get(f"/api/v1/releases?page_size=4&cursor={meta(after)['next_cursor']}")
    assert len(last.json) == 1 and "next_cursor" not in meta(last)
    assert "Link" not in last.headers


def test_a_numbered_page_past_the_cap_is_refused_with_the_way_on(client: FlaskClient) -> None:
    tied_catalogue()
    response = client.get("/api/v1/releases?page=4&page_size=2")
    assert response.status_code == 422
    message = response.json["errors"]["query"]["page"][0]
    assert "cursor" in message and "page 3" in message
    # A list within the cap still answers past its end with an empty page.
    assert client.get("/api/v1/labs?page=4&page_size=2").json == []


@pytest.mark.parametrize("cursor", ["%%%", "score.x.1", "nope.1.1", "score.1.alpha", "A" * 600])
def test_a_bad_cursor_is_refused_with_a_field_message(client: FlaskClient, cursor: str) -> None:
    response = client.get(f"/api/v1/releases?cursor={cursor}")
    assert response.status_code == 422
    assert "next_cursor unchanged" in response.json["errors"]["query"]["cursor"][0]


def test_a_cursor_keeps_the_order_it_was_made_in(client: FlaskClient) -> None:
    tied_catalogue()
    by_name = [r["slug"] for r in client.get("/api/v1/releases?sort=name&page_size=100").json]
    first = client.get("/api/v1/releases?sort=name&page_size=3")
    after = client.get(f"/api/v1/releases?sort=score&cursor={meta(first)['next_cursor']}")
    assert [r["slug"] for r in after.json] == by_name[3:]
    # Any key is a place to start after, a row's or not: releases scored below 70.
    below = encode_cursor("score", (70, 10**6), RELEASE_CURSOR_KINDS)
    assert [r["slug"] for r in client.get(f"/api/v1/releases?cursor={below}").json] == [
        "r4", "r6", "r2", "r5"]
    lab_cursor = encode_cursor("score", (50, "alpha"), LAB_CURSOR_KINDS)
    assert [lab["slug"] for lab in client.get(f"/api/v1/labs?cursor={lab_cursor}").json] == [
        "beta", "gamma"]


def test_the_pages_say_more_than_the_cap(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Short pages know their total without counting, so make pages shorter than the list.
    monkeypatch.setattr("app.web.pages.RELEASES_PER_PAGE", 2)
    monkeypatch.setattr("app.web.pages.LABS_PER_PAGE", 2)
    tied_catalogue()
    assert "More than 5 releases" in client.get("/releases").text
    deep = client.get("/releases?page=4")  # rows 7 and 8, past the cap
    assert deep.status_code == 422 and "Narrow the filters" in deep.text
    assert "More than" not in client.get("/releases?lab=gamma").text
    for n in range(4):
        make_lab(slug=f"extra{n}", name="Same")
    assert "More than 5 labs match" in client.get("/?q=same").text


def test_counts_stop_at_the_cap(client: FlaskClient) -> None:
    from app.services.paging import capped_count

    tied_catalogue()
    releases = db.select(Release)
    assert capped_count(releases, 5) == (5, False)
    assert capped_count(releases, 9) == (9, True)
    assert capped_count(releases, 100) == (9, True)
    assert capped_count(db.select(Lab).where(Lab.slug == "none"), 5) == (0, True)
