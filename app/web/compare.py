"""Comparison and trends pages: releases or labs side by side, tiers over time (API twins)."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from marshmallow import ValidationError

from app.services import compare, trends
from app.web import bp
from registry.model import Pillar
from schemas.compare import MAX_COMPARED, CompareArgsSchema
from schemas.fields import error_messages, flatten_errors

PILLAR_TITLES = {
    Pillar.WEIGHTS.value: "Model weights",
    Pillar.CODE.value: "Training code",
    Pillar.DATA.value: "Training data",
}


@bp.get("/compare")
def compare_page() -> str:
    """Show releases (?releases=lab/rel,...) or labs (?labs=a,b) side by side."""
    try:
        args, errors = CompareArgsSchema().load(request.args), {}
    except ValidationError as error:
        # Say what was wrong and compare nothing: a half-read list would mislead.
        args, errors = {"releases": (), "labs": ()}, flatten_errors(error_messages(error))
    result = compare.compare(args["releases"], args["labs"])
    return render_template(
        "compare.html",
        result=result,
        errors=errors,
        release_refs=[f"{c.lab}/{c.slug}" for c in result.releases],
        lab_refs=[c.slug for c in result.labs],
        max_compared=MAX_COMPARED,
        pillar_titles=PILLAR_TITLES,
        api_url=url_for("compare.Compare", **_query(result)),
    )


def _query(result: compare.Comparison) -> dict[str, Any]:
    """Return the query that names exactly what was compared (empty parts left out)."""
    query = {
        "releases": ",".join(f"{c.lab}/{c.slug}" for c in result.releases),
        "labs": ",".join(c.slug for c in result.labs),
    }
    return {key: value for key, value in query.items() if value}


@bp.get("/tiers")
def tiers_page() -> str:
    """Show the share of releases per tier over time, and per lab."""
    return render_template("tiers.html", trends=trends.tier_trends())
