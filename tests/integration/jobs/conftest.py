"""Fixtures for check-run tests: loopback stand-ins, fast timings, real Redis, worker processes.

Checks run the real adapters against stand-ins on 127.0.0.1. Timings are shrunk (a
heartbeat every 0.1 s, silence of 1 s reclaims a run) so crash recovery takes seconds;
tests wait for conditions, never for a fixed time, and assert no durations.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis
from flask import Flask

from standins import StandIns
from standins.pytest_plugin import StandInsFactory, standins_factory  # noqa: F401 - fixture
from tests.integration.jobs.support import (
    FAST,
    REDIS_URL,
    Workers,
    hub_only,
    model_manifest,
    network_config,
)


@pytest.fixture
def world(standins_factory: StandInsFactory) -> StandIns:  # noqa: F811 - the fixture above
    """Stand-ins serving the healthy model at SHA_ONE."""
    return standins_factory(hub_only(model_manifest()))


@pytest.fixture
def app_overrides(world: StandIns) -> dict[str, object]:
    """Fast timings, the manual executor and the healthy stand-ins."""
    return {**FAST, **network_config(world)}


@pytest.fixture
def queue_name() -> Iterator[str]:
    """Return a queue name private to this test, and delete its Redis keys afterwards."""
    name = f"registry-test-{uuid.uuid4().hex[:12]}"
    yield name
    connection = redis.Redis.from_url(REDIS_URL)
    for key in connection.scan_iter(match=f"*{name}*", count=1000):
        connection.delete(key)
    # Process-wide registries: drop this test's workers and cron scheduler from them.
    ours = name.encode()
    workers = [m for m in connection.smembers("rq:workers") if ours in m]
    schedulers = [m for m in connection.zrange("rq:cron_schedulers", 0, -1) if ours in m]
    if workers:
        connection.srem("rq:workers", *workers)
    if schedulers:
        connection.zrem("rq:cron_schedulers", *schedulers)
    connection.close()


@pytest.fixture
def rq_overrides(queue_name: str, world: StandIns) -> dict[str, object]:
    """Settings for the RQ executor on the real Redis with this test's queue."""
    return {
        **FAST,
        **network_config(world),
        "REGISTRY_REDIS_URL": REDIS_URL,
        "REGISTRY_QUEUE_NAME": queue_name,
        "REGISTRY_CHECK_EXECUTOR": "rq",
    }


@pytest.fixture
def workers(app: Flask, queue_name: str) -> Iterator[Workers]:
    """Start worker processes on this test's queue; none outlives the test."""
    pool = Workers(app, queue_name)
    yield pool
    pool.stop_all()
