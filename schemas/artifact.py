"""An artifact a release declares: which pillar, where it lives, under what licence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from registry.model import ArtifactKind, Pillar
from schemas.fields import (
    validate_download_url,
    validate_git_url,
    validate_hub_dataset_id,
    validate_hub_id,
    validate_licence,
    validate_name,
    validate_text,
)
from schemas.patterns import REPO_PATH, FullMatch

# Which kinds of location can hold which pillar.
KINDS_BY_PILLAR: Mapping[Pillar, frozenset[ArtifactKind]] = {
    Pillar.WEIGHTS: frozenset({ArtifactKind.HF_MODEL}),
    Pillar.CODE: frozenset({ArtifactKind.GIT}),
    Pillar.DATA: frozenset({ArtifactKind.HF_DATASET, ArtifactKind.URL}),
}

LOCATOR_VALIDATORS = {
    ArtifactKind.HF_MODEL: validate_hub_id,
    ArtifactKind.HF_DATASET: validate_hub_dataset_id,
    ArtifactKind.GIT: validate_git_url,
    ArtifactKind.URL: validate_download_url,
}


# A plain relative path inside the repository (no "/", "-", ".." or "\\" tricks).
validate_entrypoint = FullMatch(
    REPO_PATH, "Not a repository path: give a relative path such as scripts/train.py."
)


CONFIDENCES = ("high", "medium", "low")
MAX_JUDGED = 20


class ProvenanceSchema(Schema):
    """Where discovery found an artifact and how sure it was: kept with the artifact."""

    source = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=300), validate_name],
        metadata={"description": "e.g. README line 42, under 'Training'"},
    )
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCES))
    rank = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1))
    judged = fields.List(
        fields.String(validate=[validate.Length(max=300), validate_text]),
        load_default=list,
        validate=validate.Length(max=MAX_JUDGED),
        metadata={"description": "How the confidence was judged, one reason per item"},
    )


class ArtifactSchema(Schema):
    """One artifact as the API, forms and importers accept it."""

    pillar = fields.Enum(Pillar, by_value=True, required=True)
    kind = fields.Enum(ArtifactKind, by_value=True, required=True)
    locator = fields.String(required=True, validate=validate.Length(min=1, max=500))
    declared_licence = fields.String(
        load_default=None, allow_none=True, validate=[validate.Length(max=200), validate_licence]
    )
    entrypoint = fields.String(
        load_default=None, allow_none=True, validate=[validate.Length(max=300), validate_entrypoint]
    )
    # Present when the artifact was proposed by discovery (POST /api/v1/discover), so a
    # proposal can be submitted as it is; left out when a person typed the artifact.
    provenance = fields.Nested(ProvenanceSchema, allow_none=True)

    @validates_schema(skip_on_field_errors=True)
    def _kind_fits(self, data: dict[str, Any], **_: Any) -> None:
        check_artifact_location(data["pillar"], data["kind"], data["locator"], "locator")
        if data.get("entrypoint") and data["kind"] is not ArtifactKind.GIT:
            raise ValidationError(
                "Only git artifacts have a training entrypoint.", "entrypoint"
            )


def artifact_variants() -> list[dict[str, Any]]:
    """Return the spec's oneOf for an artifact: per kind, its pillars and locator pattern.

    The field-by-field schema cannot say that a git locator is a repository URL and a
    model's a Hub id; these variants, built from the same tables, say it.
    """
    variants = []
    for kind, validator in LOCATOR_VALIDATORS.items():
        pillars = [p.value for p, kinds in KINDS_BY_PILLAR.items() if kind in kinds]
        properties: dict[str, Any] = {
            "kind": {"type": "string", "enum": [kind.value]},
            "pillar": {"type": "string", "enum": pillars},
            "locator": {"type": "string", "pattern": validator.regex.pattern},
        }
        if kind is not ArtifactKind.GIT:
            properties["entrypoint"] = {"type": "string", "nullable": True, "enum": [None]}
        variants.append({"type": "object", "properties": properties})
    return variants


def artifact_field() -> fields.Nested:
    """Return the field of one artifact in a list, documented with its per-kind variants."""
    return fields.Nested(ArtifactSchema, metadata={"oneOf": artifact_variants()})


def check_artifact_location(pillar: Pillar, kind: ArtifactKind, locator: str, field: str) -> None:
    """Raise a field error when the kind cannot hold the pillar or the locator is malformed."""
    allowed = KINDS_BY_PILLAR[pillar]
    if kind not in allowed:
        names = " or ".join(sorted(k.value for k in allowed))
        raise ValidationError(f"A {pillar.value} artifact must be of kind {names}.", "kind")
    if not locator:
        raise ValidationError(f"Missing {field} for a {kind.value} artifact.", field)
    try:
        LOCATOR_VALIDATORS[kind](locator)
    except ValidationError as error:
        raise ValidationError(error.messages, field) from error
