"""Scheduled re-checks in bulk: runs created together, probed in batches, grouped by owner.

`start_rechecks` creates one scheduled run per due release in one statement (a release
that already has an active run keeps it) and hands them to the executor in batches of
REGISTRY_PROBE_BATCH, releases of one Hub owner side by side so that one listing serves
them all. `batch_targets` reads what a probe batch needs about its runs in one query.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from flask import current_app
from sqlalchemy import func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import Artifact, CheckRun, Evidence, Release, UTCDateTime, utcnow
from app.services.checks import dispatcher
from app.services.unit_of_work import after_commit, unit_of_work
from app.tasks.state import ACTIVE_STATES
from registry.checks import CheckerRegistry
from registry.model import ArtifactKind, ArtifactRef, Pillar
from registry.verify import HUB_REPO_TYPES

SCHEDULE = "schedule"
CHUNK = 5000  # ids per statement: PostgreSQL takes at most 65,535 parameters in one
# Kinds whose revision a probe can read; a release with any other (a URL) is checked in full.
PROBED_KINDS = frozenset({*(k.value for k in HUB_REPO_TYPES), ArtifactKind.GIT.value})


@dataclass(frozen=True)
class Expected:
    """One artifact of a probed run and the revision its last good evidence was taken at."""

    artifact: ArtifactRef
    revision: str | None


@dataclass
class RunTarget:
    """A run of a probe batch: its artifacts, and whether a probe alone may finish it."""

    run_id: int
    release_id: int
    probe_can_finish: bool = True
    expected: list[Expected] = field(default_factory=list)


def start_rechecks(release_ids: Sequence[int], window_s: float, now: datetime | None = None
                   ) -> list[int]:  # fmt: skip
    """Create scheduled runs for the releases, hand them over in batches; return the run ids."""
    now = now or utcnow()
    if not release_ids:
        return []
    with unit_of_work():
        created: dict[int, int] = {}
        for i in range(0, len(release_ids), CHUNK):  # bound the parameters of one statement
            created.update(_create_runs(release_ids[i : i + CHUNK], now))
        due_order = {release_id: i for i, release_id in enumerate(release_ids)}
        runs = sorted(created, key=lambda run_id: due_order[created[run_id]])
        owners = _owners(list(created.values()))
        by_run = {run_id: owners.get(created[run_id], "") for run_id in runs}
        batches = plan_batches(runs, by_run, int(current_app.config["REGISTRY_PROBE_BATCH"]))
        gap = window_s / len(batches) if batches else 0.0
        for index, batch in enumerate(batches):
            delay = round(index * gap, 3)
            after_commit(partial(_dispatch_batch, batch, delay))
    return runs


def _create_runs(release_ids: Sequence[int], now: datetime) -> dict[int, int]:
    """Insert a pending run per release lacking an active one; return run id -> release id."""
    artifacts = (
        select(func.count()).select_from(Artifact)
        .where(Artifact.release_id == Release.id).scalar_subquery()
    )  # fmt: skip
    rows = select(
        Release.id,
        literal(SCHEDULE),
        literal("PENDING"),
        literal(0),
        literal(now, UTCDateTime()),
        artifacts,
        literal(0),
        literal(False),
    ).where(Release.id.in_(release_ids))
    columns = ["release_id", "trigger", "state", "attempts", "created_at", "artifacts_total",
               "artifacts_done", "unchanged"]  # fmt: skip
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(CheckRun)
        .from_select(columns, rows)
        # The one-active-run index: a release already pending or running keeps its run.
        .on_conflict_do_nothing(
            index_elements=["release_id"], index_where=CheckRun.state.in_(ACTIVE_STATES)
        )
        .returning(CheckRun.id, CheckRun.release_id)
    )
    created = {run_id: release_id for run_id, release_id in db.session.execute(statement)}
    if created:
        db.session.execute(
            update(Release).where(Release.id.in_(list(created.values())))
            .values(last_requested_at=now).execution_options(synchronize_session=False)
        )  # fmt: skip
    return created


def _owners(release_ids: Sequence[int]) -> dict[int, str]:
    """Return the owner each release is grouped by: that of its first Hub artifact."""
    owners: dict[int, str] = {}
    rows = [
        row
        for i in range(0, len(release_ids), CHUNK)
        for row in db.session.execute(
            select(Artifact.release_id, Artifact.kind, Artifact.locator)
            .where(Artifact.release_id.in_(release_ids[i : i + CHUNK]))
            .order_by(Artifact.release_id, Artifact.position, Artifact.id)
        )
    ]
    for release_id, kind, locator in rows:
        if kind in PROBED_KINDS and kind != ArtifactKind.GIT.value and release_id not in owners:
            owners[release_id] = locator.partition("/")[0].lower()
    return owners


def plan_batches(runs: Sequence[int], owners: Mapping[int, str], size: int) -> list[list[int]]:
    """Cut the runs (in due order) into batches of at most `size`, one owner's side by side."""
    position = {run_id: i for i, run_id in enumerate(runs)}
    ordered = sorted(runs, key=lambda run_id: (owners.get(run_id, ""), position[run_id]))
    size = max(1, size)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def _dispatch_batch(run_ids: list[int], delay_s: float) -> None:
    executor = current_app.extensions.get("registry.executor")
    dispatch_batch = getattr(executor, "dispatch_batch", None)
    try:
        if dispatch_batch is not None:
            dispatch_batch(run_ids, delay_s)
        else:
            for run_id in run_ids:
                dispatcher()(run_id, delay_s)
    except Exception:  # the runs stay PENDING; the sweeper sends them later
        current_app.logger.warning("batch dispatch failed", exc_info=True,
                                   extra={"check_run_ids": run_ids[:10]})  # fmt: skip


# Plain columns, not rows: a batch of hundreds of runs must not fill the session's identity map.
TARGET_COLUMNS = (
    CheckRun.id.label("run_id"), CheckRun.release_id, Release.last_check_failed,
    Artifact.id.label("artifact_id"), Artifact.pillar, Artifact.kind, Artifact.locator,
    Artifact.declared_licence, Artifact.entrypoint, Artifact.verdict, Artifact.last_failure,
    Artifact.missing_count, Evidence.id.label("evidence_id"), Evidence.revision,
    Evidence.failure_kind, Evidence.checker_version, Evidence.verdict.label("evidence_verdict"),
)  # fmt: skip


def batch_targets(run_ids: Collection[int], checkers: CheckerRegistry) -> list[RunTarget]:
    """Return each run's artifacts with their expected revisions, in one query."""
    rows = db.session.execute(
        select(*TARGET_COLUMNS)
        .join(Release, Release.id == CheckRun.release_id)
        .outerjoin(Artifact, Artifact.release_id == Release.id)
        .outerjoin(Evidence, Evidence.id == Artifact.good_evidence_id)
        .where(CheckRun.id.in_(list(run_ids)))
        .order_by(CheckRun.id, Artifact.position, Artifact.id)
    ).all()
    targets: dict[int, RunTarget] = {}
    for row in rows:
        target = targets.setdefault(
            row.run_id, RunTarget(row.run_id, row.release_id, not row.last_check_failed)
        )
        if row.artifact_id is None:
            target.probe_can_finish = False  # nothing to confirm
            continue
        target.expected.append(Expected(_ref(row), row.revision))
        if not _confirmable(row, checkers):
            target.probe_can_finish = False
    return list(targets.values())


def _ref(row: Any) -> ArtifactRef:
    return ArtifactRef(
        pillar=Pillar(row.pillar), kind=ArtifactKind(row.kind), locator=row.locator,
        declared_licence=row.declared_licence, entrypoint=row.entrypoint,
    )  # fmt: skip


def _confirmable(row: Any, checkers: CheckerRegistry) -> bool:
    """Return True when a matching revision alone shows the artifact's evidence still holds."""
    if row.kind not in PROBED_KINDS or row.evidence_id is None:
        return False
    version = checkers.for_kind(ArtifactKind(row.kind)).version
    return (
        row.failure_kind is None
        and row.revision is not None
        and row.checker_version == version
        and row.verdict == row.evidence_verdict
        and row.last_failure is None
        and row.missing_count == 0
    )


def probed_refs(targets: Iterable[RunTarget]) -> list[ArtifactRef]:
    """Return the artifacts worth probing: those of runs a probe may finish."""
    return [e.artifact for t in targets if t.probe_can_finish for e in t.expected]
