"""Consistency findings of a release: computed at the end of a check run, read beside the tier.

The consistency badge reads them like every badge (`app.services.badges`): one row, by
slug, remembered for a few seconds.

The domain (`registry.consistency`) reads through the ports; this module turns the run's
evidence rows into its inputs and stores its report on the release. Findings, not a score:
nothing here touches the tier, the score or the score history.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from app.models import Artifact, Lab, Release, utcnow
from app.services.badges import _one_row, could_be_slug, recent_reads
from app.services.errors import NotFound
from app.services.evidence import artifact_ref
from registry.consistency import ArtifactSeen, check_consistency
from registry.ports import Clients

log = logging.getLogger(__name__)


def seen_artifacts(release: Release) -> list[ArtifactSeen]:
    """Return each artifact as its latest good evidence saw it (none: only its declaration)."""
    return [_seen(artifact) for artifact in release.artifacts]


def _seen(artifact: Artifact) -> ArtifactSeen:
    evidence = artifact.good_evidence
    ref = artifact_ref(artifact)
    if evidence is None or evidence.failure_kind is not None:
        return ArtifactSeen(ref)
    files = tuple(str(f.get("path")) for f in evidence.files or () if f.get("path"))
    return ArtifactSeen(ref, evidence.revision, files, dict(evidence.facts or {}))


def record_consistency(release: Release, clients: Clients) -> None:
    """Compute the release's consistency findings and keep them on the release (no commit)."""
    try:
        report = check_consistency(seen_artifacts(release), clients)
    except Exception:  # findings are extra: a bug here must not fail the run
        log.warning("consistency check failed", exc_info=True, extra={"release_id": release.id})
        return
    # Dated, so a page showing findings an unfinished run left alone says how old they are.
    release.consistency = {**report.as_fact(), "checked_at": utcnow().isoformat()}


@dataclass(frozen=True)
class ConsistencyBadgeFacts:
    """Whether a release has earned the consistent mark, and what it still lacks."""

    lab_name: str
    name: str
    checked: bool  # False until a run has produced findings
    consistent: bool
    gaps: tuple[str, ...] = ()


CONSISTENCY_QUERY = (
    select(Lab.name.label("lab_name"), Release.name, Release.consistency)
    .join_from(Release, Lab, Release.lab_id == Lab.id)
    .where(Lab.slug == bindparam("lab_slug"), Release.slug == bindparam("release_slug"))
)


def consistency_badge_facts(lab_slug: str, release_slug: str) -> ConsistencyBadgeFacts:
    """Return a release's consistency badge facts, read at most a few seconds ago."""
    return recent_reads().get(
        ("consistency", lab_slug, release_slug),
        lambda: read_consistency_badge_facts(lab_slug, release_slug),
    )


def read_consistency_badge_facts(lab_slug: str, release_slug: str) -> ConsistencyBadgeFacts:
    """Read the stored findings' verdict from the release row, or raise NotFound."""
    row = None
    if could_be_slug(lab_slug) and could_be_slug(release_slug):
        row = _one_row(CONSISTENCY_QUERY, lab_slug=lab_slug, release_slug=release_slug)
    if row is None:
        raise NotFound(f"No release {release_slug!r} in lab {lab_slug!r}.")
    found = row.consistency if isinstance(row.consistency, dict) else None
    if found is None:
        return ConsistencyBadgeFacts(row.lab_name, row.name, checked=False, consistent=False)
    gaps = tuple(str(g) for g in found.get("gaps") or ())
    return ConsistencyBadgeFacts(
        row.lab_name, row.name, checked=True, consistent=found.get("consistent") is True, gaps=gaps
    )
