"""The sweeper: reclaim silent runs, re-queue lost ones, start first checks at once, probe due
re-checks in batches (spread out), and sweep the Hub organisations of the labs that asked for
it, once per cadence.

Run every REGISTRY_SWEEP_EVERY_SECONDS by a timer in every long-running RQ worker and in
the embedded executor (app.tasks.sweeper, one sweep at a time across processes), by RQ's
cron scheduler if `flask registry scheduler` runs, or once by hand with `flask registry sweep`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, Select, func, select

from app.extensions import db
from app.models import CheckRun, Release, utcnow
from app.services.checks import dispatcher, request_check
from app.services.idempotency import forget_expired
from app.services.rechecks import SCHEDULE, start_rechecks
from app.services.sweeps import sweep_due_labs
from app.tasks import state
from app.tasks.runner import RunSettings
from app.tasks.state import ACTIVE_STATES

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class SweepReport:
    """What one sweep did, by run id (and how many expired idempotency keys it dropped)."""

    reclaimed: list[int] = field(default_factory=list)
    redispatched: list[int] = field(default_factory=list)
    scheduled: list[int] = field(default_factory=list)
    expired_keys: int = 0
    swept_labs: list[str] = field(default_factory=list)  # labs whose Hub sweep was due

    def as_dict(self) -> dict[str, object]:
        """Return the report as plain data (an RQ job result)."""
        return asdict(self)


def sweep(now: datetime | None = None) -> SweepReport:
    """Do one round of the sweeper's chores."""
    now = now or utcnow()
    settings = RunSettings.from_config(current_app.config)
    reclaimed = state.reclaim_stale(settings.limits, now)
    rebatch = _never_probed(reclaimed)
    for run_id in reclaimed:
        if run_id not in rebatch:
            _dispatch_or_leave(run_id)
    _rebatch(sorted(rebatch))
    lost = redispatch_lost(now - settings.limits.heartbeat_timeout, set(reclaimed))
    scheduled = schedule_rechecks(now)
    expired = forget_expired(now)
    labs = [outcome.lab for outcome in sweep_due_labs(now)]
    return SweepReport(reclaimed, lost, scheduled, expired, labs)


def _never_probed(run_ids: list[int]) -> set[int]:
    # Scheduled runs taken back from a silent probe batch go to a batch again, not one by one.
    if not run_ids:
        return set()
    return set(db.session.scalars(
        select(CheckRun.id).where(
            CheckRun.id.in_(run_ids), CheckRun.trigger == SCHEDULE, CheckRun.probe.is_(None),
            CheckRun.attempts == 0,
        )
    ))  # fmt: skip


def _rebatch(run_ids: list[int]) -> None:
    executor = current_app.extensions.get("registry.executor")
    dispatch_batch = getattr(executor, "dispatch_batch", None)
    if not run_ids:
        return
    if dispatch_batch is None:
        for run_id in run_ids:
            _dispatch_or_leave(run_id)
        return
    try:
        dispatch_batch(run_ids, 0.0)
    except Exception:  # they stay PENDING; redispatch_lost sends them later
        log.warning("batch dispatch failed", exc_info=True)


def _dispatch_or_leave(run_id: int) -> None:
    # The queue may be down: the run stays PENDING and a later sweep sends it.
    try:
        dispatcher()(run_id)
    except Exception:  # one unreachable queue must not stop the other chores
        log.warning("dispatch failed", extra={"check_run_id": run_id}, exc_info=True)


def redispatch_lost(created_before: datetime, skip: set[int]) -> list[int]:
    """Queue again the pending runs no executor holds (lost with a restart or a Redis flush)."""
    executor = current_app.extensions.get("registry.executor")
    if executor is None:
        return []
    lost = [
        run_id
        for run_id in state.pending_older_than(created_before)
        if run_id not in skip and not executor.is_queued(run_id)
    ]
    for run_id in lost:
        executor.dispatch(run_id)
    return lost


def schedule_rechecks(now: datetime) -> list[int]:
    """Create runs for the releases due: never-checked at once, then re-checks in probe batches.

    A release never checked has no verdict at all and no revision to compare, so its first
    check is neither rationed nor probed: all of them start now (the executor's workers take
    them in order). Releases with evidence are probed in batches spread over the sweep
    interval, and only those whose revisions moved get a full check.
    """
    config = current_app.config
    every = timedelta(hours=config["REGISTRY_RECHECK_EVERY_HOURS"])
    sweep_s = float(config["REGISTRY_SWEEP_EVERY_SECONDS"])
    never, overdue = due_releases(now - every, batch_size(_release_count(), sweep_s, every))
    first = _request([(release_id, 0.0) for release_id in never], "schedule")
    return first + start_rechecks(overdue, sweep_s, now)


def check_unverified_now(include_failed: bool) -> list[int]:
    """Start a check at once of every release never checked (and, if asked, last failed).

    For `serve` at start-up: a first run has no verdicts to show until these finish, and
    with `--offline` a release whose last check failed (a first run without network) would
    otherwise stay unverified until its daily re-check.
    """
    no_active_run = ~select(CheckRun.id).where(
        CheckRun.release_id == Release.id, CheckRun.state.in_(ACTIVE_STATES)
    ).exists()
    wanted: ColumnElement[bool] = Release.last_checked_at.is_(None)
    if include_failed:
        wanted = wanted | Release.last_check_failed.is_(True)
    # Never checked first, so the catalogue fills in before failures are retried.
    ids = db.session.scalars(
        select(Release.id)
        .where(wanted, no_active_run)
        .order_by(Release.last_checked_at.is_not(None), Release.id)
    ).all()
    return _request([(release_id, 0.0) for release_id in ids], "schedule")


def _request(planned: Sequence[tuple[int, float]], trigger: str) -> list[int]:
    runs = []
    for release_id, delay_s in planned:
        release = db.session.get(Release, release_id)
        if release is not None:
            runs.append(request_check(release, trigger=trigger, delay_s=delay_s).id)
    return runs


def batch_size(total: int, sweep_s: float, every: timedelta) -> int:
    """Return how many releases one sweep re-checks so that all are covered once per cadence."""
    if total == 0:
        return 0
    return max(1, math.ceil(total * sweep_s / max(every.total_seconds(), 1.0)))


def due_releases(checked_before: datetime, limit: int) -> tuple[list[int], list[int]]:
    """Return releases never checked, and those whose latest run is oldest (before the cutoff).

    Both read `ix_release_requested` (last_requested_at, id) in order: an index scan that
    stops at the limit, however many releases the catalogue holds.
    """
    # Never-checked releases have no evidence at all: they all go now, not at the steady rate.
    never = db.session.scalars(
        select(Release.id).where(Release.last_requested_at.is_(None)).order_by(Release.id)
    ).all()
    overdue = db.session.scalars(
        due_query(checked_before, limit)
    ).all()
    return list(never), list(overdue)


def due_query(checked_before: datetime, limit: int) -> Select[int]:
    """Return the query of releases last asked for before the cutoff, oldest first."""
    return (
        select(Release.id)
        .where(Release.last_requested_at < checked_before)
        .order_by(Release.last_requested_at, Release.id)
        .limit(limit)
    )


def _release_count() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Release)) or 0)
