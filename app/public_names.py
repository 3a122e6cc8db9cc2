"""Permanent redirects from public names to slugs on pages, API, badge and feed routes.

`/labs/Qwen/qwen2.5-7b` answers 301 to `/labs/qwen/qwen2-5-7b`, so links people type or
copy from the Hub do not 404. The API, and any request that is not a GET or HEAD, get 308
so the method and body are kept. A request whose names are already slugs is not looked at.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, redirect, request

from app.services import public_names

# Routes naming a lab (and a release): the pattern, and whether its redirect keeps the method.
NAMED_ROUTES: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(r"^/api/v1/labs/(?P<lab>[^/]+)(?:/releases/(?P<release>[^/]+))?(?:/.*)?$"),
     True),
    (re.compile(r"^/badges/(?P<lab>[^/]+?)(?:/(?P<release>[^/]+?))?"
                r"(?:/(?:weights|code|data))?\.(?:svg|json)$"), False),
    (re.compile(r"^/feeds/labs/(?P<lab>[^/]+?)\.atom$"), False),
    (re.compile(r"^/labs/(?P<lab>[^/]+)(?:/(?P<release>[^/]+))?(?:/.*)?$"), False),
)
SAFE_METHODS = frozenset({"GET", "HEAD"})
# Path segments in a release's place that are routes of their own, never names to look up.
ROUTE_WORDS = frozenset({"history.svg", "releases", "history"})


def init_app(app: Flask) -> None:
    """Redirect a request naming a lab or release by its public name to the slugs."""
    # First of the request hooks: a redirect changes nothing, so it need not wait for the CSRF
    # check (which would refuse a form posted to the old URL before it could be sent on).
    app.before_request_funcs.setdefault(None, []).insert(0, redirect_public_names)


def redirect_public_names() -> Any:
    """Return a permanent redirect to the slug URL, or None to let the request through."""
    for pattern, keeps_method in NAMED_ROUTES:
        match = pattern.match(request.path)
        if match is not None:
            return _redirect(match, keeps_method)
    return None


def _redirect(match: re.Match[str], keeps_method: bool) -> Any:
    lab, release = match.group("lab"), match.groupdict().get("release")
    if release in ROUTE_WORDS:
        release = None  # /labs/<lab>/history.svg: only the lab can be a public name
    names = [lab] if release is None else [lab, release]
    if all(public_names.is_slug(n) for n in names) or not all(
        public_names.is_slug(n) or public_names.may_be_public_name(n) for n in names
    ):
        return None
    slugs = public_names.resolve(lab, release)
    if slugs is None:
        return None
    path = request.path
    if release is not None and slugs.release is not None:  # right to left: spans stay valid
        start, end = match.span("release")
        path = path[:start] + slugs.release + path[end:]
    start, end = match.span("lab")
    path = path[:start] + slugs.lab + path[end:]
    query = request.query_string.decode("latin-1")
    code = 308 if keeps_method or request.method not in SAFE_METHODS else 301
    return redirect(path + (f"?{query}" if query else ""), code=code)
