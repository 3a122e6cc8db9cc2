"""What GET /api/v1/tiers answers: the share of releases per tier over time, and per lab."""

from __future__ import annotations

from marshmallow import Schema, fields

from schemas.compare import TierShareSchema


class TierPointSchema(Schema):
    """The catalogue at the end of one period."""

    period = fields.String(metadata={"description": "The period: a minute, a day or a month."})
    at = fields.DateTime(metadata={"description": "The last change inside the period."})
    total = fields.Integer(metadata={"description": "Releases known by then."})
    tiers = fields.List(
        fields.Nested(TierShareSchema),
        metadata={"description": "Per tier A-E, then '' for releases not yet verified."},
    )


class LabTiersSchema(Schema):
    """One lab's releases per tier now."""

    slug = fields.String()
    name = fields.String()
    url = fields.String()
    release_count = fields.Integer()
    tiers = fields.List(fields.Nested(TierShareSchema))


class TierTrendsSchema(Schema):
    """The share of releases per tier over time (oldest first) and per lab."""

    unit = fields.String(metadata={"description": "minute, day or month."})
    points = fields.List(fields.Nested(TierPointSchema))
    labs = fields.List(fields.Nested(LabTiersSchema))
