"""Discovery: a Hub id in, proposed artifacts out, each with where it was found."""

from __future__ import annotations

from marshmallow import Schema, fields

from schemas.fields import validate_hub_id


class DiscoverInSchema(Schema):
    """The Hub model whose release is to be discovered."""

    hub_id = fields.String(
        required=True,
        validate=validate_hub_id,
        metadata={"description": "A Hub model id, owner/name", "example": "allenai/OLMo-7B"},
    )


class ProposalSchema(Schema):
    """One proposed artifact (or the paper, or the card), ranked within its role."""

    role = fields.String(metadata={"description": "weights, code, data, paper or model_card"})
    kind = fields.String(allow_none=True)
    locator = fields.String()
    declared_licence = fields.String(allow_none=True)
    provenance = fields.String(metadata={"description": "e.g. README line 42, under 'Training'"})
    confidence = fields.String(metadata={"description": "high, medium or low"})
    score = fields.Integer()
    rank = fields.Integer(metadata={"description": "1 is the best-supported of its role"})
    judged = fields.List(fields.String(), metadata={"description": "How the score was made"})
    also_seen = fields.List(fields.String())


class SetAsideSchema(Schema):
    """A link a source named that discovery did not propose, and why."""

    url = fields.String()
    provenance = fields.String()
    reason = fields.String()


class DraftArtifactSchema(Schema):
    """A proposed artifact as ArtifactSchema accepts it: an artifact input plus provenance."""

    pillar = fields.String()
    kind = fields.String()
    locator = fields.String()
    declared_licence = fields.String(allow_none=True)
    entrypoint = fields.String(allow_none=True)
    provenance = fields.Dict(metadata={"description": "{source, confidence, rank, judged}"})


class ReleaseDraftSchema(Schema):
    """A release as ReleaseInSchema accepts it, pre-filled by discovery."""

    slug = fields.String()
    name = fields.String()
    model_card = fields.String(allow_none=True)
    paper_url = fields.String(allow_none=True)
    artifacts = fields.List(fields.Nested(DraftArtifactSchema))


class DiscoveryOutSchema(Schema):
    """Everything discovery proposes, and a release draft ready to submit as it is."""

    hub_id = fields.String()
    proposals = fields.List(fields.Nested(ProposalSchema))
    set_aside = fields.List(fields.Nested(SetAsideSchema))
    read = fields.List(fields.String(), metadata={"description": "What was read"})
    problems = fields.List(fields.String(), metadata={"description": "What could not be read"})
    licence = fields.String(allow_none=True)
    licence_link = fields.String(allow_none=True)
    base_models = fields.List(fields.String())
    release = fields.Nested(
        ReleaseDraftSchema,
        metadata={"description": "POST it to /api/v1/labs/{lab}/releases as it is (or edit it)"},
    )
