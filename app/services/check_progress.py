"""How far the catalogue's checks have got, for the notice pages show while checks run.

"18 of 30 releases checked": a release counts as checked once a run of it has finished
and none is pending or running. Shown only while some run is active; an idle catalogue
costs one indexed count per page.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.models import CheckRun, Release
from app.services.checks import ACTIVE_STATES

FINISHED_STATES = ("COMPLETED", "ERROR")


@dataclass(frozen=True)
class CheckProgress:
    """Releases checked so far out of all, while checks are running."""

    checked: int
    total: int
    active: int

    @property
    def words(self) -> str:
        """Return the progress as pages show it."""
        return f"{self.checked} of {self.total} releases checked"


def catalogue_progress() -> CheckProgress | None:
    """Return the progress of the checks in flight, or None when none is pending or running."""
    active = int(
        db.session.scalar(
            select(func.count()).select_from(CheckRun).where(CheckRun.state.in_(ACTIVE_STATES))
        )
        or 0
    )
    if not active:
        return None
    has_run = select(CheckRun.id).where(CheckRun.release_id == Release.id)
    finished = has_run.where(CheckRun.state.in_(FINISHED_STATES)).exists()
    running = has_run.where(CheckRun.state.in_(ACTIVE_STATES)).exists()
    checked, total = db.session.execute(
        select(
            func.count().filter(finished & ~running),
            func.count(),
        ).select_from(Release)
    ).one()
    return CheckProgress(int(checked), int(total), active)
