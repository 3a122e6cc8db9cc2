"""The account page: create a token (shown once), list, revoke; forms validated and CSRF-checked."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import ApiToken
from app.services.tokens import hash_token
from tests.factories import bearer, make_lab, make_release, make_token
from tests.integration.web.conftest import add_member, csrf_token, make_user, sign_in

PAGE = "/account/tokens"
SECRET_RE = re.compile(r'id="new-token-secret">(reg_[A-Za-z0-9_-]+)<')


def create(client: FlaskClient, **fields: str) -> tuple[int, str]:
    token = csrf_token(client.get(PAGE))
    response = client.post(PAGE, data={"csrf_token": token, "scope": "submit",
                                       "expires_days": "90", **fields})
    return response.status_code, response.get_data(as_text=True)


def test_the_page_needs_an_account(client: FlaskClient) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_create_shows_the_token_once_then_lists_it_and_it_works(client: FlaskClient) -> None:
    lab = make_lab(slug="alpha")
    user = make_user()
    add_member(user, lab.id)
    sign_in(client, user.email)
    status, page = create(client, name="alpha-ci", labs="alpha")
    assert status == 200
    secret = SECRET_RE.search(page).group(1)
    row = db.session.scalar(select(ApiToken))
    assert row.token_hash == hash_token(secret) and row.user_id == user.id
    assert [lab.slug for lab in row.labs] == ["alpha"] and row.expires_at is not None
    listing = client.get(PAGE).get_data(as_text=True)
    assert secret not in listing, "shown once"
    assert "alpha-ci" in listing and "active" in listing and "never" in listing  # not used yet
    renamed = client.patch("/api/v1/labs/alpha", json={"name": "A"}, headers=bearer(secret))
    assert renamed.status_code == 200
    listing = client.get(PAGE).get_data(as_text=True)
    assert "Last used" in listing and listing.count("UTC</time>") >= 3  # created, used, expires


def test_the_list_shows_only_your_own_tokens(client: FlaskClient) -> None:
    mine, theirs = make_user(), make_user("other@example.org")
    db.session.commit()
    make_token(mine, name="my-ci")
    make_token(theirs, name="their-ci")
    sign_in(client, mine.email)
    listing = client.get(PAGE).get_data(as_text=True)
    assert "my-ci" in listing and "their-ci" not in listing


def test_revoke_stops_the_token_and_another_accounts_token_is_not_yours_to_revoke(
    client: FlaskClient,
) -> None:
    mine, theirs = make_user(), make_user("other@example.org")
    secret = make_token(mine, name="my-ci")
    other = make_token(theirs, name="their-ci")
    sign_in(client, mine.email)
    ids = {row.name: row.id for row in db.session.scalars(select(ApiToken))}
    token = csrf_token(client.get(PAGE))
    response = client.post(f"{PAGE}/{ids['their-ci']}/revoke", data={"csrf_token": token})
    assert response.status_code == 302
    assert "No such token among yours." in client.get(PAGE).get_data(as_text=True)
    response = client.post(f"{PAGE}/{ids['my-ci']}/revoke", data={"csrf_token": token})
    assert response.status_code == 302
    assert "revoked" in client.get(PAGE).get_data(as_text=True)
    make_lab(slug="beta")
    assert client.post("/api/v1/labs", json={"slug": "x", "name": "X"},
                       headers=bearer(secret)).status_code == 401
    assert client.post("/api/v1/labs", json={"slug": "x", "name": "X"},
                       headers=bearer(other)).status_code == 201


def test_a_bad_form_is_shown_again_with_field_messages_and_saves_nothing(
    client: FlaskClient,
) -> None:
    make_lab(slug="gamma")  # not the user's
    sign_in(client, make_user().email)
    cases = [
        ("name", {"name": "", "labs": ""}),
        ("labs", {"name": "n", "labs": "gamma"}),
        ("labs", {"name": "n", "labs": "gamma Not_A_Slug"}),
        ("expires_days", {"name": "n", "expires_days": "0"}),
        ("expires_days", {"name": "n", "expires_days": "soon"}),
        ("scope", {"name": "n", "scope": "admin"}),
    ]
    for field, data in cases:
        status, page = create(client, **data)
        assert status == 422, field
        assert f'id="{field}-error"' in page, field
        assert "new-token-secret" not in page
    assert db.session.scalar(select(ApiToken)) is None


def test_admin_scope_is_offered_to_admins_only(client: FlaskClient) -> None:
    sign_in(client, make_user().email)
    assert 'value="admin"' not in client.get(PAGE).get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client.get(PAGE))})
    sign_in(client, make_user("ops@example.org", admin=True).email)
    assert 'value="admin"' in client.get(PAGE).get_data(as_text=True)
    status, _ = create(client, name="ops", scope="admin")
    assert status == 200
    assert db.session.scalar(select(ApiToken)).scope == "admin"


def test_posts_without_a_csrf_token_are_refused(client: FlaskClient) -> None:
    user = make_user()
    make_token(user, name="my-ci")
    sign_in(client, user.email)
    assert client.post(PAGE, data={"name": "n"}).status_code == 400
    row_id = db.session.scalar(select(ApiToken.id))
    assert client.post(f"{PAGE}/{row_id}/revoke").status_code == 400
    assert db.session.scalar(select(ApiToken.revoked_at)) is None


def test_a_web_write_is_recorded_with_its_account_and_no_token(
    client: FlaskClient, dispatched: list[int]
) -> None:
    lab = make_lab(slug="alpha")
    make_release(lab, slug="one")
    user = make_user()
    add_member(user, lab.id)
    sign_in(client, user.email)
    page = client.get("/labs/alpha/one")
    assert "No recorded changes" in page.get_data(as_text=True)
    client.post("/labs/alpha/one/check", data={"csrf_token": csrf_token(page)})
    (write,) = client.get("/api/v1/labs/alpha/releases/one/history").json["writes"]
    assert (write["action"], write["account"], write["via"], write["token"]) == (
        "release.check", user.email, "web", None)
    shown = client.get("/labs/alpha/one").get_data(as_text=True)
    assert "asked for a check" in shown and "the website" in shown


def test_the_lab_page_lists_writes_to_the_lab_and_its_releases(
    client: FlaskClient, dispatched: list[int]
) -> None:
    lab = make_lab(slug="alpha")
    make_release(lab, slug="one")
    user = make_user()
    add_member(user, lab.id)
    secret = make_token(user, name="alpha-ci")
    client.post("/api/v1/labs/alpha/releases/one/checks", headers=bearer(secret))
    page = client.get("/labs/alpha").get_data(as_text=True)
    assert "Changes and who made them" in page
    assert "asked for a check" in page and user.email in page and "alpha-ci" in page
