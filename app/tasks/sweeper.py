"""The sweep on a timer in every process that runs checks, so recovery needs no operator.

The embedded executor and every RQ worker start a `SweepTimer`: each
REGISTRY_SWEEP_EVERY_SECONDS it passes a `SweepGate` and, if it got through, runs
`schedule.sweep` (reclaim silent runs, re-queue lost ones, queue due re-checks). The gate
keeps sweeps from running side by side across processes:

- with RQ, a Redis slot (`SET NX PX`) held for one interval, so however many workers run,
  about one sweep happens per interval;
- otherwise on PostgreSQL, a session advisory lock, freed when its connection closes
  (a process that dies mid-sweep frees it too);
- otherwise (SQLite, one process), a lock in this process.

A sweep that cannot start (the gate's Redis or database is down) is skipped and tried
again next interval; `flask registry scheduler` remains a way to queue sweeps, not a need.

The advisory lock commits on a connection of its own, outside `unit_of_work`: the lock
belongs to that session, and no use case's rows are written there.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from typing import TYPE_CHECKING, Protocol

from flask import Flask
from redis import Redis
from sqlalchemy import Connection, text

from app.extensions import db

if TYPE_CHECKING:
    from app.tasks.schedule import SweepReport

log = logging.getLogger(__name__)


class SweepGate(Protocol):
    """Lets one sweep through at a time."""

    def try_enter(self) -> bool:
        """Return True when this process may sweep now."""
        ...

    def leave(self) -> None:
        """Say the sweep is over."""
        ...


class RedisSlot:
    """One sweep per interval across processes: the first to set the key has the slot."""

    def __init__(self, connection: Redis, name: str, hold_s: float) -> None:
        self._connection = connection
        self.name = name
        self._hold_ms = max(1, int(hold_s * 1000))

    def try_enter(self) -> bool:
        """Take the slot unless another process took it less than an interval ago."""
        token = secrets.token_hex(8)
        return bool(self._connection.set(self.name, token, nx=True, px=self._hold_ms))

    def leave(self) -> None:
        """Keep the slot until it expires: that is what spaces the sweeps out."""


class AdvisoryLock:
    """A PostgreSQL session advisory lock on a connection of its own."""

    def __init__(self, app: Flask, name: str) -> None:
        self._app = app
        # Advisory locks take a 64-bit key: derive a stable one from the lock's name.
        digest = hashlib.sha256(name.encode()).digest()[:8]
        self.key = int.from_bytes(digest, "big", signed=True)
        self._connection: Connection | None = None

    def try_enter(self) -> bool:
        """Take the lock if no other session holds it (never waits)."""
        connection = db.engine.connect()
        got = bool(connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}))
        connection.commit()  # the lock is the session's, not the transaction's
        if not got:
            connection.close()
            return False
        self._connection = connection
        return True

    def leave(self) -> None:
        """Free the lock and its connection."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            connection.commit()
        finally:
            connection.close()  # closing frees a session lock anyway


class LocalLock:
    """Sweeps of this process, one at a time (SQLite: a single process anyway)."""

    _lock = threading.Lock()  # one per process, whichever timer or job asks

    def try_enter(self) -> bool:
        """Take the lock if free."""
        return self._lock.acquire(blocking=False)

    def leave(self) -> None:
        """Free it."""
        self._lock.release()


def gate_for(app: Flask) -> SweepGate:
    """Return the gate that fits the deployment: Redis with RQ, else PostgreSQL, else local."""
    from app.tasks import executor_kind

    name = f"{app.config['REGISTRY_QUEUE_NAME']}:sweep"
    executor = app.extensions.get("registry.executor")
    if executor_kind(app) == "rq" and executor is not None:
        interval = float(app.config["REGISTRY_SWEEP_EVERY_SECONDS"])
        return RedisSlot(executor.connection, f"{name}-slot", interval)
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect == "postgresql":
        return AdvisoryLock(app, name)
    return LocalLock()


class SweepTimer:
    """A daemon thread: sweep now, then every interval, whenever the gate lets it."""

    def __init__(self, app: Flask, gate: SweepGate | None = None) -> None:
        self._app = app
        self._gate = gate
        self._interval_s = float(app.config["REGISTRY_SWEEP_EVERY_SECONDS"])
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """Return True while the thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def start(self, sweep_first: bool = True) -> None:
        """Start the thread once, sweeping at once or after an interval; later calls do nothing."""
        with self._lock:
            if self._thread is not None or self._stop.is_set():
                return
            self._thread = threading.Thread(
                target=self._run, args=(sweep_first,), name="registry-sweeper", daemon=True
            )
            self._thread.start()

    def stop(self, wait: bool = True) -> None:
        """Stop the thread (after the sweep in progress, if any)."""
        with self._lock:
            self._stop.set()
            thread = self._thread
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join()

    def sweep_if_free(self) -> SweepReport | None:
        """Sweep once if the gate lets this process through; None when it did not."""
        from app.tasks.schedule import sweep

        with self._app.app_context():
            gate = self._gate or gate_for(self._app)
            self._gate = gate
            try:
                if not gate.try_enter():
                    return None
            except Exception:  # the gate's store is down: skip this round
                log.warning("sweep skipped: its lock could not be taken", exc_info=True)
                return None
            try:
                return sweep()
            finally:
                _leave(gate)

    def _run(self, sweep_first: bool) -> None:
        if not sweep_first and self._stop.wait(self._interval_s):
            return
        while not self._stop.is_set():
            try:
                self.sweep_if_free()
            except Exception:  # one failed sweep must not end the schedule
                log.exception("sweep failed")
            if self._stop.wait(self._interval_s):
                return


def _leave(gate: SweepGate) -> None:
    try:
        gate.leave()
    except Exception:  # a lost connection frees the lock by itself
        log.warning("sweep lock release failed", exc_info=True)
