"""Which executor runs checks: RQ with Redis, threads without, none when asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app import create_app
from app.config import ConfigError
from app.tasks.embedded import EmbeddedExecutor
from app.tasks.redis_queue import RqExecutor
from tests.integration.jobs.support import REDIS_URL


def extensions(tmp_path: Path, **settings: object) -> dict[str, Any]:
    app = create_app({
        "TESTING": True,
        "REGISTRY_SECRET_KEY": "test-secret",
        "REGISTRY_DATABASE_URL": f"sqlite:///{tmp_path / 'r.sqlite3'}",
        **settings,
    })
    return dict(app.extensions)


def test_without_redis_checks_run_on_threads(tmp_path: Path) -> None:
    found = extensions(tmp_path)
    executor = found["registry.executor"]
    assert isinstance(executor, EmbeddedExecutor)
    assert found["registry.dispatch"] == executor.dispatch


def test_with_redis_checks_are_rq_jobs_on_the_configured_queue(tmp_path: Path) -> None:
    found = extensions(tmp_path, REGISTRY_REDIS_URL=REDIS_URL, REGISTRY_QUEUE_NAME="q-choice")
    executor = found["registry.executor"]
    assert isinstance(executor, RqExecutor)
    assert (executor.queue.name, executor.job_id(7)) == ("q-choice", "q-choice-run-7")
    executor.shutdown()


def test_manual_records_runs_without_running_them(tmp_path: Path) -> None:
    found = extensions(tmp_path, REGISTRY_CHECK_EXECUTOR="manual")
    assert "registry.dispatch" not in found and "registry.executor" not in found


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"REGISTRY_CHECK_EXECUTOR": "celery"}, "must be one of auto, embedded, rq, manual"),
        ({"REGISTRY_CHECK_EXECUTOR": "rq"}, "needs REGISTRY_REDIS_URL"),
    ],
)
def test_a_wrong_executor_setting_fails_at_start(
    tmp_path: Path, settings: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        extensions(tmp_path, **settings)
