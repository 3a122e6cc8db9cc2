"""A release against the openness frameworks: MOF claimed vs verified, OSAI vs our verdicts.

Reads the same artifact rows and evidence the release page shows, so the comparison and
the page never disagree; the claims come from the files an admin imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml
from sqlalchemy import select

from app.extensions import db
from app.models import Artifact, Claim, Release
from app.services import reads
from registry.frameworks.mof import MofDocument, MofEvaluation, document_from_dict, document_to_dict
from registry.frameworks.mof_evidence import (
    ComponentVerification,
    MofComparison,
    claim_state,
    compare_mof,
    verified_document,
)
from registry.frameworks.mof_rules import mof_rules
from registry.frameworks.osai import compare_osai, entry_from_dict
from registry.frameworks.verification import ArtifactCheck
from registry.model import ArtifactKind, ArtifactRef, LicenceClass, LicenceFinding, Pillar, Verdict

CLASS_NAMES = {3: "III", 2: "II", 1: "I"}


def artifact_checks(release: Release) -> list[ArtifactCheck]:
    """Return what our checks say about each of a release's artifacts."""
    return [_check(a) for a in release.artifacts]


def _check(artifact: Artifact) -> ArtifactCheck:
    ref = ArtifactRef(
        Pillar(artifact.pillar), ArtifactKind(artifact.kind), artifact.locator,
        artifact.declared_licence, artifact.entrypoint,
    )  # fmt: skip
    evidence = artifact.good_evidence
    reasons = tuple(evidence.reasons or ()) if evidence else ()
    findings = tuple(_finding(item) for item in (evidence.licences or ())) if evidence else ()
    return ArtifactCheck(ref, Verdict(artifact.verdict), reasons, findings, artifact.last_failure)


def _finding(item: Mapping[str, Any]) -> LicenceFinding:
    cls = item.get("licence_class") or LicenceClass.UNKNOWN.value
    return LicenceFinding(
        str(item.get("expression", "")), str(item.get("source", "")), LicenceClass(cls)
    )


def claims_of(release: Release) -> dict[str, Claim]:
    """Return the release's latest claim per source (mof, osai)."""
    rows = db.session.scalars(
        select(Claim).where(Claim.release_id == release.id).order_by(Claim.id)
    )
    return {row.source: row for row in rows}


def mof_comparison(release: Release, claim: Claim | None = None) -> MofComparison:
    """Return the MOF class a claim states (if any) beside the class our evidence supports."""
    document = document_from_dict(claim.payload["document"]) if claim is not None else None
    return compare_mof(
        release.name, release.lab.name, artifact_checks(release), document, _export_details(release)
    )


def _export_details(release: Release) -> dict[str, str]:
    checked = release.last_checked_at
    return {"date": checked.date().isoformat()} if checked else {}


def mof_yaml(lab_slug: str, release_slug: str) -> str:
    """Return the release as a MOF 1.0 file built only from verified evidence."""
    release = reads.get_release(lab_slug, release_slug)
    comparison = mof_comparison(release)
    document = verified_document(
        release.name, release.lab.name, comparison.components, _export_details(release)
    )
    return yaml.safe_dump(document_to_dict(document), sort_keys=False, allow_unicode=True)


def frameworks_view(lab_slug: str, release_slug: str) -> dict[str, Any]:
    """Return a release's MOF classes (claimed vs verified) and OSAI grades vs our verdicts."""
    release = reads.get_release(lab_slug, release_slug)
    claims = claims_of(release)
    return {
        "lab": lab_slug,
        "release": release_slug,
        "name": release.name,
        "mof": _mof_view(release, claims.get("mof")),
        "osai": _osai_view(release, claims.get("osai")),
        "mof_yaml_url": f"/api/v1/labs/{lab_slug}/releases/{release_slug}/mof.yaml",
    }


def _mof_view(release: Release, claim: Claim | None) -> dict[str, Any]:
    comparison = mof_comparison(release, claim)
    document = document_from_dict(claim.payload["document"]) if claim is not None else None
    return {
        "claimed": _class_view(comparison.claimed, claim) if comparison.claimed else None,
        "verified": _class_view(comparison.verified, None),
        "summary": comparison.summary,
        "components": [_component_view(c, document) for c in comparison.components],
        "differences": [
            {
                "component": d.component,
                "claimed": d.claimed.value,
                "claimed_licence": d.claimed_licence,
                "verified": d.verified.value,
                "verified_licence": d.verified_licence,
                "agreement": d.agreement.value,
                "explanation": d.explanation,
            }
            for d in comparison.differences
        ],
    }


def _class_view(evaluation: MofEvaluation, claim: Claim | None) -> dict[str, Any]:
    view: dict[str, Any] = {
        "mof_class": evaluation.mof_class,
        "label": evaluation.label,
        "progress": {CLASS_NAMES[c]: round(evaluation.classes[c].progress, 1) for c in CLASS_NAMES},
    }
    if claim is not None:
        view.update(source_file=claim.source_file, imported_at=claim.created_at)
    return view


def _component_view(component: ComponentVerification, claim: MofDocument | None) -> dict[str, Any]:
    claimed = None
    if claim is not None:
        state, licence = claim_state(claim, mof_rules(), component.component)
        claimed = {"state": state.value, "licence": licence}
    return {
        "component": component.component,
        "mof_class": component.mof_class,
        "required": component.required,
        "claimed": claimed,
        "verified": {
            "status": component.status.value,
            "licence": component.licence,
            "urls": list(component.urls),
            "explanation": component.explanation,
        },
    }


def _osai_view(release: Release, claim: Claim | None) -> dict[str, Any] | None:
    if claim is None:
        return None
    entry = entry_from_dict(claim.payload)
    dimensions = [
        {
            "dimension": c.dimension,
            "pillar": c.pillar.value if c.pillar else None,
            "grade": c.grade.value,
            "links": list(c.links),
            "notes": c.notes,
            "ours": c.ours,
            "agreement": c.agreement.value,
            "explanation": c.explanation,
        }
        for c in compare_osai(entry, artifact_checks(release))
    ]
    return {
        "source_file": claim.source_file,
        "imported_at": claim.created_at,
        "system": entry.system,
        "organisation": entry.organisation,
        "attribution": claim.payload.get("attribution"),
        "judgements": claim.payload["judgements"],
        "dimensions": dimensions,
        "disagreements": sum(d["agreement"] == "disagree" for d in dimensions),
    }
