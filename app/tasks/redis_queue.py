"""The production executor: check runs as RQ jobs on Redis, run by `flask registry worker`.

One job per run, its id derived from the queue name and the run id, with a timeout from the
run's checkers and RQ retries with backoff. RQ gives up on a job whose worker died (it
moves it to the failed list); our sweeper (on a timer in every long-running worker)
notices the silent heartbeat and queues the run again, and the claim makes any duplicate
job a no-op.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from functools import cache

from flask import Flask, current_app, has_app_context
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, Retry, SimpleWorker, Worker
from rq.cron import CronScheduler
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy.orm import configure_mappers

from app.extensions import db
from app.models import CheckRun
from app.tasks.clients import run_timeout
from app.tasks.runner import Outcome, RunSettings, execute_run
from app.tasks.sweeper import SweepTimer

log = logging.getLogger(__name__)

# Statuses of a job that will still run (or is running): no need to queue the run again.
LIVE_STATUSES = frozenset(
    {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}
)
# Seconds RQ's hard timeout exceeds our own, so our cooperative timeout normally fires first.
HARD_TIMEOUT_GRACE_S = 30
SWEEP_TIMEOUT_S = 600
BATCH_TIMEOUT_S = 900  # a probe batch: listings and single calls, each under its own timeout
RESULT_TTL_S = 24 * 3600
# A web request that queues a run must not hang on an unreachable Redis: fail fast, the run
# stays PENDING and the sweeper sends it. (RQ raises the socket timeout of its workers'
# own connection to fit their blocking reads.)
CONNECT_TIMEOUT_S = 2.0
SOCKET_TIMEOUT_S = 5.0


class RetryLater(Exception):  # it is an instruction to RQ, not an error kind
    """Raised from a job whose attempt failed while attempts remain, so RQ retries it."""


class RqExecutor:
    """Dispatches check runs to an RQ queue on `REGISTRY_REDIS_URL`."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        self.queue_name = str(app.config["REGISTRY_QUEUE_NAME"])
        self.connection = Redis.from_url(
            app.config["REGISTRY_REDIS_URL"],
            socket_connect_timeout=CONNECT_TIMEOUT_S,
            socket_timeout=SOCKET_TIMEOUT_S,
        )
        self.queue = Queue(self.queue_name, connection=self.connection)

    def job_id(self, run_id: int) -> str:
        """Return the RQ job id of a run (unique per queue, so per app)."""
        return f"{self.queue_name}-run-{run_id}"

    def dispatch(self, run_id: int, delay_s: float = 0.0) -> None:
        """Queue the run's job now or after `delay_s`, replacing any dead job of the run."""
        settings = RunSettings.from_config(self._app.config)
        self._drop_dead_job(run_id)
        options = {
            "job_id": self.job_id(run_id),
            "job_timeout": int(self._timeout(run_id, settings)) + HARD_TIMEOUT_GRACE_S,
            "retry": _retry(settings),
            "result_ttl": RESULT_TTL_S,
            "failure_ttl": RESULT_TTL_S,
            "description": f"check run {run_id}",
        }
        if delay_s > 0:
            self.queue.enqueue_in(timedelta(seconds=delay_s), perform_run, run_id, **options)
        else:
            self.queue.enqueue(perform_run, run_id, **options)

    def dispatch_batch(self, run_ids: list[int], delay_s: float = 0.0) -> None:
        """Queue one probe-batch job for the runs, noting each run's batch for `is_queued`."""
        job_id = f"{self.queue_name}-batch-{run_ids[0]}-{secrets.token_hex(4)}"
        with self.connection.pipeline(transaction=False) as pipe:
            for run_id in run_ids:
                pipe.set(self._batch_key(run_id), job_id, ex=RESULT_TTL_S)
            pipe.execute()
        options = {
            "job_id": job_id, "job_timeout": BATCH_TIMEOUT_S, "result_ttl": RESULT_TTL_S,
            "failure_ttl": RESULT_TTL_S, "description": f"probe batch of {len(run_ids)} runs",
        }  # fmt: skip
        if delay_s > 0:
            self.queue.enqueue_in(timedelta(seconds=delay_s), perform_batch, run_ids, **options)
        else:
            self.queue.enqueue(perform_batch, run_ids, **options)

    def is_queued(self, run_id: int) -> bool:
        """Return True when the run's job, or the probe batch holding it, is queued or running."""
        if self._live(self.job_id(run_id)):
            return True
        batch = self.connection.get(self._batch_key(run_id))
        if batch is None:
            return False
        return self._live(batch.decode() if isinstance(batch, bytes) else batch)

    def _live(self, job_id: str) -> bool:
        try:
            job = Job.fetch(job_id, connection=self.connection)
        except NoSuchJobError:
            return False
        return job.get_status(refresh=False) in LIVE_STATUSES

    def _batch_key(self, run_id: int) -> str:
        return f"{self.queue_name}:batch-of:{run_id}"

    def ping(self) -> bool:
        """Return True when Redis answers."""
        try:
            return bool(self.connection.ping())
        except (RedisConnectionError, RedisTimeoutError):
            return False

    def shutdown(self, wait: bool = True) -> None:
        """Close the Redis connection pool."""
        self.connection.close()

    def _drop_dead_job(self, run_id: int) -> None:
        try:
            job = Job.fetch(self.job_id(run_id), connection=self.connection)
        except NoSuchJobError:
            return
        if job.get_status(refresh=False) not in LIVE_STATUSES:
            job.delete()

    def _timeout(self, run_id: int, settings: RunSettings) -> float:
        run = db.session.get(CheckRun, run_id)
        artifacts = list(run.release.artifacts) if run is not None else []
        return run_timeout(artifacts, settings.timeouts)


def _retry(settings: RunSettings) -> Retry | None:
    retries = settings.limits.max_attempts - 1
    return Retry(max=retries, interval=[int(b) for b in settings.backoff]) if retries else None


def perform_run(run_id: int) -> str:
    """RQ job: make one attempt at a check run (raises RetryLater when it should be retried)."""
    app = job_app()
    with app.app_context():
        report = execute_run(run_id)
    if report.outcome is Outcome.RETRY:
        raise RetryLater(f"check run {run_id}: attempt {report.attempt} failed")
    return report.outcome.value


def perform_batch(run_ids: list[int]) -> dict[str, object]:
    """RQ job: probe a batch of scheduled runs; finish the unchanged, hand over the rest."""
    from app.tasks.batch import execute_batch

    app = job_app()
    with app.app_context():
        return execute_batch(run_ids).as_dict()


def sweep_job() -> dict[str, object] | None:
    """RQ job: sweep, unless another process's sweep holds this interval's slot."""
    report = SweepTimer(job_app()).sweep_if_free()
    return report.as_dict() if report is not None else None


def job_app() -> Flask:
    """Return the app jobs run in: the worker command's, or one built from the environment."""
    if has_app_context():
        # current_app is annotated as Flask, yet is the LocalProxy in front of it: unwrap it.
        return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
    return _standalone_app()


@cache
def _standalone_app() -> Flask:
    # A plain `rq worker` (not `flask registry worker`) has no app: build one from REGISTRY_*.
    from app import create_app

    return create_app()


def run_worker(app: Flask, burst: bool, name: str | None = None) -> bool:
    """Work the app's queue (with RQ's scheduler for delayed jobs and retries)."""
    executor = RqExecutor(app)
    warm_up(app)
    os.register_at_fork(after_in_child=lambda: _forget_connections(app))
    db.session.remove()
    # By default jobs run in this process, so what every job needs (imports, the checker
    # registry, the Hub client's connection pool, database connections) is built once per
    # worker, not once per forked work horse; REGISTRY_WORKER_FORK isolates each job instead.
    kind = Worker if app.config["REGISTRY_WORKER_FORK"] else SimpleWorker
    worker = kind([executor.queue], connection=executor.connection, name=name)
    # A long-running worker sweeps on a timer too, so no scheduler process is needed; a
    # burst worker only drains the queue and leaves.
    sweeper = None if burst else _start_sweeping(app)
    try:
        return worker.work(burst=burst, with_scheduler=True, logging_level="INFO")
    finally:
        if sweeper is not None:
            sweeper.stop(wait=False)


def warm_up(app: Flask) -> None:
    """Build once, before any job (or fork), what every job would otherwise build again."""
    from app.tasks.clients import checker_registry, clients_for

    checker_registry()
    clients_for(app)  # imports huggingface_hub and GitPython, sets up the Hub client
    configure_mappers()


def _start_sweeping(app: Flask) -> SweepTimer:
    # RQ forks a work horse per job while this thread may be running. A lock held by the
    # thread at that moment stays held in the child forever (SQLAlchemy's mapper set-up
    # mutex did exactly that). So the first sweep runs here, before any fork, importing and
    # configuring everything; the thread then only repeats warmed-up work.
    sweeper = SweepTimer(app)
    try:
        sweeper.sweep_if_free()
    except Exception:  # the database may be down at start: the timer retries
        log.exception("sweep failed")
    configure_mappers()
    sweeper.start(sweep_first=False)
    return sweeper


def run_scheduler(app: Flask) -> None:
    """Enqueue the sweep job every REGISTRY_SWEEP_EVERY_SECONDS with RQ's cron scheduler."""
    executor = RqExecutor(app)
    cron = CronScheduler(connection=executor.connection, name=f"{executor.queue_name}-cron")
    cron.register(
        sweep_job,
        queue_name=executor.queue_name,
        interval=int(app.config["REGISTRY_SWEEP_EVERY_SECONDS"]),
        job_timeout=SWEEP_TIMEOUT_S,
        name=f"{executor.queue_name}-sweep",
    )
    register_framework_syncs(app, cron, executor.queue_name)
    cron.start()  # type: ignore[no-untyped-call]  # rq leaves CronScheduler.start unannotated


def register_framework_syncs(app: Flask, cron: CronScheduler, queue_name: str) -> list[str]:
    """Queue a sync of each framework in REGISTRY_FRAMEWORK_SYNC at its cadence (default daily)."""
    every_s = int(app.config["REGISTRY_FRAMEWORK_SYNC_EVERY_HOURS"]) * 3600
    names = []
    for framework in app.config["REGISTRY_FRAMEWORK_SYNC"]:
        name = f"{queue_name}-sync-{framework}"
        cron.register(
            framework_sync_job, queue_name=queue_name, args=(framework,), interval=every_s,
            job_timeout=SWEEP_TIMEOUT_S, name=name,
        )  # fmt: skip
        names.append(name)
    return names


def framework_sync_job(framework: str) -> dict[str, object]:
    """RQ job: sync one framework's files from its upstream repository."""
    from app.services.identity import SYSTEM
    from app.services.interop import sync_framework

    app = job_app()
    with app.app_context():
        return sync_framework(SYSTEM, framework).as_dict()


def _forget_connections(app: Flask) -> None:
    # A forked work horse must not share the parent's database sockets: drop them unclosed.
    with app.app_context():
        db.engine.dispose(close=False)
