"""Interactive API docs at /api/docs, from the Swagger UI files shipped in app/static/apidocs."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for

from app.etags import with_etag

# A plain Flask blueprint: the page is not part of the API it documents.
bp = Blueprint("apidocs", __name__, template_folder="templates")


@bp.get("/api/docs")
@with_etag
def docs_page() -> str:
    """Show Swagger UI on the live OpenAPI spec."""
    return render_template(
        "api/docs.html",
        title=current_app.config["API_TITLE"],
        spec_url=url_for("api-docs.openapi_json"),
    )
