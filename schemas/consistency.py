"""The consistency findings as the API returns them: findings beside the tier, not a score."""

from __future__ import annotations

from marshmallow import Schema, fields


class FieldFindingSchema(Schema):
    """One architecture field: the released and the trained value, and where it is stated."""

    field = fields.String()
    agreement = fields.String(metadata={"description": "agrees, differs or not stated"})
    released = fields.Integer(allow_none=True)
    trained = fields.Integer(allow_none=True)
    where = fields.String(allow_none=True, metadata={"description": "file:line of the config"})
    note = fields.String(allow_none=True)


class CandidateSchema(Schema):
    """A training config stating an architecture, and how well it fits the weights."""

    path = fields.String()
    dialect = fields.String()
    agreeing = fields.Integer()
    differing = fields.Integer()


class ArchitectureSchema(Schema):
    """The chosen training config against the weights' config.json and header count."""

    state = fields.String()
    reason = fields.String()
    config = fields.String(allow_none=True)
    dialect = fields.String(allow_none=True)
    fields_ = fields.List(fields.Nested(FieldFindingSchema), data_key="fields", attribute="fields")
    candidates = fields.List(fields.Nested(CandidateSchema))


class DataAgreementSchema(Schema):
    """The datasets the training names, against the release's data artifacts."""

    state = fields.String(metadata={"description": "covered, partly covered, unrelated, ..."})
    reason = fields.String()
    named = fields.List(fields.String())
    covered = fields.List(fields.String())
    missing = fields.List(fields.String())


class PinSchema(Schema):
    """A code commit or tag, or a data revision, the card or README names, and if it exists."""

    what = fields.String()
    state = fields.String(metadata={"description": "pinned, does not exist, unpinned, unverified"})
    reason = fields.String()
    repository = fields.String(allow_none=True)
    ref = fields.String(allow_none=True)
    where = fields.String(allow_none=True)
    resolved = fields.String(allow_none=True)


class EnvironmentSchema(Schema):
    """Whether the training repository pins its dependencies."""

    state = fields.String()
    reason = fields.String()
    pinned = fields.List(fields.String())
    unpinned = fields.List(fields.String())


class ReproducibilitySchema(Schema):
    """The weights revision, code commit and data revision the check saw, together."""

    weights_revision = fields.String(allow_none=True)
    code_commit = fields.String(allow_none=True)
    code_commit_pinned = fields.Boolean()
    data_revision = fields.String(allow_none=True)
    data_revision_pinned = fields.Boolean()


class ConsistencySchema(Schema):
    """Does the published code explain the published model? Findings; the tier is unchanged."""

    consistent = fields.Boolean(
        metadata={"description": "architecture agrees, data covered, code and data pinned"}
    )
    gaps = fields.List(fields.String(), metadata={"description": "what the mark still needs"})
    checked_at = fields.String(metadata={"description": "when the findings were made (ISO 8601)"})
    architecture = fields.Nested(ArchitectureSchema)
    data = fields.Nested(DataAgreementSchema)
    code_pin = fields.Nested(PinSchema)
    data_pin = fields.Nested(PinSchema)
    environment = fields.Nested(EnvironmentSchema)
    reproducibility = fields.Nested(ReproducibilitySchema)
