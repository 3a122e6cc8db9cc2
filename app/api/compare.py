"""Comparison and trends: releases or labs side by side, tiers over time (twins of the pages)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.api.base import ApiBlueprint
from app.services import compare, trends
from schemas.compare import CompareArgsSchema, ComparisonSchema
from schemas.trends import TierTrendsSchema

blp = ApiBlueprint(
    "compare",
    __name__,
    url_prefix="/api/v1",
    description="Releases or labs side by side; the share of releases per tier over time.",
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


@blp.route("/tiers")
class Tiers(MethodView):
    @blp.etag
    @blp.response(200, TierTrendsSchema)
    def get(self) -> trends.TierTrends:
        """The share of releases per tier over time, and per lab now.

        `points` replays every release's score history: at the end of each period (a
        minute, day or month, as `unit` says) each release known by then counts in the
        tier of its latest score; one with no tier is counted as not yet verified (`''`).
        """
        return trends.tier_trends()
