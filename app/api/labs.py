"""Labs: list, read, create, update, delete."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView
from flask_smorest.pagination import PaginationParameters

from app.api.auth import SECURITY, UNAUTHORIZED_DOC, token_required
from app.api.base import BODY_ERRORS, WRITE_ERRORS, ApiBlueprint, page_items
from app.services import catalogue, read_models
from app.services.identity import Identity
from app.services.lab_reads import lab_detail, page_of_labs
from schemas.api import LabListArgsSchema
from schemas.lab import LabDetailSchema, LabInSchema, LabOutSchema, LabUpdateSchema
from schemas.paging import LAB_CURSOR_KINDS

EXAMPLE_LAB = {
    "slug": "allenai",
    "name": "Allen Institute for AI",
    "homepage": "https://allenai.org",
    "country": "US",
}

blp = ApiBlueprint(
    "labs", __name__, url_prefix="/api/v1/labs", description="Labs: who publishes releases."
)


@blp.route("")
class Labs(MethodView):
    @blp.etag
    @blp.arguments(LabListArgsSchema, location="query")
    @blp.response(200, LabOutSchema(many=True))
    @blp.paginate()
    def get(
        self, args: dict[str, Any], pagination_parameters: PaginationParameters
    ) -> list[read_models.LabView]:
        """List labs with their score and tier distribution.

        Sort by score (best first), name, latest release or number of releases; filter by
        country, or by tier (labs with at least one release in that tier).
        """
        sort, cursor = args.pop("sort"), args.pop("cursor", None)
        sort = cursor.sort if cursor else sort  # a cursor keeps the order it was made in
        page = page_of_labs(
            sort, args, pagination_parameters.page, pagination_parameters.page_size,
            after=cursor.key if cursor else None,
        )
        return page_items(
            page, pagination_parameters, sort, LAB_CURSOR_KINDS, by_cursor=cursor is not None
        )

    @blp.doc(security=SECURITY)
    @token_required
    @blp.idempotent()
    @blp.arguments(LabInSchema, example=EXAMPLE_LAB)
    @blp.response(201, LabDetailSchema)
    @blp.errors(*BODY_ERRORS, *WRITE_ERRORS, 409)
    @blp.alt_response(401, **UNAUTHORIZED_DOC)
    def post(self, data: dict[str, Any], identity: Identity) -> Any:
        """Create a lab (submit scope)."""
        lab = catalogue.create_lab(identity, data)
        return lab, 201, {"Location": url_for("labs.LabDetail", lab=lab.slug)}


@blp.route("/<slug:lab>")
class LabDetail(MethodView):
    @blp.etag
    @blp.response(200, LabDetailSchema)
    @blp.errors(404)
    def get(self, lab: str) -> read_models.LabDetail:
        """Read one lab: score, tier distribution and its releases."""
        return lab_detail(lab)

    @blp.doc(security=SECURITY)
    @token_required
    @blp.idempotent()
    @blp.arguments(LabUpdateSchema(partial=True), example={"name": "Allen Institute for AI"})
    @blp.response(200, LabDetailSchema)
    @blp.errors(*BODY_ERRORS, *WRITE_ERRORS, 404)
    @blp.alt_response(401, **UNAUTHORIZED_DOC)
    def patch(self, data: dict[str, Any], lab: str, identity: Identity) -> read_models.LabDetail:
        """Change a lab's name, homepage or country (its slug is fixed)."""
        return catalogue.update_lab(identity, lab, data)

    @blp.doc(security=SECURITY)
    @token_required
    @blp.idempotent()
    @blp.response(204)
    @blp.errors(*WRITE_ERRORS, 404)
    @blp.alt_response(401, **UNAUTHORIZED_DOC)
    def delete(self, lab: str, identity: Identity) -> None:
        """Delete a lab with all its releases (admin scope)."""
        catalogue.delete_lab(identity, lab)
