"""Migrations build an empty database that matches the models exactly, on both backends."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

from app import create_app
from app.extensions import db
from app.models import exists_on
from tests.conftest import PG_ADMIN_URL, app_config


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """Return the URL of a brand-new, empty database on the backend under test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"registry_migrate_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# SQLite holds no index in `score DESC NULLS LAST` order (models: PostgreSQL only), so Alembic
# says it cannot compare them there; on PostgreSQL they are compared like any other.
@pytest.mark.filterwarnings(
    "ignore:autogenerate skipping metadata-specified expression-based index:UserWarning"
)
def test_upgrade_builds_schema_matching_models(empty_database_url: str, tmp_path: Path) -> None:
    app = create_app(app_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        with engine.connect() as connection:
            opts = {"compare_type": True, "include_object": exists_on(connection.dialect.name)}
            context = MigrationContext.configure(connection, opts=opts)
            differences = compare_metadata(context, db.metadata)
            tables = set(inspect(connection).get_table_names())
        engine.dispose()
        db.engine.dispose()
    assert differences == []
    assert {"lab", "release", "artifact", "check_run", "evidence", "score_snapshot"} <= tables


def test_0005_moves_a_completed_runs_old_error_into_its_attempts(
    empty_database_url: str, tmp_path: Path
) -> None:
    app = create_app(app_config(empty_database_url, tmp_path))
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0001")
        engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        now = "2026-01-01 00:00:00+00:00"
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO lab (id, slug, name, community_submitted, created_at, updated_at, "
                "release_count, tier_counts, score_version) "
                f"VALUES (1, 'l', 'L', false, '{now}', '{now}', 0, '{{}}', 0)"))
            connection.execute(text(
                "INSERT INTO release (id, lab_id, slug, name, released_precision, "
                "announced_as_open, community_submitted, created_at, updated_at, score, tier, "
                "verdict_weights, verdict_code, verdict_data, last_check_failed, score_version) "
                f"VALUES (1, 1, 'r', 'R', 'day', false, false, '{now}', '{now}', 0, 'E', "
                "'absent', 'absent', 'absent', false, 0)"))
            for run_id, run_state, attempts, error in [
                (1, "COMPLETED", 2, "The worker stopped responding during the check."),
                (2, "ERROR", 1, "RuntimeError: broken"),
            ]:
                connection.execute(text(
                    "INSERT INTO check_run (id, release_id, state, trigger, attempts, "
                    "created_at, artifacts_total, artifacts_done, unchanged, error) "
                    f"VALUES ({run_id}, 1, '{run_state}', 'manual', {attempts}, '{now}', 0, 0, "
                    f"false, '{error}')"))
        upgrade(directory=directory)
        with engine.connect() as connection:
            errors = dict(connection.execute(text("SELECT id, error FROM check_run")).all())
            attempts = connection.execute(text(
                "SELECT check_run_id, number, outcome, error FROM check_run_attempt "
                "ORDER BY check_run_id, number")).all()
        engine.dispose()
        db.engine.dispose()
    assert errors == {1: None, 2: "RuntimeError: broken"}
    assert [tuple(row) for row in attempts] == [
        (1, 1, "failed", "The worker stopped responding during the check."),
        (1, 2, "completed", None),
        (2, 1, "failed", "RuntimeError: broken"),
    ]
