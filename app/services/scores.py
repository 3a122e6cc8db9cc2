"""Keep a release's and its lab's denormalised score in step with the artifact verdicts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Artifact,
    CheckRun,
    Evidence,
    Lab,
    LabScoreSnapshot,
    Release,
    ScoreSnapshot,
    utcnow,
)
from registry.model import (
    Attempt,
    Failure,
    FailureKind,
    Pillar,
    ReleaseScore,
    ReleaseStatus,
    Verdict,
)
from registry.scoring import score_lab, score_release
from registry.standard import TIERS_BY_LETTER


def release_score(release: Release) -> ReleaseScore:
    """Score a release from the current verdicts of its artifacts."""
    grouped: dict[Pillar, list[Verdict]] = defaultdict(list)
    for artifact in release.artifacts:
        grouped[Pillar(artifact.pillar)].append(Verdict(artifact.verdict))
    return score_release(grouped, weights_attempts(release.artifacts))


def weights_attempts(artifacts: Iterable[Artifact]) -> list[Attempt | None]:
    """Return the latest check of each unverified weights artifact (None: never checked)."""
    waiting = [
        a for a in artifacts
        if a.pillar == Pillar.WEIGHTS.value and a.verdict == Verdict.UNVERIFIED.value
    ]
    failed = _latest_evidence([a.id for a in waiting if a.last_failure and a.id is not None])
    return [_attempt(a, failed.get(a.id)) for a in waiting]


def _latest_evidence(artifact_ids: list[int]) -> dict[int | None, Evidence]:
    if not artifact_ids:
        return {}
    newest = (
        select(func.max(Evidence.id))
        .where(Evidence.artifact_id.in_(artifact_ids))
        .group_by(Evidence.artifact_id)
    )
    rows = db.session.scalars(select(Evidence).where(Evidence.id.in_(newest)))
    return {row.artifact_id: row for row in rows}


def _attempt(artifact: Artifact, failed: Evidence | None) -> Attempt | None:
    if failed is not None and failed.failure_kind:
        failure = Failure(FailureKind(failed.failure_kind), failed.failure_message or "")
        return Attempt(failed.endpoint, failure)
    good = artifact.good_evidence
    if good is not None:
        # A check that ended without a failure, yet could not confirm (e.g. a capped listing).
        return Attempt(good.endpoint, reason=next(iter(good.reasons or []), None))
    # Never checked, or its claim changed since the last check (evidence then no longer counts).
    return None


def rescore_release(release: Release, run: CheckRun | None = None) -> bool:
    """Refresh a release's stored score; record a history row when anything changed."""
    scored = release_score(release)
    # Why it is unverified is kept current, but is not a change of score worth a history row.
    release.status_reason = scored.status_reason
    values = {
        "score": scored.score,
        "tier": scored.tier.letter if scored.tier else None,
        "verdict_weights": scored.verdict(Pillar.WEIGHTS).value,
        "verdict_code": scored.verdict(Pillar.CODE).value,
        "verdict_data": scored.verdict(Pillar.DATA).value,
    }
    changed = any(getattr(release, k) != v for k, v in values.items())
    first = release.score_version == 0
    if changed or first:
        for key, value in values.items():
            setattr(release, key, value)
        release.score_version += 1
        db.session.add(
            ScoreSnapshot(release_id=release.id, check_run_id=run.id if run else None, **values)
        )
        db.session.flush()
    return changed


def rescore_lab(lab: Lab, run: CheckRun | None = None, now: datetime | None = None) -> bool:
    """Refresh a lab's aggregate from its releases' stored scores; record changes."""
    # Four columns per release rather than whole rows: every check of every release ends
    # here, and a lab with hundreds of releases must not load them all each time.
    releases = db.session.execute(
        select(Release.score, Release.tier, Release.released_on, Release.last_checked_at)
        .where(Release.lab_id == lab.id)
    ).all()
    aggregate = score_lab(_stored_score(r.score, r.tier) for r in releases)
    latest = max((r.released_on for r in releases if r.released_on), default=None)
    checked = [r.last_checked_at for r in releases if r.last_checked_at]
    lab.release_count = aggregate.release_count
    lab.latest_release_on = latest
    lab.last_checked_at = max(checked, default=None)
    tiers = dict(aggregate.tier_distribution)
    changed = lab.score != aggregate.score or (lab.tier_counts or {}) != tiers
    if changed or lab.score_version == 0:
        lab.score = aggregate.score
        lab.tier_counts = tiers
        lab.score_version += 1
        db.session.add(
            LabScoreSnapshot(
                lab_id=lab.id,
                check_run_id=run.id if run else None,
                score=aggregate.score,
                tier_counts=tiers,
                created_at=now or utcnow(),
            )
        )
        db.session.flush()
    return changed


def _stored_score(score: int | None, tier: str | None) -> ReleaseScore:
    # Lab aggregation needs only score and tier, which the release row already holds.
    if tier is None or score is None:
        return ReleaseScore(pillars={}, score=None, tier=None, status=ReleaseStatus.UNVERIFIED)
    return ReleaseScore(pillars={}, score=score, tier=TIERS_BY_LETTER[tier])
