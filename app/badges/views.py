"""Badge routes: thin views over the badge use cases, with HTTP caching.

Every route answers in `.svg` or `.json` (the shields.io endpoint schema). `?style=` takes
flat (the default), flat-square or for-the-badge; shields' plastic and social are refused
rather than drawn approximately. `?label=` replaces the left text (empty: message only). An
unknown lab, release or pillar answers 404 with a grey "not found" badge in the asked format,
and a refused option a 400 badge, so a README shows the problem instead of a broken image.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from flask import Blueprint, Response, current_app, request

from app.badges import design
from app.badges.design import BadgeSpec
from app.badges.options import DEFAULT_OPTIONS, InvalidBadgeOption, parse_options
from app.badges.render import DEFAULT_STYLE, RENDER_CACHE_SIZE, RenderedBadge, rendered
from app.extensions import csrf
from app.services import badges, consistency, mof_badge
from app.services.errors import NotFound
from registry.model import Pillar

bp = Blueprint("badges", __name__, url_prefix="/badges")
# Read-only GETs embedded in other sites' pages: there is no form to forge.
csrf.exempt(bp)

FORMAT = "<any(svg, json):fmt>"
# The badge is an image: it may style itself inline and may load or run nothing. Set here,
# so app.security's page policy (applied with setdefault) leaves it alone.
BADGE_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"

BuildSpec = Callable[[str | None], BadgeSpec]


@bp.get(f"/<lab>.{FORMAT}")
def lab_badge(lab: str, fmt: str) -> Response:
    """Serve a lab's badge: its mean score and the share of its releases in tier A."""
    return serve(fmt, design.DEFAULT_LABEL, lambda label: _lab(lab, label))


@bp.get(f"/<lab>/<release>.{FORMAT}")
def release_badge(lab: str, release: str, fmt: str) -> Response:
    """Serve a release's badge: its tier letter and name."""
    return serve(fmt, design.DEFAULT_LABEL, lambda label: _release(lab, release, label))


@bp.get(f"/<lab>/<release>/mof.{FORMAT}")
def mof_class_badge(lab: str, release: str, fmt: str) -> Response:
    """Serve a release's verified MOF class: the class MOT's rules give our evidence."""
    return serve(fmt, design.MOF_LABEL, lambda label: _mof(lab, release, label))


@bp.get(f"/<lab>/<release>/consistency.{FORMAT}")
def consistency_badge(lab: str, release: str, fmt: str) -> Response:
    """Serve the consistency badge: "consistent" only when the code explains the model."""
    return serve(fmt, design.CONSISTENCY_LABEL, lambda label: _consistency(lab, release, label))


@bp.get(f"/<lab>/<release>/<pillar>.{FORMAT}")
def pillar_badge(lab: str, release: str, pillar: str, fmt: str) -> Response:
    """Serve one pillar's badge: its verdict."""
    known = {p.value: p for p in Pillar}.get(pillar)
    default_label = design.PILLAR_LABELS[known] if known else "pillar"
    return serve(fmt, default_label, lambda label: _pillar(lab, release, known, label))


def _lab(lab: str, label: str | None) -> BadgeSpec:
    return design.lab_spec(badges.lab_badge_facts(lab), label)


def _release(lab: str, release: str, label: str | None) -> BadgeSpec:
    return design.release_spec(badges.release_badge_facts(lab, release), label)


def _mof(lab: str, release: str, label: str | None) -> BadgeSpec:
    return design.mof_spec(mof_badge.mof_badge_facts(lab, release), label)


def _consistency(lab: str, release: str, label: str | None) -> BadgeSpec:
    return design.consistency_spec(consistency.consistency_badge_facts(lab, release), label)


def _pillar(lab: str, release: str, pillar: Pillar | None, label: str | None) -> BadgeSpec:
    if pillar is None:
        raise NotFound("No such pillar.")  # refused before any database read
    return design.pillar_spec(badges.release_badge_facts(lab, release), pillar, label)


def serve(fmt: str, default_label: str, build: BuildSpec) -> Response:
    """Build, render (from the cache when it can) and send a badge; 404 when unknown."""
    max_age = current_app.config["REGISTRY_BADGE_MAX_AGE"]
    try:
        # Most badges carry no query string: skip parsing one.
        options = parse_options(request.args) if request.query_string else DEFAULT_OPTIONS
    except InvalidBadgeOption as error:
        return send(
            rendered(design.invalid_request_spec(str(error)), DEFAULT_STYLE, fmt, max_age), 400
        )
    try:
        spec, status = build(options.label), 200
    except NotFound:
        spec, status = design.not_found_spec(default_label, options.label), 404
    return send(rendered(spec, options.style, fmt, max_age), status)


def send(badge: RenderedBadge, status: int) -> Response:
    """Return the badge with its caching and security headers; 304 when the client has it."""
    headers = badge_headers(badge.etag, current_app.config["REGISTRY_BADGE_MAX_AGE"])
    if status == 200 and _client_has(badge.etag):
        return Response(status=304, headers=headers)
    return Response(badge.body, status=status, headers=headers, content_type=badge.content_type)


def _client_has(etag: str) -> bool:
    # Most requests send no If-None-Match, and most that do send back exactly the ETag this
    # badge last answered; anything else gets the full, weak comparison of RFC 9110 13.1.2.
    sent = request.environ.get("HTTP_IF_NONE_MATCH")
    if sent is None:
        return False
    return sent == f'"{etag}"' or request.if_none_match.contains_weak(etag)


@lru_cache(maxsize=RENDER_CACHE_SIZE)
def badge_headers(etag: str, max_age: int) -> tuple[tuple[str, str], ...]:
    """Return the headers of a badge response (also sent with a 304, as RFC 9110 asks)."""
    return (
        ("ETag", f'"{etag}"'),
        ("Cache-Control", f"public, max-age={max_age}"),
        ("Content-Security-Policy", BADGE_CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
    )
