"""RQ on the real Redis with real `flask registry worker` processes and the real PostgreSQL.

Races are run for real: threads on separate connections, worker processes on one queue,
a worker killed with SIGKILL in the middle of a check.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from flask import Flask
from rq import Queue
from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry
from sqlalchemy import func, select

from app.extensions import db
from app.models import CheckRun, Evidence, Release, utcnow
from app.services.checks import create_run, request_check
from app.tasks import state
from app.tasks.redis_queue import HARD_TIMEOUT_GRACE_S, RqExecutor, perform_run
from app.tasks.runner import RunSettings
from app.tasks.schedule import sweep
from standins import StandIns
from standins.pytest_plugin import StandInsFactory
from tests.factories import make_lab, make_release
from tests.integration.jobs.support import (
    Workers,
    hub_only,
    model_manifest,
    model_release,
    network_config,
    run_state,
    wait_for,
)

T = TypeVar("T")


@pytest.fixture(params=["postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """These races need a real server: PostgreSQL only."""
    return str(request.param)


@pytest.fixture
def app_overrides(rq_overrides: dict[str, object]) -> dict[str, object]:
    return rq_overrides


def executor(app: Flask) -> RqExecutor:
    found = app.extensions["registry.executor"]
    assert isinstance(found, RqExecutor)
    return found


def race(app: Flask, count: int, work: Callable[[], T]) -> list[T]:
    """Run `work` in `count` threads released together, each in its own app context."""
    barrier = threading.Barrier(count)
    results: list[T] = []
    errors: list[BaseException] = []

    def contender() -> None:
        with app.app_context():
            try:
                barrier.wait()
                results.append(work())
            except BaseException as error:  # noqa: BLE001 - reported to the test below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=contender) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def evidence_count(run_id: int) -> int:
    return int(db.session.scalar(
        select(func.count()).select_from(Evidence).where(Evidence.check_run_id == run_id)
    ) or 0)


def test_racing_requests_for_one_release_share_one_run_and_one_job(
    app: Flask, queue_name: str
) -> None:
    release_id = model_release().id

    def ask() -> int:
        return request_check(db.session.get_one(Release, release_id), "api").id

    run_ids = race(app, 6, ask)
    assert len(set(run_ids)) == 1
    assert Queue(queue_name, connection=executor(app).connection).job_ids == [
        executor(app).job_id(run_ids[0])
    ]


def test_two_workers_racing_to_claim_a_run_never_both_win(app: Flask) -> None:
    limits = RunSettings.from_config(app.config).limits
    lab = make_lab()
    for _ in range(10):
        run_id = create_run(model_release(lab), "manual")[0].id
        claims = race(app, 2, lambda run_id=run_id: state.claim(run_id, limits))
        assert sorted(c.attempt for c in claims if c is not None) == [1]


def test_each_job_has_a_timeout_from_its_checkers_and_retries_with_backoff(
    app: Flask, queue_name: str
) -> None:
    app.config["REGISTRY_CHECK_TIMEOUTS"] = {"weights": 120, "code": 600}
    app.config["REGISTRY_CHECK_RETRY_BACKOFF"] = [5, 50]
    release = make_release_with_code()
    run = request_check(release, "api")
    job = Job.fetch(executor(app).job_id(run.id), connection=executor(app).connection)
    assert job.timeout == 120 + 600 + HARD_TIMEOUT_GRACE_S
    assert (job.retries_left, job.retry_intervals) == (2, [5, 50])
    assert job.get_status() is JobStatus.QUEUED


def make_release_with_code() -> Release:
    return make_release(artifacts=[
        {"pillar": "weights", "kind": "hf_model", "locator": "jobs-org/model-a"},
        {"pillar": "code", "kind": "git", "locator": "https://github.com/jobs-org/train"},
    ])


def test_duplicate_jobs_for_one_run_check_it_once_across_two_workers(
    app: Flask, queue_name: str, workers: Workers, tmp_path: Path
) -> None:
    run, _ = create_run(model_release(), "manual")
    queue = Queue(queue_name, connection=executor(app).connection)
    jobs = [queue.enqueue(perform_run, run.id, job_id=f"{queue_name}-dup-{i}") for i in range(2)]
    procs = [workers.start(tmp_path) for _ in range(2)]
    for proc in procs:
        workers.finish(proc)
    finished = run_state(run.id)
    assert (finished.state, finished.attempts, evidence_count(run.id)) == ("COMPLETED", 1, 1)
    results = [Job.fetch(job.id, connection=queue.connection).return_value() for job in jobs]
    assert sorted(results) == ["completed", "skipped"]


def test_a_timed_out_attempt_is_retried_by_rq_after_its_backoff(
    app: Flask, queue_name: str, workers: Workers, tmp_path: Path,
    standins_factory: StandInsFactory, world: StandIns,
) -> None:
    slow = standins_factory(hub_only(model_manifest(fault={"delay_s": 0.5})))
    app.config["REGISTRY_CHECK_RETRY_BACKOFF"] = [1]
    run = request_check(model_release(), "api")
    too_short = {"REGISTRY_CHECK_TIMEOUTS": {"weights": 0.2}}
    workers.finish(workers.start(tmp_path, **network_config(slow), **too_short))
    failed = run_state(run.id)
    assert (failed.state, failed.attempts) == ("PENDING", 1)
    assert (failed.error or "").startswith("Timed out")
    job = Job.fetch(executor(app).job_id(run.id), connection=executor(app).connection)
    assert job.get_status() is JobStatus.SCHEDULED
    scheduled = ScheduledJobRegistry(queue_name, connection=executor(app).connection)
    due = scheduled.get_scheduled_time(job)

    wait_for(lambda: datetime.now(UTC) >= due, "the retry to fall due")
    workers.finish(workers.start(tmp_path, **network_config(world)))
    done = run_state(run.id)
    assert (done.state, done.attempts, evidence_count(run.id)) == ("COMPLETED", 2, 1)


def test_a_worker_killed_mid_check_leaves_a_run_that_is_reclaimed_and_finished(
    app: Flask, queue_name: str, workers: Workers, tmp_path: Path,
    standins_factory: StandInsFactory, world: StandIns,
) -> None:
    stalled = standins_factory(hub_only(model_manifest(fault={"delay_s": 60})))
    run = request_check(model_release(), "api")
    doomed = workers.start(tmp_path, burst=False, REGISTRY_HUB_TIMEOUT=120.0,
                           **network_config(stalled))
    wait_for(lambda: run_state(run.id).state == "RUNNING", "the worker to start the check")
    workers.kill(doomed)
    limits = RunSettings.from_config(app.config).limits
    wait_for(
        lambda: run_state(run.id).heartbeat_at < utcnow() - limits.heartbeat_timeout,
        "the dead worker's heartbeat to expire",
    )
    assert run_state(run.id).state == "RUNNING"  # nobody else noticed: RQ never re-runs it
    assert sweep().reclaimed == [run.id]
    workers.finish(workers.start(tmp_path, **network_config(world)))
    done = run_state(run.id)
    assert (done.state, done.attempts, evidence_count(run.id)) == ("COMPLETED", 2, 1)


def test_the_cron_scheduler_queues_sweeps_that_check_new_releases(
    app: Flask, queue_name: str, workers: Workers, tmp_path: Path
) -> None:
    release = model_release()
    scheduler = workers.start_command(tmp_path, "scheduler")
    queue = Queue(queue_name, connection=executor(app).connection)
    wait_for(lambda: queue.count > 0, "the scheduler to queue a sweep")
    workers.kill(scheduler)
    workers.finish(workers.start(tmp_path))
    run = db.session.scalars(select(CheckRun).where(CheckRun.release_id == release.id)).one()
    assert (run.trigger, run.state) == ("schedule", "COMPLETED")
