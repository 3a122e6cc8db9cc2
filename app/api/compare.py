"""Comparison: releases or labs side by side (the JSON twin of the /compare page)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.api.base import ApiBlueprint
from app.services import compare
from schemas.compare import CompareArgsSchema, ComparisonSchema

blp = ApiBlueprint(
    "compare", __name__, url_prefix="/api/v1", description="Releases or labs side by side."
)


@blp.route("/compare")
class Compare(MethodView):
    @blp.etag
    @blp.arguments(CompareArgsSchema, location="query")
    @blp.response(200, ComparisonSchema)
    def get(self, args: dict[str, Any]) -> compare.Comparison:
        """Compare releases (`releases=lab/release,...`) or labs (`labs=a,b`).

        Each release comes with its tier, score, per-pillar verdict and key evidence (the
        first reason of each artifact's last good check), and the MOF class our evidence
        supports beside the one an imported file claims. Each lab comes with its score, the
        share of its releases per tier and how many publish each pillar openly. Names that
        match nothing are listed in `missing`.
        """
        return compare.compare(args["releases"], args["labs"])
