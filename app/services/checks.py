"""Check-run use cases: ask for a check of a release (its progress: check_progress.py).

The executor (in-process thread pool, or RQ on Redis) is chosen in app.tasks and set as
`app.extensions["registry.dispatch"]`; this module records the request so the page, the
API, the CLI and the scheduler all start checks the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import CheckRun, Release
from app.services import audit, catalogue
from app.services.identity import Identity, require_lab_editor
from app.services.read_models import ReleaseDetail, RunView
from app.services.release_reads import release_detail
from app.services.rows import get_release
from app.services.run_reads import run_view
from app.services.unit_of_work import after_commit, unit_of_work
from app.tasks.state import ACTIVE_STATES

log = logging.getLogger(__name__)

TRIGGERS = ("manual", "submission", "schedule", "cli", "api")
# The one-active-run index, as PostgreSQL names it and as SQLite reports its column.
ACTIVE_RUN_INDEX = ("uq_check_run_active_release", "check_run.release_id")
# A lost race for the active run is retried this often before the error is let through.
RACE_ATTEMPTS = 3

Dispatch = Callable[..., None]


@dataclass(frozen=True)
class Submitted:
    """A release as one submission committed it, with the check run it started."""

    lab: str
    slug: str
    name: str
    run_id: int
    view: ReleaseDetail  # built inside the committed transaction


@dataclass(frozen=True)
class Requested:
    """A check run as a request for a check committed it (new, or the one already active)."""

    run_id: int
    state: str
    view: RunView  # built inside the committed transaction


def dispatcher() -> Dispatch:
    """Return the app's dispatch function: dispatch(run_id, delay_s=0.0)."""
    dispatch: Dispatch | None = current_app.extensions.get("registry.dispatch")
    return dispatch or _record_only


def _record_only(run_id: int, delay_s: float = 0.0) -> None:
    # Manual executor: the run waits for `flask registry check` or a worker.
    log.info("check run recorded, not dispatched", extra={"check_run_id": run_id})


def active_run(release_id: int) -> CheckRun | None:
    """Return the release's pending or running run, if any."""
    return db.session.scalar(
        select(CheckRun).where(
            CheckRun.release_id == release_id, CheckRun.state.in_(ACTIVE_STATES)
        )
    )


def submit_release(identity: Identity, lab_slug: str, data: Mapping[str, Any]) -> Submitted:
    """Create a release, its artifacts and its first check run: one transaction, all or nothing."""
    with unit_of_work():
        release = catalogue.write_release(identity, lab_slug, data)
        return _submitted(release, request_check(release, trigger="submission"))


def resubmit_artifacts(
    identity: Identity, lab_slug: str, release_slug: str, artifacts: Iterable[Mapping[str, Any]]
) -> Submitted:
    """Replace a release's artifacts and start the check of them, in one transaction."""
    with unit_of_work():
        release = catalogue.write_artifacts(identity, lab_slug, release_slug, artifacts)
        return _submitted(release, request_check(release, trigger="submission"))


def _submitted(release: Release, run: CheckRun) -> Submitted:
    lab = release.lab.slug
    return Submitted(
        lab, release.slug, release.name, run.id, release_detail(lab, release.slug)
    )


def recheck(identity: Identity, lab_slug: str, release_slug: str, trigger: str) -> Requested:
    """Ask for a check of a release on behalf of someone who may edit its lab."""
    with unit_of_work():
        release = get_release(lab_slug, release_slug)
        require_lab_editor(identity, release.lab_id, catalogue.community_open())
        run = request_check(release, trigger=trigger)
        audit.record_write(identity, "release.check", release.lab, release)
        return Requested(run.id, run.state, run_view(run))


def request_check(release: Release, trigger: str = "manual", delay_s: float = 0.0) -> CheckRun:
    """Return the release's pending or running run, or create one and dispatch it on commit.

    Two racing requests for the same release get the same run: a partial unique index
    allows one active run per release, and the loser reads the winner's. The run is handed
    to the executor only once committed; if that fails (the queue is down) it stays
    PENDING and the sweeper dispatches it later.
    """
    with unit_of_work():
        run, created = _active_or_new_run(release, trigger)
        if created:
            run_id = run.id
            after_commit(lambda: _dispatch(run_id, delay_s))
    return run


def create_run(release: Release, trigger: str) -> tuple[CheckRun, bool]:
    """Return a new pending run of the release (created=True), or its active one (False)."""
    with unit_of_work():
        return _active_or_new_run(release, trigger)


def _active_or_new_run(release: Release, trigger: str) -> tuple[CheckRun, bool]:
    for _ in range(RACE_ATTEMPTS):
        existing = active_run(release.id)
        if existing is not None:
            return existing, False
        run = CheckRun(
            release_id=release.id, trigger=trigger, artifacts_total=len(release.artifacts)
        )
        try:
            # A savepoint: losing the race must not undo the caller's writes (the release).
            with db.session.begin_nested():
                db.session.add(run)
        except IntegrityError as error:
            if not any(marker in str(error.orig) for marker in ACTIVE_RUN_INDEX):
                raise
            continue  # the winner's run is active now, or already finished: look again
        release.last_requested_at = run.created_at
        return run, True
    raise RuntimeError(f"release {release.id}: no active run found after {RACE_ATTEMPTS} races")


def _dispatch(run_id: int, delay_s: float) -> None:
    try:
        dispatcher()(run_id, delay_s)
    except Exception:  # the run is recorded; the sweeper dispatches it later
        log.warning("dispatch failed; the sweeper will send the run", exc_info=True,
                    extra={"check_run_id": run_id})
