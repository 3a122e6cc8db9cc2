"""Sign-in attempts are rate-limited per client address."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.integration.web.conftest import csrf_token


@pytest.fixture
def app_overrides() -> dict[str, object]:
    return {"REGISTRY_CHECK_EXECUTOR": "manual", "REGISTRY_LOGIN_RATE_LIMIT": "3 per minute"}


def test_the_fourth_attempt_in_a_minute_is_refused(client: FlaskClient) -> None:
    token = csrf_token(client.get("/login"))
    attempt = {"csrf_token": token, "email": "nobody@example.org", "password": "wrong password!"}
    statuses = [client.post("/login", data=attempt).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    assert "Too many attempts" in client.post("/login", data=attempt).get_data(as_text=True)
    assert client.get("/login").status_code == 200  # reading the form is not limited
