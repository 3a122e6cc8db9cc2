"""Security headers and cookie settings, applied to every response the app sends.

The pages carry no inline script or style (not even a `style=""` attribute), so the policy
can forbid both; scripts and styles come from our own /static files only.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin

# One directive per row; `'none'` wherever the pages need nothing.
CSP_DIRECTIVES: Mapping[str, str] = MappingProxyType(
    {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        # Clickjacking: no page of ours may be framed, by anyone.
        "frame-ancestors": "'none'",
    }
)
CONTENT_SECURITY_POLICY = "; ".join(f"{name} {value}" for name, value in CSP_DIRECTIVES.items())

# A standalone SVG (chart, badge) may style itself inline but may run nothing and load nothing.
SVG_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
)

SECURITY_HEADERS: Mapping[str, str] = MappingProxyType(
    {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP 2
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }
)

HSTS = "max-age=31536000; includeSubDomains"

# Responses here never depend on the session: badges, feeds and the API (bearer tokens).
# Flask-Login peeks at the session on every response, which would add `Vary: Cookie`
# and stop shared caches (CDNs, GitHub's image proxy) from caching a badge for everyone.
COOKIELESS_PATH_PREFIXES = ("/badges/", "/feeds/", "/api/")


class CookielessPathsSessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session, minus `Vary: Cookie` on paths that never use it."""

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Save as usual; on cookieless paths an unmodified session was never really used."""
        if request.path.startswith(COOKIELESS_PATH_PREFIXES) and not session.modified:
            session.accessed = False
        super().save_session(app, session, response)


def init_security(app: Flask) -> None:
    """Harden cookies and add the security headers to every response."""
    relaxed = bool(app.config.get("REGISTRY_DEBUG") or app.debug or app.testing)
    # Secure cookies need HTTPS; a local debug or test run serves plain http on loopback.
    # Set outright: Flask's own defaults (insecure, no SameSite) already fill these keys.
    for prefix in ("SESSION_COOKIE", "REMEMBER_COOKIE"):
        app.config[f"{prefix}_SECURE"] = not relaxed
        app.config[f"{prefix}_HTTPONLY"] = True
        app.config[f"{prefix}_SAMESITE"] = "Lax"
    app.after_request(add_security_headers)
    app.session_interface = CookielessPathsSessionInterface()


def add_security_headers(response: Response) -> Response:
    """Set the security headers a view has not set itself (an SVG view sets its own CSP)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
