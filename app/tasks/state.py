"""The check-run state machine: PENDING -> RUNNING -> COMPLETED or ERROR.

Every transition is one conditional UPDATE, so the database, not the workers, decides
who owns a run. A worker owns a run while its row is RUNNING with the attempt number it
claimed; anything it writes later re-checks that, so a superseded attempt (timed out,
reclaimed after its heartbeat stopped) can never overwrite the attempt that replaced it.

Each attempt also gets a `check_run_attempt` row, written in the same transaction as the
transition, saying how it ended. `check_run.error` is the failure of the latest attempt
while the run is pending again or in ERROR; a completed run has none (its earlier
attempts' failures stay in their rows).

Transitions commit on their own, not through `unit_of_work`: another worker must see a
claim the moment it is made, and a transition is never one step of a larger use case.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import CursorResult, Update, and_, insert, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from app.extensions import db
from app.models import CheckRun, CheckRunAttempt, Release, utcnow

log = logging.getLogger(__name__)


class RunState(StrEnum):
    """The states a check run moves through."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    ERROR = "ERROR"


class AttemptOutcome(StrEnum):
    """How one attempt at a run ended (check_run_attempt.outcome)."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    TIMED_OUT = "timed_out"
    ABANDONED = "abandoned"  # its worker went silent and the run was taken back


ACTIVE_STATES = (RunState.PENDING.value, RunState.RUNNING.value)
# The error text is a column of unbounded Text, but a traceback there helps no reader.
MAX_ERROR_CHARS = 2000
SILENT_WORKER = "The worker stopped responding during the check."
# A run error that is an exception's own text ("RuntimeError: ...") is for the attempt log.
RAW_ERROR = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Lost)\b:?")
UNEXPECTED_ERROR = (
    "an unexpected error inside the registry stopped it; the next check tries again "
    "(the run's attempt log in the API has the details)"
)


def error_in_words(error: str | None) -> str | None:
    """Return a run's error as people read it: ours as written, an exception's in words."""
    if not error:
        return None
    return UNEXPECTED_ERROR if RAW_ERROR.match(error) else error.rstrip(".")


@dataclass(frozen=True)
class Claim:
    """A worker's ownership of one attempt at one run."""

    run_id: int
    attempt: int


class AttemptEnd(StrEnum):
    """What became of a failed attempt."""

    RETRY = "retry"  # back to PENDING; the executor runs it again after a backoff
    ERROR = "error"  # attempts exhausted; the run is finished in ERROR
    SUPERSEDED = "superseded"  # someone else owns the run now; nothing was written


@dataclass(frozen=True)
class Limits:
    """How long a silent worker keeps its run, and how many attempts a run gets."""

    heartbeat_timeout: timedelta
    max_attempts: int


def claimable(stale_before: datetime) -> ColumnElement[bool]:
    """Return the condition under which a run may be claimed: pending, or running but silent."""
    return or_(
        CheckRun.state == RunState.PENDING.value,
        and_(CheckRun.state == RunState.RUNNING.value, CheckRun.heartbeat_at < stale_before),
    )


def owned_by(claim: Claim) -> ColumnElement[bool]:
    """Return the condition that the run is still running under this claim."""
    return and_(
        CheckRun.id == claim.run_id,
        CheckRun.state == RunState.RUNNING.value,
        CheckRun.attempts == claim.attempt,
    )


def claim(run_id: int, limits: Limits, now: datetime | None = None) -> Claim | None:
    """Take a run for one attempt, or return None when it is finished or owned by a live worker."""
    now = now or utcnow()
    attempt = db.session.scalar(
        update(CheckRun)
        .where(
            CheckRun.id == run_id,
            claimable(now - limits.heartbeat_timeout),
            CheckRun.attempts < limits.max_attempts,
        )
        .values(
            state=RunState.RUNNING.value,
            attempts=CheckRun.attempts + 1,
            started_at=now,
            heartbeat_at=now,
        )
        .returning(CheckRun.attempts)
        .execution_options(synchronize_session=False)
    )
    if attempt is None:
        db.session.commit()
        return None
    # Taken straight from a silent worker (no sweep in between): its attempt was abandoned.
    _end_attempts([run_id], AttemptOutcome.ABANDONED, SILENT_WORKER, now)
    db.session.execute(
        insert(CheckRunAttempt).values(
            check_run_id=run_id, number=attempt, started_at=now,
            outcome=AttemptOutcome.RUNNING.value,
        )
    )
    db.session.commit()
    log.info("check run claimed", extra={"check_run_id": run_id, "attempt": attempt})
    return Claim(run_id, attempt)


def beat(claim: Claim, now: datetime | None = None) -> bool:
    """Record that the claim's worker is alive; return False when the claim was lost."""
    changed = _changed(
        update(CheckRun).where(owned_by(claim)).values(heartbeat_at=now or utcnow())
    )
    db.session.commit()
    return changed


def advance(claim: Claim, now: datetime | None = None) -> bool:
    """Count one more artifact done (and beat) inside the caller's transaction, if still owned."""
    return _changed(
        update(CheckRun)
        .where(owned_by(claim))
        .values(artifacts_done=CheckRun.artifacts_done + 1, heartbeat_at=now or utcnow())
    )


def complete(claim: Claim, unchanged: bool, now: datetime | None = None) -> bool:
    """Finish the run inside the caller's transaction, if still owned; its error is cleared."""
    now = now or utcnow()
    finished = _changed(
        update(CheckRun)
        .where(owned_by(claim))
        .values(
            state=RunState.COMPLETED.value, finished_at=now, unchanged=unchanged, error=None
        )
    )
    if finished:
        _end_attempt(claim, AttemptOutcome.COMPLETED, None, now)
    return finished


def attempt_failed(
    claim: Claim,
    error: str,
    limits: Limits,
    now: datetime | None = None,
    outcome: AttemptOutcome = AttemptOutcome.FAILED,
) -> AttemptEnd:
    """Record a failed attempt: back to PENDING while attempts remain, else ERROR."""
    now = now or utcnow()
    retry = claim.attempt < limits.max_attempts
    values = (
        {"state": RunState.PENDING.value, "heartbeat_at": None}
        if retry
        else {"state": RunState.ERROR.value, "finished_at": now}
    )
    error = error[:MAX_ERROR_CHARS]
    if not _changed(update(CheckRun).where(owned_by(claim)).values(error=error, **values)):
        db.session.rollback()
        return AttemptEnd.SUPERSEDED
    _end_attempt(claim, outcome, error, now)
    if not retry:
        _mark_release_failed(claim.run_id)
    db.session.commit()
    log.warning(
        "check attempt failed",
        extra={"check_run_id": claim.run_id, "attempt": claim.attempt, "retry": retry},
    )
    return AttemptEnd.RETRY if retry else AttemptEnd.ERROR


def reclaim_stale(limits: Limits, now: datetime | None = None) -> list[int]:
    """Put runs whose worker went silent back to PENDING (ERROR when out of attempts).

    Returns the ids put back, for the caller to dispatch again. Each UPDATE re-checks the
    silence, so two sweepers never both re-queue a run.
    """
    now = now or utcnow()
    silent = and_(
        CheckRun.state == RunState.RUNNING.value,
        CheckRun.heartbeat_at < now - limits.heartbeat_timeout,
    )
    exhausted = db.session.scalars(
        update(CheckRun)
        .where(silent, CheckRun.attempts >= limits.max_attempts)
        .values(state=RunState.ERROR.value, finished_at=now, error=SILENT_WORKER)
        .returning(CheckRun.id)
        .execution_options(synchronize_session=False)
    ).all()
    for run_id in exhausted:
        _mark_release_failed(run_id)
    requeued = db.session.scalars(
        update(CheckRun)
        .where(silent)
        .values(state=RunState.PENDING.value, heartbeat_at=None, error=SILENT_WORKER)
        .returning(CheckRun.id)
        .execution_options(synchronize_session=False)
    ).all()
    _end_attempts([*exhausted, *requeued], AttemptOutcome.ABANDONED, SILENT_WORKER, now)
    db.session.commit()
    return sorted(requeued)


def pending_older_than(cutoff: datetime) -> list[int]:
    """Return ids of runs still PENDING that were created before `cutoff`, oldest first."""
    return list(
        db.session.scalars(
            select(CheckRun.id)
            .where(CheckRun.state == RunState.PENDING.value, CheckRun.created_at < cutoff)
            .order_by(CheckRun.id)
        )
    )


def _end_attempt(
    claim: Claim, outcome: AttemptOutcome, error: str | None, now: datetime
) -> None:
    db.session.execute(
        update(CheckRunAttempt)
        .where(
            CheckRunAttempt.check_run_id == claim.run_id,
            CheckRunAttempt.number == claim.attempt,
        )
        .values(outcome=outcome.value, error=error, ended_at=now)
        .execution_options(synchronize_session=False)
    )


def _end_attempts(
    run_ids: list[int], outcome: AttemptOutcome, error: str, now: datetime
) -> None:
    # Whatever attempt of these runs is still marked running has just been taken back.
    if not run_ids:
        return
    db.session.execute(
        update(CheckRunAttempt)
        .where(
            CheckRunAttempt.check_run_id.in_(run_ids),
            CheckRunAttempt.outcome == AttemptOutcome.RUNNING.value,
        )
        .values(outcome=outcome.value, error=error, ended_at=now)
        .execution_options(synchronize_session=False)
    )


def _changed(statement: Update) -> bool:
    # Core UPDATEs (no ORM session sync): the row count is the answer to "did we own it?".
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return bool(cast("CursorResult[Any]", result).rowcount)


def _mark_release_failed(run_id: int) -> None:
    # A run that ends in ERROR leaves the release's evidence as it was, but stale.
    release_id = select(CheckRun.release_id).where(CheckRun.id == run_id).scalar_subquery()
    db.session.execute(
        update(Release)
        .where(Release.id == release_id)
        .values(last_check_failed=True)
        .execution_options(synchronize_session=False)
    )
