"""A release against the openness frameworks: MOF claimed vs verified, OSAI vs our verdicts.

Reads the same artifact rows and evidence the release page shows, so the comparison and
the page never disagree. A release may hold several claims (one per imported file); each
is shown with its file, upstream commit and warnings, the most recent live one first.
Progress is served unrounded, as MOT computes it; pages round it for display.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

import yaml

from app.models import Claim, Release
from app.services.interop.claims import ClaimView, artifact_checks, claim_view, claims_of
from app.services.interop.osai_view import OsaiView, osai_view
from app.services.rows import get_release
from registry.frameworks.artifacts import mof_links
from registry.frameworks.mof import (
    MofDocument,
    MofEvaluation,
    document_from_dict,
    document_to_dict,
    evaluate,
)
from registry.frameworks.mof_differences import differences
from registry.frameworks.mof_evidence import (
    ComponentVerification,
    MofComparison,
    claim_state,
    compare_mof,
    verified_document,
)
from registry.frameworks.mof_rules import mof_rules
from registry.frameworks.mof_table import BY_COMPONENT

CLASS_NAMES = {3: "III", 2: "II", 1: "I"}


# The JSON shapes of /api/v1/labs/<lab>/releases/<release>/frameworks (schemas/frameworks.py
# dumps them), built from the pure comparison in registry/frameworks/.
class ClassView(TypedDict):
    """A MOF class reached (0: unclassified) and the unrounded progress towards each."""

    mof_class: int
    label: str
    progress: dict[str, float]


class DifferenceView(TypedDict):
    """One component where the claim and our evidence differ, and why."""

    component: str
    claimed: str
    claimed_licence: str | None
    verified: str
    verified_licence: str | None
    agreement: str
    explanation: str
    cause: str | None


class EvidenceLinkView(TypedDict):
    """A link a MOF file gives as evidence, as written and as read."""

    field: str
    text: str
    url: str | None
    why: str


class MofClaimView(ClaimView, ClassView):
    """One imported MOF file: its provenance, the class it reaches, where it differs."""

    differences: list[DifferenceView]
    evidence_links: list[EvidenceLinkView]


class ClaimedState(TypedDict):
    """What the primary claim says of one component."""

    state: str
    licence: str | None


class VerifiedState(TypedDict):
    """What our evidence says of one component."""

    status: str
    licence: str | None
    urls: list[str]
    explanation: str
    has_rule: bool


class RuleView(TypedDict):
    """Where a component is looked for, what counts and what does not."""

    where: str
    counts: str
    does_not_count: str


class ComponentView(TypedDict):
    """One MOF component: claimed beside verified, with the rule that decides it."""

    component: str
    mof_class: int
    required: bool
    claimed: ClaimedState | None
    verified: VerifiedState
    rule: RuleView


class MofView(TypedDict):
    """The MOF side: every claim, the class our evidence supports, each component."""

    claimed: MofClaimView | None
    claims: list[MofClaimView]
    verified: ClassView
    summary: str
    components: list[ComponentView]
    differences: list[DifferenceView]
    badge_url: str


class FrameworksView(TypedDict):
    """A release against MOF and OSAI (FrameworksSchema)."""

    lab: str
    release: str
    name: str
    mof: MofView
    osai: OsaiView | None
    osai_claims: list[OsaiView]
    mof_yaml_url: str
    aibom_url: str


def mof_comparison(release: Release, claim: Claim | None = None) -> MofComparison:
    """Return the MOF class a claim states (if any) beside the class our evidence supports.

    The page, the API, the MOF export and the verified-class badge all read this one.
    """
    document = _document(claim)
    return compare_mof(
        release.name, release.lab.name, artifact_checks(release), document,
        _export_details(release), release.paper_url,
    )  # fmt: skip


def _document(claim: Claim | None) -> MofDocument | None:
    return document_from_dict(claim.payload["document"]) if claim is not None else None


def _export_details(release: Release) -> dict[str, str]:
    checked = release.last_checked_at
    return {"date": checked.date().isoformat()} if checked else {}


def mof_yaml(lab_slug: str, release_slug: str) -> str:
    """Return the release as a MOF 1.0 file built only from verified-open evidence."""
    release = get_release(lab_slug, release_slug)
    comparison = mof_comparison(release)
    document = verified_document(
        release.name, release.lab.name, comparison.components, _export_details(release)
    )
    return yaml.safe_dump(document_to_dict(document), sort_keys=False, allow_unicode=True)


def frameworks_view(lab_slug: str, release_slug: str) -> FrameworksView:
    """Return a release's MOF classes (claimed vs verified) and OSAI grades vs our verdicts."""
    release = get_release(lab_slug, release_slug)
    checks = artifact_checks(release)
    osai = [osai_view(release, claim, checks) for claim in claims_of(release, "osai")]
    base = f"/api/v1/labs/{lab_slug}/releases/{release_slug}"
    return {
        "lab": lab_slug,
        "release": release_slug,
        "name": release.name,
        "mof": _mof_view(
            release, claims_of(release, "mof"), f"/badges/{lab_slug}/{release_slug}/mof.svg"
        ),
        "osai": osai[0] if osai else None,
        "osai_claims": osai,
        "mof_yaml_url": f"{base}/mof.yaml",
        "aibom_url": f"{base}/aibom.cdx.json",
    }


def _mof_view(release: Release, claims: Sequence[Claim], badge_url: str) -> MofView:
    comparison = mof_comparison(release, claims[0] if claims else None)
    views = [_mof_claim_view(claim, comparison.components) for claim in claims]
    primary = _document(claims[0]) if claims else None
    return {
        "claimed": views[0] if views else None,
        "claims": views,
        "verified": _class_view(comparison.verified),
        "summary": comparison.summary,
        "components": [_component_view(c, primary) for c in comparison.components],
        "differences": views[0]["differences"] if views else [],
        "badge_url": badge_url,
    }


def _mof_claim_view(claim: Claim, components: Sequence[ComponentVerification]) -> MofClaimView:
    document = document_from_dict(claim.payload["document"])
    evidence: list[EvidenceLinkView] = [
        {"field": f.field, "text": f.reading.text, "url": f.reading.url, "why": f.reading.why}
        for f in mof_links(document).evidence
    ]
    return {
        **claim_view(claim),
        **_class_view(evaluate(document)),
        "differences": [_difference_view(d) for d in differences(document, components)],
        "evidence_links": evidence,
    }


def _difference_view(d: Any) -> DifferenceView:
    return {
        "component": d.component,
        "claimed": d.claimed.value,
        "claimed_licence": d.claimed_licence,
        "verified": d.verified.value,
        "verified_licence": d.verified_licence,
        "agreement": d.agreement.value,
        "explanation": d.explanation,
        "cause": d.cause.value if d.cause is not None else None,
    }


def _class_view(evaluation: MofEvaluation) -> ClassView:
    return {
        "mof_class": evaluation.mof_class,
        "label": evaluation.label,
        "progress": {CLASS_NAMES[c]: evaluation.classes[c].progress for c in CLASS_NAMES},
    }


def _component_view(component: ComponentVerification, claim: MofDocument | None) -> ComponentView:
    claimed: ClaimedState | None = None
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
            "has_rule": component.has_rule,
        },
        "rule": _rule_view(component.component),
    }


def _rule_view(name: str) -> RuleView:
    rule = BY_COMPONENT[name]
    return {"where": rule.where, "counts": rule.counts, "does_not_count": rule.does_not_count}
