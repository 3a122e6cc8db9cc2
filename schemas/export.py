"""The catalogue export (every table as rows of columns) and the framework comparison view.

An export names each table's rows with their ids, so a JSON export loads back into an empty
database unchanged; loading validates every column and every reference between tables.
Accounts and tokens are never exported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

EXPORT_FORMAT = "openness-registry-export"
EXPORT_VERSION = 1


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
    score = _int()
    tier = _text()
    verdict_weights = _text()
    verdict_code = _text()
    verdict_data = _text()
    last_checked_at = _time(True)
    last_check_failed = _bool()
    score_version = _int()


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
    score = _int()
    tier = _text()
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
# (table, column, referenced table, may be null): every id a row points at must be exported.
REFERENCES: tuple[tuple[str, str, str, bool], ...] = (
    ("releases", "lab_id", "labs", False),
    ("check_runs", "release_id", "releases", False),
    ("evidence", "check_run_id", "check_runs", False),
    ("artifacts", "release_id", "releases", False),
    ("artifacts", "good_evidence_id", "evidence", True),
    ("score_snapshots", "release_id", "releases", False),
    ("score_snapshots", "check_run_id", "check_runs", True),
    ("lab_score_snapshots", "lab_id", "labs", False),
    ("lab_score_snapshots", "check_run_id", "check_runs", True),
    ("claims", "lab_id", "labs", False),
    ("claims", "release_id", "releases", True),
)

TablesSchema = Schema.from_dict(
    {
        name: fields.List(fields.Nested(schema), required=True)
        for name, schema in TABLE_SCHEMAS.items()
    },
    name="ExportTablesSchema",
)


class ExportSchema(Schema):
    """A whole catalogue export."""

    class Meta:
        unknown = RAISE

    format = fields.String(
        required=True,
        validate=validate.Equal(EXPORT_FORMAT, error="Not an Openness Registry export."),
    )
    version = fields.Integer(
        required=True,
        validate=validate.Equal(
            EXPORT_VERSION, error=f"Only export version {EXPORT_VERSION} is understood."
        ),
    )
    exported_at = fields.AwareDateTime(required=True)
    tables = fields.Nested(TablesSchema, required=True)

    @validates_schema(skip_on_field_errors=True)
    def _consistent(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, Any] = {}
        tables = data["tables"]
        for name, rows in tables.items():
            _duplicate_ids(name, rows, errors)
        for table, column, target, nullable in REFERENCES:
            known = {row["id"] for row in tables[target]}
            for index, row in enumerate(tables[table]):
                value = row[column]
                if (value is None and nullable) or value in known:
                    continue
                errors.setdefault(table, {}).setdefault(index, {})[column] = [
                    f"Refers to {target} id {value}, which the export does not contain."
                ]
        if errors:
            raise ValidationError(errors, "tables")


def _duplicate_ids(name: str, rows: list[dict[str, Any]], errors: dict[str, Any]) -> None:
    seen: set[int] = set()
    for index, row in enumerate(rows):
        if row["id"] in seen:
            errors.setdefault(name, {}).setdefault(index, {})["id"] = [f"Duplicate id {row['id']}."]
        seen.add(row["id"])


class CsvExportArgsSchema(Schema):
    """Which table a CSV export holds."""

    table = fields.String(
        load_default="releases",
        validate=validate.OneOf(list(TABLE_SCHEMAS)),
        metadata={"description": "The table to export: " + ", ".join(TABLE_SCHEMAS) + "."},
    )


# What GET .../frameworks returns: MOF claimed vs verified, OSAI grades vs our verdicts.
class MofClassSchema(Schema):
    mof_class = fields.Integer(
        metadata={"description": "0 unclassified, 3 Class III, 2 Class II, 1 Class I."}
    )
    label = fields.String()
    progress = fields.Dict(
        keys=fields.String(),
        values=fields.Float(),
        metadata={"description": "Per class (III, II, I), in percent."},
    )
    source_file = fields.String(allow_none=True)
    imported_at = fields.DateTime(allow_none=True)


class ClaimedComponentSchema(Schema):
    state = fields.String(metadata={"description": "open, not_open, unlicensed or not_listed."})
    licence = fields.String(allow_none=True)


class VerifiedComponentSchema(Schema):
    status = fields.String(
        metadata={
            "description": "open, restricted, absent, unverified, not_declared or not_verifiable."
        }
    )
    licence = fields.String(allow_none=True)
    urls = fields.List(fields.String())
    explanation = fields.String()


class MofComponentSchema(Schema):
    component = fields.String()
    mof_class = fields.Integer()
    required = fields.Boolean()
    claimed = fields.Nested(ClaimedComponentSchema, allow_none=True)
    verified = fields.Nested(VerifiedComponentSchema)


class MofDifferenceSchema(Schema):
    component = fields.String()
    claimed = fields.String()
    claimed_licence = fields.String(allow_none=True)
    verified = fields.String()
    verified_licence = fields.String(allow_none=True)
    agreement = fields.String(
        metadata={"description": "agree, licence_differs, disagree or unconfirmed."}
    )
    explanation = fields.String()


class MofComparisonSchema(Schema):
    claimed = fields.Nested(
        MofClassSchema,
        allow_none=True,
        metadata={"description": "Null until a MOF file is imported."},
    )
    verified = fields.Nested(MofClassSchema)
    summary = fields.String()
    components = fields.List(fields.Nested(MofComponentSchema))
    differences = fields.List(fields.Nested(MofDifferenceSchema))


class OsaiDimensionSchema(Schema):
    dimension = fields.String()
    pillar = fields.String(allow_none=True)
    grade = fields.String()
    links = fields.List(fields.String())
    notes = fields.String(allow_none=True)
    ours = fields.String(allow_none=True)
    agreement = fields.String()
    explanation = fields.String()


class OsaiComparisonSchema(Schema):
    source_file = fields.String(allow_none=True)
    imported_at = fields.DateTime()
    system = fields.String()
    organisation = fields.String()
    attribution = fields.String(allow_none=True)
    judgements = fields.Dict(keys=fields.String(), values=fields.Raw())
    dimensions = fields.List(fields.Nested(OsaiDimensionSchema))
    disagreements = fields.Integer()


class FrameworksSchema(Schema):
    """A release against the openness frameworks, each difference explained."""

    lab = fields.String()
    release = fields.String()
    name = fields.String()
    mof = fields.Nested(MofComparisonSchema)
    osai = fields.Nested(
        OsaiComparisonSchema,
        allow_none=True,
        metadata={"description": "Null until an OSAI file is imported."},
    )
    mof_yaml_url = fields.String()
