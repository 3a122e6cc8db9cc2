"""Tiers over time: the catalogue's share of releases per tier, replayed from score history."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import delete

from app.extensions import db
from app.models import ScoreSnapshot, utcnow
from app.services import trends
from tests.factories import make_lab, make_release

VERDICTS = {"verdict_weights": "open", "verdict_code": "absent", "verdict_data": "absent"}


def history(*rows: tuple[int, int, str | None]) -> None:
    """Replace the score history with rows of (release id, days ago, tier)."""
    now = utcnow()
    db.session.execute(delete(ScoreSnapshot))
    for release_id, days_ago, tier in rows:
        db.session.add(ScoreSnapshot(release_id=release_id, created_at=now - timedelta(days=days_ago),
                                     tier=tier, score=None if tier is None else 50, **VERDICTS))  # fmt: skip
    db.session.commit()


def shares(point: trends.TierPoint) -> dict[str, int]:
    return {t.letter or "?": t.percent for t in point.tiers if t.count}


def test_each_day_counts_every_release_known_by_then_in_its_latest_tier(
    client: FlaskClient,
) -> None:
    first, second = make_release(), make_release()
    history((first.id, 3, None), (second.id, 3, "C"), (first.id, 2, "A"), (first.id, 2, "B"),
            (second.id, 0, "A"))  # fmt: skip
    result = trends.tier_trends()
    assert result.unit == "day"
    assert [shares(p) for p in result.points] == [
        {"?": 50, "C": 50},  # unverified is its own share, never tier E
        {"B": 50, "C": 50},  # the day ended with the later of its two rows
        {"A": 50, "B": 50},
    ]
    assert [p.total for p in result.points] == [2, 2, 2]
    api = client.get("/api/v1/tiers").get_json()
    assert [p["period"] for p in api["points"]] == [p.period for p in result.points]


def test_a_release_counts_only_from_its_first_row(client: FlaskClient) -> None:
    first, second = make_release(), make_release()
    history((first.id, 5, "A"), (second.id, 1, "E"))
    points = trends.tier_trends().points
    assert [(p.total, shares(p)) for p in points] == [(1, {"A": 100}), (2, {"A": 50, "E": 50})]


def test_per_lab_shares_include_unverified_releases(client: FlaskClient) -> None:
    lab = make_lab(name="Shares Lab")
    make_release(lab)  # unverified
    result = trends.tier_trends()
    (mine,) = [row for row in result.labs if row.slug == lab.slug]
    assert mine.release_count == 1 and shares_of(mine) == {"?": 100}


def shares_of(row: trends.LabTiers) -> dict[str, int]:
    return {t.letter or "?": t.percent for t in row.tiers if t.count}


def test_the_page_shows_the_chart_the_table_and_the_data_links(client: FlaskClient) -> None:
    release = make_release(name="Tiered <i>one</i>")
    history((release.id, 1, "C"))
    body = client.get("/tiers").get_data(as_text=True)
    assert 'src="/tiers.svg?' in body and "The shares as a table" in body
    assert "100% <span" in body and "Not yet verified" in body
    assert 'href="/api/v1/tiers" type="application/json"' in body
    chart = client.get("/tiers.svg")
    assert chart.mimetype == "image/svg+xml" and b"<script" not in chart.data
    assert b"Tier C" in chart.data


def test_an_empty_catalogue_has_no_chart(client: FlaskClient) -> None:
    assert "No release has been scored yet." in client.get("/tiers").get_data(as_text=True)
    assert b"No release scored yet" in client.get("/tiers.svg").data
