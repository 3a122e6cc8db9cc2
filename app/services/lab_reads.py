"""Lab reads: the leaderboard (sorted, filtered, paged) and one lab with its releases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, func, select

from app.extensions import db
from app.models import Lab
from app.services import lab_filters
from app.services.paging import Order, Page, page_of
from app.services.pillar_views import is_stale
from app.services.read_models import LabDetail, LabRef, LabView, TierCount
from app.services.release_reads import release_summary
from app.services.rows import get_lab, releases_of
from registry.model import ReleaseStatus
from registry.scoring import coverage
from registry.standard import TIERS

LAB_SORTS = {
    "score": Order(Lab.score, Lab.slug, descending=True, nullable=True),
    "name": Order(Lab.name, Lab.slug),
    "latest_release": Order(Lab.latest_release_on, Lab.slug, descending=True, nullable=True),
    "releases": Order(Lab.release_count, Lab.slug, descending=True),
}


def labs_query(
    sort: str = "score", filters: Mapping[str, Any] | None = None
) -> Select[Lab]:
    """Return the leaderboard query: sorted by LAB_SORTS, filtered as lab_filters says."""
    query = select(Lab).where(*lab_filters.conditions(filters or {}))
    return query.order_by(*LAB_SORTS.get(sort, LAB_SORTS["score"]).clauses())


def list_labs(sort: str = "score", filters: Mapping[str, Any] | None = None) -> list[LabView]:
    """Return every lab's summary for the leaderboard."""
    return [lab_view(lab) for lab in db.session.scalars(labs_query(sort, filters))]


def page_of_labs(
    sort: str, filters: Mapping[str, Any], page: int = 1, per_page: int = 50,
    after: tuple[Any, Any] | None = None,
) -> Page[LabView]:
    """Return a page of lab summaries (numbered, or after a sort key) and their total."""
    order = LAB_SORTS.get(sort, LAB_SORTS["score"])
    return page_of(labs_query(sort, filters), order, page, per_page, after).map(lab_view)


def lab_view(lab: Lab) -> LabView:
    """Return a lab as readers see it."""
    counts = lab.tier_counts or {}
    # Only verified releases have a tier, so the tier counts add up to the verified ones.
    verified = sum(counts.get(t.letter, 0) for t in TIERS)
    return LabView(
        slug=lab.slug,
        name=lab.name,
        homepage=lab.homepage,
        country=lab.country,
        hub_org=lab.hub_org,
        sweep_hub=lab.sweep_hub,
        community_submitted=lab.community_submitted,
        score=lab.score,
        status=(ReleaseStatus.VERIFIED if verified else ReleaseStatus.UNVERIFIED).value,
        release_count=lab.release_count,
        verified_release_count=verified,
        coverage=coverage(verified, lab.release_count),
        tier_distribution=tuple(
            TierCount(t.letter, t.name, counts.get(t.letter, 0)) for t in TIERS
        ),
        latest_release_on=lab.latest_release_on,
        last_checked_at=lab.last_checked_at,
        stale=is_stale(lab.last_checked_at, False),
        url=f"/labs/{lab.slug}",
        badge_url=f"/badges/{lab.slug}.svg",
    )


def lab_detail(slug: str) -> LabDetail:
    """Return a lab with the summaries of its releases."""
    return lab_detail_of(get_lab(slug))


def lab_ref(slug: str) -> LabRef:
    """Return the lab a slug names (raise NotFound): for routes that only need it to exist."""
    lab = get_lab(slug)
    return LabRef(lab.slug, lab.name)


def lab_detail_of(lab: Lab) -> LabDetail:
    """Return a lab row with the summaries of its releases."""
    releases = tuple(release_summary(r, lab) for r in releases_of(lab))
    return LabDetail(**vars(lab_view(lab)), releases=releases)


def catalogue_is_empty() -> bool:
    """Return True when the registry holds no lab at all (a first start)."""
    return not db.session.scalar(select(func.count()).select_from(Lab))

