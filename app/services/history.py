"""History reads: how a release's and a lab's verdicts, tier and score changed, and why.

Every change is a ScoreSnapshot (release) or LabScoreSnapshot (lab) row written by
`app.services.scores` with the run that caused it; this module lists them newest first
with what changed from the row before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import CheckRun, LabScoreSnapshot, Release, ScoreSnapshot
from app.services import reads
from registry.model import Pillar

RELEASE_FIELDS = ("score", "tier", *(f"verdict_{p.value}" for p in Pillar))
LAB_FIELDS = ("score", "tier_counts")
DEFAULT_LIMIT = 100


def release_history(lab_slug: str, release_slug: str, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """Return a release's score changes, newest first, each with its run and what changed."""
    release = reads.get_release(lab_slug, release_slug)
    rows = db.session.scalars(
        select(ScoreSnapshot)
        .where(ScoreSnapshot.release_id == release.id)
        .order_by(ScoreSnapshot.created_at.desc(), ScoreSnapshot.id.desc())
        .limit(limit + 1)  # one more, to say what the oldest listed entry changed from
    ).all()
    runs = _runs({r.check_run_id for r in rows})
    entries = [
        {
            "at": row.created_at,
            "run": runs.get(row.check_run_id),
            "score": row.score,
            "tier": row.tier,
            "verdicts": {p.value: getattr(row, f"verdict_{p.value}") for p in Pillar},
            "changes": _changes(row, older, RELEASE_FIELDS),
        }
        for row, older in _with_previous(rows)
    ][:limit]
    return {"lab": lab_slug, "release": release_slug, "entries": entries}


def lab_history(lab_slug: str, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """Return a lab's aggregate score changes, newest first, with the run that caused each."""
    lab = reads.get_lab(lab_slug)
    rows = db.session.scalars(
        select(LabScoreSnapshot)
        .where(LabScoreSnapshot.lab_id == lab.id)
        .order_by(LabScoreSnapshot.created_at.desc(), LabScoreSnapshot.id.desc())
        .limit(limit + 1)
    ).all()
    runs = _runs({r.check_run_id for r in rows})
    entries = [
        {
            "at": row.created_at,
            "run": runs.get(row.check_run_id),
            "score": row.score,
            "tier_counts": dict(row.tier_counts or {}),
            "changes": _changes(row, older, LAB_FIELDS),
        }
        for row, older in _with_previous(rows)
    ][:limit]
    return {"lab": lab_slug, "entries": entries}


def _with_previous(rows: Sequence[Any]) -> list[tuple[Any, Any | None]]:
    # Rows are newest first, so each row's predecessor is the next one in the list.
    return [(row, rows[i + 1] if i + 1 < len(rows) else None) for i, row in enumerate(rows)]


def _changes(row: Any, older: Any | None, names: Sequence[str]) -> list[dict[str, Any]]:
    changes = []
    for name in names:
        before = getattr(older, name) if older is not None else None
        after = getattr(row, name)
        if before != after:
            changes.append({"field": name, "from": before, "to": after})
    return changes


def _runs(ids: set[int | None]) -> Mapping[int, dict[str, Any]]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(
        select(CheckRun.id, CheckRun.trigger, CheckRun.state, Release.slug)
        .join(Release, Release.id == CheckRun.release_id)
        .where(CheckRun.id.in_(wanted))
    ).all()
    return {
        run_id: {"id": run_id, "trigger": trigger, "state": state, "release": slug}
        for run_id, trigger, state, slug in rows
    }
