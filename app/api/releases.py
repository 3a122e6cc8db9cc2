"""Releases: list and filter, read, create with artifacts, replace artifacts, delete."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView
from flask_smorest import abort
from flask_smorest.pagination import PaginationParameters

from app.api.auth import SECURITY, UNAUTHORIZED_DOC, token_required
from app.api.base import BODY_ERRORS, WRITE_ERRORS, ApiBlueprint, page_items
from app.services import catalogue, checks, read_models
from app.services.errors import NotFound
from app.services.identity import Identity
from app.services.lab_reads import lab_ref
from app.services.release_reads import list_releases, release_detail
from schemas.api import ReleaseListArgsSchema
from schemas.paging import RELEASE_CURSOR_KINDS
from schemas.release import (
    ArtifactsUpdateSchema,
    ReleaseInSchema,
    ReleaseOutSchema,
    ReleaseSummarySchema,
)

EXAMPLE_ARTIFACTS = [
    {"pillar": "weights", "kind": "hf_model", "locator": "allenai/OLMo-7B",
     "declared_licence": "apache-2.0"},
    {"pillar": "code", "kind": "git", "locator": "https://github.com/allenai/OLMo",
     "declared_licence": "Apache-2.0", "entrypoint": "scripts/train.py"},
    {"pillar": "data", "kind": "hf_dataset", "locator": "allenai/dolma",
     "declared_licence": "odc-by"},
]
EXAMPLE_RELEASE = {
    "slug": "olmo-7b",
    "name": "OLMo 7B",
    "released_on": "2024-02",
    "announced_as_open": True,
    "paper_url": "https://arxiv.org/abs/2402.00838",
    "model_card": "allenai/OLMo-7B",
    "artifacts": EXAMPLE_ARTIFACTS,
}

blp = ApiBlueprint(
    "releases", __name__, url_prefix="/api/v1", description="Releases, their artifacts and scores."
)


@blp.route("/releases")
class Releases(MethodView):
    @blp.etag
    @blp.arguments(ReleaseListArgsSchema, location="query")
    @blp.response(200, ReleaseSummarySchema(many=True))
    @blp.errors(404)
    @blp.paginate()
    def get(
        self, args: dict[str, Any], pagination_parameters: PaginationParameters
    ) -> list[read_models.ReleaseSummary]:
        """List releases across labs (404 when the `lab` filter names no lab).

        Filter by lab, tier, each pillar's verdict (weights, code, data), release dates and
        words in the name; sort by score, name, release date or last check.
        """
        if args.get("lab"):
            _require_known_lab(args["lab"])
        return _page(args, pagination_parameters)


@blp.route("/labs/<slug:lab>/releases")
class LabReleases(MethodView):
    @blp.etag
    @blp.arguments(ReleaseListArgsSchema(exclude=("lab",)), location="query")
    @blp.response(200, ReleaseSummarySchema(many=True))
    @blp.paginate()
    @blp.errors(404)
    def get(
        self, args: dict[str, Any], lab: str, pagination_parameters: PaginationParameters
    ) -> list[read_models.ReleaseSummary]:
        """List one lab's releases, with the same filters as /releases."""
        lab_ref(lab)
        return _page({**args, "lab": lab}, pagination_parameters)

    @blp.doc(security=SECURITY)
    @token_required
    @blp.idempotent()
    @blp.arguments(ReleaseInSchema, example=EXAMPLE_RELEASE)
    @blp.response(201, ReleaseOutSchema)
    @blp.errors(*BODY_ERRORS, *WRITE_ERRORS, 404, 409)
    @blp.alt_response(401, **UNAUTHORIZED_DOC)
    def post(self, data: dict[str, Any], lab: str, identity: Identity) -> Any:
        """Submit a release with its artifacts; a check of it starts at once.

        All or nothing: the release, its artifacts and its first check run are saved in one
        transaction, and the answer shows what it saved. One invalid artifact rejects the
        whole release; a slug already taken is a 409 whose `existing` links to that release.
        """
        submitted = checks.submit_release(identity, lab, data)
        location = url_for("releases.ReleaseDetail", lab=lab, release=submitted.slug)
        return submitted.view, 201, {"Location": location}


@blp.route("/labs/<slug:lab>/releases/<slug:release>")
class ReleaseDetail(MethodView):
    @blp.etag
    @blp.response(200, ReleaseOutSchema)
    @blp.errors(404)
    def get(self, lab: str, release: str) -> read_models.ReleaseDetail:
        """Read one release: artifacts, per-pillar verdicts, evidence, staleness, badges."""
        return release_detail(lab, release)

    @blp.doc(security=SECURITY)
    @token_required
    @blp.idempotent()
    @blp.response(204)
    @blp.errors(*WRITE_ERRORS, 404)
    @blp.alt_response(401, **UNAUTHORIZED_DOC)
    def delete(self, lab: str, release: str, identity: Identity) -> None:
        """Delete a release (admin scope)."""
        catalogue.delete_release(identity, lab, release)


@blp.route("/labs/<slug:lab>/releases/<slug:release>/artifacts")
class ReleaseArtifacts(MethodView):
    @blp.doc(security=SECURITY)
    @token_required
    @blp.idempotent()
    @blp.arguments(ArtifactsUpdateSchema, example={"artifacts": EXAMPLE_ARTIFACTS})
    @blp.response(200, ReleaseOutSchema)
    @blp.errors(*BODY_ERRORS, *WRITE_ERRORS, 404)
    @blp.alt_response(401, **UNAUTHORIZED_DOC)
    def put(self, data: dict[str, Any], lab: str, release: str, identity: Identity) -> Any:
        """Replace a release's artifacts; changed claims become unverified and are re-checked."""
        return checks.resubmit_artifacts(identity, lab, release, data["artifacts"]).view


def _page(
    filters: dict[str, Any], pagination: PaginationParameters
) -> list[read_models.ReleaseSummary]:
    cursor = filters.pop("cursor", None)
    if cursor:
        filters["sort"] = cursor.sort  # a cursor keeps the order it was made in
    page = list_releases(
        filters, pagination.page, pagination.page_size, after=cursor.key if cursor else None
    )
    return page_items(
        page, pagination, filters["sort"], RELEASE_CURSOR_KINDS, by_cursor=cursor is not None
    )


def _require_known_lab(slug: str) -> None:
    try:
        lab_ref(slug)
    except NotFound:
        # 404, not 422: the slug is well-formed, the lab it names does not exist.
        abort(
            404,
            message="Unknown lab.",
            errors={"query": {"lab": [f"No lab {slug!r}: GET /api/v1/labs lists the lab slugs."]}},
        )
