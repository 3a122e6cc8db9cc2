"""The admin upload form for MOF and OSAI files, and the frameworks panel of release pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired, MultipleFileField
from wtforms import SelectChoice, SelectField

from app.services import interop
from app.services.errors import NotFound
from app.services.identity import require_admin
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


@bp.route("/admin/import", methods=["GET", "POST"])
def admin_import() -> Any:
    """Show the upload form; on POST import every file and list what each became."""
    identity = current_identity()
    require_admin(identity)
    form = ImportForm()
    report = None
    status = 200
    if form.validate_on_submit():
        files = [(f.filename or "upload.yml", f.read()) for f in form.files.data if f]
        report = interop.import_files(identity, form.source.data, files)
    elif form.is_submitted():
        status = 400
    return render_template("admin_import.html", form=form, report=report), status


def frameworks_for(lab: str, release: str) -> dict[str, Any] | None:
    """Return the frameworks comparison a release page shows, None if the release is gone."""
    try:
        return interop.frameworks_view(lab, release)
    except NotFound:
        return None


bp.add_app_template_global(frameworks_for)
