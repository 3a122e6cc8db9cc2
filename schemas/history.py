"""History and check progress as the API returns them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from registry.model import HistoryKind
from schemas.release import CheckRunSchema, status_field

MAX_HISTORY = 1000


class HistoryArgsSchema(Schema):
    """How many history entries to return (newest first)."""

    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=MAX_HISTORY))


class HistoryRunSchema(Schema):
    """The check run that caused a change (none for edits and the initial score)."""

    id = fields.Integer()
    trigger = fields.String()
    state = fields.String()
    release = fields.String(metadata={"description": "The slug of the run's release."})


class ChangeSchema(Schema):
    """One field that changed, with its old and new value."""

    field = fields.String()
    before = fields.Raw(data_key="from", allow_none=True)
    after = fields.Raw(data_key="to", allow_none=True)


KIND_DOC = (
    "first_verified: the first record with a tier (not a change from E/0: before it the "
    "release had none); verified_again: verified after being unverified; unverified: "
    "recorded without a tier (new, or its weights claim changed); change: a verdict, tier "
    "or score moved."
)


def kind_field() -> fields.String:
    """Return the `kind` field of a history entry."""
    return fields.String(
        validate=validate.OneOf([k.value for k in HistoryKind]), metadata={"description": KIND_DOC}
    )


class ReleaseHistoryEntrySchema(Schema):
    at = fields.DateTime()
    run = fields.Nested(HistoryRunSchema, allow_none=True)
    kind = kind_field()
    status = status_field()
    summary = fields.String(metadata={"description": "e.g. \"first verified: tier B, score 67\"."})
    score = fields.Integer(allow_none=True)
    tier = fields.String(allow_none=True)
    verdicts = fields.Dict(keys=fields.String(), values=fields.String())
    changes = fields.List(fields.Nested(ChangeSchema))


class WriteTokenSchema(Schema):
    """The API token a write was made with."""

    id = fields.Integer(allow_none=True, metadata={"description": "None once it is deleted."})
    name = fields.String()


class WriteSchema(Schema):
    """One write: when, what, by which account, with which token (none from the website)."""

    at = fields.DateTime()
    action = fields.String(metadata={"description": "e.g. release.create, release.artifacts."})
    summary = fields.String(metadata={"description": "e.g. \"submitted the release\"."})
    account = fields.String(metadata={"description": "The account's email, or system."})
    token = fields.Nested(WriteTokenSchema, allow_none=True)
    via = fields.String(validate=validate.OneOf(["api", "web", "system"]))
    release = fields.String(allow_none=True, metadata={"description": "The release's slug."})


class ReleaseHistorySchema(Schema):
    """Every change of a release's pillar verdicts, tier or score, and every write, newest first."""

    lab = fields.String()
    release = fields.String()
    entries = fields.List(fields.Nested(ReleaseHistoryEntrySchema))
    writes = fields.List(fields.Nested(WriteSchema))


class LabHistoryEntrySchema(Schema):
    at = fields.DateTime()
    run = fields.Nested(HistoryRunSchema, allow_none=True)
    kind = kind_field()
    status = status_field()
    summary = fields.String()
    score = fields.Integer(allow_none=True)
    verified_release_count = fields.Integer()
    tier_counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    changes = fields.List(fields.Nested(ChangeSchema))


class LabHistorySchema(Schema):
    """Every change of a lab's aggregate score or tier distribution, newest first."""

    lab = fields.String()
    entries = fields.List(fields.Nested(LabHistoryEntrySchema))
    writes = fields.List(fields.Nested(WriteSchema))


class ArtifactProgressSchema(Schema):
    pillar = fields.String()
    kind = fields.String()
    locator = fields.String()
    status = fields.String(
        metadata={"description": "pending, running, done, or not_checked (run ended first)."}
    )
    verdict = fields.String(allow_none=True)
    unchanged = fields.Boolean()
    failure = fields.String(allow_none=True)
    evidence_id = fields.Integer(allow_none=True)


class RunProgressSchema(CheckRunSchema):
    """A check run with whether it is still active and each artifact's progress."""

    state = fields.String(metadata={"description": "PENDING, RUNNING, COMPLETED or ERROR."})
    active = fields.Boolean(metadata={"description": "True while PENDING or RUNNING."})
    artifacts = fields.List(fields.Nested(ArtifactProgressSchema))


class CheckProgressSchema(Schema):
    """The latest check run of a release with per-artifact progress, and the current score."""

    lab = fields.String()
    release = fields.String()
    score = fields.Integer(allow_none=True)
    tier = fields.String(allow_none=True)
    status = status_field()
    status_reason = fields.String(allow_none=True)
    verdicts = fields.Dict(keys=fields.String(), values=fields.String())
    stale = fields.Boolean()
    run = fields.Nested(RunProgressSchema, allow_none=True)
