"""The leaderboard pages through labs instead of rendering every lab at once."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.web.pages import LABS_PER_PAGE
from tests.factories import make_lab


def test_leaderboard_is_paged_and_keeps_its_sort(client: FlaskClient) -> None:
    for index in range(LABS_PER_PAGE + 1):
        make_lab(name=f"Lab {index:03d}")

    first = client.get("/?sort=name").get_data(as_text=True)
    second = client.get("/?sort=name&page=2").get_data(as_text=True)

    assert "Lab 000" in first and f"Lab {LABS_PER_PAGE:03d}" not in first
    assert f"Lab {LABS_PER_PAGE:03d}" in second and "Lab 000" not in second
    assert "Page 1 of 2" in first
    assert 'href="/?sort=name&amp;page=2"' in first


def test_a_bad_page_number_shows_the_first_page(client: FlaskClient) -> None:
    make_lab(name="Only Lab")
    assert "Only Lab" in client.get("/?page=nope").get_data(as_text=True)
    assert "Only Lab" in client.get("/?page=-3").get_data(as_text=True)
