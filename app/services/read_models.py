"""What the read services return: typed views of labs, releases, pillars and runs.

Pages, the API (through its marshmallow schemas, which dump these attributes), badges,
feeds and the CLI rely on these fields and nothing else: never on ORM rows. An unverified
release has `tier` and `score` None and says why in `status_reason`. Values that are
JSON by nature (evidence facts, file lists, a consistency report) stay mappings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class TierView:
    """A tier as readers see it."""

    letter: str
    name: str
    description: str


@dataclass(frozen=True)
class ReleaseSummary:
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
    verdicts: Mapping[str, str]  # pillar -> verdict
    last_checked_at: datetime | None
    stale: bool
    url: str


@dataclass(frozen=True)
class EvidenceView:
    """One piece of evidence: what a checker looked at and found, when, and why."""

    id: int
    check_run_id: int
    checker_id: str
    checker_version: str
    verdict: str
    reasons: list[str]
    failure_kind: str | None
    failure_message: str | None
    endpoint: str | None
    locator: str
    revision: str | None
    files: list[dict[str, Any]]
    file_count: int | None
    total_size: int | None
    licences: list[dict[str, Any]]
    facts: Mapping[str, Any]
    checked_at: datetime
    duration_s: float | None


@dataclass(frozen=True)
class RunEvidence(EvidenceView):
    """Evidence as listed under a run: which pillar and artifact it is about."""

    pillar: str
    artifact_id: int | None


@dataclass(frozen=True)
class ArtifactView:
    """One declared artifact with its verdict, staleness and last good evidence."""

    pillar: str
    kind: str
    locator: str
    declared_licence: str | None
    entrypoint: str | None
    provenance: Mapping[str, Any] | None
    verdict: str
    stale: bool
    last_failure: str | None  # as recorded: "kind: message"
    failure: str | None  # the same in words, for people
    confirmed_at: datetime | None
    evidence: EvidenceView | None


@dataclass(frozen=True)
class PillarView:
    """One pillar of a release: verdict, points, why, what would open it, its artifacts."""

    pillar: str
    verdict: str
    points: float
    reason: str
    stale: bool
    remediation: tuple[str, ...]
    artifacts: tuple[ArtifactView, ...]


@dataclass(frozen=True)
class AttemptView:
    """One attempt at a check run and how it ended."""

    number: int
    started_at: datetime | None
    ended_at: datetime | None
    outcome: str
    error: str | None


@dataclass(frozen=True)
class RunView:
    """A check run, its progress, what it did in words, and its attempts."""

    id: int
    state: str
    trigger: str
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    artifacts_total: int
    artifacts_done: int
    unchanged: bool
    unchanged_since_run_id: int | None
    probe: str | None
    error: str | None
    summary: str
    error_words: str | None
    attempt_log: tuple[AttemptView, ...]


@dataclass(frozen=True)
class RunDetail(RunView):
    """A check run with every piece of evidence it recorded (or confirmed unchanged)."""

    lab: str
    release: str
    evidence: tuple[RunEvidence, ...]
    carried_forward: tuple[RunEvidence, ...]


@dataclass(frozen=True)
class ReleaseDetail(ReleaseSummary):
    """A release in full: per-pillar verdicts with their evidence, runs and badges."""

    announced_as_open: bool
    paper_url: str | None
    model_card: str | None
    community_submitted: bool
    discovered: bool
    last_check_failed: bool
    pillars: tuple[PillarView, ...]
    latest_run: RunView | None
    badges: Mapping[str, str]  # which badge -> its path
    consistency: Mapping[str, Any] | None  # ConsistencyReport.as_fact(); None until checked


@dataclass(frozen=True)
class LabRef:
    """A lab as a form or a filter names it: enough to title a page and build its links."""

    slug: str
    name: str


@dataclass(frozen=True)
class TierCount:
    """How many of a lab's verified releases are in one tier."""

    letter: str
    name: str
    count: int


@dataclass(frozen=True)
class LabView:
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
    tier_distribution: tuple[TierCount, ...]
    latest_release_on: date | None
    last_checked_at: datetime | None
    stale: bool
    url: str
    badge_url: str


@dataclass(frozen=True)
class LabDetail(LabView):
    """A lab with the summaries of its releases."""

    releases: tuple[ReleaseSummary, ...]
