"""The catalogue export: every table as rows of columns.

An export names each table's rows with their ids, so a JSON export loads back into an empty
database unchanged; loading validates every column (`rows`: one schema per table) and every
reference between tables (here). Accounts and tokens are never exported.
"""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from schemas.export.rows import TABLE_SCHEMAS

EXPORT_FORMAT = "openness-registry-export"
# 2: an unverified release's tier and score are null (with status_reason), and a lab's score
# and tier counts cover its verified releases only. A version 1 export stored tier E and 0
# for unverified releases; rather than re-score a catalogue while loading it, ask for an
# export from the migrated database (migration 0002 does that re-scoring).
EXPORT_VERSION = 2


# (table, column, referenced table, may be null): every id a row points at must be exported.
REFERENCES: tuple[tuple[str, str, str, bool], ...] = (
    ("releases", "lab_id", "labs", False),
    ("check_runs", "release_id", "releases", False),
    ("check_runs", "unchanged_since_run_id", "check_runs", True),
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
            EXPORT_VERSION,
            error=f"Only export version {EXPORT_VERSION} is understood: upgrade the registry "
            "that made this export (flask db upgrade) and export it again.",
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
