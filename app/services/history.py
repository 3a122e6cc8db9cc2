"""History reads: how a release's and a lab's verdicts, tier and score changed, and why.

Every change is a ScoreSnapshot (release) or LabScoreSnapshot (lab) row written by
`app.services.scores` with the run that caused it; this module lists them newest first
with what changed from the row before, and what kind of entry each is: a first
verification ("first verified: tier B") is not a change from E/0, because an unverified
release had no tier (`registry.scoring.history_kind` is the rule).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import CheckRun, Lab, LabScoreSnapshot, Release, ScoreSnapshot
from app.services import audit
from app.services.audit import WriteView
from app.services.rows import get_lab, get_release
from registry.model import HistoryKind, Pillar, ReleaseStatus
from registry.scoring import history_kind
from registry.standard import TIERS

RELEASE_FIELDS = ("score", "tier", *(f"verdict_{p.value}" for p in Pillar))
LAB_FIELDS = ("score", "tier_counts")
DEFAULT_LIMIT = 100


@dataclass(frozen=True)
class HistoryRun:
    """The check run behind an entry."""

    id: int
    trigger: str
    state: str
    release: str  # the slug of the run's release


@dataclass(frozen=True)
class FieldChange:
    """One field that changed from the entry before, with its old and new value."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ReleaseHistoryEntry:
    """One recorded score of a release, with what kind of entry it is."""

    at: datetime
    run: HistoryRun | None
    kind: str
    status: str
    summary: str
    score: int | None
    tier: str | None
    verdicts: dict[str, str]
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class LabHistoryEntry:
    """One recorded aggregate of a lab."""

    at: datetime
    run: HistoryRun | None
    kind: str
    status: str
    summary: str
    score: int | None
    verified_release_count: int
    tier_counts: dict[str, int]
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ReleaseHistory:
    """A release's score changes and the writes made to it, newest first."""

    lab: str
    release: str
    entries: tuple[ReleaseHistoryEntry, ...]
    writes: tuple[WriteView, ...]


@dataclass(frozen=True)
class LabHistory:
    """A lab's aggregate score changes and the writes made to it and its releases."""

    lab: str
    entries: tuple[LabHistoryEntry, ...]
    writes: tuple[WriteView, ...]


def verified_before(model: Any, key: str, verified_column: str) -> ColumnElement[bool]:
    """Return a correlated EXISTS: was any earlier snapshot of the same target verified?"""
    older = aliased(model)
    return (
        select(older.id)
        .where(
            getattr(older, key) == getattr(model, key),
            getattr(older, verified_column).is_not(None),
            or_(
                older.created_at < model.created_at,
                and_(older.created_at == model.created_at, older.id < model.id),
            ),
        )
        .correlate(model)
        .exists()
    )


def release_history(
    lab_slug: str, release_slug: str, limit: int = DEFAULT_LIMIT
) -> ReleaseHistory:
    """Return a release's score changes and the writes made to it (who, with which token)."""
    return release_history_of(get_release(lab_slug, release_slug), limit)


def release_history_of(release: Release, limit: int = DEFAULT_LIMIT) -> ReleaseHistory:
    """Return a release row's score changes and the writes made to it."""
    rows = db.session.execute(
        select(ScoreSnapshot, verified_before(ScoreSnapshot, "release_id", "tier"))
        .where(ScoreSnapshot.release_id == release.id)
        .order_by(ScoreSnapshot.created_at.desc(), ScoreSnapshot.id.desc())
        .limit(limit + 1)  # one more, to say what the oldest listed entry changed from
    ).all()
    snapshots = [r[0] for r in rows]
    earlier = {r[0].id: bool(r[1]) for r in rows}
    runs = _runs({r.check_run_id for r in snapshots})
    entries = tuple(
        _release_entry(row, older, earlier[row.id], runs.get(row.check_run_id))
        for row, older in _with_previous(snapshots)
    )[:limit]
    writes = tuple(audit.writes_of_release(release.id, limit))
    return ReleaseHistory(release.lab.slug, release.slug, entries, writes)


def _release_entry(
    row: ScoreSnapshot, older: ScoreSnapshot | None, earlier: bool, run: HistoryRun | None
) -> ReleaseHistoryEntry:
    kind = release_kind(row, older, earlier)
    return ReleaseHistoryEntry(
        at=row.created_at,
        run=run,
        kind=kind.value,
        status=_status(row.tier is not None).value,
        summary=describe_release(kind, row.tier, row.score, older.tier if older else None),
        score=row.score,
        tier=row.tier,
        verdicts={p.value: getattr(row, f"verdict_{p.value}") for p in Pillar},
        changes=_changes(row, older, RELEASE_FIELDS),
    )


def release_kind(row: ScoreSnapshot, older: ScoreSnapshot | None, earlier: bool) -> HistoryKind:
    """Return what a release snapshot is, next to the one before it."""
    previous = None if older is None else older.tier is not None
    return history_kind(row.tier is not None, previous, earlier)


def lab_kind(row: LabScoreSnapshot, older: LabScoreSnapshot | None, earlier: bool) -> HistoryKind:
    """Return what a lab snapshot is: a lab is verified once one of its releases is."""
    previous = None if older is None else older.score is not None
    return history_kind(row.score is not None, previous, earlier)


def describe_release(
    kind: HistoryKind, tier: str | None, score: int | None, tier_before: str | None = None
) -> str:
    """Say in words what a release history entry is, e.g. "first verified: tier B, score 67"."""
    scored = f"tier {tier}, score {score}"
    if kind is HistoryKind.FIRST_VERIFIED:
        return f"first verified: {scored}"
    if kind is HistoryKind.VERIFIED_AGAIN:
        return f"verified again: {scored}"
    if kind is HistoryKind.UNVERIFIED:
        return f"no longer verified (was tier {tier_before})" if tier_before else "not yet verified"
    return scored if tier is not None else "not yet verified; a pillar changed"


def describe_lab(kind: HistoryKind, score: int | None, verified: int) -> str:
    """Say in words what a lab history entry is, e.g. "first verified: lab score 67 over ..."."""
    noun = "release" if verified == 1 else "releases"
    over = f"lab score {score} over {verified} verified {noun}"
    if kind is HistoryKind.FIRST_VERIFIED:
        return f"first verified: {over}"
    if kind is HistoryKind.VERIFIED_AGAIN:
        return f"verified again: {over}"
    if kind is HistoryKind.UNVERIFIED or score is None:
        return "not yet verified: no score until one of its releases is"
    return over


def lab_history(lab_slug: str, limit: int = DEFAULT_LIMIT) -> LabHistory:
    """Return a lab's aggregate score changes, and the writes made to it and its releases."""
    return lab_history_of(get_lab(lab_slug), limit)


def lab_history_of(lab: Lab, limit: int = DEFAULT_LIMIT) -> LabHistory:
    """Return a lab row's aggregate score changes, and the writes made to it."""
    rows = db.session.execute(
        select(LabScoreSnapshot, verified_before(LabScoreSnapshot, "lab_id", "score"))
        .where(LabScoreSnapshot.lab_id == lab.id)
        .order_by(LabScoreSnapshot.created_at.desc(), LabScoreSnapshot.id.desc())
        .limit(limit + 1)
    ).all()
    snapshots = [r[0] for r in rows]
    earlier = {r[0].id: bool(r[1]) for r in rows}
    runs = _runs({r.check_run_id for r in snapshots})
    entries = tuple(
        _lab_entry(row, older, earlier[row.id], runs.get(row.check_run_id))
        for row, older in _with_previous(snapshots)
    )[:limit]
    return LabHistory(lab.slug, entries, tuple(audit.writes_of_lab(lab.id, limit)))


def _lab_entry(
    row: LabScoreSnapshot, older: LabScoreSnapshot | None, earlier: bool, run: HistoryRun | None
) -> LabHistoryEntry:
    kind = lab_kind(row, older, earlier)
    verified = verified_count(row.tier_counts)
    return LabHistoryEntry(
        at=row.created_at,
        run=run,
        kind=kind.value,
        status=_status(row.score is not None).value,
        summary=describe_lab(kind, row.score, verified),
        score=row.score,
        verified_release_count=verified,
        tier_counts=dict(row.tier_counts or {}),
        changes=_changes(row, older, LAB_FIELDS),
    )


def verified_count(tier_counts: Mapping[str, int] | None) -> int:
    """Return how many releases tier counts cover: only verified releases have a tier."""
    return sum((tier_counts or {}).get(t.letter, 0) for t in TIERS)


def _status(verified: bool) -> ReleaseStatus:
    return ReleaseStatus.VERIFIED if verified else ReleaseStatus.UNVERIFIED


def _with_previous(rows: Sequence[Any]) -> list[tuple[Any, Any | None]]:
    # Rows are newest first, so each row's predecessor is the next one in the list.
    return [(row, rows[i + 1] if i + 1 < len(rows) else None) for i, row in enumerate(rows)]


def _changes(row: Any, older: Any | None, names: Sequence[str]) -> tuple[FieldChange, ...]:
    changes = []
    for name in names:
        before = getattr(older, name) if older is not None else None
        after = getattr(row, name)
        if before != after:
            changes.append(FieldChange(name, before, after))
    return tuple(changes)


def _runs(ids: set[int | None]) -> Mapping[int, HistoryRun]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(
        select(CheckRun.id, CheckRun.trigger, CheckRun.state, Release.slug)
        .join(Release, Release.id == CheckRun.release_id)
        .where(CheckRun.id.in_(wanted))
    ).all()
    return {
        run_id: HistoryRun(run_id, trigger, state, slug) for run_id, trigger, state, slug in rows
    }
