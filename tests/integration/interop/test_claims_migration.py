"""Migration 0003 keeps every claim, drops the server paths, and keys claims by file."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from app.models import UTCDateTime
from tests.conftest import PG_ADMIN_URL, app_config

LAB = sa.table(
    "lab", sa.column("id", sa.Integer), sa.column("slug", sa.String), sa.column("name", sa.String),
    sa.column("community_submitted", sa.Boolean), sa.column("created_at", UTCDateTime()),
    sa.column("updated_at", UTCDateTime()), sa.column("release_count", sa.Integer),
    sa.column("tier_counts", sa.JSON), sa.column("score_version", sa.Integer),
)  # fmt: skip
CLAIM = sa.table(
    "claim", sa.column("id", sa.Integer), sa.column("lab_id", sa.Integer),
    sa.column("source", sa.String), sa.column("source_file", sa.String),
    sa.column("payload", sa.JSON), sa.column("created_at", UTCDateTime()),
)  # fmt: skip
# id, source, source_file as the old importer stored it
OLD_ROWS = [
    (1, "mof", "/srv/registry/imports/models/OLMo-7B.yml"),
    (2, "mof", "C:\\Users\\admin\\Downloads\\Amber.yml"),
    (3, "mof", "/home/ops/OLMo-7B.yml"),  # the same name again, imported later
    (4, "osai", "OLMo.yaml"),
    (5, "osai", None),
]


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A brand-new, empty database on the backend under test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"registry_claims_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_existing_claims_keep_their_data_and_lose_the_server_paths(
    database_url: str, tmp_path: Path
) -> None:
    app = create_app(app_config(database_url, tmp_path))
    engine = sa.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    now = datetime.now(UTC)
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0001")
        with engine.begin() as connection:
            connection.execute(sa.insert(LAB).values(
                id=1, slug="lab", name="Lab", community_submitted=False, created_at=now,
                updated_at=now, release_count=0, tier_counts={}, score_version=0,
            ))  # fmt: skip
            for claim_id, source, name in OLD_ROWS:
                connection.execute(sa.insert(CLAIM).values(
                    id=claim_id, lab_id=1, source=source, source_file=name,
                    payload={"n": claim_id}, created_at=now,
                ))  # fmt: skip
        upgrade(directory=directory)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT id, source_file, payload, updated_at FROM claim ORDER BY id")
            ).all()
        downgrade(directory=directory, revision="0001")  # and it is reversible
        db.engine.dispose()
    engine.dispose()
    names = {row[0]: row[1] for row in rows}
    assert names == {
        1: "OLMo-7B.yml (claim 1)",  # the older of two files with one name, told apart
        2: "Amber.yml",
        3: "OLMo-7B.yml",
        4: "OLMo.yaml",
        5: "claim-5",
    }
    assert [row[2] for row in rows] == [f'{{"n": {i}}}' if isinstance(rows[0][2], str) else
                                        {"n": i} for i in range(1, 6)]  # fmt: skip
    assert all(row[3] is not None for row in rows)  # updated_at backfilled
