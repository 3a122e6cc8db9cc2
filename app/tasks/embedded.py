"""The embedded executor: check runs on a small thread pool inside the web process.

The default when no Redis is configured, so `flask registry serve` works alone. Runs go
through the same state machine as on RQ; a failed attempt is retried after its backoff
by a timer, and the executor's own `SweepTimer` (started on the process's first request
or dispatch) reclaims runs whose thread died with an earlier process.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from app.tasks.runner import Outcome, RunSettings, execute_run
from app.tasks.sweeper import SweepTimer

log = logging.getLogger(__name__)


class EmbeddedExecutor:
    """Runs check runs on `REGISTRY_CHECK_WORKERS` threads of this process."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._workers = max(1, int(app.config["REGISTRY_CHECK_WORKERS"]))
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._in_flight: dict[int, int] = {}  # run id -> dispatches not yet finished
        self._timers: set[threading.Timer] = set()
        self._closed = False
        self._sweeper = SweepTimer(app)

    def start_sweeping(self, sweep_first: bool = False) -> None:
        """Start the sweeps on their timer (once; cheap to call on every request).

        The first sweep comes after one interval, unless `sweep_first` (the serve command,
        which checks a fresh catalogue at once).
        """
        if not self._sweeper.running and not self._closed:
            self._sweeper.start(sweep_first=sweep_first)

    def stop_sweeping(self) -> None:
        """Stop the sweeps, waiting for one in progress."""
        self._sweeper.stop(wait=True)

    def dispatch(self, run_id: int, delay_s: float = 0.0) -> None:
        """Run the check run now, or after `delay_s` seconds."""
        with self._lock:
            if self._closed:
                return
            self.start_sweeping()
            self._in_flight[run_id] = self._in_flight.get(run_id, 0) + 1
            if delay_s > 0:
                timer = threading.Timer(delay_s, self._submit_later, (run_id,))
                timer.daemon = True
                self._timers.add(timer)
                timer.start()
                return
            self._ensure_pool().submit(self._work, run_id)

    def dispatch_batch(self, run_ids: list[int], delay_s: float = 0.0) -> None:
        """Probe a batch of scheduled runs together (app.tasks.batch), now or after `delay_s`."""
        with self._lock:
            if self._closed:
                return
            self.start_sweeping()
            for run_id in run_ids:
                self._in_flight[run_id] = self._in_flight.get(run_id, 0) + 1
            if delay_s > 0:
                timer = threading.Timer(delay_s, self._submit_batch_later, (list(run_ids),))
                timer.daemon = True
                self._timers.add(timer)
                timer.start()
                return
            self._ensure_pool().submit(self._work_batch, list(run_ids))

    def is_queued(self, run_id: int) -> bool:
        """Return True when this process will run (or is running) the run."""
        with self._lock:
            return run_id in self._in_flight

    def wait_idle(self, timeout_s: float | None = None) -> bool:
        """Wait until no run is queued, running or waiting to retry; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._in_flight, timeout_s)

    def shutdown(self, wait: bool = True) -> None:
        """Stop accepting runs, cancel pending timers and stop the threads."""
        with self._lock:
            self._closed = True
            timers, self._timers = self._timers, set()
            pool, self._pool = self._pool, None
        for timer in timers:
            timer.cancel()
        self._sweeper.stop(wait=wait)
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=not wait)

    def _ensure_pool(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="registry-check")
        return self._pool

    def _submit_later(self, run_id: int) -> None:
        with self._lock:
            self._timers = {t for t in self._timers if t.is_alive()}
            if self._closed:
                self._done(run_id)
                self._idle.notify_all()
                return
            self._ensure_pool().submit(self._work, run_id)

    def _submit_batch_later(self, run_ids: list[int]) -> None:
        with self._lock:
            self._timers = {t for t in self._timers if t.is_alive()}
            if self._closed:
                for run_id in run_ids:
                    self._done(run_id)
                self._idle.notify_all()
                return
            self._ensure_pool().submit(self._work_batch, run_ids)

    def _work_batch(self, run_ids: list[int]) -> None:
        from app.tasks.batch import execute_batch

        try:
            with self._app.app_context():
                execute_batch(run_ids)  # the runs it hands over come back through dispatch
        except Exception:  # the sweeper takes back what a crashed batch held
            log.exception("probe batch crashed", extra={"check_run_ids": run_ids[:10]})
        finally:
            with self._idle:
                for run_id in run_ids:
                    self._done(run_id)
                self._idle.notify_all()

    def _work(self, run_id: int) -> None:
        try:
            with self._app.app_context():
                report = execute_run(run_id)
            if report.outcome is Outcome.RETRY:
                backoff = RunSettings.from_config(self._app.config).backoff_after(report.attempt)
                self.dispatch(run_id, backoff)
        except Exception:  # a crashed thread must not take the pool down
            # The run stays as the state machine left it; the sweeper picks it up again.
            log.exception("check run crashed", extra={"check_run_id": run_id})
        finally:
            with self._idle:
                self._done(run_id)
                self._idle.notify_all()

    def _done(self, run_id: int) -> None:
        left = self._in_flight.get(run_id, 1) - 1
        if left > 0:
            self._in_flight[run_id] = left
        else:
            self._in_flight.pop(run_id, None)
