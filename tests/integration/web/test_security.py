"""Security of the pages: CSP and headers, no inline script or style, CSRF, redirects."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Lab
from app.security import CONTENT_SECURITY_POLICY
from tests.factories import make_lab, make_release
from tests.integration.web.conftest import (
    PASSWORD,
    csrf_token,
    make_user,
    post_form,
    record_check,
    sign_in,
)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def test_pages_carry_a_strict_policy_and_the_other_headers(client: FlaskClient) -> None:
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "object-src 'none'" in policy and "base-uri 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain http
    assert "Strict-Transport-Security" in client.get("/", base_url="https://localhost").headers


def test_no_page_has_inline_script_style_or_event_handler(client: FlaskClient) -> None:
    lab = make_lab()
    release = make_release(lab)
    record_check(release)
    make_user("admin@example.org", admin=True)
    urls = ["/", "/?sort=name", "/releases", "/releases?tier=Z", "/about/standard", "/login",
            f"/labs/{lab.slug}", f"/labs/{lab.slug}/{release.slug}", "/labs/ghost"]
    signed_in = ["/labs/new", f"/labs/{lab.slug}/releases/new", f"/labs/{lab.slug}",
                 f"/labs/{lab.slug}/{release.slug}"]
    pages = [client.get(url) for url in urls]
    sign_in(client, "admin@example.org")
    pages += [client.get(url) for url in signed_in]
    pages.append(post_form(client, "/labs/new", {"slug": "Bad!"}))
    for page in pages:
        html = page.get_data(as_text=True)
        assert page.mimetype == "text/html"
        assert not INLINE_SCRIPT.search(html), page.request.path
        assert not INLINE_STYLE.search(html), page.request.path
        assert not EVENT_HANDLER.search(html), page.request.path


def test_static_scripts_and_styles_are_served_from_our_origin(client: FlaskClient) -> None:
    for path in ("/static/registry.css", "/static/js/progress.js",
                 "/static/js/artifact-rows.js", "/static/js/copy.js"):
        response = client.get(path)
        response.close()  # static files are streamed from an open file
        assert response.status_code == 200, path


def test_a_post_without_a_csrf_token_is_refused_and_saves_nothing(client: FlaskClient) -> None:
    make_user()
    sign_in(client, "member@example.org")
    response = client.post("/labs/new", data={"name": "Sneaky", "slug": "sneaky"})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Lab)) == 0


def test_a_token_from_another_session_is_refused(client: FlaskClient, app: object) -> None:
    make_user()
    other = app.test_client()  # type: ignore[attr-defined]
    foreign_token = csrf_token(other.get("/login"))
    sign_in(client, "member@example.org")
    response = client.post(
        "/labs/new", data={"csrf_token": foreign_token, "name": "X", "slug": "x-lab"}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Lab)) == 0


@pytest.mark.parametrize("path", ["/login", "/logout", "/labs/new", "/labs/any/releases/new",
                                  "/labs/any/rel/check", "/labs/any/members"])
def test_every_form_endpoint_checks_the_token(client: FlaskClient, path: str) -> None:
    assert client.post(path, data={}).status_code == 400


def test_sign_out_needs_a_post_with_a_token(client: FlaskClient) -> None:
    make_user()
    sign_in(client, "member@example.org")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    page = client.get("/")
    assert "member@example.org" in page.get_data(as_text=True)
    post_form(client, "/logout", {}, page_url="/")
    assert "member@example.org" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_sign_in_never_redirects_off_site(client: FlaskClient, target: str) -> None:
    make_user()
    response = post_form(
        client, "/login", {"email": "member@example.org", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_sign_in_returns_to_the_page_that_asked(client: FlaskClient) -> None:
    make_user()
    page = client.get("/login?next=/labs/new")
    assert 'value="/labs/new"' in page.get_data(as_text=True)
    response = client.post("/login", data={
        "csrf_token": csrf_token(page), "email": "member@example.org",
        "password": "correct horse battery staple", "next": "/labs/new"})
    assert response.headers["Location"] == "/labs/new"


@pytest.mark.parametrize("path", ["/badges/{lab}/{release}.svg", "/api/v1/labs/{lab}", "/feeds/changes.atom"])
def test_public_machine_readable_responses_do_not_vary_on_cookies(client: FlaskClient, path: str) -> None:
    release = make_release()
    response = client.get(path.format(lab=release.lab.slug, release=release.slug))
    assert response.status_code == 200
    assert "Cookie" not in response.headers.get("Vary", "")


def test_pages_still_vary_on_cookies(client: FlaskClient) -> None:
    assert "Cookie" in client.get("/").headers.get("Vary", "")
