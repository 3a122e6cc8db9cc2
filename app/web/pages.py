"""Read pages: thin views over the same read services the API and badges use."""

from __future__ import annotations

from math import ceil
from typing import Any

from flask import render_template, request, url_for
from marshmallow import Schema, ValidationError

from app.services import accounts, page_reads
from app.services.lab_reads import page_of_labs
from app.services.paging import Page
from app.services.release_reads import list_releases
from app.web import bp
from app.web.auth import current_identity
from app.web.forms.accounts import MemberForm
from app.web.forms.release import KIND_LABELS
from app.web.snippets import badge_panel
from registry.checks import default_registry
from registry.checks.doubts import DOUBT_RULES
from registry.consistency.meanings import FINDINGS as CONSISTENCY_FINDINGS
from registry.consistency.meanings import dialect_table
from registry.licences import licence_tables
from registry.model import Pillar, ReleaseStatus, Verdict
from registry.remediation import EXPLAINED, UNCHECKED
from registry.standard import (
    FAILURE_REMEDIATION,
    FAILURE_WORDS,
    LAST_CHECK_FAILED,
    NEVER_CHECKED,
    POINTS,
    STALE_MEANING,
    TIERS,
    UNVERIFIED_RELEASE_MEANING,
    VERDICT_MEANINGS,
)
from schemas.compare import MAX_COMPARED
from schemas.fields import error_messages, flatten_errors
from schemas.forms import RELEASE_SORT_KEYS, LabFilterSchema, ReleaseFilterSchema

RELEASES_PER_PAGE = 25
LABS_PER_PAGE = 50
# Leaderboard columns that sort, with the words screen readers announce.
LAB_SORT_LABELS = {
    "name": "Lab",
    "score": "Score",
    "releases": "Releases",
    "latest_release": "Latest release",
}
# What each artifact's state in a running check is called on the page (progress.js agrees).
PROGRESS_WORDS = {
    "pending": "waiting",
    "running": "checking now",
    "done": "checked",
    "not_checked": "not checked",
}
STATUS_LABELS = (
    (ReleaseStatus.VERIFIED.value, "Verified (has a tier)"),
    (ReleaseStatus.UNVERIFIED.value, "Not yet verified"),
)
RELEASE_SORT_LABELS = {
    "score": "Score, highest first",
    "name": "Name",
    "released": "Release date, newest first",
    "checked": "Last checked, newest first",
}


@bp.get("/")
def leaderboard() -> str:
    """Show labs ranked by score with their tier distribution."""
    args = request.args.to_dict()
    filters, errors = load_filters(LabFilterSchema(), args)
    page, sort = filters.pop("page"), filters.pop("sort")
    found = page_of_labs(sort, filters, page=page, per_page=LABS_PER_PAGE)
    return render_template(
        "leaderboard.html",
        labs=found.items,
        **page_counts(found, LABS_PER_PAGE),
        sort=sort,
        sort_labels=LAB_SORT_LABELS,
        page=page,
        filters=filters,
        errors=errors,
        args=args,
        tiers=TIERS,
        filtered=bool(filters),
    )


def page_counts(found: Page[Any], per_page: int) -> dict[str, Any]:
    """Return a list page's total, in words too ("More than 10,000" past the count's cap)."""
    words = str(found.total) if found.exact else f"More than {found.total:,}"
    return {"total": found.total, "total_words": words, "exact": found.exact,
            "pages": max(1, ceil(found.total / per_page))}


def load_filters(schema: Schema, args: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return a list page's filters and why any was ignored: the valid ones still apply."""
    try:
        return schema.load(args), {}
    except ValidationError as error:
        messages = error_messages(error)
        # A schema-wide rule names the field it is about; drop that field and load the rest.
        try:
            kept = schema.load({k: v for k, v in args.items() if k not in messages})
        except ValidationError:
            kept = schema.load({})  # a rule that names no field: show the list unfiltered
        return kept, flatten_errors(messages)


@bp.get("/releases")
def releases() -> str:
    """List releases, filtered by lab, tier, verdicts, dates and name."""
    args = request.args.to_dict()
    filters, errors = load_filters(ReleaseFilterSchema(), args)
    page = filters.pop("page")
    found = list_releases(filters, page=page, per_page=RELEASES_PER_PAGE)
    return render_template(
        "releases.html",
        releases=found.items,
        **page_counts(found, RELEASES_PER_PAGE),
        page=page,
        filters=filters,
        errors=errors,
        args=args,
        tiers=TIERS,
        statuses=STATUS_LABELS,
        verdicts=[v.value for v in Verdict],
        pillars=[p.value for p in Pillar],
        sorts=[(key, RELEASE_SORT_LABELS[key]) for key in RELEASE_SORT_KEYS],
    )


@bp.app_template_global()
def page_url(page: int) -> str:
    """Return the current list's URL at another page, keeping its filters."""
    values: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page"}
    values.update(request.view_args or {})
    values["page"] = page
    return url_for(request.endpoint or "web.releases", **values)


@bp.app_template_global()
def list_url(**changes: Any) -> str:
    """Return the current page's URL with some query values changed (None drops one)."""
    values: dict[str, Any] = request.args.to_dict()
    values.update(changes)
    values = {k: v for k, v in values.items() if v not in (None, "")}
    values.update(request.view_args or {})
    return url_for(request.endpoint or "web.leaderboard", **values)


@bp.app_template_global()
def list_url_for(endpoint: str, **values: Any) -> str:
    """Return another view's URL (the list's JSON twin) with this page's filters, no page."""
    args = {k: v for k, v in request.args.items() if k != "page" and v != ""}
    return url_for(endpoint, **{**args, **values})


@bp.get("/labs/<lab>")
def lab_page(lab: str) -> str:
    """Show a lab: score, tier distribution, history, releases, badges and members."""
    page = page_reads.lab_page(lab)
    view = page.lab
    identity = current_identity()
    is_member = identity.is_admin or page.lab_id in identity.lab_ids
    return render_template(
        "lab.html",
        lab=view,
        history=page.history.entries,
        writes=page.history.writes,
        badges=badge_panel(view.name, {"lab": view.badge_url}, view.url, page.score_version),
        version=page.score_version,
        can_submit=accounts.may_edit(identity, page.lab_id),
        members=accounts.lab_members(lab) if is_member else None,
        member_form=MemberForm() if is_member else None,
        compare_choices=[(other.slug, other.name) for other in page.other_labs],
        compare_releases=",".join(f"{lab}/{r.slug}" for r in view.releases[:MAX_COMPARED]),
    )


@bp.get("/labs/<lab>/<release>")
def release_page(lab: str, release: str) -> str:
    """Show a release: the verdict per pillar first, the evidence one click away."""
    page = page_reads.release_page(lab, release)
    view = page.release
    return render_template(
        "release.html",
        release=view,
        history=page.history.entries,
        writes=page.history.writes,
        badges=badge_panel(view.name, view.badges, view.url, page.score_version),
        version=page.score_version,
        can_recheck=accounts.may_edit(current_identity(), page.lab_id),
        progress_url=progress_url(lab, release),
        progress_artifacts=page.progress,
        status_words=PROGRESS_WORDS,
        kind_labels={k.value: v for k, v in KIND_LABELS.items()},
        # Which evidence section to render open (?evidence=weights-1): compared, never echoed.
        open_evidence=request.args.get("evidence", ""),
        compare_choices=[(f"{lab}/{r.slug}", r.name) for r in page.siblings],
    )


def progress_url(lab: str, release: str) -> str:
    """Return the JSON URL the progress script polls for the latest run's state."""
    return f"/api/v1/labs/{lab}/releases/{release}/checks/latest"


@bp.get("/about/standard")
def standard_page() -> str:
    """Explain tiers, points, verdicts, unverified, doubts, licences, checkers, consistency."""
    return render_template(
        "standard.html",
        tiers=TIERS,
        points=POINTS,
        meanings=VERDICT_MEANINGS,
        stale_meaning=STALE_MEANING,
        unverified=Verdict.UNVERIFIED,
        unverified_release=UNVERIFIED_RELEASE_MEANING,
        never_checked=NEVER_CHECKED,
        last_check_failed=LAST_CHECK_FAILED,
        failure_words=FAILURE_WORDS,
        failure_remediation=FAILURE_REMEDIATION,
        unchecked_remedy=UNCHECKED,
        remedies=EXPLAINED,
        doubts=list(DOUBT_RULES.values()),
        licence_tables=licence_tables(),
        checkers=list(default_registry()),
        kind_labels=KIND_LABELS,
        consistency_findings=CONSISTENCY_FINDINGS,
        dialects=dialect_table(),
    )

