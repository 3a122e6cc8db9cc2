"""Migration 0002 on both backends: unverified releases lose their E/0, labs are re-scored.

Rows are written as revision 0001 stored them (an unverified release as tier E with the
points of its other pillars), then upgraded, checked, and downgraded back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import Connection, create_engine, inspect, text

from app import create_app
from tests.conftest import app_config
from tests.integration.test_migrations import empty_database_url  # noqa: F401 - fixture

NOW = datetime(2026, 1, 5, tzinfo=UTC)
# (id, tier, score, weights, code, data, last checked) as revision 0001 stored them.
RELEASES = [
    (1, "E", 0, "unverified", "unverified", "absent", None),  # seeded, never checked
    (2, "E", 33, "unverified", "open", "absent", NOW),  # weights check failed, code open
    (3, "B", 67, "open", "open", "absent", NOW),  # verified
    (4, "E", 0, "absent", "absent", "absent", None),  # no weights declared: closed
]


@pytest.fixture
def migrated_app(empty_database_url: str, tmp_path: Path) -> Iterator[Flask]:  # noqa: F811
    """Return an app whose empty database is at revision 0001."""
    app = create_app(app_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="0001")
        yield app
        from app.extensions import db

        db.engine.dispose()


def _insert_0001_rows(connection: Connection) -> None:
    connection.execute(text(
        "INSERT INTO lab (id, slug, name, community_submitted, created_at, updated_at, score, "
        "release_count, tier_counts, score_version) VALUES (1, 'lab', 'Lab', false, :now, :now, "
        "25, 4, :counts, 3)"
    ), {"now": NOW, "counts": '{"A": 0, "B": 1, "C": 0, "D": 0, "E": 3}'})
    for rid, tier, score, weights, code, data, checked in RELEASES:
        connection.execute(text(
            "INSERT INTO release (id, lab_id, slug, name, released_precision, announced_as_open, "
            "community_submitted, created_at, updated_at, score, tier, verdict_weights, "
            "verdict_code, verdict_data, last_checked_at, last_check_failed, score_version) "
            "VALUES (:id, 1, :slug, :slug, 'day', false, false, :now, :now, :score, :tier, "
            ":weights, :code, :data, :checked, false, 1)"
        ), {"id": rid, "slug": f"r{rid}", "now": NOW, "score": score, "tier": tier,
            "weights": weights, "code": code, "data": data, "checked": checked})  # fmt: skip
        connection.execute(text(
            "INSERT INTO score_snapshot (id, release_id, created_at, score, tier, "
            "verdict_weights, verdict_code, verdict_data) VALUES (:id, :id, :now, :score, "
            ":tier, :weights, :code, :data)"
        ), {"id": rid, "now": NOW, "score": score, "tier": tier, "weights": weights,
            "code": code, "data": data})  # fmt: skip


def _engine(app: Flask) -> Any:
    return create_engine(app.config["SQLALCHEMY_DATABASE_URI"])


def _rows(connection: Connection, query: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in connection.execute(text(query))]


def test_upgrade_nulls_unverified_releases_and_rescores_labs(migrated_app: Flask) -> None:
    engine = _engine(migrated_app)
    with engine.begin() as connection:
        _insert_0001_rows(connection)
    upgrade(directory=migrated_app.extensions["migrate"].directory, revision="0002")
    with engine.connect() as connection:
        query = "SELECT id, tier, score, status_reason FROM release ORDER BY id"
        assert _rows(connection, query) == [
            (1, None, None, "never checked"),
            (2, None, None, "no check of its weights has succeeded yet"),
            (3, "B", 67, None),
            (4, "E", 0, None),  # confirmed closed stays closed
        ]
        assert _rows(connection, "SELECT id, tier, score FROM score_snapshot ORDER BY id") == [
            (1, None, None), (2, None, None), (3, "B", 67), (4, "E", 0),
        ]
        score, counts, version = connection.execute(
            text("SELECT score, tier_counts, score_version FROM lab")
        ).one()
        assert score == 34  # the mean of 67 and 0 over the two verified releases (33.5 up)
        counts = counts if isinstance(counts, dict) else json.loads(counts)  # SQLite: text
        assert counts == {"A": 0, "B": 1, "C": 0, "D": 0, "E": 1}
        assert version == 4
    engine.dispose()


def test_downgrade_restores_what_0001_scored(migrated_app: Flask) -> None:
    directory = migrated_app.extensions["migrate"].directory
    engine = _engine(migrated_app)
    with engine.begin() as connection:
        _insert_0001_rows(connection)
    upgrade(directory=directory, revision="0002")
    downgrade(directory=directory, revision="0001")
    with engine.connect() as connection:
        # Revision 0001's rule: tier E and the points of the other pillars.
        assert _rows(connection, "SELECT id, tier, score FROM release ORDER BY id") == [
            (1, "E", 0), (2, "E", 33), (3, "B", 67), (4, "E", 0),
        ]
        assert _rows(connection, "SELECT id, tier, score FROM score_snapshot ORDER BY id") == [
            (1, "E", 0), (2, "E", 33), (3, "B", 67), (4, "E", 0),
        ]
        assert connection.execute(text("SELECT score FROM lab")).scalar_one() == 25
        columns = {c["name"] for c in inspect(connection).get_columns("release")}
        assert "status_reason" not in columns and {"tier", "score"} <= columns
    engine.dispose()
