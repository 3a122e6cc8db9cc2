"""Interoperability: a release as a MOF file, its framework comparison, catalogue exports."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from app.api.base import ApiBlueprint
from app.services import interop
from app.services.interop.export import CatalogueExport
from app.services.interop.frameworks import FrameworksView
from registry.frameworks.mof_rules import mof_json_schema
from schemas.export import CsvExportArgsSchema, ExportSchema
from schemas.frameworks import FrameworksSchema

blp = ApiBlueprint(
    "interop",
    __name__,
    url_prefix="/api/v1",
    description="Openness frameworks (MOF, OSAI) and catalogue exports.",
)

YAML_TYPE = "application/yaml"
CDX_TYPE = "application/vnd.cyclonedx+json"
CSV_TYPE = "text/csv"


def openapi_schema(schema: Any) -> Any:
    """Return a JSON Schema in OpenAPI 3.0's dialect: a ["string", "null"] type is nullable."""
    if isinstance(schema, list):
        return [openapi_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {key: openapi_schema(value) for key, value in schema.items()}
    types = schema.get("type")
    if isinstance(types, list):
        named = [t for t in types if t != "null"]
        converted["type"] = named[0]
        if "null" in types:
            converted["nullable"] = True
    return converted


# MOT's own schema for model files documents what mof.yaml returns.
MOF_FILE_SCHEMA = openapi_schema(dict(mof_json_schema()))


@blp.route("/labs/<slug:lab>/releases/<slug:release>/mof.yaml")
class ReleaseMof(MethodView):
    @blp.response(200, MOF_FILE_SCHEMA, content_type=YAML_TYPE)
    @blp.errors(404)
    def get(self, lab: str, release: str) -> Response:
        """Read the release as a MOF 1.0 file built only from verified evidence.

        Lists only the components a checker saw published (final weights, training code,
        datasets) with the licences it found; valid against MOT's schema/mof_schema.json.
        """
        return Response(interop.mof_yaml(lab, release), content_type=YAML_TYPE)


# The AI-BOM follows the CycloneDX 1.6 JSON schema, which ships with cyclonedx-python-lib.
AIBOM_SCHEMA = {
    "type": "object",
    "description": "A CycloneDX 1.6 BOM: https://cyclonedx.org/schema/bom-1.6.schema.json",
}


@blp.route("/labs/<slug:lab>/releases/<slug:release>/aibom.cdx.json")
class ReleaseAiBom(MethodView):
    @blp.response(200, AIBOM_SCHEMA, content_type=CDX_TYPE)
    @blp.errors(404)
    def get(self, lab: str, release: str) -> Response:
        """Read the release as a CycloneDX 1.6 AI-BOM built from verified evidence.

        The model component carries a model card; weights, training code and datasets are
        components with the licence and revision our checks read (none when unconfirmed),
        and each verdict with its reason is a property. Valid against CycloneDX 1.6.
        """
        body = interop.aibom_json(lab, release)
        return Response(body, content_type=f"{CDX_TYPE}; version=1.6")


@blp.route("/labs/<slug:lab>/releases/<slug:release>/frameworks")
class ReleaseFrameworks(MethodView):
    @blp.response(200, FrameworksSchema)
    @blp.errors(404)
    def get(self, lab: str, release: str) -> FrameworksView:
        """Compare the release with the openness frameworks: claimed vs verified.

        MOF: the class an imported file claims (MOT's rules) beside the class our evidence
        supports, per component, with each difference explained; components no checker can
        see are "not verifiable automatically". OSAI: all 12 dimensions with their grade,
        notes and links, beside our evidence or "no evidence of ours". One entry per imported
        file (`claims`, `osai_claims`), with its file name or upstream path and commit.
        """
        return interop.frameworks_view(lab, release)


@blp.route("/export.json")
class ExportJson(MethodView):
    @blp.response(200, ExportSchema)
    def get(self) -> CatalogueExport:
        """Export the whole catalogue: labs, releases, artifacts, runs, evidence, history, claims.

        Rows keep their ids; `flask --app app registry import-export FILE` loads this into
        an empty database unchanged. Accounts and tokens are never exported.
        """
        export = interop.export_catalogue()
        # The tag covers the rows, not the moment of export: a client holding an export of
        # the same rows is told nothing changed.
        blp.set_etag({key: value for key, value in export.items() if key != "exported_at"},
                     ExportSchema(exclude=("exported_at",)))
        return export


@blp.route("/export.csv")
class ExportCsv(MethodView):
    @blp.arguments(CsvExportArgsSchema, location="query")
    @blp.response(200, {"type": "string"}, content_type=CSV_TYPE)
    def get(self, args: dict[str, Any]) -> Response:
        """Export one table of the catalogue as CSV (JSON columns as JSON text)."""
        table = args["table"]
        return Response(
            interop.export_csv(table),
            content_type=f"{CSV_TYPE}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{table}.csv"'},
        )
