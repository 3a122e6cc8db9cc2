"""A thread that keeps a claimed run alive, and notices when it runs out of time or loses it."""

from __future__ import annotations

import logging
import threading
import time
from types import TracebackType

from flask import Flask

from app.extensions import db
from app.tasks import state

log = logging.getLogger(__name__)


class AttemptStopped(Exception):
    """The attempt must stop: its time is up or another worker owns the run now."""


class AttemptTimedOut(AttemptStopped):
    """The attempt ran past its run's timeout."""


class ClaimLost(AttemptStopped):
    """Another attempt owns the run; whatever this one found is dropped."""


class Heartbeat:
    """Beat every `interval_s` while the attempt runs; stop beating once `timeout_s` has passed.

    A timed-out attempt stops beating on purpose: if the check is stuck in a call that
    never returns, its silence lets the sweeper reclaim the run, exactly as if the worker
    had died.
    """

    def __init__(self, app: Flask, claim: state.Claim, interval_s: float, timeout_s: float):
        self._app = app
        self._claim = claim
        self._interval_s = interval_s
        self.timeout_s = timeout_s
        self._deadline = time.monotonic() + timeout_s
        self._stop = threading.Event()
        self.timed_out = threading.Event()
        self.lost = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"heartbeat-run-{claim.run_id}", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def remaining_s(self) -> float:
        """Return the seconds left before the attempt's timeout."""
        return self._deadline - time.monotonic()

    def raise_if_stopped(self) -> None:
        """Raise when the attempt should not go on (checked between artifacts)."""
        if self.lost.is_set():
            raise ClaimLost(f"run {self._claim.run_id} is owned by another attempt")
        if self.timed_out.is_set() or time.monotonic() > self._deadline:
            self.timed_out.set()
            raise AttemptTimedOut(f"the check took longer than its {self.timeout_s:g} s timeout")

    def _run(self) -> None:
        with self._app.app_context():
            while not self._stop.wait(self._interval_s):
                if time.monotonic() > self._deadline:
                    self.timed_out.set()
                    return
                if not self._beat():
                    self.lost.set()
                    return

    def _beat(self) -> bool:
        try:
            return state.beat(self._claim)
        except Exception:  # a missed beat is not fatal; the next one may succeed
            db.session.rollback()
            run_id = self._claim.run_id
            log.warning("heartbeat failed", extra={"check_run_id": run_id}, exc_info=True)
            return True
