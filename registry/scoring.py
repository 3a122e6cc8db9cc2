"""Pure scoring: check results -> pillar verdicts -> release score and tier -> lab score."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal

from registry.model import LabScore, Pillar, PillarScore, ReleaseScore, Tier, Verdict
from registry.standard import OPENNESS_RANK, POINTS, TIERS


def least_open(verdicts: Iterable[Verdict]) -> Verdict | None:
    """Return the least open of several artifact verdicts, or None when there are none."""
    return min(verdicts, key=OPENNESS_RANK.__getitem__, default=None)


def score_pillar(pillar: Pillar, verdicts: Iterable[Verdict]) -> PillarScore:
    """Combine the verdicts of a pillar's artifacts; no declared artifact means absent."""
    combined = least_open(verdicts)
    if combined is None:
        return PillarScore(pillar, Verdict.ABSENT, 0.0, "none published")
    return PillarScore(pillar, combined, POINTS[combined], _pillar_reason(combined))


def _pillar_reason(verdict: Verdict) -> str:
    if verdict is Verdict.UNVERIFIED:
        return "not yet confirmed by a check"
    return f"least open artifact is {verdict.value}"


def tier_for(verdicts: Mapping[Pillar, Verdict]) -> Tier:
    """Return the most demanding tier whose conditions the pillar verdicts meet."""
    return next(t for t in TIERS if _meets(t, verdicts))


def _meets(tier: Tier, verdicts: Mapping[Pillar, Verdict]) -> bool:
    if tier.weights_restricted and verdicts[Pillar.WEIGHTS] is not Verdict.RESTRICTED:
        return False
    return all(verdicts[p] is Verdict.OPEN for p in tier.requires_open)


def score_release(verdicts_by_pillar: Mapping[Pillar, Iterable[Verdict]]) -> ReleaseScore:
    """Score a release from the verdicts of its artifacts, grouped by pillar."""
    pillars = {p: score_pillar(p, verdicts_by_pillar.get(p, ())) for p in Pillar}
    points = sum(ps.points for ps in pillars.values())
    score = round(100 * points / len(Pillar))
    tier = tier_for({p: ps.verdict for p, ps in pillars.items()})
    return ReleaseScore(pillars=pillars, score=score, tier=tier)


def score_lab(releases: Iterable[ReleaseScore]) -> LabScore:
    """Aggregate release scores: the mean score and the count of releases per tier."""
    scores = list(releases)
    distribution = Counter(r.tier.letter for r in scores)
    tiers = {t.letter: distribution.get(t.letter, 0) for t in TIERS}
    if not scores:
        return LabScore(score=None, release_count=0, tier_distribution=tiers)
    # Halves round up (41.5 -> 42, 8.5 -> 9), not to the nearest even as round() does.
    mean = int(Decimal(sum(r.score for r in scores)) / len(scores) + Decimal("0.5"))
    return LabScore(score=mean, release_count=len(scores), tier_distribution=tiers)
