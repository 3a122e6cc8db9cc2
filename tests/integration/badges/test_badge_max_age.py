"""REGISTRY_BADGE_MAX_AGE sets the badges' Cache-Control and the shields cacheSeconds."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.integration.badges.rows import checked_release, paths


@pytest.fixture
def app_overrides() -> dict[str, object]:
    return {"REGISTRY_BADGE_MAX_AGE": 3600}


def test_max_age_is_configurable(client: FlaskClient) -> None:
    release = checked_release()
    svg = client.get(f"{paths(release)['release']}.svg")
    assert svg.headers["Cache-Control"] == "public, max-age=3600"
    data = client.get(f"{paths(release)['release']}.json")
    assert data.json["cacheSeconds"] == 3600
    assert data.headers["Cache-Control"] == "public, max-age=3600"
