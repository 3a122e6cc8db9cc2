"""The Hub as this process last found it: probed once at start-up, cleared by a good check.

`flask registry serve` probes the Hub endpoint the checkers will use (the stand-in Hub when
offline) on a thread, so serving starts at once. When it cannot be reached, one line goes
to the log and every page shows a banner saying so and what to do, until a check succeeds:
any evidence recorded after the probe without a failure, whichever process recorded it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import Evidence, utcnow
from app.tasks.clients import clients_for
from registry.reachability import Reachability, probe_hub

log = logging.getLogger(__name__)

EXTENSION = "registry.hub"


@dataclass
class HubStatus:
    """The start-up probe's result, and whether a check has succeeded since."""

    probe: Reachability
    probed_at: datetime
    cleared: bool = False

    @property
    def unreachable(self) -> bool:
        """Return True while the probe's failure has not been answered by a good check."""
        return not self.probe.reachable and not self.cleared


def probe(app: Flask) -> HubStatus:
    """Probe the Hub now, remember the result on the app and log it when unreachable."""
    with app.app_context():
        result = probe_hub(clients_for(app).hub)
    status = HubStatus(result, utcnow())
    app.extensions[EXTENSION] = status
    if not result.reachable:
        log.warning(
            "The Hugging Face Hub at %s cannot be reached (%s): checks will fail. "
            "Run `bin/serve --offline` to check against the bundled snapshots.",
            result.endpoint, result.failure, extra={"endpoint": result.endpoint},
        )
    return status


def probe_in_background(app: Flask) -> threading.Thread:
    """Probe on a daemon thread, so a slow network does not hold up serving."""
    thread = threading.Thread(target=probe, args=(app,), name="registry-hub-probe", daemon=True)
    thread.start()
    return thread


def hub_unreachable(app: Flask) -> bool:
    """Return True when the start-up probe failed and no check has succeeded since."""
    status: HubStatus | None = app.extensions.get(EXTENSION)
    if status is None or not status.unreachable:
        return False
    # One small query per page, and only while the banner shows: once cleared, none.
    status.cleared = _a_check_succeeded_since(status.probed_at)
    return status.unreachable


def hub_state(app: Flask) -> str:
    """Return the Hub's state for /healthz: ok, unreachable, or not probed (no `serve`)."""
    if app.extensions.get(EXTENSION) is None:
        return "not probed"
    return "unreachable" if hub_unreachable(app) else "ok"


def _a_check_succeeded_since(moment: datetime) -> bool:
    found = db.session.scalar(
        select(Evidence.id)
        .where(Evidence.failure_kind.is_(None), Evidence.checked_at >= moment)
        .limit(1)
    )
    return found is not None
