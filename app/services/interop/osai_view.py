"""One OSAI claim as the release page and the API show it: all 12 dimensions, each with its
grade, notes and links (each link an artifact we check or evidence we keep), beside what our
evidence says, or "no evidence of ours" where we have none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

from sqlalchemy import func, select

from app.extensions import db
from app.models import Artifact, Claim, Release
from app.services.interop.claims import ClaimView, artifact_check, claim_view
from registry.frameworks.artifacts import base_model_locator, osai_links
from registry.frameworks.links import LinkReading
from registry.frameworks.mof_evidence import Agreement
from registry.frameworks.osai import OsaiEntry, entry_from_dict
from registry.frameworks.osai_compare import DimensionComparison, compare_osai
from registry.frameworks.verification import ArtifactCheck
from registry.model import ArtifactKind, Pillar


class LinkView(TypedDict):
    """One link as written in the file, what it is, and why it counts as evidence."""

    text: str
    url: str | None
    use: str
    locator: str | None
    why: str


class DimensionView(TypedDict):
    """One of OSAI's 12 dimensions: its grade, notes and links beside our evidence."""

    dimension: str
    title: str
    group: str
    question: str
    pillar: str | None
    grade: str | None
    notes: str | None
    links: list[LinkView]
    ours: str | None  # our verdict (or licence reading); None: no evidence of ours
    agreement: str
    explanation: str


class OsaiView(ClaimView):
    """One OSAI claim (FrameworksSchema's `osai`): the file's provenance and its dimensions."""

    system: str
    organisation: str
    organisation_notes: str | None
    organisation_links: list[LinkView]
    attribution: Any
    judgements: Any  # the file's judgements as stored (the payload's JSON)
    dimensions: list[DimensionView]
    disagreements: int


def osai_view(release: Release, claim: Claim, checks: Sequence[ArtifactCheck]) -> OsaiView:
    """Return one OSAI claim: its 12 dimensions beside our evidence, and its provenance."""
    entry = entry_from_dict(claim.payload)
    readings = {f.field: f.reading for f in osai_links(entry).links}
    dimensions = [
        _dimension(c, readings) for c in compare_osai(entry, checks, _base_checks(entry, release))
    ]
    return {
        **claim_view(claim),
        "system": entry.system,
        "organisation": entry.organisation,
        "organisation_notes": entry.organisation_notes,
        "organisation_links": [
            _link(readings[f"org.link[{i}]"]) for i in range(len(entry.organisation_links))
        ],  # fmt: skip
        "attribution": claim.payload.get("attribution"),
        "judgements": claim.payload["judgements"],
        "dimensions": dimensions,
        "disagreements": sum(d["agreement"] == Agreement.DISAGREE.value for d in dimensions),
    }


def _base_checks(entry: OsaiEntry, release: Release) -> list[ArtifactCheck]:
    # The base model's weights, when a release in the registry declares them.
    locator = base_model_locator(entry)
    if locator is None or any(a.locator.lower() == locator.lower() for a in release.artifacts):
        return []
    row = db.session.scalar(
        select(Artifact)
        .where(
            Artifact.pillar == Pillar.WEIGHTS.value,
            Artifact.kind == ArtifactKind.HF_MODEL.value,
            func.lower(Artifact.locator) == locator.lower(),
        )
        .order_by(Artifact.id)
        .limit(1)
    )
    return [artifact_check(row)] if row is not None else []


def _dimension(c: DimensionComparison, readings: dict[str, LinkReading]) -> DimensionView:
    ref = c.dimension.ref
    return {
        "dimension": ref,
        "title": c.dimension.title,
        "group": c.dimension.group,
        "question": c.dimension.question,
        "pillar": c.pillar.value if c.pillar else None,
        "grade": c.judgement.grade.value if c.judgement.grade else None,
        "notes": c.judgement.notes,
        "links": [_link(readings[f"{ref}.link[{i}]"]) for i in range(len(c.judgement.links))],
        "ours": c.ours,
        "agreement": c.agreement.value,
        "explanation": c.explanation,
    }


def _link(reading: LinkReading) -> LinkView:
    return {
        "text": reading.text,
        "url": reading.url,
        "use": reading.use.value,
        "locator": reading.locator,
        "why": reading.why,
    }
