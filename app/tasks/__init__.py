"""Check runs as background jobs: a state machine run by an executor chosen from config.

- `state`: PENDING -> RUNNING -> COMPLETED / ERROR, each move one conditional UPDATE.
- `runner.execute_run`: one attempt at a run (claim, heartbeat, check, persist, finish).
- `embedded.EmbeddedExecutor`: a thread pool in this process (the default without Redis).
- `redis_queue.RqExecutor`: RQ jobs on REGISTRY_REDIS_URL, run by `flask registry worker`.
- `schedule.sweep`: reclaim silent runs, re-queue lost ones, queue due re-checks.
- `sweeper.SweepTimer`: that sweep on a timer in every embedded executor and RQ worker,
  one at a time across processes (a Redis slot or a PostgreSQL advisory lock).

`init_app` sets `app.extensions["registry.executor"]` and `["registry.dispatch"]`
(dispatch(run_id, delay_s=0.0)); `REGISTRY_CHECK_EXECUTOR=manual` sets neither, so runs
are only recorded (tests, or a deployment that runs `flask registry check` from cron).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from flask import Flask

from app.config import ConfigError

log = logging.getLogger(__name__)

EXECUTORS = ("auto", "embedded", "rq", "manual")


class Executor(Protocol):
    """Something that runs check runs: dispatches them and says whether it holds one."""

    def dispatch(self, run_id: int, delay_s: float = 0.0) -> None:
        """Run the check run now, or after `delay_s` seconds."""
        ...

    def is_queued(self, run_id: int) -> bool:
        """Return True when the run is queued, scheduled or running here."""
        ...

    def shutdown(self, wait: bool = True) -> None:
        """Release threads or connections."""
        ...


def executor_kind(app: Flask) -> str:
    """Return which executor the config asks for, resolving "auto"."""
    kind = app.config["REGISTRY_CHECK_EXECUTOR"]
    if kind not in EXECUTORS:
        raise ConfigError(f"REGISTRY_CHECK_EXECUTOR must be one of {', '.join(EXECUTORS)}")
    if kind == "auto":
        return "rq" if app.config["REGISTRY_REDIS_URL"] else "embedded"
    if kind == "rq" and not app.config["REGISTRY_REDIS_URL"]:
        raise ConfigError("REGISTRY_CHECK_EXECUTOR=rq needs REGISTRY_REDIS_URL")
    return str(kind)


def init_app(app: Flask) -> None:
    """Choose the executor and expose its dispatch function to the services."""
    kind = executor_kind(app)
    if kind == "manual":
        return
    executor: Executor
    if kind == "rq":
        from app.tasks.redis_queue import RqExecutor

        executor = RqExecutor(app)
    else:
        from app.tasks.embedded import EmbeddedExecutor

        embedded = EmbeddedExecutor(app)
        # A web process that serves requests sweeps too: no scheduler or CLI is needed to
        # reclaim what a crash left behind. (Not at start-up: `flask db upgrade` builds
        # this app too, and must not start sweeping.)
        app.before_request(lambda: embedded.start_sweeping())
        executor = embedded
    app.extensions["registry.executor"] = executor
    app.extensions["registry.dispatch"] = executor.dispatch


def queue_status(app: Flask) -> str:
    """Return the job queue's state for /healthz: ok, unreachable, in-process or not used."""
    executor = app.extensions.get("registry.executor")
    if executor is None:
        return "not used"  # the manual executor: runs wait for `flask registry check`
    ping = getattr(executor, "ping", None)
    if ping is None:
        return "in-process"
    return "ok" if ping() else "unreachable"


def start_background(app: Flask) -> Callable[[], None] | None:
    """In embedded mode, start sweeping now (every REGISTRY_SWEEP_EVERY_SECONDS).

    The embedded executor would start on its first request or dispatch anyway, sweeping
    one interval later; `serve` starts it with a sweep at once. With RQ every worker
    sweeps instead. Returns a function that stops the sweeps (and waits for the one in
    progress), or None when there is nothing to start.
    """
    from app.tasks.embedded import EmbeddedExecutor

    executor = app.extensions.get("registry.executor")
    if executor_kind(app) != "embedded" or not isinstance(executor, EmbeddedExecutor):
        return None
    executor.start_sweeping(sweep_first=True)
    return executor.stop_sweeping
