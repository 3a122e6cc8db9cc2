"""Fixtures for outage tests: private servers to stop and start, and the healthy stand-ins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from standins import StandIns
from standins.pytest_plugin import StandInsFactory, standins_factory  # noqa: F401 - fixture
from tests.integration.jobs.support import hub_only, model_manifest
from tests.integration.resilience.servers import PrivatePostgres, PrivateRedis


@pytest.fixture
def world(standins_factory: StandInsFactory) -> StandIns:  # noqa: F811 - the fixture above
    """Stand-ins serving the healthy model."""
    return standins_factory(hub_only(model_manifest()))


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    """A Redis of this test's own, running; stopped at the end whatever happened."""
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[PrivatePostgres]:
    """A PostgreSQL cluster of this module's own, running; removed at the end."""
    server = PrivatePostgres()
    server.start()
    yield server
    server.remove()
