"""The sweeper: due re-checks oldest first and spread out; silent and lost runs sent again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import update

from app.extensions import db
from app.models import CheckRun, Release, utcnow
from app.services.checks import create_run
from app.services.rechecks import plan_batches
from app.tasks import state
from app.tasks.runner import RunSettings
from app.tasks.schedule import batch_size, sweep
from tests.factories import make_lab
from tests.integration.jobs.support import model_release, run_once, run_state


@dataclass
class RecordingExecutor:
    """An executor that only notes what it was asked to run (and claims to hold `held`)."""

    dispatched: list[tuple[int, float]] = field(default_factory=list)
    held: set[int] = field(default_factory=set)

    def dispatch(self, run_id: int, delay_s: float = 0.0) -> None:
        self.dispatched.append((run_id, delay_s))

    def is_queued(self, run_id: int) -> bool:
        return run_id in self.held

    def shutdown(self, wait: bool = True) -> None:
        """Nothing to release."""


@pytest.fixture
def executor(app: Flask) -> RecordingExecutor:
    recorder = RecordingExecutor()
    app.extensions["registry.executor"] = recorder
    app.extensions["registry.dispatch"] = recorder.dispatch
    return recorder


def checked_at(release: Release, when: datetime) -> CheckRun:
    """Give the release a finished run created at `when`."""
    run, _ = run_once(release)
    db.session.execute(update(CheckRun).where(CheckRun.id == run.id).values(created_at=when))
    db.session.execute(
        update(Release).where(Release.id == release.id).values(last_requested_at=when)
    )
    db.session.commit()
    return run


@pytest.mark.parametrize(
    ("total", "sweep_s", "hours", "expected"),
    [
        (0, 300, 24, 0),  # nothing to check
        (30, 300, 24, 1),  # 30 releases a day: one per five-minute sweep covers them
        (1000, 300, 24, 4),  # ceil(1000 * 300 / 86400)
        (10, 3600, 1, 10),  # a sweep per cadence: everything each time
    ],
)
def test_batch_size_covers_every_release_once_per_cadence(
    total: int, sweep_s: float, hours: int, expected: int
) -> None:
    assert batch_size(total, sweep_s, timedelta(hours=hours)) == expected


def test_due_rechecks_go_never_checked_first_then_oldest_spread_out(
    app: Flask, executor: RecordingExecutor
) -> None:
    # One release per probe batch, so the batches are what is spread over the interval.
    app.config.update(REGISTRY_RECHECK_EVERY_HOURS=24, REGISTRY_SWEEP_EVERY_SECONDS=21600,
                      REGISTRY_PROBE_BATCH=1)
    now = utcnow()
    lab = make_lab()
    recent, old, oldest, never = (model_release(lab) for _ in range(4))
    checked_at(recent, now - timedelta(hours=1))
    checked_at(old, now - timedelta(days=2))
    checked_at(oldest, now - timedelta(days=9))
    report = sweep(now)
    # 4 releases, a sweep every 6 h, a daily cadence: one overdue release per sweep, plus
    # every release never checked.
    runs = [db.session.get_one(CheckRun, run_id) for run_id in report.scheduled]
    assert [r.release_id for r in runs] == [never.id, oldest.id]
    assert {r.trigger for r in runs} == {"schedule"}
    assert [run_id for run_id, _ in executor.dispatched] == report.scheduled
    # A first check is never rationed; the overdue ones are spread, the first at once.
    assert [delay for _, delay in executor.dispatched] == [0.0, 0.0]
    # The next sweep finds those two active and takes the next oldest.
    later = sweep(now)
    assert [db.session.get_one(CheckRun, r).release_id for r in later.scheduled] == [old.id]


def test_a_silent_running_run_is_reclaimed_and_dispatched_again(
    app: Flask, executor: RecordingExecutor
) -> None:
    limits = RunSettings.from_config(app.config).limits
    run, _ = create_run(model_release(), "manual")
    assert state.claim(run.id, limits) is not None
    assert sweep().reclaimed == []
    silent = utcnow() + limits.heartbeat_timeout * 2
    report = sweep(silent)
    assert report.reclaimed == [run.id]
    assert (run.id, 0.0) in executor.dispatched
    reclaimed = run_state(run.id)
    assert (reclaimed.state, reclaimed.attempts) == ("PENDING", 1)
    assert "stopped responding" in (reclaimed.error or "")


def test_a_run_silent_on_its_last_attempt_ends_in_error(
    app: Flask, executor: RecordingExecutor
) -> None:
    app.config["REGISTRY_CHECK_RETRIES"] = 0
    limits = RunSettings.from_config(app.config).limits
    release = model_release()
    run, _ = create_run(release, "manual")
    assert state.claim(run.id, limits) is not None
    report = sweep(utcnow() + limits.heartbeat_timeout * 2)
    assert report.reclaimed == []
    assert run_state(run.id).state == "ERROR"
    db.session.refresh(release)
    assert release.last_check_failed


def test_a_pending_run_no_executor_holds_is_sent_again(
    app: Flask, executor: RecordingExecutor
) -> None:
    lost, _ = create_run(model_release(), "manual")
    held, _ = create_run(model_release(), "manual")
    executor.held.add(held.id)
    assert sweep().redispatched == []  # too young: its dispatch may be on its way
    later = utcnow() + timedelta(minutes=5)
    assert sweep(later).redispatched == [lost.id]


@pytest.mark.parametrize(
    ("runs", "owners", "size", "batches"),
    [
        ([], {}, 500, []),
        ([1, 2, 3], {1: "b", 2: "a", 3: "b"}, 500, [[2, 1, 3]]),  # one owner's side by side
        ([1, 2, 3, 4], {1: "b", 2: "a", 3: "b", 4: "a"}, 2, [[2, 4], [1, 3]]),
        ([5, 6, 7], {}, 2, [[5, 6], [7]]),  # no Hub artifact: due order kept
    ],
)
def test_probe_batches_keep_each_owner_together_in_due_order(
    runs: list[int], owners: dict[int, str], size: int, batches: list[list[int]]
) -> None:
    assert plan_batches(runs, owners, size) == batches
