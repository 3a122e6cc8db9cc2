"""Release reads: the release list (filtered, sorted, paged) and one release in full.

`release_detail` is behind both the release page and GET /api/v1/labs/<lab>/releases/<slug>,
so the two never disagree; a badge applies the same rules to one row (`badges.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from app.models import CheckRun, Lab, Release
from app.services import lab_filters
from app.services.paging import Order, Page, page_of
from app.services.pillar_views import is_stale, pillar_view
from app.services.read_models import ReleaseDetail, ReleaseSummary, TierView
from app.services.rows import get_release
from app.services.run_reads import latest_run, run_view
from registry.model import Pillar, ReleaseStatus
from registry.standard import NEVER_CHECKED, TIERS_BY_LETTER
from schemas.fields import format_partial_date


def release_summary(release: Release, lab: Lab | None = None) -> ReleaseSummary:
    """Return a release as it appears in lists."""
    lab = lab or release.lab
    tier = TIERS_BY_LETTER[release.tier] if release.tier is not None else None
    return ReleaseSummary(
        lab=lab.slug,
        lab_name=lab.name,
        slug=release.slug,
        name=release.name,
        released_on=format_partial_date(release.released_on, release.released_precision),
        score=release.score if tier is not None else None,
        tier=TierView(tier.letter, tier.name, tier.description) if tier is not None else None,
        status=release_status(release).value,
        status_reason=(release.status_reason or NEVER_CHECKED) if tier is None else None,
        verdicts={
            Pillar.WEIGHTS.value: release.verdict_weights,
            Pillar.CODE.value: release.verdict_code,
            Pillar.DATA.value: release.verdict_data,
        },
        last_checked_at=release.last_checked_at,
        # Stale means "the verdict shown is an older one"; an unverified release shows none.
        stale=tier is not None and is_stale(release.last_checked_at, release.last_check_failed),
        url=f"/labs/{lab.slug}/{release.slug}",
    )


def release_status(release: Release) -> ReleaseStatus:
    """Return whether a release row's tier and score stand on verified weights."""
    return ReleaseStatus.UNVERIFIED if release.tier is None else ReleaseStatus.VERIFIED


def release_detail(lab_slug: str, release_slug: str) -> ReleaseDetail:
    """Return a release in full: per-pillar verdicts with their evidence, runs and badges."""
    release = get_release(lab_slug, release_slug)
    return release_detail_of(release, latest_run(release.id))


def release_detail_of(release: Release, latest: CheckRun | None) -> ReleaseDetail:
    """Return a release row in full, with `latest`, its most recent check run (if any)."""
    return ReleaseDetail(
        **vars(release_summary(release)),
        announced_as_open=release.announced_as_open,
        paper_url=release.paper_url,
        model_card=release.model_card,
        community_submitted=release.community_submitted,
        discovered=release.discovered,
        last_check_failed=release.last_check_failed,
        pillars=tuple(pillar_view(release, p, _confirmation(latest)) for p in Pillar),
        latest_run=run_view(latest) if latest else None,
        badges=_badge_urls(release.lab.slug, release.slug),
        consistency=release.consistency,
    )


def _confirmation(run: CheckRun | None) -> datetime | None:
    # A latest run the probe finished unchanged confirmed every artifact's evidence then.
    if run is None or run.state != "COMPLETED" or run.unchanged_since_run_id is None:
        return None
    return run.finished_at


def _badge_urls(lab_slug: str, release_slug: str) -> dict[str, str]:
    base = f"/badges/{lab_slug}/{release_slug}"
    urls = {"release": f"{base}.svg"}
    urls.update({p.value: f"{base}/{p.value}.svg" for p in Pillar})
    urls["consistency"] = f"{base}/consistency.svg"
    return urls


RELEASE_SORTS = {
    # Unverified releases have no score: they come after every scored one, not as zeros.
    "score": Order(Release.score, Release.id, descending=True, nullable=True),
    "name": Order(Release.name, Release.id),
    "released": Order(Release.released_on, Release.id, descending=True, nullable=True),
    "checked": Order(Release.last_checked_at, Release.id, descending=True, nullable=True),
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


def releases_query(filters: Mapping[str, Any]) -> Select[Release]:
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
    return query.order_by(*release_order(filters).clauses())


def release_order(filters: Mapping[str, Any]) -> Order:
    """Return the order the filters' sort names (best score first by default)."""
    return RELEASE_SORTS.get(filters.get("sort") or "score", RELEASE_SORTS["score"])


def list_releases(
    filters: Mapping[str, Any], page: int = 1, per_page: int = 50,
    after: tuple[Any, Any] | None = None,
) -> Page[ReleaseSummary]:
    """Return a page of release summaries (numbered, or after a sort key) and their total."""
    query = releases_query(filters)
    return page_of(query, release_order(filters), page, per_page, after).map(release_summary)
