"""What the lab list may be filtered by: name, country, score range and share of a tier.

The leaderboard page and GET /api/v1/labs load their query through schemas (forms and
api), then both read `conditions` here, so the page and the API never filter differently.
A tier share is over all of a lab's releases, unverified ones included: "half of its
releases are tier A" should not grow because the others were never checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select

from app.models import Lab, Release


def conditions(filters: Mapping[str, Any]) -> list[ColumnElement[bool]]:
    """Return the WHERE clauses for the filters given (absent or None means any)."""
    found: list[ColumnElement[bool]] = []
    if filters.get("q"):
        words = f"%{escape_like(filters['q'])}%"
        found.append(or_(Lab.name.ilike(words, escape="\\"), Lab.slug.ilike(words, escape="\\")))
    if filters.get("country"):
        found.append(Lab.country == filters["country"])
    if filters.get("score_min") is not None:
        found.append(Lab.score >= filters["score_min"])
    if filters.get("score_max") is not None:
        found.append(Lab.score <= filters["score_max"])
    if filters.get("tier"):
        found.append(_tier_condition(filters["tier"], filters.get("tier_share_min")))
    return found


def _tier_condition(letter: str, share_min: int | None) -> ColumnElement[bool]:
    in_tier = (
        select(func.count(Release.id))
        .where(Release.lab_id == Lab.id, Release.tier == letter)
        .correlate(Lab)
        .scalar_subquery()
    )
    if not share_min:
        # No share named: a lab matches when one of its releases is in the tier.
        return in_tier > 0
    # Whole numbers on both sides: no division, so no rounding and no zero divisor.
    return (in_tier > 0) & (in_tier * 100 >= Lab.release_count * share_min)


def escape_like(text: str) -> str:
    """Return text with LIKE's wildcards escaped by a backslash."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
