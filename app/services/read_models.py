"""What the read services return: typed views of labs and releases, shared by every reader.

Pages, the API (through its marshmallow schemas) and feeds rely on these keys and nothing
else; an unverified release has `tier` and `score` None and says why in `status_reason`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypedDict


class TierView(TypedDict):
    """A tier as readers see it."""

    letter: str
    name: str
    description: str


class ReleaseSummary(TypedDict):
    """A release as lists show it: tier and score, or why it has neither yet."""

    lab: str
    lab_name: str
    slug: str
    name: str
    released_on: str | None
    score: int | None
    tier: TierView | None
    status: str
    status_reason: str | None
    verdicts: dict[str, str]
    last_checked_at: datetime | None
    stale: bool
    url: str


class ReleaseDetail(ReleaseSummary):
    """A release in full: per-pillar verdicts with their evidence, runs and badges."""

    announced_as_open: bool
    paper_url: str | None
    model_card: str | None
    community_submitted: bool
    discovered: bool
    last_check_failed: bool
    pillars: list[dict[str, Any]]
    latest_run: dict[str, Any] | None
    badges: dict[str, str]
    consistency: dict[str, Any] | None  # ConsistencyReport.as_fact(); None until checked


class TierCount(TypedDict):
    """How many of a lab's verified releases are in one tier."""

    letter: str
    name: str
    count: int


class LabView(TypedDict):
    """A lab as readers see it: its score over its verified releases, and their coverage."""

    slug: str
    name: str
    homepage: str | None
    country: str | None
    hub_org: str | None
    sweep_hub: bool
    community_submitted: bool
    score: int | None
    status: str
    release_count: int
    verified_release_count: int
    coverage: str
    tier_distribution: list[TierCount]
    latest_release_on: date | None
    last_checked_at: datetime | None
    stale: bool
    url: str
    badge_url: str


class LabDetail(LabView):
    """A lab with the summaries of its releases."""

    releases: list[ReleaseSummary]
