"""Read use cases: the views of labs and releases that pages, the API and badges share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Artifact, CheckRun, Lab, Release
from app.services import lab_filters
from app.services.errors import NotFound
from app.services.pillar_views import (  # noqa: F401 - is_stale, stale_after re-exported
    evidence_view,
    is_stale,
    pillar_view,
    stale_after,
)
from app.services.read_models import (
    LabDetail,
    LabView,
    ReleaseDetail,
    ReleaseSummary,
)
from app.tasks.state import error_in_words
from registry.model import Pillar, ReleaseStatus
from registry.scoring import coverage
from registry.standard import NEVER_CHECKED, TIERS, TIERS_BY_LETTER
from schemas.fields import format_partial_date

LAB_SORTS = {
    "score": (Lab.score.desc().nulls_last(), Lab.slug),
    "name": (Lab.name, Lab.slug),
    "latest_release": (Lab.latest_release_on.desc().nulls_last(), Lab.slug),
    "releases": (Lab.release_count.desc(), Lab.slug),
}


def get_lab(slug: str) -> Lab:
    """Return a lab row or raise NotFound."""
    lab = db.session.scalar(select(Lab).where(Lab.slug == slug))
    if lab is None:
        raise NotFound(f"No lab {slug!r}.")
    return lab


def get_release(lab_slug: str, release_slug: str) -> Release:
    """Return a release row (with its lab) or raise NotFound."""
    release = db.session.scalar(
        select(Release)
        .join(Release.lab)
        .where(Lab.slug == lab_slug, Release.slug == release_slug)
        .options(
            selectinload(Release.artifacts).selectinload(Artifact.good_evidence),
        )
    )
    if release is None:
        raise NotFound(f"No release {release_slug!r} in lab {lab_slug!r}.")
    return release


def labs_query(sort: str = "score", filters: dict[str, Any] | None = None) -> Select[tuple[Lab]]:
    """Return the leaderboard query: sorted by LAB_SORTS, filtered as lab_filters says."""
    query = select(Lab).where(*lab_filters.conditions(filters or {}))
    return query.order_by(*LAB_SORTS.get(sort, LAB_SORTS["score"]))


def list_labs(sort: str = "score", filters: dict[str, Any] | None = None) -> list[LabView]:
    """Return every lab's summary for the leaderboard."""
    return [lab_view(lab) for lab in db.session.scalars(labs_query(sort, filters))]


def page_of_labs(
    sort: str, filters: dict[str, Any], page: int = 1, per_page: int = 50
) -> tuple[list[LabView], int]:
    """Return one page of lab summaries and the total number matching the filters."""
    rows, total = page_of(labs_query(sort, filters), page, per_page)
    return [lab_view(lab) for lab in rows], total


def page_of(query: Select[Any], page: int, per_page: int) -> tuple[list[Any], int]:
    """Return one page of a query's rows and the total row count."""
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    total = int(db.session.scalar(counted) or 0)
    offset = (page - 1) * per_page
    if offset >= total:
        # Past the end: answer empty without asking the database for an absurd OFFSET.
        return [], total
    return list(db.session.scalars(query.limit(per_page).offset(offset))), total


def lab_view(lab: Lab) -> LabView:
    """Return a lab as readers see it."""
    counts = lab.tier_counts or {}
    # Only verified releases have a tier, so the tier counts add up to the verified ones.
    verified = sum(counts.get(t.letter, 0) for t in TIERS)
    return {
        "slug": lab.slug,
        "name": lab.name,
        "homepage": lab.homepage,
        "country": lab.country,
        "hub_org": lab.hub_org,
        "sweep_hub": lab.sweep_hub,
        "community_submitted": lab.community_submitted,
        "score": lab.score,
        "status": (ReleaseStatus.VERIFIED if verified else ReleaseStatus.UNVERIFIED).value,
        "release_count": lab.release_count,
        "verified_release_count": verified,
        "coverage": coverage(verified, lab.release_count),
        "tier_distribution": [
            {"letter": t.letter, "name": t.name, "count": counts.get(t.letter, 0)} for t in TIERS
        ],
        "latest_release_on": lab.latest_release_on,
        "last_checked_at": lab.last_checked_at,
        "stale": is_stale(lab.last_checked_at, False),
        "url": f"/labs/{lab.slug}",
        "badge_url": f"/badges/{lab.slug}.svg",
    }


def lab_detail(slug: str) -> LabDetail:
    """Return a lab with the summaries of its releases."""
    lab = get_lab(slug)
    return {**lab_view(lab), "releases": [release_summary(r, lab) for r in lab.releases]}


def release_summary(release: Release, lab: Lab | None = None) -> ReleaseSummary:
    """Return a release as it appears in lists."""
    lab = lab or release.lab
    tier = TIERS_BY_LETTER[release.tier] if release.tier is not None else None
    return {
        "lab": lab.slug,
        "lab_name": lab.name,
        "slug": release.slug,
        "name": release.name,
        "released_on": format_partial_date(release.released_on, release.released_precision),
        "score": release.score if tier is not None else None,
        "tier": (
            {"letter": tier.letter, "name": tier.name, "description": tier.description}
            if tier is not None
            else None
        ),
        "status": release_status(release).value,
        "status_reason": (release.status_reason or NEVER_CHECKED) if tier is None else None,
        "verdicts": {
            Pillar.WEIGHTS.value: release.verdict_weights,
            Pillar.CODE.value: release.verdict_code,
            Pillar.DATA.value: release.verdict_data,
        },
        "last_checked_at": release.last_checked_at,
        # Stale means "the verdict shown is an older one"; an unverified release shows none.
        "stale": tier is not None and is_stale(release.last_checked_at, release.last_check_failed),
        "url": f"/labs/{lab.slug}/{release.slug}",
    }


def release_status(release: Release) -> ReleaseStatus:
    """Return whether a release row's tier and score stand on verified weights."""
    return ReleaseStatus.UNVERIFIED if release.tier is None else ReleaseStatus.VERIFIED


def release_detail(lab_slug: str, release_slug: str) -> ReleaseDetail:
    """Return a release in full: per-pillar verdicts with their evidence, runs and badges."""
    release = get_release(lab_slug, release_slug)
    latest = latest_run(release.id)
    return {
        **release_summary(release),
        "announced_as_open": release.announced_as_open,
        "paper_url": release.paper_url,
        "model_card": release.model_card,
        "community_submitted": release.community_submitted,
        "discovered": release.discovered,
        "last_check_failed": release.last_check_failed,
        "pillars": [pillar_view(release, p, _confirmation(latest)) for p in Pillar],
        "latest_run": run_view(latest) if latest else None,
        "badges": _badge_urls(lab_slug, release_slug),
        "consistency": release.consistency,
    }


def _confirmation(run: CheckRun | None) -> datetime | None:
    # A latest run the probe finished unchanged confirmed every artifact's evidence then.
    if run is None or run.state != "COMPLETED" or run.unchanged_since_run_id is None:
        return None
    return run.finished_at


def latest_run(release_id: int) -> CheckRun | None:
    """Return a release's most recent check run, if any."""
    return db.session.scalar(
        select(CheckRun).where(CheckRun.release_id == release_id).order_by(CheckRun.id.desc())
    )


ATTEMPT_COLUMNS = ("number", "started_at", "ended_at", "outcome", "error")


def run_view(run: CheckRun) -> dict[str, Any]:
    """Return a check run, its progress and its attempts."""
    view = {
        column: getattr(run, column)
        for column in (
            "id state trigger attempts created_at started_at finished_at "
            "artifacts_total artifacts_done unchanged unchanged_since_run_id probe error"
        ).split()
    }
    view["summary"] = run_summary(run)
    view["error_words"] = error_in_words(run.error)
    view["attempt_log"] = [
        {name: getattr(attempt, name) for name in ATTEMPT_COLUMNS} for attempt in run.attempt_log
    ]
    return view


def run_summary(run: CheckRun) -> str:
    """Say in words what a run did, e.g. "unchanged since run 12: its evidence stands"."""
    if run.state == "COMPLETED" and run.unchanged_since_run_id is not None:
        return (
            f"unchanged since run {run.unchanged_since_run_id}: every revision matched, "
            f"so run {run.unchanged_since_run_id}'s evidence stands (not copied)"
        )
    if run.state == "COMPLETED" and run.unchanged:
        return "unchanged: every revision matched; the last good evidence was carried forward"
    found = {"changed": "a revision changed", "failed": "a revision probe failed"}
    said = f"; {found[run.probe]}, so a full check followed" if run.probe in found else ""
    return {"PENDING": "queued", "RUNNING": "running", "COMPLETED": "checked",
            "ERROR": "failed"}.get(run.state, run.state.lower()) + said  # fmt: skip


def _badge_urls(lab_slug: str, release_slug: str) -> dict[str, str]:
    base = f"/badges/{lab_slug}/{release_slug}"
    urls = {"release": f"{base}.svg"}
    urls.update({p.value: f"{base}/{p.value}.svg" for p in Pillar})
    urls["consistency"] = f"{base}/consistency.svg"
    return urls


def runs_for_release(lab_slug: str, release_slug: str) -> Sequence[CheckRun]:
    """Return a release's check runs, newest first."""
    release = get_release(lab_slug, release_slug)
    return db.session.scalars(runs_query(release.id)).all()


def runs_query(release_id: int) -> Select[tuple[CheckRun]]:
    """Return the query of a release's check runs, newest first."""
    return select(CheckRun).where(CheckRun.release_id == release_id).order_by(CheckRun.id.desc())


def run_detail(lab_slug: str, release_slug: str, run_id: int) -> dict[str, Any]:
    """Return one check run of a release with every piece of evidence it recorded."""
    release = get_release(lab_slug, release_slug)
    run = db.session.scalar(
        select(CheckRun)
        .where(CheckRun.id == run_id, CheckRun.release_id == release.id)
        .options(selectinload(CheckRun.evidence))
    )
    if run is None:
        raise NotFound(f"No check run {run_id} for release {release_slug!r} in lab {lab_slug!r}.")
    view = run_view(run)
    view.update(lab=lab_slug, release=release_slug)
    view["evidence"] = [
        {"pillar": e.pillar, "artifact_id": e.artifact_id, **evidence_view(e)} for e in run.evidence
    ]
    view["carried_forward"] = _carried_forward(run, release)
    return view


def _carried_forward(run: CheckRun, release: Release) -> list[dict[str, Any]]:
    # A run the probe finished unchanged wrote no evidence: show what it confirmed, which
    # keeps its own run id (the run that found it), while it is still the release's.
    if run.unchanged_since_run_id is None or run.id != _latest_run_id(release.id):
        return []
    return [
        {"pillar": a.pillar, "artifact_id": a.id, **evidence_view(a.good_evidence)}
        for a in release.artifacts
        if a.good_evidence is not None
    ]


def _latest_run_id(release_id: int) -> int | None:
    latest = latest_run(release_id)
    return latest.id if latest is not None else None


RELEASE_SORTS = {
    # Unverified releases have no score: they come after every scored one, not as zeros.
    "score": (Release.score.desc().nulls_last(), Release.id),
    "name": (Release.name, Release.id),
    "released": (Release.released_on.desc().nulls_last(), Release.id),
    "checked": (Release.last_checked_at.desc().nulls_last(), Release.id),
}
# A release is unverified exactly when it has no tier (scores.rescore_release keeps it so).
STATUS_CONDITIONS = {
    ReleaseStatus.VERIFIED: Release.tier.is_not(None),
    ReleaseStatus.UNVERIFIED: Release.tier.is_(None),
}
VERDICT_COLUMNS = {
    Pillar.WEIGHTS: Release.verdict_weights,
    Pillar.CODE: Release.verdict_code,
    Pillar.DATA: Release.verdict_data,
}


def releases_query(filters: dict[str, Any]) -> Select[tuple[Release]]:
    """Return the release list query for filters: lab, tier, status, verdicts, dates, q, sort."""
    # No join: the lab filter is a subquery, so counts and pages read the release table
    # (and its indexes) alone; labs arrive with one extra SELECT ... IN.
    query = select(Release).options(selectinload(Release.lab))
    if filters.get("lab"):
        lab_id = select(Lab.id).where(Lab.slug == filters["lab"]).scalar_subquery()
        query = query.where(Release.lab_id == lab_id)
    if filters.get("tier"):
        query = query.where(Release.tier == filters["tier"])
    if filters.get("status"):
        query = query.where(STATUS_CONDITIONS[ReleaseStatus(filters["status"])])
    for pillar, column in VERDICT_COLUMNS.items():
        if filters.get(pillar.value):
            query = query.where(column == filters[pillar.value])
    if filters.get("released_after"):
        query = query.where(Release.released_on >= filters["released_after"])
    if filters.get("released_before"):
        query = query.where(Release.released_on <= filters["released_before"])
    if filters.get("q"):
        words = f"%{lab_filters.escape_like(filters['q'])}%"
        query = query.where(Release.name.ilike(words, escape="\\"))
    order = RELEASE_SORTS.get(filters.get("sort") or "score", RELEASE_SORTS["score"])
    return query.order_by(*order)


def list_releases(
    filters: dict[str, Any], page: int = 1, per_page: int = 50
) -> tuple[list[ReleaseSummary], int]:
    """Return one page of release summaries and the total number matching the filters."""
    rows, total = page_of(releases_query(filters), page, per_page)
    return [release_summary(r) for r in rows], total
