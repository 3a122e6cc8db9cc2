"""The admin upload form for MOF and OSAI files, and the frameworks panel of release pages."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, render_template
from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired, MultipleFileField
from wtforms import BooleanField, SelectChoice, SelectField

from app.services import interop
from app.services.errors import NotFound
from app.services.identity import require_admin
from app.services.interop.frameworks import FrameworksView
from app.web.auth import current_identity

bp = Blueprint("interop_web", __name__)

SOURCES = [
    SelectChoice("mof", "Model Openness Framework 1.0 (MOT model files, .yml)"),
    SelectChoice("osai", "European Open Source AI Index (model entries, .yaml)"),
]


class ImportForm(FlaskForm):
    """Which index the files come from, and the files."""

    source = SelectField("Index the files come from", choices=SOURCES, default="mof")
    files = MultipleFileField(
        "Files",
        validators=[FileRequired("Choose at least one file to import.")],
        description="One or more YAML files; each imports on its own, a bad one stops only itself.",
    )
    as_json = BooleanField("Download the report as JSON instead of showing it")


@bp.route("/admin/import", methods=["GET", "POST"])
def admin_import() -> Any:
    """Show the upload form; on POST import every file and list what each became."""
    identity = current_identity()
    require_admin(identity)
    form = ImportForm()
    report = None
    status = 200
    if form.validate_on_submit():
        files = [(_file_name(f.filename), f.read()) for f in form.files.data if f]
        report = interop.import_files(identity, form.source.data, files)
        if form.as_json.data:
            return _json_report(report)
    elif form.is_submitted():
        status = 400
    return render_template("admin_import.html", form=form, report=report), status


def _json_report(report: interop.ImportReport) -> Response:
    body = json.dumps(report.as_dict(), indent=1, ensure_ascii=False)
    disposition = 'attachment; filename="import-report.json"'
    return Response(
        body, content_type="application/json", headers={"Content-Disposition": disposition}
    )


def _file_name(sent: str | None) -> str:
    # Some browsers send the whole path of the file on the uploader's machine: keep the name.
    name = (sent or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name or "upload.yml"


def frameworks_for(lab: str, release: str) -> FrameworksView | None:
    """Return the frameworks comparison a release page shows, None if the release is gone."""
    try:
        return interop.frameworks_view(lab, release)
    except NotFound:
        return None


bp.add_app_template_global(frameworks_for)
