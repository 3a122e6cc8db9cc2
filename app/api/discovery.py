"""Discovery: propose a release's artifacts from one Hub model id."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask.views import MethodView

from app.api.auth import SECURITY, UNAUTHORIZED_DOC, token_required
from app.api.base import BODY_ERRORS, WRITE_ERRORS, ApiBlueprint
from app.services.discovery import discover_release
from app.services.identity import Identity
from schemas.discovery import DiscoverInSchema, DiscoveryOutSchema

blp = ApiBlueprint(
    "discovery",
    __name__,
    url_prefix="/api/v1",
    description="Discovery: a Hub id in, the release's proposed artifacts out.",
)


@blp.route("/discover")
class Discover(MethodView):
    @blp.doc(security=SECURITY)
    @token_required
    @blp.arguments(DiscoverInSchema, example={"hub_id": "allenai/OLMo-7B"})
    @blp.response(200, DiscoveryOutSchema)
    @blp.errors(*BODY_ERRORS, *WRITE_ERRORS, 404, 503)
    @blp.alt_response(401, **UNAUTHORIZED_DOC)
    def post(self, data: dict[str, Any], identity: Identity) -> dict[str, Any]:
        """Read the model card and its paper; propose weights, code, data, paper and card.

        Each proposal says where it was found ("README line 42, under 'Training'") and how
        sure discovery is. `release` is a draft ready to POST to
        /api/v1/labs/{lab}/releases as it is: proposals are claims the checks verify.
        """
        result = discover_release(data["hub_id"])
        return {**asdict(result.discovery), "release": result.draft}
