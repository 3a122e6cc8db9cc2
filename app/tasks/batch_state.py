"""The state machine's moves for a batch of scheduled re-checks, each one statement for all.

A probe batch holds its runs RUNNING (heartbeat on, `attempts` untouched: probing is not an
attempt at a check), then either finishes the unchanged ones COMPLETED together or hands
the rest back to PENDING for a full check of their own. Every move re-checks ownership per
run, as `state.owned_by` does: RUNNING with the attempt count the batch saw when it took
the run, so a batch whose runs were reclaimed meanwhile (it went silent) changes nothing.

Like `state`, a move commits on its own (not through `unit_of_work`): a claim or a
heartbeat is worth something only once other workers can see it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import func, insert, literal, select, tuple_, update
from sqlalchemy.sql.elements import ColumnElement

from app.extensions import db
from app.models import (
    Artifact,
    CheckRun,
    CheckRunAttempt,
    Evidence,
    Lab,
    Release,
    UTCDateTime,
    utcnow,
)
from app.tasks.state import AttemptOutcome, Claim, Limits, RunState, claimable


def _owned(claims: Collection[Claim]) -> ColumnElement[bool]:
    return (CheckRun.state == RunState.RUNNING.value) & tuple_(CheckRun.id, CheckRun.attempts).in_(
        [(c.run_id, c.attempt) for c in claims]
    )


def claim_batch(run_ids: Sequence[int], limits: Limits, now: datetime | None = None) -> list[Claim]:
    """Take every claimable run of the batch; return the claims (runs finished are skipped)."""
    now = now or utcnow()
    if not run_ids:
        return []
    rows = db.session.execute(
        update(CheckRun)
        .where(
            CheckRun.id.in_(run_ids),
            claimable(now - limits.heartbeat_timeout),
            CheckRun.attempts < limits.max_attempts,
        )
        .values(state=RunState.RUNNING.value, started_at=now, heartbeat_at=now)
        .returning(CheckRun.id, CheckRun.attempts)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return [Claim(run_id, attempts) for run_id, attempts in sorted(rows)]


def beat_batch(claims: Collection[Claim], now: datetime | None = None) -> int:
    """Record that the batch is alive; return how many of its runs it still owns."""
    if not claims:
        return 0
    result = db.session.execute(
        update(CheckRun)
        .where(_owned(claims))
        .values(heartbeat_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def finish_unchanged(claims: Collection[Claim], now: datetime | None = None) -> list[int]:
    """Complete the runs as unchanged in the caller's transaction; return the ids finished.

    Each points at the run of its release's newest good evidence (`unchanged_since_run_id`);
    no evidence is written, no score recomputed: nothing it depends on moved. The release
    and its lab are dated, so pages, badges and the sweep see the confirmation.
    """
    if not claims:
        return []
    now = now or utcnow()
    since = (
        select(func.max(Evidence.check_run_id))
        .select_from(Artifact)
        .join(Evidence, Evidence.id == Artifact.good_evidence_id)
        .where(Artifact.release_id == CheckRun.release_id)
        .scalar_subquery()
    )
    finished = db.session.execute(
        update(CheckRun)
        .where(_owned(claims))
        .values(
            state=RunState.COMPLETED.value, finished_at=now, heartbeat_at=now, unchanged=True,
            error=None, attempts=CheckRun.attempts + 1, artifacts_done=CheckRun.artifacts_total,
            unchanged_since_run_id=since,
        )
        .returning(CheckRun.id, CheckRun.release_id, CheckRun.attempts)
        .execution_options(synchronize_session=False)
    ).all()  # fmt: skip
    if not finished:
        return []
    ids = [row.id for row in finished]
    db.session.execute(
        insert(CheckRunAttempt).from_select(
            ["check_run_id", "number", "started_at", "ended_at", "outcome"],
            select(CheckRun.id, CheckRun.attempts, CheckRun.started_at, literal(now, UTCDateTime()),
                   literal(AttemptOutcome.COMPLETED.value)).where(CheckRun.id.in_(ids)),
        )
    )  # fmt: skip
    releases = sorted({row.release_id for row in finished})
    db.session.execute(
        update(Release).where(Release.id.in_(releases))
        .values(last_checked_at=now).execution_options(synchronize_session=False)
    )  # fmt: skip
    labs = select(Release.lab_id).where(Release.id.in_(releases)).scalar_subquery()
    db.session.execute(
        update(Lab).where(Lab.id.in_(labs))
        .values(last_checked_at=now).execution_options(synchronize_session=False)
    )  # fmt: skip
    return ids


def hand_over(claims: Collection[Claim], probe: str) -> list[int]:
    """Give the runs back to PENDING for a full check, noting what the probe found."""
    if not claims:
        return []
    ids = db.session.scalars(
        update(CheckRun)
        .where(_owned(claims))
        .values(state=RunState.PENDING.value, heartbeat_at=None, started_at=None, probe=probe)
        .returning(CheckRun.id)
        .execution_options(synchronize_session=False)
    ).all()
    return sorted(ids)
