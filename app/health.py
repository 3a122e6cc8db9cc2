"""Liveness and readiness: /healthz reports each dependency, the database and the job queue.

The database is what the registry cannot work without: unreachable, /healthz answers 503.
The Hub, when the start-up probe found it unreachable and no check has succeeded since,
makes the service "degraded" (checks will fail; reading still works).
The queue is not: with Redis down, writes still succeed and their runs wait, PENDING, for
the sweeper to send them once it is back, so a lost queue is "degraded" and still 200.
"""

from __future__ import annotations

import contextlib

from flask import Blueprint, current_app
from sqlalchemy import text

from app.extensions import db
from app.hub_status import hub_state
from app.tasks import queue_status

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """Report whether the app can reach its database and its job queue."""
    database = database_status()
    queue = queue_status(current_app)
    if database != "ok":
        return {"status": "unavailable", "database": database, "queue": queue}, 503
    hub = hub_state(current_app)
    overall = "degraded" if "unreachable" in (queue, hub) else "ok"
    return {"status": overall, "database": database, "queue": queue, "hub": hub}, 200


def database_status() -> str:
    """Return "ok" when the database answers a trivial query, else "unreachable"."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:  # noqa: BLE001 - any failure means not ready
        with contextlib.suppress(Exception):  # the connection is gone; the pool discards it
            db.session.rollback()
        return "unreachable"
    return "ok"
