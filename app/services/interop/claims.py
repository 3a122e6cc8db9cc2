"""The rows the framework views read, as what they mean: checks of artifacts, claims of files."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import select

from app.extensions import db
from app.models import Artifact, Claim, Release
from registry.frameworks.verification import ArtifactCheck
from registry.model import ArtifactKind, ArtifactRef, LicenceClass, LicenceFinding, Pillar, Verdict
from registry.standard import stored_failure_sentence


def artifact_checks(release: Release) -> list[ArtifactCheck]:
    """Return what our checks say about each of a release's artifacts."""
    return [artifact_check(a) for a in release.artifacts]


def artifact_check(artifact: Artifact) -> ArtifactCheck:
    """Return what our checks say about one artifact row."""
    ref = ArtifactRef(
        Pillar(artifact.pillar), ArtifactKind(artifact.kind), artifact.locator,
        artifact.declared_licence, artifact.entrypoint,
    )  # fmt: skip
    evidence = artifact.good_evidence
    reasons = tuple(evidence.reasons or ()) if evidence else ()
    findings = tuple(_finding(item) for item in (evidence.licences or ())) if evidence else ()
    facts = dict(evidence.facts or {}) if evidence else {}
    # In words: the stored failure is an adapter's message, for diagnosis.
    endpoint = evidence.endpoint if evidence else None
    failure = stored_failure_sentence(artifact.last_failure, endpoint)
    return ArtifactCheck(ref, Verdict(artifact.verdict), reasons, findings, failure, facts)


def _finding(item: Mapping[str, Any]) -> LicenceFinding:
    cls = item.get("licence_class") or LicenceClass.UNKNOWN.value
    return LicenceFinding(
        str(item.get("expression", "")), str(item.get("source", "")), LicenceClass(cls)
    )


def claims_of(release: Release, source: str) -> list[Claim]:
    """Return a release's claims from one source: live ones first, most recent first."""
    rows = db.session.scalars(
        select(Claim).where(Claim.release_id == release.id, Claim.source == source)
    ).all()
    return sorted(rows, key=lambda c: (c.removed_in is not None, -_when(c), -c.id))


def _when(claim: Claim) -> float:
    moment = claim.updated_at or claim.created_at
    return moment.timestamp() if moment else 0.0


class ClaimView(TypedDict):
    """What every claim shows (the JSON of FrameworksSchema's claim fields)."""

    source_file: str | None
    imported_at: datetime
    updated_at: datetime | None
    upstream_url: str | None
    upstream_commit: str | None
    upstream_file_url: str | None
    removed_in: str | None
    warnings: dict[str, Any]


def claim_view(claim: Claim) -> ClaimView:
    """Return what every claim shows: its file, where and when it was read, its warnings."""
    return {
        "source_file": claim.source_file,
        "imported_at": claim.created_at,
        "updated_at": claim.updated_at,
        "upstream_url": claim.upstream_url,
        "upstream_commit": claim.upstream_commit,
        "upstream_file_url": _upstream_file_url(claim),
        "removed_in": claim.removed_in,
        "warnings": dict((claim.payload or {}).get("warnings") or {}),
    }


def _upstream_file_url(claim: Claim) -> str | None:
    if not (claim.upstream_url and claim.upstream_commit and claim.source_file):
        return None
    base = claim.upstream_url.removesuffix(".git").rstrip("/")
    return f"{base}/blob/{claim.upstream_commit}/{claim.source_file}"
