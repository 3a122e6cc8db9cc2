"""With community submissions open, any account may submit to any lab, labelled as such."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Release
from tests.factories import make_lab
from tests.integration.web.conftest import make_user, post_form, sign_in
from tests.integration.web.test_forms import release_form


@pytest.fixture
def app_overrides() -> dict[str, object]:
    return {"REGISTRY_CHECK_EXECUTOR": "manual", "REGISTRY_COMMUNITY_SUBMISSIONS": True}


def test_a_non_member_submission_is_labelled_community_submitted(
    client: FlaskClient, dispatched: list[int]
) -> None:
    lab = make_lab()
    make_user("outsider@example.org")
    sign_in(client, "outsider@example.org")
    response = post_form(client, f"/labs/{lab.slug}/releases/new", release_form())
    assert response.status_code == 302
    release = db.session.scalar(select(Release))
    assert release is not None and release.community_submitted
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "community-submitted" in page
    assert "Re-check now" in page  # community members may also ask for a re-check
    assert "Members may submit" not in client.get(f"/labs/{lab.slug}").get_data(as_text=True)
