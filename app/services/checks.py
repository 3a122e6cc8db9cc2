"""Check-run use cases: ask for a check of a release and hand it to the executor.

The executor (in-process thread pool, or RQ on Redis) is chosen in app.tasks; this module
only records the request so the page, the API and the CLI all start checks the same way.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import CheckRun, Release

ACTIVE_STATES = ("PENDING", "RUNNING")


def request_check(release: Release, trigger: str = "manual") -> CheckRun:
    """Return the release's pending or running run, or create one and dispatch it."""
    active = db.session.scalar(
        select(CheckRun).where(
            CheckRun.release_id == release.id, CheckRun.state.in_(ACTIVE_STATES)
        )
    )
    if active is not None:
        return active
    run = CheckRun(release_id=release.id, trigger=trigger, artifacts_total=len(release.artifacts))
    db.session.add(run)
    db.session.commit()
    dispatch = current_app.extensions.get("registry.dispatch")
    if dispatch is not None:
        dispatch(run.id)
    return run
