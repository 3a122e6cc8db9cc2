"""History of scores and verdicts, and the progress of a release's latest check run."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app.api.base import ApiBlueprint
from app.services import check_progress, history
from schemas.history import (
    CheckProgressSchema,
    HistoryArgsSchema,
    LabHistorySchema,
    ReleaseHistorySchema,
)

blp = ApiBlueprint(
    "history", __name__, url_prefix="/api/v1/labs", description="Score history and check progress"
)


@blp.route("/<slug:lab>/releases/<slug:release>/history")
class ReleaseHistory(MethodView):
    @blp.arguments(HistoryArgsSchema, location="query")
    @blp.response(200, ReleaseHistorySchema)
    def get(self, args: dict[str, Any], lab: str, release: str) -> history.ReleaseHistory:
        """List every change of the release's verdicts, tier or score, with the run behind it."""
        return history.release_history(lab, release, args["limit"])


@blp.route("/<slug:lab>/history")
class LabHistory(MethodView):
    @blp.arguments(HistoryArgsSchema, location="query")
    @blp.response(200, LabHistorySchema)
    def get(self, args: dict[str, Any], lab: str) -> history.LabHistory:
        """List every change of the lab's aggregate score and tier distribution."""
        return history.lab_history(lab, args["limit"])


@blp.route("/<slug:lab>/releases/<slug:release>/checks/latest")
class LatestCheck(MethodView):
    @blp.response(200, CheckProgressSchema)
    def get(self, lab: str, release: str) -> check_progress.ReleaseProgress:
        """Read the latest check run's state and per-artifact progress (poll while active)."""
        return check_progress.latest_progress(lab, release)
