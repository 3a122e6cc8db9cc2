"""Keep a release's and its lab's denormalised score in step with the artifact verdicts."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import CheckRun, Lab, LabScoreSnapshot, Release, ScoreSnapshot, utcnow
from registry.model import Pillar, ReleaseScore, Verdict
from registry.scoring import score_lab, score_release
from registry.standard import TIERS_BY_LETTER


def release_score(release: Release) -> ReleaseScore:
    """Score a release from the current verdicts of its artifacts."""
    grouped: dict[Pillar, list[Verdict]] = defaultdict(list)
    for artifact in release.artifacts:
        grouped[Pillar(artifact.pillar)].append(Verdict(artifact.verdict))
    return score_release(grouped)


def rescore_release(release: Release, run: CheckRun | None = None) -> bool:
    """Refresh a release's stored score; record a history row when anything changed."""
    scored = release_score(release)
    values = {
        "score": scored.score,
        "tier": scored.tier.letter,
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


def _stored_score(score: int, tier: str) -> ReleaseScore:
    # Lab aggregation needs only score and tier, which the release row already holds.
    return ReleaseScore(pillars={}, score=score, tier=TIERS_BY_LETTER[tier])
