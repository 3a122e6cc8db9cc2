"""Catalogue exports: JSON round-trips into an empty database losslessly; CSV per table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from app.extensions import db
from app.models import Lab, Release
from app.services.interop.export import TABLE_MODELS
from registry.model import Pillar, Verdict
from schemas.export import TABLE_SCHEMAS
from tests.factories import make_lab
from tests.integration.interop.conftest import MOF_SAMPLES, OSAI_SAMPLES, record_checks

CHANGES = [
    {Pillar.WEIGHTS: (Verdict.RESTRICTED, "The repository is gated.", "apache-2.0")},
    {Pillar.WEIGHTS: (Verdict.OPEN, "Found 4 weight file(s), 13.9 GB in total.", "apache-2.0")},
]


def build_catalogue(runner: FlaskCliRunner) -> None:
    """The seed catalogue, MOF and OSAI claims, and two check runs that changed scores."""
    for args in (
        ["registry", "seed"],
        ["registry", "import", "mof", str(MOF_SAMPLES)],
        ["registry", "import", "osai", str(OSAI_SAMPLES / "OLMo.yaml")],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    releases = db.session.scalars(select(Release).join(Release.lab).where(Lab.slug == "mistralai"))
    for release in releases:
        for outcome in CHANGES:
            record_checks(release, {p: outcome.get(p, outcome[Pillar.WEIGHTS]) for p in Pillar})


def without_time(export: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in export.items() if key != "exported_at"}


def empty_database() -> None:
    db.session.rollback()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


def test_the_json_export_loads_into_an_empty_database_with_nothing_lost(
    runner: FlaskCliRunner, client: FlaskClient, dispatched: list[int], tmp_path: Path
) -> None:
    build_catalogue(runner)
    first = client.get("/api/v1/export.json").get_json()
    assert all(first["tables"][name] for name in TABLE_MODELS), "every table has rows"
    path = tmp_path / "export.json"
    result = runner.invoke(args=["registry", "export", "--out", str(path)])
    assert result.exit_code == 0, result.output
    assert without_time(json.loads(path.read_text())) == without_time(first)

    empty_database()
    result = runner.invoke(args=["registry", "import-export", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Loaded {len(first['tables']['labs'])} labs, ")
    second = client.get("/api/v1/export.json").get_json()
    assert without_time(second) == without_time(first)

    # The database goes on working: new rows get fresh ids past the loaded ones.
    newest = max(row["id"] for row in first["tables"]["labs"])
    assert make_lab().id > newest


def test_an_export_loads_only_into_an_empty_database(
    runner: FlaskCliRunner, client: FlaskClient, tmp_path: Path
) -> None:
    make_lab(slug="already-here")
    path = tmp_path / "export.json"
    path.write_text(json.dumps(client.get("/api/v1/export.json").get_json()))
    result = runner.invoke(args=["registry", "import-export", str(path)])
    assert result.exit_code == 2
    assert "The database already holds labs" in result.output


def test_a_broken_export_is_refused_field_by_field(
    runner: FlaskCliRunner, client: FlaskClient, tmp_path: Path, dispatched: list[int]
) -> None:
    build_catalogue(runner)
    export = client.get("/api/v1/export.json").get_json()
    export["tables"]["releases"][0]["lab_id"] = 999_999
    export["tables"]["artifacts"][1]["verdict"] = None
    export["tables"]["labs"][0]["surprise"] = 1
    empty_database()
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(export))
    result = runner.invoke(args=["registry", "import-export", str(path)])
    assert result.exit_code == 2
    assert "tables.artifacts[1].verdict: Field may not be null." in result.output
    assert "tables.labs[0].surprise: Unknown field." in result.output
    export["tables"]["artifacts"][1]["verdict"] = "open"
    del export["tables"]["labs"][0]["surprise"]
    path.write_text(json.dumps(export))
    result = runner.invoke(args=["registry", "import-export", str(path)])
    assert (
        "tables.releases[0].lab_id: Refers to labs id 999999, which the export does not contain."
        in result.output
    )
    assert db.session.scalar(select(Lab)) is None  # nothing was loaded


def test_every_table_exports_as_csv(
    runner: FlaskCliRunner, client: FlaskClient, dispatched: list[int], tmp_path: Path
) -> None:
    build_catalogue(runner)
    tables = client.get("/api/v1/export.json").get_json()["tables"]
    for name, model in TABLE_MODELS.items():
        reply = client.get(f"/api/v1/export.csv?table={name}")
        assert reply.status_code == 200
        assert reply.content_type == "text/csv; charset=utf-8"
        rows = list(csv.DictReader(io.StringIO(reply.get_data(as_text=True))))
        assert list(rows[0]) == [c.name for c in model.__table__.columns]
        assert [int(r["id"]) for r in rows] == [r["id"] for r in tables[name]]
    result = runner.invoke(args=["registry", "export", "--format", "csv", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == sorted(
        f"{n}.csv" for n in TABLE_MODELS
    )


def test_csv_cells_are_plain_text(client: FlaskClient, runner: FlaskCliRunner) -> None:
    runner.invoke(args=["registry", "seed"])
    rows = list(
        csv.DictReader(io.StringIO(client.get("/api/v1/export.csv").get_data(as_text=True)))
    )
    olmo = next(r for r in rows if r["slug"] == "olmo-7b")  # releases is the default table
    assert olmo["announced_as_open"] == "true"
    assert olmo["last_checked_at"] == ""  # never checked: empty, not "None"
    make_lab(slug="formula", name='=HYPERLINK("https://example.org")')
    labs = client.get("/api/v1/export.csv?table=labs").get_data(as_text=True)
    assert '"{""A"": 0, ' in labs  # tier counts as JSON text
    # A spreadsheet would run a cell starting with "=": it is written as text instead.
    assert "'=HYPERLINK(" in labs


def test_an_unknown_csv_table_is_a_422_naming_the_choices(client: FlaskClient) -> None:
    reply = client.get("/api/v1/export.csv?table=users")
    assert reply.status_code == 422
    assert reply.get_json()["errors"]["query"]["table"] == [
        "Must be one of: " + ", ".join(TABLE_SCHEMAS) + "."
    ]


def test_every_column_of_every_exported_table_is_in_its_schema() -> None:
    for name, model in TABLE_MODELS.items():
        assert list(TABLE_SCHEMAS[name]().fields) == [c.name for c in model.__table__.columns]
