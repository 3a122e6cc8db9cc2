"""Persist check results as Evidence rows and keep each artifact's effective verdict.

The failure semantics themselves are pure (`registry.reconcile`); this module turns rows
into its inputs and its answer back into rows: the new Evidence, and the artifact's
verdict, good evidence, last failure and not-found count. Nothing here commits: the
check runner writes each artifact in its own transaction, guarded by its claim.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Artifact, CheckRun, Evidence, Release
from app.services.scores import rescore_lab, rescore_release
from registry.model import (
    ArtifactKind,
    ArtifactRef,
    CheckResult,
    Pillar,
    Verdict,
)
from registry.model import Evidence as FoundEvidence
from registry.reconcile import PreviousState, Reconciled, reconcile

# The file list kept per evidence row; counts and sizes in `facts` cover the rest.
MAX_EVIDENCE_FILES = 100
UNCHANGED_NOTE = (
    "Unchanged since the check of {date}: the revision is still {revision}, "
    "so that check's findings are carried forward."
)


def artifact_ref(artifact: Artifact) -> ArtifactRef:
    """Return the domain view of an artifact row."""
    return ArtifactRef(
        pillar=Pillar(artifact.pillar),
        kind=ArtifactKind(artifact.kind),
        locator=artifact.locator,
        declared_licence=artifact.declared_licence,
        entrypoint=artifact.entrypoint,
    )


def previous_state(artifact: Artifact) -> PreviousState:
    """Return what earlier checks left for reconcile: the last good result, a pending 404."""
    good = artifact.good_evidence
    last_good = None
    if good is not None and good.failure_kind is None:
        last_good = CheckResult(artifact_ref(artifact), Verdict(good.verdict), tuple(good.reasons))
    return PreviousState(last_good=last_good, previous_not_found=artifact.missing_count > 0)


def record_result(
    run_id: int, artifact: Artifact, result: CheckResult, extra_facts: Mapping[str, Any]
) -> Evidence:
    """Store one checker result as evidence of the run and update the artifact's state."""
    reconciled = reconcile(result, previous_state(artifact))
    row = _evidence_row(run_id, artifact, result, reconciled, extra_facts)
    db.session.add(row)
    db.session.flush()
    _apply(artifact, row, result, reconciled)
    return row


def can_copy_forward(artifact: Artifact, checker_version: str) -> bool:
    """Return True when the artifact's last good check could be confirmed by its revision alone."""
    good = artifact.good_evidence
    return (
        good is not None
        and good.failure_kind is None
        and good.revision is not None
        and good.checker_version == checker_version
        and artifact.verdict == good.verdict
    )


def copy_forward(run_id: int, artifact: Artifact, now: datetime, duration_s: float) -> Evidence:
    """Record that nothing changed: the last good evidence, re-dated, in this run."""
    good = artifact.good_evidence
    assert good is not None  # guarded by can_copy_forward
    # A chain of unchanged re-checks keeps pointing at the last full check's date.
    since = str(good.facts.get("unchanged_since") or good.checked_at.isoformat())
    note = UNCHANGED_NOTE.format(date=since[:10], revision=good.revision)
    row = Evidence(
        check_run_id=run_id,
        artifact_id=artifact.id,
        **{column: getattr(good, column) for column in COPIED_COLUMNS},
        reasons=[note, *(r for r in good.reasons if not r.startswith("Unchanged since"))],
        facts={
            **good.facts,
            "unchanged_since": since,
            "copied_from": good.id,
        },
        checked_at=now,
        duration_s=round(duration_s, 3),
    )
    db.session.add(row)
    db.session.flush()
    artifact.good_evidence_id = row.id
    artifact.good_evidence = row
    artifact.last_failure = None
    artifact.missing_count = 0
    return row


COPIED_COLUMNS = (
    "pillar checker_id checker_version verdict endpoint locator revision files file_count "
    "total_size licences"
).split()


def finish_release(release: Release, run: CheckRun, now: datetime) -> None:
    """After a completed run: date the release's check, flag failures, rescore release and lab."""
    release.last_checked_at = now
    release.last_check_failed = any(a.last_failure for a in release.artifacts)
    rescore_release(release, run)
    rescore_lab(release.lab, run, now)


def run_was_unchanged(run_id: int) -> bool:
    """Return True when every piece of evidence of the run was carried forward unchanged."""
    rows = db.session.scalars(select(Evidence.facts).where(Evidence.check_run_id == run_id)).all()
    return bool(rows) and all("copied_from" in (facts or {}) for facts in rows)


def artifacts_done(run_id: int) -> set[int]:
    """Return the ids of the artifacts this run already has evidence for."""
    return set(
        db.session.scalars(
            select(Evidence.artifact_id).where(
                Evidence.check_run_id == run_id, Evidence.artifact_id.is_not(None)
            )
        )
    )


def _apply(artifact: Artifact, row: Evidence, result: CheckResult, reconciled: Reconciled) -> None:
    artifact.verdict = reconciled.verdict.value
    artifact.missing_count = artifact.missing_count + 1 if reconciled.not_found else 0
    confirmed_absent = (
        result.failed and not reconciled.stale and reconciled.verdict is Verdict.ABSENT
    )
    if result.failure is None or confirmed_absent:
        # A verdict was reached (absence confirmed twice is a verdict, not a failure).
        artifact.good_evidence_id = row.id
        artifact.good_evidence = row
        artifact.last_failure = None
    else:
        artifact.last_failure = f"{result.failure.kind.value}: {result.failure.message}"


def _evidence_row(
    run_id: int,
    artifact: Artifact,
    result: CheckResult,
    reconciled: Reconciled,
    extra_facts: Mapping[str, Any],
) -> Evidence:
    found = result.evidence
    # Stale: the verdict shown is an older one; this row says only what this attempt found.
    shown = result if reconciled.stale else reconciled
    failure = result.failure
    return Evidence(
        check_run_id=run_id,
        artifact_id=artifact.id,
        pillar=artifact.pillar,
        verdict=shown.verdict.value,
        reasons=list(shown.reasons),
        failure_kind=failure.kind.value if failure else None,
        failure_message=failure.message if failure else None,
        **_found_columns(artifact, found, extra_facts),
    )


def _found_columns(
    artifact: Artifact, found: FoundEvidence | None, extra_facts: Mapping[str, Any]
) -> dict[str, Any]:
    if found is None:
        return {"checker_id": "unknown", "checker_version": "", "locator": artifact.locator,
                "facts": dict(extra_facts)}
    files = [{"path": f.path, "size": f.size} for f in found.files[:MAX_EVIDENCE_FILES]]
    facts = _json_safe({**found.facts, **extra_facts})
    return {
        "checker_id": found.checker_id,
        "checker_version": found.checker_version,
        "endpoint": found.endpoint,
        "locator": found.locator,
        "revision": found.revision,
        "files": files,
        "file_count": int(facts.get("files_listed", len(found.files))),
        "total_size": found.total_size,
        "licences": [
            {"expression": f.expression, "source": f.source, "licence_class": f.licence_class.value}
            for f in found.licences
        ],
        "facts": facts,
        "checked_at": found.checked_at,
        "duration_s": found.duration_s,
    }


def _json_safe(facts: Mapping[str, Any]) -> dict[str, Any]:
    # Checkers may put tuples, enums or dates in facts; the JSON column needs plain values.
    return dict(json.loads(json.dumps(dict(facts), default=str)))

