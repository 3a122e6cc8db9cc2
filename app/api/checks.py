"""Check runs of a release: list them, read one with its evidence, ask for a new one."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView
from flask_smorest.pagination import PaginationParameters

from app.api.auth import SECURITY, UNAUTHORIZED_DOC, token_required
from app.api.base import WRITE_ERRORS, ApiBlueprint, page_items
from app.services.checks import recheck
from app.services.identity import Identity
from app.services.read_models import RunDetail, RunView
from app.services.run_reads import page_of_runs, run_detail
from schemas.api import CheckRunDetailSchema
from schemas.release import CheckRunSchema

blp = ApiBlueprint(
    "checks",
    __name__,
    url_prefix="/api/v1/labs/<slug:lab>/releases/<slug:release>/checks",
    description="Check runs: what was verified, when, and the evidence found.",
)


@blp.route("")
class Checks(MethodView):
    @blp.etag
    @blp.response(200, CheckRunSchema(many=True))
    @blp.paginate()
    @blp.errors(404)
    def get(
        self, lab: str, release: str, pagination_parameters: PaginationParameters
    ) -> list[RunView]:
        """List a release's check runs, newest first."""
        page = page_of_runs(
            lab, release, pagination_parameters.page, pagination_parameters.page_size
        )
        return page_items(page, pagination_parameters)

    @blp.doc(security=SECURITY)
    @token_required
    @blp.idempotent()
    @blp.response(202, CheckRunSchema)
    @blp.errors(*WRITE_ERRORS, 404, 415)
    @blp.alt_response(401, **UNAUTHORIZED_DOC)
    def post(self, lab: str, release: str, identity: Identity) -> Any:
        """Ask for a check of the release now; answers with the pending or running run."""
        run = recheck(identity, lab, release, trigger="api")
        location = url_for("checks.CheckDetail", lab=lab, release=release, run_id=run.run_id)
        return run.view, 202, {"Location": location}


@blp.route("/<int(max=2147483647):run_id>")
class CheckDetail(MethodView):
    @blp.etag
    @blp.response(200, CheckRunDetailSchema)
    @blp.errors(404)
    def get(self, lab: str, release: str, run_id: int) -> RunDetail:
        """Read one check run with every piece of evidence it recorded."""
        return run_detail(lab, release, run_id)
