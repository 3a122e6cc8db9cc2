"""Check-run reads: a release's runs, newest first, and one run with its evidence."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import CheckRun, Evidence, Release
from app.services.errors import NotFound
from app.services.paging import Order, Page, page_of
from app.services.pillar_views import evidence_view
from app.services.read_models import AttemptView, RunDetail, RunEvidence, RunView
from app.services.rows import get_release
from app.tasks.state import error_in_words

RUN_COLUMNS = (
    "id state trigger attempts created_at started_at finished_at "
    "artifacts_total artifacts_done unchanged unchanged_since_run_id probe error"
).split()
ATTEMPT_COLUMNS = ("number", "started_at", "ended_at", "outcome", "error")


def latest_run(release_id: int) -> CheckRun | None:
    """Return a release's most recent check run, if any."""
    return db.session.scalar(
        select(CheckRun).where(CheckRun.release_id == release_id).order_by(CheckRun.id.desc())
    )


# Newest first; the id is its own tie-break.
RUN_ORDER = Order(CheckRun.id, CheckRun.id, descending=True)


def runs_query(release_id: int) -> Select[CheckRun]:
    """Return the query of a release's check runs, newest first."""
    return select(CheckRun).where(CheckRun.release_id == release_id).order_by(CheckRun.id.desc())


def page_of_runs(lab_slug: str, release_slug: str, page: int, per_page: int) -> Page[RunView]:
    """Return one page of a release's check runs, newest first, and how many it has."""
    release = get_release(lab_slug, release_slug)
    return page_of(runs_query(release.id), RUN_ORDER, page, per_page).map(run_view)


def run_view(run: CheckRun) -> RunView:
    """Return a check run, its progress and its attempts."""
    return RunView(
        **{column: getattr(run, column) for column in RUN_COLUMNS},
        summary=run_summary(run),
        error_words=error_in_words(run.error),
        attempt_log=tuple(
            AttemptView(**{name: getattr(attempt, name) for name in ATTEMPT_COLUMNS})
            for attempt in run.attempt_log
        ),
    )


def run_summary(run: CheckRun) -> str:
    """Say in words what a run did, e.g. "unchanged since run 12: its evidence stands"."""
    if run.state == "COMPLETED" and run.unchanged_since_run_id is not None:
        return (
            f"unchanged since run {run.unchanged_since_run_id}: every revision matched, "
            f"so run {run.unchanged_since_run_id}'s evidence stands (not copied)"
        )
    if run.state == "COMPLETED" and run.unchanged:
        return "unchanged: every revision matched; the last good evidence was carried forward"
    found = {"changed": "a revision changed", "failed": "a revision probe failed"}
    said = f"; {found[run.probe]}, so a full check followed" if run.probe in found else ""
    return {"PENDING": "queued", "RUNNING": "running", "COMPLETED": "checked",
            "ERROR": "failed"}.get(run.state, run.state.lower()) + said  # fmt: skip


def run_detail(lab_slug: str, release_slug: str, run_id: int) -> RunDetail:
    """Return one check run of a release with every piece of evidence it recorded."""
    release = get_release(lab_slug, release_slug)
    run = db.session.scalar(
        select(CheckRun)
        .where(CheckRun.id == run_id, CheckRun.release_id == release.id)
        .options(selectinload(CheckRun.evidence))
    )
    if run is None:
        raise NotFound(f"No check run {run_id} for release {release_slug!r} in lab {lab_slug!r}.")
    return RunDetail(
        **vars(run_view(run)),
        lab=lab_slug,
        release=release_slug,
        evidence=tuple(run_evidence(e, e.pillar, e.artifact_id) for e in run.evidence),
        carried_forward=_carried_forward(run, release),
    )


def run_evidence(evidence: Evidence, pillar: str, artifact_id: int | None) -> RunEvidence:
    """Return a piece of evidence as a run lists it, with its pillar and artifact."""
    return RunEvidence(**vars(evidence_view(evidence)), pillar=pillar, artifact_id=artifact_id)


def _carried_forward(run: CheckRun, release: Release) -> tuple[RunEvidence, ...]:
    # A run the probe finished unchanged wrote no evidence: show what it confirmed, which
    # keeps its own run id (the run that found it), while it is still the release's.
    if run.unchanged_since_run_id is None or run.id != _latest_run_id(release.id):
        return ()
    return tuple(
        run_evidence(a.good_evidence, a.pillar, a.id)
        for a in release.artifacts
        if a.good_evidence is not None
    )


def _latest_run_id(release_id: int) -> int | None:
    latest = latest_run(release_id)
    return latest.id if latest is not None else None
