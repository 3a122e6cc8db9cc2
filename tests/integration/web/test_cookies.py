"""Outside debug and testing, the session cookie is Secure, HttpOnly and SameSite=Lax."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.integration.web.conftest import PASSWORD, csrf_token, make_user

HTTPS = "https://localhost"


@pytest.fixture
def app_overrides() -> dict[str, object]:
    return {"TESTING": False, "REGISTRY_CHECK_EXECUTOR": "manual"}


def test_the_session_cookie_is_secure_and_http_only(client: FlaskClient) -> None:
    make_user()
    page = client.get("/login", base_url=HTTPS)
    # Over https, Flask-WTF also wants a same-origin Referer, as a browser sends.
    response = client.post("/login", base_url=HTTPS, headers={"Referer": f"{HTTPS}/login"}, data={
        "csrf_token": csrf_token(page), "email": "member@example.org", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in cookie
