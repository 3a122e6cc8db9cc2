"""Pure scoring: check results -> pillar verdicts -> release score and tier -> lab score.

A release's tier and score rest on its weights: while no check has confirmed them, the
release is *unverified* and has neither (tier E and 0 would claim the weights are closed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal

from registry.model import (
    Attempt,
    HistoryKind,
    LabScore,
    Pillar,
    PillarScore,
    ReleaseScore,
    ReleaseStatus,
    Tier,
    Verdict,
)
from registry.standard import (
    INCONCLUSIVE_CHECK,
    LAST_CHECK_FAILED,
    NEVER_CHECKED,
    OPENNESS_RANK,
    POINTS,
    TIERS,
    UNKNOWN_ENDPOINT,
    WITHOUT_TIER,
    failure_sentence,
)


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


def tier_for(verdicts: Mapping[Pillar, Verdict]) -> Tier | None:
    """Return the most demanding tier the verdicts meet; None while weights are unverified."""
    if verdicts[Pillar.WEIGHTS] in WITHOUT_TIER:
        return None
    return next(t for t in TIERS if _meets(t, verdicts))


def _meets(tier: Tier, verdicts: Mapping[Pillar, Verdict]) -> bool:
    if tier.weights_restricted and verdicts[Pillar.WEIGHTS] is not Verdict.RESTRICTED:
        return False
    return all(verdicts[p] is Verdict.OPEN for p in tier.requires_open)


def score_release(
    verdicts_by_pillar: Mapping[Pillar, Iterable[Verdict]],
    weights_attempts: Iterable[Attempt | None] = (),
) -> ReleaseScore:
    """Score a release from the verdicts of its artifacts, grouped by pillar.

    `weights_attempts` are the latest checks of its unverified weights artifacts (None for
    one never checked); they only say why a release without a tier has none.
    """
    pillars = {p: score_pillar(p, verdicts_by_pillar.get(p, ())) for p in Pillar}
    tier = tier_for({p: ps.verdict for p, ps in pillars.items()})
    if tier is None:
        reason = unverified_reason(weights_attempts)
        return ReleaseScore(pillars, None, None, ReleaseStatus.UNVERIFIED, reason)
    points = sum(ps.points for ps in pillars.values())
    return ReleaseScore(pillars=pillars, score=round(100 * points / len(Pillar)), tier=tier)


def unverified_reason(attempts: Iterable[Attempt | None]) -> str:
    """Say why weights are unverified: never checked, or how their last check ended."""
    sentences = dict.fromkeys(_attempt_reason(a) for a in attempts)  # each said once
    return "; ".join(sentences) or NEVER_CHECKED


def _attempt_reason(attempt: Attempt | None) -> str:
    if attempt is None:
        return NEVER_CHECKED
    endpoint = attempt.endpoint or UNKNOWN_ENDPOINT
    if attempt.failure is not None:
        failure = attempt.failure
        words = failure_sentence(failure.kind, endpoint, failure.message)
        return LAST_CHECK_FAILED.format(what=words)
    if attempt.reason:
        return INCONCLUSIVE_CHECK.format(reason=attempt.reason.rstrip("."))
    return INCONCLUSIVE_CHECK.format(reason=f"{endpoint} gave no conclusion")


def score_lab(releases: Iterable[ReleaseScore]) -> LabScore:
    """Aggregate a lab: the mean score and tier counts of its verified releases, and coverage."""
    scores = list(releases)
    verified = [r for r in scores if r.tier is not None and r.score is not None]
    distribution = Counter(r.tier.letter for r in verified if r.tier is not None)
    tiers = {t.letter: distribution.get(t.letter, 0) for t in TIERS}
    mean = _mean_half_up([r.score for r in verified if r.score is not None])
    return LabScore(
        score=mean,
        release_count=len(scores),
        tier_distribution=tiers,
        verified_release_count=len(verified),
    )


def _mean_half_up(values: list[int]) -> int | None:
    if not values:
        return None  # no verified release: no score, which is not a score of 0
    # Halves round up (41.5 -> 42, 8.5 -> 9), not to the nearest even as round() does.
    return int(Decimal(sum(values)) / len(values) + Decimal("0.5"))


def coverage(verified: int, total: int) -> str:
    """Say how many of a lab's releases are verified, e.g. "9 of 12 releases verified"."""
    if total == 0:
        return "no releases yet"
    return f"{verified} of {total} {'release' if total == 1 else 'releases'} verified"


# How one recorded score relates to the ones before it, from three facts: is it verified,
# was the record just before it verified (None: there is none), and was any earlier one.
HISTORY_KINDS: Mapping[tuple[bool, bool | None, bool], HistoryKind] = {
    (True, None, False): HistoryKind.FIRST_VERIFIED,
    (True, False, False): HistoryKind.FIRST_VERIFIED,  # unverified until now
    (True, False, True): HistoryKind.VERIFIED_AGAIN,  # verified once, unverified, now again
    (True, True, True): HistoryKind.CHANGE,
    (False, None, False): HistoryKind.UNVERIFIED,  # recorded before any check confirmed it
    (False, True, True): HistoryKind.UNVERIFIED,  # no longer verified (its claims changed)
    (False, False, False): HistoryKind.CHANGE,  # still unverified; another pillar moved
    (False, False, True): HistoryKind.CHANGE,
}


def history_kind(verified: bool, previous: bool | None, verified_before: bool) -> HistoryKind:
    """Return what a recorded score is: a first verification, a loss of it, or a change."""
    # Facts that cannot disagree: a verified previous record was verified before; with no
    # previous record, nothing was.
    earlier = bool(previous) or (verified_before and previous is not None)
    return HISTORY_KINDS[(verified, previous, earlier)]
