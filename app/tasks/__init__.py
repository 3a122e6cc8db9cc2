"""Check runs as background jobs: a state machine run by an executor chosen from config.

- `state`: PENDING -> RUNNING -> COMPLETED / ERROR, each move one conditional UPDATE.
- `runner.execute_run`: one attempt at a run (claim, heartbeat, check, persist, finish).
- `embedded.EmbeddedExecutor`: a thread pool in this process (the default without Redis).
- `redis_queue.RqExecutor`: RQ jobs on REGISTRY_REDIS_URL, run by `flask registry worker`.
- `schedule.sweep`: reclaim silent runs, re-queue lost ones, queue due re-checks.

`init_app` sets `app.extensions["registry.executor"]` and `["registry.dispatch"]`
(dispatch(run_id, delay_s=0.0)); `REGISTRY_CHECK_EXECUTOR=manual` sets neither, so runs
are only recorded (tests, or a deployment that runs `flask registry check` from cron).
"""

from __future__ import annotations

import logging
import threading
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

        executor = EmbeddedExecutor(app)
    app.extensions["registry.executor"] = executor
    app.extensions["registry.dispatch"] = executor.dispatch


def start_background(app: Flask) -> Callable[[], None] | None:
    """In embedded mode, sweep now and every REGISTRY_SWEEP_EVERY_SECONDS on a daemon thread.

    With RQ the sweep is `flask registry scheduler`'s job instead. Returns a function that
    stops the thread (and waits for it), or None when there is nothing to start.
    """
    if executor_kind(app) != "embedded":
        return None
    stop = threading.Event()
    interval = float(app.config["REGISTRY_SWEEP_EVERY_SECONDS"])
    thread = threading.Thread(
        target=_sweep_until, args=(app, stop, interval), name="registry-sweeper", daemon=True
    )
    thread.start()

    def stop_sweeping() -> None:
        stop.set()
        thread.join()

    return stop_sweeping


def _sweep_until(app: Flask, stop: threading.Event, interval: float) -> None:
    from app.tasks.schedule import sweep

    while True:
        try:
            with app.app_context():
                sweep()
        except Exception:  # noqa: BLE001 - one failed sweep must not end the schedule
            log.exception("sweep failed")
        if stop.wait(interval):
            return
