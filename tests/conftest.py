"""Shared fixtures: the app from the factory on SQLite and on the real PostgreSQL.

Every test that takes `app` runs once per backend. Each test session creates its own
PostgreSQL database (named after the process, so parallel runs never collide) and
drops it at the end; tables are emptied after each test. A missing server fails the
run loudly: a test never skips because PostgreSQL is down.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine

# The Hub client reads these at import time; set them before anything imports it.
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ["HF_TOKEN"] = ""
os.environ["NO_PROXY"] = "127.0.0.1,localhost,::1"
os.environ["no_proxy"] = "127.0.0.1,localhost,::1"
os.environ.pop("HF_HUB_OFFLINE", None)

PG_ADMIN_URL = os.environ.get("REGISTRY_TEST_PG", "postgresql://127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session", autouse=True)
def _hf_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["HF_HOME"] = str(tmp_path_factory.mktemp("hf-home"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Create a fresh PostgreSQL database for this test session and drop it afterwards."""
    name = f"registry_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL at {PG_ADMIN_URL} is unreachable: {error}", pytrace=False)
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the URL of a SQLite file private to this test session."""
    return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'registry.sqlite3'}"


@pytest.fixture(scope="session")
def database_urls(request: pytest.FixtureRequest, sqlite_url: str) -> dict[str, str]:
    """Return a database URL per backend, with the schema created once."""
    from app.extensions import db

    urls = {"sqlite": sqlite_url, "postgresql": request.getfixturevalue("postgres_url")}
    for url in urls.values():
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        db.metadata.create_all(engine)
        engine.dispose()
    return urls


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Run the test once on SQLite and once on PostgreSQL."""
    return str(request.param)


def app_config(database_url: str, tmp_path: Path, **extra: object) -> dict[str, object]:
    """Return the settings tests use: an isolated database, loopback only, no seeding."""
    config: dict[str, object] = {
        "TESTING": True,
        "REGISTRY_DATABASE_URL": database_url,
        "REGISTRY_SECRET_KEY": "test-secret",
        "REGISTRY_SEED_ON_START": False,
        "REGISTRY_ALLOW_HOSTS": ["127.0.0.1", "localhost"],
        # Runs are recorded, not run in background threads: a test runs them explicitly.
        "REGISTRY_CHECK_EXECUTOR": "manual",
    }
    config.update(extra)
    return config


@pytest.fixture
def app_overrides() -> dict[str, object]:
    """Extra settings a test module can override."""
    return {}


@pytest.fixture
def app(
    backend: str,
    database_urls: dict[str, str],
    tmp_path: Path,
    app_overrides: dict[str, object],
) -> Iterator[Flask]:
    """Return an app on the backend under test; its tables are emptied afterwards."""
    from app import create_app
    from app.extensions import db

    application = create_app(app_config(database_urls[backend], tmp_path, **app_overrides))
    with application.app_context():
        yield application
        executor = application.extensions.get("registry.executor")
        if executor is not None:
            executor.shutdown(wait=True)  # its threads (runs, sweeps) end with the test
        db.session.rollback()
        _empty_tables(db)
        db.session.remove()
        db.engine.dispose()


def _empty_tables(db: object) -> None:
    from app.extensions import db as database

    with database.engine.begin() as connection:
        for table in reversed(database.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client of the app."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """Return a CLI runner of the app."""
    return app.test_cli_runner()
