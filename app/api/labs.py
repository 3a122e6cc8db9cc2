"""Read endpoints for labs and their releases."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from app.services import reads
from schemas.lab import LabDetailSchema, LabOutSchema
from schemas.release import ReleaseOutSchema

blp = Blueprint("labs", __name__, url_prefix="/api/v1/labs", description="Labs and releases")


@blp.route("")
class Labs(MethodView):
    @blp.response(200, LabOutSchema(many=True))
    def get(self) -> list[dict[str, Any]]:
        """List labs with their score and tier distribution."""
        return reads.list_labs()


@blp.route("/<lab>")
class LabDetail(MethodView):
    @blp.response(200, LabDetailSchema)
    def get(self, lab: str) -> dict[str, Any]:
        """Read one lab with its releases."""
        return reads.lab_detail(lab)


@blp.route("/<lab>/releases/<release>")
class ReleaseDetail(MethodView):
    @blp.response(200, ReleaseOutSchema)
    def get(self, lab: str, release: str) -> dict[str, Any]:
        """Read one release: artifacts, per-pillar verdicts, evidence, staleness, badges."""
        return reads.release_detail(lab, release)
