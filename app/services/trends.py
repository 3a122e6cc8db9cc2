"""The catalogue over time: the share of releases in each tier, then and now, and per lab.

Replays every release's score history (ScoreSnapshot rows, oldest first) and, at the end
of each period, counts each release known by then in the tier of its latest snapshot; a
release with no tier then is counted as not yet verified, never as tier E. Periods are
minutes when the whole history fits in one day, days when it fits in MAX_DAYS, months
beyond, so a chart has a readable number of bars. The page, its chart and the API read
`tier_trends` alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import ScoreSnapshot
from app.services.compare import UNVERIFIED_NAME, TierShare, percent, tier_shares
from app.services.lab_reads import list_labs
from registry.standard import TIERS

MAX_DAYS = 62  # past two months of history, a bar per day is too thin to read
PERIODS = (("minute", "%Y-%m-%d %H:%M"), ("day", "%Y-%m-%d"), ("month", "%Y-%m"))


@dataclass(frozen=True)
class TierPoint:
    """The catalogue at the end of one period: releases per tier and not yet verified."""

    period: str  # "2026-12-02", "2026-12" or "2026-12-02 14:05", as `unit` says
    at: datetime  # the last change inside the period
    total: int
    tiers: tuple[TierShare, ...]


@dataclass(frozen=True)
class LabTiers:
    """One lab's releases per tier now."""

    slug: str
    name: str
    url: str
    release_count: int
    tiers: tuple[TierShare, ...]


@dataclass(frozen=True)
class TierTrends:
    """The share of releases per tier over time, and per lab now."""

    unit: str  # minute, day or month
    points: tuple[TierPoint, ...]
    labs: tuple[LabTiers, ...]


def tier_trends() -> TierTrends:
    """Return the share of releases per tier at the end of each period, and per lab."""
    rows = db.session.execute(
        select(ScoreSnapshot.release_id, ScoreSnapshot.created_at, ScoreSnapshot.tier).order_by(
            ScoreSnapshot.created_at, ScoreSnapshot.id
        )
    ).all()
    unit, pattern = period_of([row.created_at for row in rows])
    latest: dict[int, str | None] = {}
    points: list[TierPoint] = []
    current, last_at = "", None
    for release_id, created_at, tier in rows:
        period = created_at.strftime(pattern)
        if last_at is not None and period != current:
            points.append(_point(current, last_at, latest))  # that period ended as it stood
        latest[release_id] = tier
        current, last_at = period, created_at
    if last_at is not None:
        points.append(_point(current, last_at, latest))
    labs = tuple(
        LabTiers(v.slug, v.name, v.url, v.release_count, tier_shares(v))
        for v in list_labs("name")
    )
    return TierTrends(unit=unit, points=tuple(points), labs=labs)


def period_of(moments: list[datetime]) -> tuple[str, str]:
    """Return the period unit and its strftime pattern for a history spanning these moments."""
    if not moments or moments[0].date() == moments[-1].date():
        return PERIODS[0]
    if (moments[-1] - moments[0]).days < MAX_DAYS:
        return PERIODS[1]
    return PERIODS[2]


def _point(period: str, at: datetime, latest: dict[int, str | None]) -> TierPoint:
    counts = Counter(latest.values())
    total = len(latest)
    shares = [TierShare(t.letter, t.name, counts[t.letter], percent(counts[t.letter], total))
              for t in TIERS]  # fmt: skip
    shares.append(TierShare("", UNVERIFIED_NAME, counts[None], percent(counts[None], total)))
    return TierPoint(period=period, at=at, total=total, tiers=tuple(shares))
