"""HTML pages: thin views over the same read services the API uses."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app.services import reads
from registry.standard import POINTS, STALE_MEANING, TIERS, VERDICT_MEANINGS

bp = Blueprint("web", __name__)


@bp.get("/")
def leaderboard() -> str:
    """Show labs ranked by score with their tier distribution."""
    sort = request.args.get("sort", "score")
    if sort not in reads.LAB_SORTS:
        sort = "score"
    return render_template("leaderboard.html", labs=reads.list_labs(sort), sort=sort)


@bp.get("/labs/<lab>")
def lab_page(lab: str) -> str:
    """Show a lab, its score and its releases."""
    return render_template("lab.html", lab=reads.lab_detail(lab))


@bp.get("/labs/<lab>/<release>")
def release_page(lab: str, release: str) -> str:
    """Show a release: the verdict per pillar first, the evidence one click away."""
    return render_template("release.html", release=reads.release_detail(lab, release))


@bp.get("/about/standard")
def standard_page() -> str:
    """Explain the tiers, points, verdicts and staleness."""
    return render_template(
        "standard.html",
        tiers=TIERS,
        points=POINTS,
        meanings=VERDICT_MEANINGS,
        stale_meaning=STALE_MEANING,
    )
