"""The export's tables: one row schema per table, every column required and typed.

Rows load strictly (unknown columns are refused, integers are not strings), so a JSON
export loads back into an empty database unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import RAISE, Schema, fields


def _int(nullable: bool = False) -> fields.Integer:
    return fields.Integer(required=True, allow_none=nullable, strict=True)


def _text(nullable: bool = False) -> fields.String:
    return fields.String(required=True, allow_none=nullable)


def _time(nullable: bool = False) -> fields.AwareDateTime:
    return fields.AwareDateTime(required=True, allow_none=nullable)


def _bool() -> fields.Boolean:
    return fields.Boolean(required=True)


def _json(kind: type[fields.Field[Any]] = fields.Dict) -> fields.Field[Any]:
    return kind(required=True)


class _Row(Schema):
    class Meta:
        unknown = RAISE


class LabRowSchema(_Row):
    id = _int()
    slug = _text()
    name = _text()
    homepage = _text(True)
    country = _text(True)
    community_submitted = _bool()
    created_at = _time()
    updated_at = _time()
    hub_org = _text(True)
    sweep_hub = _bool()
    hub_swept_at = _time(True)
    score = _int(True)
    release_count = _int()
    tier_counts = _json()
    latest_release_on = fields.Date(required=True, allow_none=True)
    last_checked_at = _time(True)
    score_version = _int()


class ReleaseRowSchema(_Row):
    id = _int()
    lab_id = _int()
    slug = _text()
    name = _text()
    released_on = fields.Date(required=True, allow_none=True)
    released_precision = _text()
    announced_as_open = _bool()
    paper_url = _text(True)
    model_card = _text(True)
    community_submitted = _bool()
    discovered = _bool()
    created_at = _time()
    updated_at = _time()
    score = _int(True)  # null, with tier, while the release is unverified
    tier = _text(True)
    status_reason = _text(True)
    verdict_weights = _text()
    verdict_code = _text()
    verdict_data = _text()
    last_checked_at = _time(True)
    last_check_failed = _bool()
    last_requested_at = _time(True)
    score_version = _int()
    # Findings, not a score; an export made before they existed simply has none.
    consistency = fields.Dict(allow_none=True, load_default=None)


class CheckRunRowSchema(_Row):
    id = _int()
    release_id = _int()
    state = _text()
    trigger = _text()
    attempts = _int()
    created_at = _time()
    started_at = _time(True)
    heartbeat_at = _time(True)
    finished_at = _time(True)
    artifacts_total = _int()
    artifacts_done = _int()
    unchanged = _bool()
    unchanged_since_run_id = _int(True)
    probe = _text(True)
    error = _text(True)


class EvidenceRowSchema(_Row):
    id = _int()
    check_run_id = _int()
    artifact_id = _int(True)
    pillar = _text()
    checker_id = _text()
    checker_version = _text()
    verdict = _text()
    reasons = _json(fields.Raw)
    failure_kind = _text(True)
    failure_message = _text(True)
    endpoint = _text()
    locator = _text()
    revision = _text(True)
    files = _json(fields.Raw)
    file_count = _int()
    total_size = _int(True)
    licences = _json(fields.Raw)
    facts = _json()
    checked_at = _time()
    duration_s = fields.Float(required=True)


class ArtifactRowSchema(_Row):
    id = _int()
    release_id = _int()
    position = _int()
    pillar = _text()
    kind = _text()
    locator = _text()
    declared_licence = _text(True)
    entrypoint = _text(True)
    provenance = fields.Dict(required=True, allow_none=True)
    verdict = _text()
    good_evidence_id = _int(True)
    last_failure = _text(True)
    missing_count = _int()


class ScoreSnapshotRowSchema(_Row):
    id = _int()
    release_id = _int()
    check_run_id = _int(True)
    created_at = _time()
    score = _int(True)
    tier = _text(True)
    verdict_weights = _text()
    verdict_code = _text()
    verdict_data = _text()


class LabScoreSnapshotRowSchema(_Row):
    id = _int()
    lab_id = _int()
    check_run_id = _int(True)
    created_at = _time()
    score = _int(True)
    tier_counts = _json()


class ClaimRowSchema(_Row):
    id = _int()
    lab_id = _int()
    release_id = _int(True)
    source = _text()
    source_file = _text(True)
    payload = _json()
    created_at = _time()
    # Added with migration 0005; an export written before it loads without them.
    updated_at = fields.AwareDateTime(load_default=None, allow_none=True)
    upstream_url = fields.String(load_default=None, allow_none=True)
    upstream_commit = fields.String(load_default=None, allow_none=True)
    removed_in = fields.String(load_default=None, allow_none=True)
    content_sha256 = fields.String(load_default=None, allow_none=True)


# Export table -> its row schema, in an order where every reference points backwards.
TABLE_SCHEMAS: Mapping[str, type[Schema]] = {
    "labs": LabRowSchema,
    "releases": ReleaseRowSchema,
    "check_runs": CheckRunRowSchema,
    "evidence": EvidenceRowSchema,
    "artifacts": ArtifactRowSchema,
    "score_snapshots": ScoreSnapshotRowSchema,
    "lab_score_snapshots": LabScoreSnapshotRowSchema,
    "claims": ClaimRowSchema,
}
