"""What the lab and release pages show, each read in one call.

A page shows more than its API twin (history, badges, what it may be compared with), but
from the same views: `lab_detail_of` and `release_detail_of` are what the API returns, so
page and JSON never disagree. Each page reads its row once and builds everything from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models import CheckRun, Release
from app.services.check_progress import ArtifactProgress, run_progress
from app.services.history import LabHistory, ReleaseHistory, lab_history_of, release_history_of
from app.services.lab_reads import lab_detail_of, list_labs
from app.services.read_models import LabDetail, LabView, ReleaseDetail, ReleaseSummary
from app.services.release_reads import release_detail_of, release_summary
from app.services.rows import get_lab, get_release, releases_of
from app.services.run_reads import latest_run
from app.tasks.state import ACTIVE_STATES


@dataclass(frozen=True)
class LabPage:
    """A lab page: the lab with its releases, its history, and the labs it may be compared with."""

    lab: LabDetail
    history: LabHistory
    lab_id: int  # whom permissions are asked about
    score_version: int  # in chart and badge URLs, so a cached copy is never out of date
    other_labs: tuple[LabView, ...]  # by name


@dataclass(frozen=True)
class ReleasePage:
    """A release page: the release in full, its history, its check's progress, its siblings."""

    release: ReleaseDetail
    history: ReleaseHistory
    lab_id: int
    score_version: int
    progress: tuple[ArtifactProgress, ...]  # empty unless a check of it is pending or running
    siblings: tuple[ReleaseSummary, ...]  # the lab's other releases, to compare it with


def lab_page(slug: str) -> LabPage:
    """Return everything the lab page shows."""
    lab = get_lab(slug)
    return LabPage(
        lab=lab_detail_of(lab),
        history=lab_history_of(lab),
        lab_id=lab.id,
        score_version=lab.score_version,
        other_labs=tuple(other for other in list_labs("name") if other.slug != slug),
    )


def release_page(lab_slug: str, release_slug: str) -> ReleasePage:
    """Return everything the release page shows."""
    release = get_release(lab_slug, release_slug)
    latest = latest_run(release.id)
    return ReleasePage(
        release=release_detail_of(release, latest),
        history=release_history_of(release),
        lab_id=release.lab_id,
        score_version=release.score_version,
        progress=_progress(latest, release),
        siblings=tuple(
            release_summary(r, release.lab) for r in releases_of(release.lab) if r.id != release.id
        ),
    )


def _progress(latest: CheckRun | None, release: Release) -> tuple[ArtifactProgress, ...]:
    if latest is None or latest.state not in ACTIVE_STATES:
        return ()
    return run_progress(latest, release.artifacts).artifacts
