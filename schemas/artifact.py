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
    validate_text,
)

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


def validate_entrypoint(value: str) -> None:
    """Refuse entrypoints that are not plain relative paths inside the repository."""
    validate_text(value)
    parts = value.split("/")
    if value.startswith(("/", "-")) or ".." in parts or "" in parts or "\\" in value:
        raise ValidationError(
            "Not a repository path: give a relative path such as scripts/train.py."
        )


CONFIDENCES = ("high", "medium", "low")
MAX_JUDGED = 20


class ProvenanceSchema(Schema):
    """Where discovery found an artifact and how sure it was: kept with the artifact."""

    source = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=300), validate_text],
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
