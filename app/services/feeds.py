"""Changes worth announcing: verdict, tier and score changes of releases and labs.

Every ScoreSnapshot and LabScoreSnapshot row is a change (scores.py writes one only when
something moved, or on first scoring); each entry says what moved from the row before. A
release's first verification is one "first verified: tier B" entry, not a move from E/0:
before it, the release had no tier (`app.services.history` says which kind each row is).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased, selectinload

from app.extensions import db
from app.models import Lab, LabScoreSnapshot, Release, ScoreSnapshot
from app.services.history import (
    describe_lab,
    describe_release,
    lab_kind,
    release_kind,
    verified_before,
    verified_count,
)
from app.services.rows import get_lab
from registry.model import HistoryKind, Pillar
from registry.standard import TIERS, TIERS_BY_LETTER, UNVERIFIED_SUMMARY

DEFAULT_LIMIT = 50
# Stable entry ids, whatever host serves the feed (RFC 4287 wants them permanent).
ENTRY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://openness-registry/feeds")
PILLAR_WORDS = {
    Pillar.WEIGHTS: "Weights",
    Pillar.CODE: "Training code",
    Pillar.DATA: "Training data",
}


@dataclass(frozen=True)
class Change:
    """One feed entry: what changed, where to look, and when."""

    id: str
    title: str
    summary: str
    path: str
    updated: datetime
    lab: str


@dataclass(frozen=True)
class LabFeed:
    """One lab's feed: its name, and its and its releases' newest changes."""

    lab: str
    lab_name: str
    changes: tuple[Change, ...]


def changes(lab_slug: str | None = None, limit: int = DEFAULT_LIMIT) -> list[Change]:
    """Return the newest release and lab changes, newest first, optionally for one lab."""
    return _newest(get_lab(lab_slug) if lab_slug else None, limit)


def lab_changes_feed(lab_slug: str, limit: int = DEFAULT_LIMIT) -> LabFeed:
    """Return one lab's name and the newest changes of it and its releases."""
    lab = get_lab(lab_slug)
    return LabFeed(lab.slug, lab.name, tuple(_newest(lab, limit)))


def _newest(lab: Lab | None, limit: int) -> list[Change]:
    found = release_changes(lab, limit) + lab_changes(lab, limit)
    found.sort(key=lambda c: (c.updated, c.id), reverse=True)
    return found[:limit]


def _previous(model: Any, key: str) -> Any:
    """Return a correlated subquery: the id of the same target's snapshot just before."""
    older = aliased(model)
    current_time, current_id = model.created_at, model.id
    return (
        select(older.id)
        .where(
            getattr(older, key) == getattr(model, key),
            or_(
                older.created_at < current_time,
                and_(older.created_at == current_time, older.id < current_id),
            ),
        )
        .order_by(older.created_at.desc(), older.id.desc())
        .limit(1)
        .correlate(model)
        .scalar_subquery()
    )


def release_changes(lab: Lab | None, limit: int) -> list[Change]:
    """Return the newest release score changes, each against the snapshot before it."""
    query = (
        select(
            ScoreSnapshot,
            _previous(ScoreSnapshot, "release_id").label("previous_id"),
            verified_before(ScoreSnapshot, "release_id", "tier").label("verified_before"),
        )
        .join(Release, Release.id == ScoreSnapshot.release_id)
        .order_by(ScoreSnapshot.created_at.desc(), ScoreSnapshot.id.desc())
        .limit(limit)
    )
    if lab is not None:
        query = query.where(Release.lab_id == lab.id)
    rows = db.session.execute(query).all()
    previous = _by_id(ScoreSnapshot, [r.previous_id for r in rows])
    # Each entry names the release's lab: load them together, not one query per entry.
    releases = _by_id(
        Release, [r.ScoreSnapshot.release_id for r in rows], selectinload(Release.lab)
    )
    return [
        _release_change(
            row.ScoreSnapshot,
            previous.get(row.previous_id),
            releases[row.ScoreSnapshot.release_id],
            bool(row.verified_before),
        )
        for row in rows
    ]


def lab_changes(lab: Lab | None, limit: int) -> list[Change]:
    """Return the newest lab aggregate changes, each against the snapshot before it."""
    query = (
        select(
            LabScoreSnapshot,
            _previous(LabScoreSnapshot, "lab_id").label("previous_id"),
            verified_before(LabScoreSnapshot, "lab_id", "score").label("verified_before"),
        )
        .order_by(LabScoreSnapshot.created_at.desc(), LabScoreSnapshot.id.desc())
        .limit(limit)
    )
    if lab is not None:
        query = query.where(LabScoreSnapshot.lab_id == lab.id)
    rows = db.session.execute(query).all()
    previous = _by_id(LabScoreSnapshot, [r.previous_id for r in rows])
    labs = _by_id(Lab, [r.LabScoreSnapshot.lab_id for r in rows])
    return [
        _lab_change(
            row.LabScoreSnapshot,
            previous.get(row.previous_id),
            labs[row.LabScoreSnapshot.lab_id],
            bool(row.verified_before),
        )
        for row in rows
    ]


def _by_id(model: Any, ids: Iterable[int | None], *options: Any) -> dict[int, Any]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    query = select(model).where(model.id.in_(wanted)).options(*options)
    return {row.id: row for row in db.session.scalars(query)}


def _release_change(
    row: ScoreSnapshot, before: ScoreSnapshot | None, release: Release, earlier: bool
) -> Change:
    name = f"{release.name} ({release.lab.name})"
    kind = release_kind(row, before, earlier)
    if kind is HistoryKind.CHANGE and before is not None:
        moves = _release_moves(before, row)
        title = f"{name}: " + "; ".join(moves["short"])
        details = moves["long"]
    else:
        title = f"{name}: {describe_release(kind, row.tier, row.score, _tier_of(before))}"
        details = [*_standing(row), *(_verdict_now(row, p) for p in Pillar)]
    return Change(
        id=_entry_id("score-snapshot", row.id),
        title=title,
        summary=" ".join(details),
        path=f"/labs/{release.lab.slug}/{release.slug}",
        updated=row.created_at,
        lab=release.lab.slug,
    )


def _tier_of(row: ScoreSnapshot | None) -> str | None:
    return row.tier if row is not None else None


def _standing(row: ScoreSnapshot) -> list[str]:
    # A verified release is explained by its tier; an unverified one by what that means.
    if row.tier is None:
        return [UNVERIFIED_SUMMARY]
    return [_tier_sentence(row.tier)]


def _release_moves(before: ScoreSnapshot, row: ScoreSnapshot) -> dict[str, list[str]]:
    short: list[str] = []
    long: list[str] = []
    if before.tier != row.tier:
        short.append(f"tier {before.tier} → {row.tier}")
        long.append(f"Tier {before.tier} → {row.tier}. {_tier_sentence(row.tier)}")
    if before.score != row.score:
        short.append(f"score {before.score} → {row.score}")
        long.append(f"Score {before.score} → {row.score}.")
    for pillar in Pillar:
        old, new = _verdict(before, pillar), _verdict(row, pillar)
        if old != new:
            short.append(f"{pillar.value} {old} → {new}")
            long.append(f"{PILLAR_WORDS[pillar]}: {old} → {new}.")
    # A snapshot with nothing moved is a re-score of the same values (a new version).
    return {"short": short or ["re-scored, unchanged"], "long": long or ["Nothing changed."]}


def _verdict(row: ScoreSnapshot, pillar: Pillar) -> str:
    return str(getattr(row, f"verdict_{pillar.value}"))


def _verdict_now(row: ScoreSnapshot, pillar: Pillar) -> str:
    return f"{PILLAR_WORDS[pillar]}: {_verdict(row, pillar)}."


def _tier_sentence(letter: str | None) -> str:
    tier = TIERS_BY_LETTER.get(letter) if letter else None
    return f"Tier {letter} ({tier.name}): {tier.description}" if tier else f"Tier {letter}."


def _lab_change(
    row: LabScoreSnapshot, before: LabScoreSnapshot | None, lab: Lab, earlier: bool
) -> Change:
    kind = lab_kind(row, before, earlier)
    verified = verified_count(row.tier_counts)
    if kind is HistoryKind.CHANGE and before is not None:
        moved = [f"lab score {before.score} → {row.score}"] if before.score != row.score else []
        tiers = _tier_moves(before.tier_counts or {}, row.tier_counts or {})
        title = f"{lab.name}: " + "; ".join(moved + tiers or ["re-scored, unchanged"])
        details = [s[0].upper() + s[1:] + "." for s in moved + tiers] or ["Nothing changed."]
    else:
        title = f"{lab.name}: {describe_lab(kind, row.score, verified)}"
        details = [f"Lab score {row.score}." if row.score is not None else "No score yet.",
                   _distribution(row.tier_counts)]
    return Change(
        id=_entry_id("lab-score-snapshot", row.id),
        title=title,
        summary=" ".join(details),
        path=f"/labs/{lab.slug}",
        updated=row.created_at,
        lab=lab.slug,
    )


def _tier_moves(before: Mapping[str, int], after: Mapping[str, int]) -> list[str]:
    return [
        f"tier {t.letter} releases {before.get(t.letter, 0)} → {after.get(t.letter, 0)}"
        for t in TIERS
        if before.get(t.letter, 0) != after.get(t.letter, 0)
    ]


def _distribution(counts: Mapping[str, int] | None) -> str:
    parts = [f"{t.letter}: {(counts or {}).get(t.letter, 0)}" for t in TIERS]
    return "Verified releases per tier: " + ", ".join(parts) + "."


def _entry_id(kind: str, row_id: int) -> str:
    return uuid.uuid5(ENTRY_NAMESPACE, f"{kind}/{row_id}").urn


def newest(entries: Sequence[Change]) -> datetime | None:
    """Return when the newest change happened, None for an empty feed."""
    return max((c.updated for c in entries), default=None)
