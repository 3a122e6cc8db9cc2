"""With REGISTRY_BADGE_FRESH_SECONDS=0, every badge request makes exactly one indexed SELECT."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.integration.badges.rows import checked_release
from tests.integration.badges.sql import ROUTES, is_one_indexed_select, recorded_statements


@pytest.fixture
def app_overrides() -> dict[str, object]:
    return {"REGISTRY_BADGE_FRESH_SECONDS": 0}


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("conditional", [False, True], ids=["200", "304"])
def test_every_request_is_exactly_one_indexed_select_and_no_write(
    client: FlaskClient, route: str, conditional: bool
) -> None:
    release = checked_release()
    url = ROUTES[route](release)
    etag = client.get(url).headers["ETag"]
    with recorded_statements() as statements:
        response = client.get(url, headers={"If-None-Match": etag} if conditional else {})
    assert len(statements) == 1 and is_one_indexed_select(statements[0]), statements
    assert response.status_code in {200, 304, 404}
