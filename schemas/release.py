"""Releases: what a submitter sends and what readers get back, with verdicts and evidence."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from registry.model import ReleaseStatus
from schemas.artifact import artifact_field
from schemas.consistency import ConsistencySchema
from schemas.fields import (
    URL_MAX,
    PartialDate,
    validate_hub_id,
    validate_name,
    validate_paper_url,
    validate_slug,
)

MAX_ARTIFACTS = 30


class ReleaseInSchema(Schema):
    """A release as submitted, with its artifacts."""

    slug = fields.String(required=True, validate=validate_slug)
    name = fields.String(
        required=True, validate=[validate.Length(min=1, max=200), validate_name]
    )
    released_on = PartialDate(load_default=None, allow_none=True)
    announced_as_open = fields.Boolean(load_default=False)
    paper_url = fields.String(
        load_default=None,
        allow_none=True,
        validate=[validate.Length(max=URL_MAX), validate_paper_url],
    )
    model_card = fields.String(load_default=None, allow_none=True, validate=validate_hub_id)
    artifacts = fields.List(
        artifact_field(),
        load_default=list,
        validate=validate.Length(max=MAX_ARTIFACTS),
    )

    @validates_schema(skip_on_field_errors=True)
    def _no_duplicate_artifacts(self, data: dict[str, Any], **_: Any) -> None:
        seen: set[tuple[str, str]] = set()
        for index, artifact in enumerate(data.get("artifacts", [])):
            key = (artifact["pillar"].value, artifact["locator"])
            if key in seen:
                raise ValidationError(
                    {index: {"locator": ["This artifact is already listed for this pillar."]}},
                    "artifacts",
                )
            seen.add(key)


class ArtifactsUpdateSchema(Schema):
    """A replacement list of a release's artifacts."""

    artifacts = fields.List(
        artifact_field(), required=True, validate=validate.Length(max=MAX_ARTIFACTS)
    )


class FileSchema(Schema):
    path = fields.String()
    size = fields.Integer(allow_none=True)


class LicenceFindingSchema(Schema):
    expression = fields.String()
    source = fields.String()
    licence_class = fields.String()


class EvidenceSchema(Schema):
    """What one checker looked at and found for one artifact."""

    id = fields.Integer()
    check_run_id = fields.Integer()
    checker_id = fields.String()
    checker_version = fields.String()
    verdict = fields.String()
    reasons = fields.List(fields.String())
    failure_kind = fields.String(allow_none=True)
    failure_message = fields.String(allow_none=True)
    endpoint = fields.String()
    locator = fields.String()
    revision = fields.String(allow_none=True)
    files = fields.List(fields.Nested(FileSchema))
    file_count = fields.Integer()
    total_size = fields.Integer(allow_none=True)
    licences = fields.List(fields.Nested(LicenceFindingSchema))
    facts = fields.Dict()
    checked_at = fields.DateTime()
    duration_s = fields.Float()


class ArtifactOutSchema(Schema):
    pillar = fields.String()
    kind = fields.String()
    locator = fields.String()
    declared_licence = fields.String(allow_none=True)
    entrypoint = fields.String(allow_none=True)
    provenance = fields.Dict(
        allow_none=True,
        metadata={"description": "Where discovery found it ({source, confidence, rank, judged})"},
    )
    verdict = fields.String()
    stale = fields.Boolean()
    last_failure = fields.String(
        allow_none=True, metadata={"description": "The last failure as recorded: kind: message"}
    )
    failure = fields.String(
        allow_none=True, metadata={"description": "The last failure in words, for people"}
    )
    evidence = fields.Nested(EvidenceSchema, allow_none=True)


class PillarOutSchema(Schema):
    pillar = fields.String()
    verdict = fields.String()
    points = fields.Float()
    reason = fields.String()
    stale = fields.Boolean()
    remediation = fields.List(
        fields.String(),
        metadata={"description": "What would make this pillar open; empty when it is open."},
    )
    artifacts = fields.List(fields.Nested(ArtifactOutSchema))


class TierSchema(Schema):
    letter = fields.String()
    name = fields.String()
    description = fields.String()


STATUS_FIELD_DOC = (
    "verified: the weights' verdict is confirmed, so the release has a tier and a score. "
    "unverified: no check has confirmed its weights yet (never checked, or every check "
    "failed), so tier and score are null; status_reason says why."
)


def status_field() -> fields.String:
    """Return the `status` field shared by releases, labs and their history."""
    return fields.String(
        validate=validate.OneOf([s.value for s in ReleaseStatus]),
        metadata={"description": STATUS_FIELD_DOC},
    )


class CheckRunAttemptSchema(Schema):
    """One attempt at a check run and how it ended."""

    number = fields.Integer()
    started_at = fields.DateTime(allow_none=True)
    ended_at = fields.DateTime(allow_none=True)
    outcome = fields.String(
        metadata={"description": "running, completed, failed, timed_out or abandoned "
                                 "(its worker stopped responding)."}
    )
    error = fields.String(allow_none=True)


class CheckRunSchema(Schema):
    """A check run and its progress."""

    id = fields.Integer()
    state = fields.String()
    trigger = fields.String()
    attempts = fields.Integer()
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    artifacts_total = fields.Integer()
    artifacts_done = fields.Integer()
    unchanged = fields.Boolean()
    unchanged_since_run_id = fields.Integer(
        allow_none=True,
        metadata={"description": "Finished by the revision probe: nothing changed since this "
                  "run, whose evidence stands (referenced, not copied)."},
    )
    probe = fields.String(
        allow_none=True,
        metadata={"description": "What the batched revision probe found before a full check: "
                  "changed, or failed (then no shortcut was taken)."},
    )
    summary = fields.String(
        metadata={"description": 'What the run did in words, e.g. "unchanged since run 12: ...".'}
    )
    error = fields.String(
        allow_none=True,
        metadata={"description": "Why the latest attempt failed; empty once the run completed."},
    )
    error_words = fields.String(
        allow_none=True, metadata={"description": "That failure in words, for people."}
    )
    attempt_log = fields.List(
        fields.Nested(CheckRunAttemptSchema),
        metadata={"description": "Every attempt, oldest first, with the failures of earlier ones."},
    )


class ReleaseSummarySchema(Schema):
    """A release in a list: identity, score, tier and verdict per pillar."""

    lab = fields.String()
    lab_name = fields.String()
    slug = fields.String()
    name = fields.String()
    released_on = fields.String(
        allow_none=True, metadata={"description": "YYYY-MM-DD, YYYY-MM or YYYY"}
    )
    score = fields.Integer(
        allow_none=True, metadata={"description": "0-100; null while the release is unverified."}
    )
    tier = fields.Nested(
        TierSchema,
        allow_none=True,
        metadata={"description": "The tier; null while the release is unverified (not E)."},
    )
    status = status_field()
    status_reason = fields.String(
        allow_none=True,
        metadata={
            "description": "Why the release is unverified, e.g. \"never checked\" or \"the last "
            "check failed: could not reach https://huggingface.co (timeout)\"; null once verified."
        },
    )
    verdicts = fields.Dict(keys=fields.String(), values=fields.String())
    last_checked_at = fields.DateTime(allow_none=True)
    stale = fields.Boolean()
    url = fields.String()


class ReleaseOutSchema(ReleaseSummarySchema):
    """A release in full: artifacts, per-pillar verdicts with evidence, staleness, badges."""

    announced_as_open = fields.Boolean()
    paper_url = fields.String(allow_none=True)
    model_card = fields.String(allow_none=True)
    community_submitted = fields.Boolean()
    discovered = fields.Boolean(
        metadata={"description": "Registered by a Hub sweep: discovered, not confirmed by the lab"}
    )
    last_check_failed = fields.Boolean()
    pillars = fields.List(fields.Nested(PillarOutSchema))
    latest_run = fields.Nested(CheckRunSchema, allow_none=True)
    badges = fields.Dict(keys=fields.String(), values=fields.String())
    consistency = fields.Nested(
        ConsistencySchema,
        allow_none=True,
        metadata={"description": "Does the published code explain the model? (not a score)"},
    )
