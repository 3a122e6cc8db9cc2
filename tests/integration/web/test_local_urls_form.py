"""The release form refuses URLs to local names and IP literals beside the field (see
tests/integration/api/test_local_urls.py for the table and the API)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Release
from tests.factories import make_lab
from tests.integration.api.test_local_urls import REFUSED_URLS
from tests.integration.web.conftest import post_form
from tests.integration.web.test_forms import release_form

MemberClient = Callable[..., FlaskClient]


@pytest.mark.parametrize(("url", "words"), REFUSED_URLS[::3])
def test_the_form_refuses_a_local_url_beside_its_field(
    member_client: MemberClient, url: str, words: str
) -> None:
    lab = make_lab()
    client = member_client(lab.id)
    form = release_form(**{"code_artifacts-0-locator": f"{url}/repo", "paper_url": url})
    response = post_form(client, f"/labs/{lab.slug}/releases/new", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="code_artifacts-0-locator-error"' in page and 'id="paper_url-error"' in page
    assert words in page
    assert db.session.scalar(select(func.count()).select_from(Release)) == 0
