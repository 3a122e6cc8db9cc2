"""Run one attempt of a check run: claim it, check each artifact, persist, finish.

Both executors (the in-process thread pool and RQ workers) and `flask registry check`
call `execute_run`; what differs is only who calls it again after a failed attempt.

An attempt commits after each artifact, by hand rather than through `unit_of_work`: each
commit first re-checks that the attempt still owns its run (`state.advance`), so a
superseded attempt stops before it writes, and finished artifacts survive a crash.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from flask import Flask, current_app

from app.config import SETTINGS
from app.extensions import db
from app.models import Artifact, CheckRun, Release, utcnow
from app.offline import is_offline
from app.services import consistency, evidence
from app.tasks import state
from app.tasks.clients import checker_registry, clients_for, run_timeout
from app.tasks.heartbeat import AttemptStopped, AttemptTimedOut, ClaimLost, Heartbeat
from registry.checks import CheckerRegistry
from registry.model import ArtifactKind, CheckResult
from registry.ports import AdapterError, Clients
from registry.verify import check_release, current_revision

log = logging.getLogger(__name__)

# Triggers for which an unchanged revision is enough: a scheduled re-check is routine, while
# someone asking for a check (page, API, CLI) wants the artifacts looked at again.
QUICK_TRIGGERS = frozenset({"schedule"})
# The time the consistency findings may take after the artifacts are checked: a few Hub
# reads and git fetches, each under its adapter's own timeout.
CONSISTENCY_BUDGET_S = 120.0
DEFAULT_TIMEOUTS: Mapping[str, float] = next(
    s.default for s in SETTINGS if s.key == "REGISTRY_CHECK_TIMEOUTS"
)


class Outcome(StrEnum):
    """What one call of `execute_run` did."""

    COMPLETED = "completed"
    RETRY = "retry"  # the attempt failed; the run is PENDING again
    ERROR = "error"  # the attempt failed and was the last one
    SUPERSEDED = "superseded"  # another attempt took over; this one's findings were dropped
    SKIPPED = "skipped"  # nothing to do: finished already, or a live worker has it


@dataclass(frozen=True)
class RunReport:
    """The outcome of one attempt and its number (0 when nothing was claimed)."""

    outcome: Outcome
    attempt: int = 0


@dataclass(frozen=True)
class RunSettings:
    """The state machine's knobs, read once from config."""

    limits: state.Limits
    heartbeat_s: float
    timeouts: Mapping[str, float]
    backoff: tuple[float, ...]

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> RunSettings:
        """Read the REGISTRY_* settings the runner uses."""
        return cls(
            limits=state.Limits(
                heartbeat_timeout=timedelta(seconds=config["REGISTRY_HEARTBEAT_TIMEOUT"]),
                max_attempts=1 + config["REGISTRY_CHECK_RETRIES"],
            ),
            heartbeat_s=config["REGISTRY_HEARTBEAT_SECONDS"],
            timeouts={**DEFAULT_TIMEOUTS, **config["REGISTRY_CHECK_TIMEOUTS"]},
            backoff=tuple(config["REGISTRY_CHECK_RETRY_BACKOFF"]) or (0.0,),
        )

    def backoff_after(self, attempt: int) -> float:
        """Return the seconds to wait before retrying after `attempt` failed (the last repeats)."""
        return float(self.backoff[min(max(attempt, 1), len(self.backoff)) - 1])


# Called with each artifact once it has its evidence in this run.
ProgressHook = Callable[[Artifact], None]


def execute_run(run_id: int, on_progress: ProgressHook | None = None) -> RunReport:
    """Claim the run and make one attempt at it; never raises for a failed check."""
    # current_app is annotated as Flask, yet is the LocalProxy in front of it: unwrap it.
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    settings = RunSettings.from_config(app.config)
    claim = state.claim(run_id, settings.limits)
    if claim is None:
        return RunReport(Outcome.SKIPPED)
    try:
        _attempt(app, claim, settings, on_progress)
    except ClaimLost:
        db.session.rollback()
        log.warning("check attempt superseded", extra={"check_run_id": run_id})
        return RunReport(Outcome.SUPERSEDED, claim.attempt)
    except Exception as error:  # any failure ends the attempt, recorded
        db.session.rollback()
        log.warning("check attempt failed", extra={"check_run_id": run_id}, exc_info=True)
        outcome = (
            state.AttemptOutcome.TIMED_OUT
            if isinstance(error, AttemptTimedOut)
            else state.AttemptOutcome.FAILED
        )
        end = state.attempt_failed(claim, _describe(error), settings.limits, outcome=outcome)
        return RunReport(Outcome(end.value), claim.attempt)
    return RunReport(Outcome.COMPLETED, claim.attempt)


def _attempt(
    app: Flask, claim: state.Claim, settings: RunSettings, on_progress: ProgressHook | None
) -> None:
    run = db.session.get(CheckRun, claim.run_id)
    assert run is not None  # a claimed run exists
    release = run.release
    artifacts = list(release.artifacts)
    timeout = run_timeout(artifacts, settings.timeouts)
    with Heartbeat(app, claim, settings.heartbeat_s, timeout) as heartbeat:
        try:
            # A run the batched probe could not confirm gets no shortcut: a full check.
            quick = run.trigger in QUICK_TRIGGERS and run.probe != "failed"
            step = _Step(claim, clients_for(app), checker_registry(), quick, _facts(app),
                         heartbeat)
            done = evidence.artifacts_done(claim.run_id)
            for artifact in artifacts:
                # An artifact checked by an earlier attempt of this run is never checked again.
                if artifact.id not in done:
                    step.check(artifact)
                if on_progress is not None:
                    on_progress(artifact)
            heartbeat.raise_if_stopped()
            step.consistency(release)
            _finish(claim, run)
        except BaseException:
            # Release the run's row lock before the heartbeat thread (which may be waiting
            # on it) is joined, or the two would wait for each other.
            db.session.rollback()
            raise


def _facts(app: Flask) -> Mapping[str, Any]:
    # Said on every piece of evidence found through the stand-ins rather than the internet.
    return {"offline": True} if is_offline(app) else {}


@dataclass
class _Step:
    """Checks one artifact and writes its evidence in one transaction, while the claim holds."""

    claim: state.Claim
    clients: Clients
    checkers: CheckerRegistry
    quick: bool
    facts: Mapping[str, Any]
    heartbeat: Heartbeat

    def check(self, artifact: Artifact) -> bool:
        """Check (or confirm unchanged) one artifact; return True when carried forward."""
        self.heartbeat.raise_if_stopped()
        now = utcnow()
        started = time.monotonic()
        if self._unchanged(artifact):
            self._commit(lambda: evidence.copy_forward(
                self.claim.run_id, artifact, now, time.monotonic() - started))
            return True
        result = self._run_checker(artifact, now)
        # A result that arrives after the deadline belongs to a dead attempt: drop it.
        self.heartbeat.raise_if_stopped()
        self._commit(
            lambda: evidence.record_result(self.claim.run_id, artifact, result, self.facts)
        )
        return False

    def _unchanged(self, artifact: Artifact) -> bool:
        checker = self.checkers.for_kind(ArtifactKind(artifact.kind))
        if not (self.quick and evidence.can_copy_forward(artifact, checker.version)):
            return False
        try:
            revision = current_revision(evidence.artifact_ref(artifact), self.clients)
        except AdapterError:
            return False  # the full check will record the failure properly
        good = artifact.good_evidence
        return good is not None and revision is not None and revision == good.revision

    def consistency(self, release: Release) -> None:
        """Compare the release's artifacts with each other, once all of them are checked.

        Written in the run's finishing transaction (not committed here): findings of an
        attempt that loses its claim are dropped with the rest of it.
        """
        self.heartbeat.raise_if_stopped()
        if release.consistency is not None and evidence.run_was_unchanged(self.claim.run_id):
            return  # every revision is as before: so are the texts the findings read
        if self.heartbeat.remaining_s() < CONSISTENCY_BUDGET_S:
            # Findings are extra: never let them push the run past its timeout (a silent
            # run is reclaimed). The last findings stay, dated by the run that made them.
            log.info(
                "consistency skipped: too little time left",
                extra={"check_run_id": self.claim.run_id},
            )
            return
        consistency.record_consistency(release, self.clients)

    def _run_checker(self, artifact: Artifact, now: datetime) -> CheckResult:
        return check_release([evidence.artifact_ref(artifact)], self.clients, now, self.checkers)[0]

    def _commit(self, write: Callable[[], object]) -> None:
        if not state.advance(self.claim):
            raise ClaimLost(f"run {self.claim.run_id} is owned by another attempt")
        write()
        db.session.commit()


def _finish(claim: state.Claim, run: CheckRun) -> None:
    now = utcnow()
    if not state.complete(claim, evidence.run_was_unchanged(claim.run_id), now):
        raise ClaimLost(f"run {claim.run_id} is owned by another attempt")
    db.session.refresh(run)
    evidence.finish_release(run.release, run, now)
    db.session.commit()
    log.info("check run completed", extra={"check_run_id": claim.run_id})


def _describe(error: Exception) -> str:
    if isinstance(error, AttemptTimedOut):
        return f"Timed out: {error}"
    if isinstance(error, AttemptStopped):
        return str(error)
    return f"{type(error).__name__}: {error}"
