"""The catalogue as data: every lab, release, artifact, run, evidence, history row and claim.

JSON keeps each table's rows with their ids and loads back into an empty database
unchanged; CSV gives one table per file, JSON columns as JSON text. Accounts, lab members
and API tokens are never exported: they are people's credentials, not the catalogue.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypedDict

from marshmallow import ValidationError
from sqlalchemy import func, insert, select, text

from app.extensions import db
from app.models import (
    Artifact,
    CheckRun,
    Claim,
    Evidence,
    Lab,
    LabScoreSnapshot,
    Release,
    ScoreSnapshot,
    utcnow,
)
from app.services.errors import Conflict, InvalidInput
from app.services.identity import Identity, require_admin
from app.services.unit_of_work import unit_of_work
from schemas.export import EXPORT_FORMAT, EXPORT_VERSION, ExportSchema
from schemas.export.rows import TABLE_SCHEMAS
from schemas.fields import error_messages, flatten_errors

# Export table -> model, in the order rows can be inserted (references point backwards).
TABLE_MODELS: Mapping[str, Any] = {
    "labs": Lab,
    "releases": Release,
    "check_runs": CheckRun,
    "evidence": Evidence,
    "artifacts": Artifact,
    "score_snapshots": ScoreSnapshot,
    "lab_score_snapshots": LabScoreSnapshot,
    "claims": Claim,
}
CSV_TABLES = tuple(TABLE_MODELS)


class CatalogueExport(TypedDict):
    """The whole catalogue as ExportSchema dumps it: each table's rows as plain values."""

    format: str
    version: int
    exported_at: datetime
    tables: dict[str, list[dict[str, Any]]]  # table name -> rows, column name -> value


def export_catalogue(now: datetime | None = None) -> CatalogueExport:
    """Return every exported table's rows (plain values; dump with ExportSchema)."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now or utcnow(),
        "tables": {name: _rows(model) for name, model in TABLE_MODELS.items()},
    }


def export_json(now: datetime | None = None) -> str:
    """Return the catalogue export as JSON text."""
    return json.dumps(ExportSchema().dump(export_catalogue(now)), indent=1, ensure_ascii=False)


def _rows(model: Any) -> list[dict[str, Any]]:
    columns = [c.name for c in model.__table__.columns]
    result = db.session.execute(select(model.__table__).order_by(model.__table__.c.id))
    return [dict(zip(columns, row, strict=True)) for row in result]


def export_csv(table: str) -> str:
    """Return one exported table as CSV: a header of its columns, then one line per row."""
    if table not in TABLE_MODELS:
        raise InvalidInput({"table": [f"Unknown table {table!r}: use {', '.join(CSV_TABLES)}."]})
    model = TABLE_MODELS[table]
    columns = [c.name for c in model.__table__.columns]
    return table_csv(columns, TABLE_SCHEMAS[table]().dump(_rows(model), many=True))


def table_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """Return rows as CSV: a header of the columns, then one line per row, formulas defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


# A cell starting with one of these is a formula to a spreadsheet (CSV injection); the
# apostrophe makes it text. The JSON export keeps such values exactly.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


def import_catalogue(identity: Identity, data: Any) -> dict[str, int]:
    """Load a JSON export into an empty database, ids and history included; all or nothing."""
    require_admin(identity)
    try:
        loaded = ExportSchema().load(data)
    except ValidationError as error:
        raise InvalidInput(flatten_errors(error_messages(error))) from error
    if db.session.scalar(select(func.count()).select_from(Lab)):
        raise Conflict(
            "The database already holds labs: load an export only into an empty database."
        )
    with unit_of_work():
        for name, model in TABLE_MODELS.items():
            rows = loaded["tables"][name]
            if rows:
                db.session.execute(insert(model.__table__), rows)
        _advance_sequences()
    return {name: len(loaded["tables"][name]) for name in TABLE_MODELS}


def _advance_sequences() -> None:
    # Rows arrived with their ids; PostgreSQL's sequences must move past them or the next
    # insert collides. SQLite takes max(id) + 1 by itself.
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model in TABLE_MODELS.values():
        table = model.__table__.name
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  # table names are ours
                f"COALESCE((SELECT MAX(id) FROM {table}), 1), "
                f"(SELECT MAX(id) FROM {table}) IS NOT NULL)"
            )
        )
