"""Comparison: releases or labs side by side, behind both the /compare page and its API twin.

A release column holds what a reader weighs first (tier, score, each pillar's verdict, the
MOF class our evidence supports and the one a file claims) and, per pillar, the key
evidence: the first reason of each artifact's last good check, linked to its section on
the release page. A lab column holds its score, the share of its releases in each tier
and, per pillar, how many of its releases publish that pillar openly. References that
name nothing are listed in `missing`, so one typo does not hide the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Artifact, Lab, Release
from app.services.interop.claims import claims_of
from app.services.interop.frameworks import CLASS_NAMES, mof_comparison
from app.services.lab_reads import lab_view
from app.services.read_models import LabView
from app.services.release_reads import release_summary
from registry.frameworks.mof import MofEvaluation
from registry.model import Pillar, Verdict
from registry.standard import TIERS, TIERS_BY_LETTER

KEY_ARTIFACTS_PER_PILLAR = 3  # the rest is one click away, on the release page
NOT_CHECKED = "not checked yet"
UNVERIFIED_NAME = "Not yet verified"


@dataclass(frozen=True)
class EvidenceLine:
    """One artifact's verdict and the first reason its last good check gave."""

    locator: str
    verdict: str
    reason: str
    url: str


@dataclass(frozen=True)
class PillarCell:
    """A release's verdict on one pillar, with its key evidence."""

    pillar: str
    verdict: str
    evidence: tuple[EvidenceLine, ...]
    more: int  # artifacts beyond the ones listed


@dataclass(frozen=True)
class ReleaseColumn:
    """One release as the comparison shows it."""

    lab: str
    lab_name: str
    slug: str
    name: str
    url: str
    released_on: str | None
    status: str
    status_reason: str | None
    tier: str | None
    tier_name: str | None
    score: int | None
    mof_verified: str
    mof_next: str | None  # the next class up and how far the evidence gets towards it
    mof_claimed: str | None
    last_checked_at: datetime | None
    pillars: tuple[PillarCell, ...]


@dataclass(frozen=True)
class TierShare:
    """How many of a lab's releases are in one tier ('' is unverified), and what share."""

    letter: str
    name: str
    count: int
    percent: int


@dataclass(frozen=True)
class PillarShare:
    """How many of a lab's releases publish one pillar openly."""

    pillar: str
    open: int
    total: int


@dataclass(frozen=True)
class LabColumn:
    """One lab as the comparison shows it."""

    slug: str
    name: str
    url: str
    country: str | None
    score: int | None
    release_count: int
    verified_release_count: int
    tiers: tuple[TierShare, ...]
    pillars: tuple[PillarShare, ...]
    last_checked_at: datetime | None


@dataclass(frozen=True)
class Comparison:
    """What was asked for, side by side, and which references named nothing."""

    releases: tuple[ReleaseColumn, ...]
    labs: tuple[LabColumn, ...]
    missing: tuple[str, ...]


def compare(releases: Sequence[tuple[str, str]], labs: Sequence[str]) -> Comparison:
    """Return the named releases and labs as columns, in the order they were named."""
    found_releases = _releases(releases)
    found_labs = _labs(labs)
    missing = [f"{lab}/{rel}" for lab, rel in releases if (lab, rel) not in found_releases]
    missing += [slug for slug in labs if slug not in found_labs]
    return Comparison(
        releases=tuple(release_column(found_releases[r]) for r in releases if r in found_releases),
        labs=tuple(lab_column(found_labs[slug]) for slug in labs if slug in found_labs),
        missing=tuple(missing),
    )


def _releases(refs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Release]:
    if not refs:
        return {}
    query = (
        select(Release)
        .join(Release.lab)
        .where(tuple_(Lab.slug, Release.slug).in_(list(refs)))
        .options(
            selectinload(Release.lab),
            selectinload(Release.artifacts).selectinload(Artifact.good_evidence),
        )
    )
    return {(r.lab.slug, r.slug): r for r in db.session.scalars(query)}


def _labs(slugs: Sequence[str]) -> dict[str, Lab]:
    if not slugs:
        return {}
    query = select(Lab).where(Lab.slug.in_(list(slugs))).options(selectinload(Lab.releases))
    return {lab.slug: lab for lab in db.session.scalars(query)}


def release_column(release: Release) -> ReleaseColumn:
    """Return one release's column: verdicts, tier, score, MOF classes and key evidence."""
    summary = release_summary(release)
    claims = claims_of(release, "mof")
    comparison = mof_comparison(release, claims[0] if claims else None)
    tier = TIERS_BY_LETTER.get(release.tier) if release.tier else None
    return ReleaseColumn(
        lab=release.lab.slug,
        lab_name=release.lab.name,
        slug=release.slug,
        name=release.name,
        url=summary.url,
        released_on=summary.released_on,
        status=summary.status,
        status_reason=summary.status_reason,
        tier=tier.letter if tier else None,
        tier_name=tier.name if tier else None,
        score=summary.score,
        mof_verified=comparison.verified.label,
        mof_next=next_class(comparison.verified),
        mof_claimed=comparison.claimed.label if comparison.claimed else None,
        last_checked_at=release.last_checked_at,
        pillars=tuple(_pillar_cell(release, summary.url, p) for p in Pillar),
    )


def next_class(evaluation: MofEvaluation) -> str | None:
    """Return "Class II: 40%" for the next MOF class up, None when Class I is reached."""
    wanted = evaluation.mof_class - 1 if evaluation.mof_class else 3
    if wanted < 1:
        return None
    name = CLASS_NAMES[wanted]
    return f"Class {name}: {round(evaluation.classes[wanted].progress)}%"


def _pillar_cell(release: Release, url: str, pillar: Pillar) -> PillarCell:
    artifacts = [a for a in release.artifacts if a.pillar == pillar.value]
    lines = tuple(
        _evidence_line(a, f"{url}?evidence={pillar.value}-{n}#evidence-{pillar.value}-{n}")
        for n, a in enumerate(artifacts[:KEY_ARTIFACTS_PER_PILLAR], start=1)
    )
    return PillarCell(
        pillar=pillar.value,
        verdict=str(getattr(release, f"verdict_{pillar.value}")),
        evidence=lines,
        more=max(0, len(artifacts) - KEY_ARTIFACTS_PER_PILLAR),
    )


def _evidence_line(artifact: Artifact, url: str) -> EvidenceLine:
    evidence = artifact.good_evidence
    if evidence is not None and evidence.reasons:
        reason = str(evidence.reasons[0])
    elif artifact.last_failure:
        reason = f"the last check could not finish: {artifact.last_failure}"
    else:
        reason = NOT_CHECKED if evidence is None else "no reason recorded"
    return EvidenceLine(artifact.locator, artifact.verdict, reason, url)


def lab_column(lab: Lab) -> LabColumn:
    """Return one lab's column: score, tier shares and open pillars over its releases."""
    view = lab_view(lab)
    return LabColumn(
        slug=lab.slug,
        name=lab.name,
        url=view.url,
        country=lab.country,
        score=lab.score,
        release_count=lab.release_count,
        verified_release_count=view.verified_release_count,
        tiers=tier_shares(view),
        pillars=tuple(_pillar_share(lab.releases, p) for p in Pillar),
        last_checked_at=lab.last_checked_at,
    )


def tier_shares(view: LabView) -> tuple[TierShare, ...]:
    """Return a lab's releases per tier, then the unverified ones, each with its share."""
    total = view.release_count
    counts = {t.letter: t.count for t in view.tier_distribution}
    unverified = total - view.verified_release_count
    shares = [TierShare(t.letter, t.name, counts[t.letter], percent(counts[t.letter], total))
              for t in TIERS]  # fmt: skip
    shares.append(TierShare("", UNVERIFIED_NAME, unverified, percent(unverified, total)))
    return tuple(shares)


def _pillar_share(releases: Iterable[Release], pillar: Pillar) -> PillarShare:
    verdicts = [getattr(r, f"verdict_{pillar.value}") for r in releases]
    return PillarShare(pillar.value, sum(v == Verdict.OPEN.value for v in verdicts), len(verdicts))


def percent(part: int, whole: int) -> int:
    """Return part of whole as a whole percentage; 0 of nothing is 0."""
    return round(100 * part / whole) if whole else 0
