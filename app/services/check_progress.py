"""How far checks have got: the catalogue's, and a release's latest run, artifact by artifact.

"18 of 30 releases checked": a release counts as checked once a run of it has finished
and none is pending or running. Shown only while some run is active; an idle catalogue
costs one indexed count per page. A release's progress is what its page polls
(GET .../checks/latest) while a check of it runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.models import Artifact, CheckRun, Evidence, Release
from app.services.read_models import RunView
from app.services.release_reads import release_summary
from app.services.rows import get_release
from app.services.run_reads import latest_run, run_view
from app.tasks.state import ACTIVE_STATES

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


@dataclass(frozen=True)
class ArtifactProgress:
    """Where one artifact stands in a run: waiting, being checked, checked, or not checked."""

    pillar: str
    kind: str
    locator: str
    status: str  # pending, running, done or not_checked (the run ended first)
    verdict: str | None
    unchanged: bool
    failure: str | None
    evidence_id: int | None


@dataclass(frozen=True)
class RunProgress(RunView):
    """A check run with whether it is still active and each artifact's progress."""

    active: bool
    artifacts: tuple[ArtifactProgress, ...]


@dataclass(frozen=True)
class ReleaseProgress:
    """A release's current score and verdicts, and its latest run's progress."""

    lab: str
    release: str
    score: int | None
    tier: str | None
    status: str
    status_reason: str | None
    verdicts: dict[str, str]
    stale: bool
    run: RunProgress | None


def latest_progress(lab_slug: str, release_slug: str) -> ReleaseProgress:
    """Return the latest run of a release with per-artifact progress (what the page polls)."""
    release = get_release(lab_slug, release_slug)
    run = latest_run(release.id)
    summary = release_summary(release)
    return ReleaseProgress(
        lab=lab_slug,
        release=release_slug,
        score=summary.score,
        tier=summary.tier.letter if summary.tier else None,
        status=summary.status,
        status_reason=summary.status_reason,
        verdicts=dict(summary.verdicts),
        stale=summary.stale,
        run=run_progress(run, release.artifacts) if run is not None else None,
    )


def run_progress(run: CheckRun, artifacts: Sequence[Artifact]) -> RunProgress:
    """Return a run of a release with each of the release's artifacts' progress in it."""
    found = {
        row.artifact_id: row
        for row in db.session.scalars(select(Evidence).where(Evidence.check_run_id == run.id))
    }
    confirmed = run.unchanged_since_run_id is not None
    if confirmed:
        # Finished by the probe: no rows of its own; each artifact's evidence was confirmed.
        found = {a.id: a.good_evidence for a in artifacts if a.good_evidence is not None}
    statuses = _statuses(run.state, [a.id in found for a in artifacts])
    counts = {
        "artifacts_total": len(artifacts),
        "artifacts_done": sum(1 for a in artifacts if a.id in found),
    }
    return RunProgress(
        **{**vars(run_view(run)), **counts},
        active=run.state in ACTIVE_STATES,
        artifacts=tuple(
            _artifact_progress(a, found.get(a.id), status, confirmed)
            for a, status in zip(artifacts, statuses, strict=True)
        ),
    )


def _statuses(run_state: str, done: list[bool]) -> list[str]:
    # Artifacts are checked in order: the first one not done of a running run is in progress.
    waiting = {"PENDING": "pending", "RUNNING": "pending"}.get(run_state, "not_checked")
    statuses = ["done" if d else waiting for d in done]
    if run_state == "RUNNING" and "pending" in statuses:
        statuses[statuses.index("pending")] = "running"
    return statuses


def _artifact_progress(
    artifact: Artifact, row: Evidence | None, status: str, confirmed: bool = False
) -> ArtifactProgress:
    return ArtifactProgress(
        pillar=artifact.pillar,
        kind=artifact.kind,
        locator=artifact.locator,
        status=status,
        verdict=row.verdict if row is not None else None,
        unchanged=confirmed or bool(row is not None and "copied_from" in (row.facts or {})),
        failure=row.failure_kind if row is not None else None,
        evidence_id=row.id if row is not None else None,
    )
