"""A release's pillars as readers see them: verdict, reason, remediation and evidence.

Shared by the release page and the API (through release_reads.release_detail). Failures are given in
words (registry.standard) beside the stored text, and each pillar below open says what would
make it open (registry.remediation), derived from the same evidence the page shows.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from app.models import Artifact, Evidence, Release, utcnow
from app.services.read_models import ArtifactView, EvidenceView, PillarView
from registry.model import Pillar, Verdict
from registry.remediation import ArtifactState, pillar_remediation
from registry.standard import POINTS, parse_failure, stored_failure_sentence


def stale_after() -> timedelta:
    """Return the age past which evidence is stale."""
    return timedelta(days=current_app.config["REGISTRY_STALE_AFTER_DAYS"])


def is_stale(checked_at: datetime | None, failed: bool, now: datetime | None = None) -> bool:
    """Return True when the last good evidence is too old or the latest check failed."""
    if failed:
        return True
    if checked_at is None:
        return False  # never checked: unverified, which is not the same as stale
    return (now or utcnow()) - checked_at > stale_after()


def pillar_view(
    release: Release, pillar: Pillar, confirmed: datetime | None = None
) -> PillarView:
    """Return one pillar of a release: verdict, points, why, what would open it, artifacts.

    `confirmed`: when the release's latest run, finished unchanged by the revision probe,
    found every revision as the evidence had it.
    """
    verdict = Verdict(getattr(release, f"verdict_{pillar.value}"))
    rows = [a for a in release.artifacts if a.pillar == pillar.value]
    artifacts = tuple(_artifact_view(a, confirmed) for a in rows)
    if not artifacts:
        reason = "none published"
    elif verdict is Verdict.UNVERIFIED:
        reason = "declared, not yet confirmed by a check"
    else:
        reason = f"least open artifact is {verdict.value}"
    return PillarView(
        pillar=pillar.value,
        verdict=verdict.value,
        points=POINTS[verdict],
        reason=reason,
        stale=any(a.stale for a in artifacts),
        remediation=tuple(pillar_remediation(pillar, verdict, [_state(a) for a in rows])),
        artifacts=artifacts,
    )


def _state(artifact: Artifact) -> ArtifactState:
    evidence = artifact.good_evidence
    failure = parse_failure(artifact.last_failure)
    return ArtifactState(
        locator=artifact.locator,
        verdict=Verdict(artifact.verdict),
        failure=failure[0] if failure else None,
        facts=evidence.facts if evidence else {},
        licences=evidence.licences if evidence else (),
        declared_licence=artifact.declared_licence,
        checked=evidence is not None,
    )


def _artifact_view(artifact: Artifact, confirmed: datetime | None) -> ArtifactView:
    evidence = artifact.good_evidence
    checked_at = confirmed_at(artifact, confirmed)
    return ArtifactView(
        pillar=artifact.pillar,
        kind=artifact.kind,
        locator=artifact.locator,
        declared_licence=artifact.declared_licence,
        entrypoint=artifact.entrypoint,
        provenance=artifact.provenance,
        verdict=artifact.verdict,
        stale=is_stale(checked_at, artifact.last_failure is not None and evidence is not None),
        last_failure=artifact.last_failure,
        # In words: the stored message is an adapter's, for diagnosis, not for people.
        failure=stored_failure_sentence(
            artifact.last_failure, evidence.endpoint if evidence else None
        ),
        confirmed_at=checked_at,
        evidence=evidence_view(evidence) if evidence else None,
    )


def confirmed_at(artifact: Artifact, confirmed: datetime | None) -> datetime | None:
    """Return when the artifact's good evidence was last shown to hold.

    Its own check, or later, `confirmed`: when the release's latest run, finished unchanged
    by the revision probe, found every revision as that evidence had it (a run wrote no
    evidence then, so the evidence's own date would call it stale too soon).
    """
    evidence = artifact.good_evidence
    if evidence is None:
        return None
    if artifact.last_failure is None and confirmed is not None:
        return max(evidence.checked_at, confirmed)
    return evidence.checked_at


EVIDENCE_COLUMNS = (
    "id check_run_id checker_id checker_version verdict reasons failure_kind "
    "failure_message endpoint locator revision files file_count total_size licences "
    "facts checked_at duration_s"
).split()


def evidence_view(evidence: Evidence) -> EvidenceView:
    """Return one piece of evidence as readers see it."""
    return EvidenceView(**{column: getattr(evidence, column) for column in EVIDENCE_COLUMNS})
