"""A release as a CycloneDX 1.6 AI-BOM, built from what our checks verified.

Other generators write AI-BOMs from declared metadata; this one says what was verified.
The release is the model component (metadata.component) with a model card; each declared
artifact is a component (weights a machine-learning model, training code an application,
datasets data) carrying only what its evidence showed: the revision read, the licence
found, where it lives, and its verdict with the reason as properties. A licence or
revision no check confirmed is left out, never copied from the claim. The evidence holds
no file digests, so no hashes are written (a hash would have to be read, not assumed).

cyclonedx-python-lib builds and serialises the BOM; it does not model `modelCard` yet
(a TODO in its Component), so the card is added to the serialised model component.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any, NotRequired, TypedDict, cast

from cyclonedx.model import ExternalReference, ExternalReferenceType, Property, XsUri
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression
from cyclonedx.model.tool import ToolRepository
from cyclonedx.output.json import JsonV1Dot6
from cyclonedx.spdx import is_supported_id
from sqlalchemy import select

from app.extensions import db
from app.models import Artifact, Lab, Release, utcnow
from app.services.interop.claims import artifact_check
from app.services.rows import get_release
from registry.frameworks.verification import found_licence, public_url, reason_of
from registry.model import ArtifactKind, Verdict

PREFIX = "openness-registry"
TOOL_VERSION = "0.1.0"
NAMESPACE = uuid.UUID("6f1d2b8e-3c0a-4f55-9a57-1f0b7f3c2d11")  # serial numbers: uuid5 in it
# Artifact kind -> the CycloneDX component type it is.
COMPONENT_TYPES = {
    ArtifactKind.HF_MODEL: ComponentType.MACHINE_LEARNING_MODEL,
    ArtifactKind.GIT: ComponentType.APPLICATION,
    ArtifactKind.HF_DATASET: ComponentType.DATA,
    ArtifactKind.URL: ComponentType.DATA,
}
# Artifact kind -> the external reference saying where it lives.
REFERENCE_TYPES = {
    ArtifactKind.HF_MODEL: ExternalReferenceType.DISTRIBUTION,
    ArtifactKind.GIT: ExternalReferenceType.VCS,
    ArtifactKind.HF_DATASET: ExternalReferenceType.DISTRIBUTION,
    ArtifactKind.URL: ExternalReferenceType.DISTRIBUTION,
}
PUBLISHED = frozenset({Verdict.OPEN.value, Verdict.RESTRICTED.value})


class CardProperty(TypedDict):
    """One name/value property of the model card."""

    name: str
    value: str | None


class DatasetRef(TypedDict):
    """A dataset the model card names, by its component's bom-ref."""

    ref: str


class ModelParameters(TypedDict):
    """The model card's parameters: only the datasets we know of."""

    datasets: list[DatasetRef]


# CycloneDX 1.6 names its keys with hyphens and dollar signs: the functional syntax.
ModelCard = TypedDict(
    "ModelCard",
    {"bom-ref": str, "properties": list[CardProperty], "modelParameters": NotRequired[
        ModelParameters]},
)
# The top level of a CycloneDX 1.6 JSON BOM as cyclonedx-python-lib writes it; the parts
# below stay the library's JSON (its own schema checks them, tests/integration/interop).
AiBom = TypedDict(
    "AiBom",
    {
        "$schema": str,
        "bomFormat": str,
        "specVersion": str,
        "serialNumber": str,
        "version": int,
        "metadata": dict[str, Any],
        "components": NotRequired[list[dict[str, Any]]],
        "dependencies": NotRequired[list[dict[str, Any]]],
    },
)


def release_aibom(lab_slug: str, release_slug: str) -> AiBom:
    """Return the release's AI-BOM (CycloneDX 1.6 JSON, as a dict)."""
    release = get_release(lab_slug, release_slug)
    return build_aibom(release)


def release_slugs() -> list[tuple[str, str]]:
    """Return every release as (lab, release) slugs, in order: what the CLI exports."""
    rows = db.session.execute(
        select(Lab.slug, Release.slug).join(Release.lab).order_by(Lab.slug, Release.slug)
    )
    return [(lab, release) for lab, release in rows]


def aibom_json(lab_slug: str, release_slug: str) -> str:
    """Return the release's AI-BOM as JSON text."""
    return json.dumps(release_aibom(lab_slug, release_slug), indent=1, ensure_ascii=False)


def build_aibom(release: Release) -> AiBom:
    """Return a release's AI-BOM from its artifacts' latest good evidence."""
    model = _model(release)
    parts = [(artifact, _component(artifact)) for artifact in release.artifacts]
    bom = Bom(serial_number=_serial(release))
    bom.metadata.timestamp = release.last_checked_at or release.updated_at or utcnow()
    bom.metadata.tools = ToolRepository(
        components=[Component(type=ComponentType.APPLICATION, name=PREFIX, version=TOOL_VERSION)]
    )
    bom.metadata.component = model
    for _, component in parts:
        bom.components.add(component)
    bom.register_dependency(model, [c for _, c in parts])
    data = cast(AiBom, json.loads(JsonV1Dot6(bom).output_as_string()))
    data["metadata"]["component"]["modelCard"] = _model_card(release, parts)
    return data


def _serial(release: Release) -> uuid.UUID:
    # The same evidence gives the same serial number; new evidence, a new one.
    moment = release.last_checked_at.isoformat() if release.last_checked_at else "unchecked"
    return uuid.uuid5(NAMESPACE, f"{release.lab.slug}/{release.slug}@{moment}")


def _model(release: Release) -> Component:
    weights = [a for a in release.artifacts if a.pillar == "weights"]
    licences = _licences(weights)
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=f"model:{release.lab.slug}/{release.slug}",
        name=release.name,
        group=release.lab.name,
        version=_revision(weights[0]) if len(weights) == 1 else None,
        licenses=licences,
        properties=_release_properties(release),
    )


def _release_properties(release: Release) -> list[Property]:
    values = {
        "tier": release.tier,
        "score": str(release.score) if release.score is not None else None,
        "verdict:weights": release.verdict_weights,
        "verdict:code": release.verdict_code,
        "verdict:data": release.verdict_data,
        "last-checked": release.last_checked_at.isoformat() if release.last_checked_at else None,
    }
    return [Property(name=f"{PREFIX}:{k}", value=v) for k, v in values.items() if v is not None]


def _component(artifact: Artifact) -> Component:
    kind = ArtifactKind(artifact.kind)
    check = artifact_check(artifact)
    evidence = artifact.good_evidence
    properties = {
        "pillar": artifact.pillar,
        "verdict": artifact.verdict,
        "reason": reason_of(check) or None,
        "checked-at": evidence.checked_at.isoformat() if evidence else None,
        "evidence-endpoint": evidence.endpoint if evidence else None,
    }
    return Component(
        type=COMPONENT_TYPES[kind],
        bom_ref=f"artifact:{artifact.id}",
        name=artifact.locator,
        version=_revision(artifact),
        description=f"{artifact.pillar} artifact ({kind.value})",
        licenses=_licences([artifact]),
        external_references=[
            ExternalReference(type=REFERENCE_TYPES[kind], url=XsUri(public_url(check.ref)))
        ],
        properties=[Property(name=f"{PREFIX}:{k}", value=v) for k, v in properties.items() if v],
    )


def _revision(artifact: Artifact) -> str | None:
    evidence = artifact.good_evidence
    return evidence.revision if evidence is not None and evidence.revision else None


def _licences(artifacts: Iterable[Artifact]) -> list[DisjunctiveLicense | LicenseExpression]:
    # Only a licence the evidence found on a published artifact; never the declared one.
    checks = [artifact_check(a) for a in artifacts if a.verdict in PUBLISHED]
    found = found_licence(checks)
    if found is None:
        return []
    if is_supported_id(found):
        return [DisjunctiveLicense(id=found)]
    if any(op in found for op in (" AND ", " OR ", " WITH ")):
        return [LicenseExpression(found)]
    return [DisjunctiveLicense(name=found)]


def _model_card(release: Release, parts: list[tuple[Artifact, Component]]) -> ModelCard:
    datasets: list[DatasetRef] = [
        {"ref": str(c.bom_ref.value)} for a, c in parts if a.pillar == "data"
    ]
    card: ModelCard = {
        "bom-ref": f"model-card:{release.lab.slug}/{release.slug}",
        "properties": [
            {"name": f"{PREFIX}:{p.name.split(':', 1)[1]}", "value": p.value}
            for p in _release_properties(release)
        ],
    }
    if datasets:
        card["modelParameters"] = {"datasets": datasets}
    return card
