"""Checks run here and now, for `flask registry check`: what to check, and what each became.

The command executes each run in its own process, as a worker would
(app.tasks.runner.execute_run); this module hands it the releases as plain targets and
each outcome as a typed result, so the command prints without holding a row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import CheckRun, Lab, Release
from app.services.checks import create_run
from app.services.rows import get_lab, get_release


@dataclass(frozen=True)
class CheckTarget:
    """A release to check, and how many artifacts its check will look at."""

    lab: str
    release: str
    artifacts: int

    @property
    def name(self) -> str:
        """Return the release as the command names it: LAB/RELEASE."""
        return f"{self.lab}/{self.release}"


@dataclass(frozen=True)
class FailedArtifact:
    """An artifact whose last check failed, and whether its last good evidence is kept."""

    pillar: str
    kind: str  # the failure's kind, e.g. "server_error"
    stale_evidence_kept: bool


@dataclass(frozen=True)
class CheckedRelease:
    """What a release and its run became once checked."""

    state: str  # the run's
    error: str | None  # the run's, when it ended in error
    unchanged: bool
    score: int | None
    tier: str | None
    verdicts: tuple[str, str, str]  # weights, code, data
    failed: tuple[FailedArtifact, ...]


def check_targets(target: str | None) -> list[CheckTarget]:
    """Return the releases LAB or LAB/RELEASE names, or every release for None (NotFound)."""
    if target is None:
        query = select(Release).join(Release.lab).order_by(Lab.slug, Release.slug)
        releases = list(db.session.scalars(query.options(selectinload(Release.artifacts))))
    else:
        lab_slug, _, release_slug = target.partition("/")
        if release_slug:
            releases = [get_release(lab_slug, release_slug)]
        else:
            releases = list(get_lab(lab_slug).releases)
    return [CheckTarget(r.lab.slug, r.slug, len(r.artifacts)) for r in releases]


def start_check_here(target: CheckTarget) -> int:
    """Record a run of the release for this process to execute (not dispatched); its id.

    A run already queued elsewhere is returned instead, and claimed here if still pending;
    the queued job then finds it finished and does nothing.
    """
    run, _ = create_run(get_release(target.lab, target.release), trigger="cli")
    return run.id


def checked_release(target: CheckTarget, run_id: int) -> CheckedRelease:
    """Return what the release and its run became, read afresh after the run."""
    db.session.expire_all()  # the run was written in this session's other transactions
    run = db.session.get_one(CheckRun, run_id)
    release = get_release(target.lab, target.release)
    return CheckedRelease(
        state=run.state,
        error=run.error,
        unchanged=bool(run.unchanged),
        score=release.score,
        tier=release.tier,
        verdicts=(release.verdict_weights, release.verdict_code, release.verdict_data),
        failed=tuple(
            FailedArtifact(a.pillar, a.last_failure.split(":", 1)[0], bool(a.good_evidence_id))
            for a in release.artifacts
            if a.last_failure
        ),
    )
