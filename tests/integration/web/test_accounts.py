"""Accounts: the user CLI, signing in and out, identities, and a lab's members."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from app.extensions import db
from app.models import LabMember, User
from app.services import accounts
from tests.factories import make_lab
from tests.integration.web.conftest import PASSWORD, add_member, make_user, post_form, sign_in


def test_user_create_reads_the_password_from_stdin(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["registry", "user", "create", "--email", "Ops@Example.org", "--admin",
              "--password-stdin"],
        input=f"{PASSWORD}\nignored second line\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created administrator ops@example.org." in result.output
    user = db.session.scalar(select(User))
    assert user is not None and user.is_admin and user.email == "ops@example.org"
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_user_create_prompts_twice_for_the_password(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["registry", "user", "create", "--email", "someone@example.org"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created account someone@example.org." in result.output
    assert accounts.find_user("someone@example.org") is not None


def test_user_create_refuses_bad_input_and_duplicates(runner: FlaskCliRunner) -> None:
    short = runner.invoke(
        args=["registry", "user", "create", "--email", "a@example.org", "--password-stdin"],
        input="short\n",
    )
    assert short.exit_code == 2 and "password: Use between 12" in short.output
    bad_email = runner.invoke(
        args=["registry", "user", "create", "--email", "not-an-email", "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert bad_email.exit_code == 2 and "email:" in bad_email.output
    make_user("taken@example.org")
    taken = runner.invoke(
        args=["registry", "user", "create", "--email", "TAKEN@example.org", "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert taken.exit_code == 2 and "already exists" in taken.output


def test_add_member_command(runner: FlaskCliRunner) -> None:
    lab = make_lab()
    make_user("new@example.org")
    result = runner.invoke(args=["registry", "user", "add-member", "--email", "new@example.org",
                                 "--lab", lab.slug])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(LabMember)) is not None
    again = runner.invoke(args=["registry", "user", "add-member", "--email", "new@example.org",
                                "--lab", lab.slug])
    assert again.exit_code == 2 and "already a member" in again.output
    ghost = runner.invoke(args=["registry", "user", "add-member", "--email", "new@example.org",
                                "--lab", "ghost"])
    assert ghost.exit_code == 2 and "No lab 'ghost'" in ghost.output


def test_identity_carries_admin_flag_and_lab_memberships(app: Flask) -> None:
    lab = make_lab()
    user = make_user()
    add_member(user, lab.id)
    identity = accounts.identity_for(user)
    assert identity.user_id == user.id and identity.lab_ids == frozenset({lab.id})
    assert identity.can_submit and not identity.is_admin and identity.label == user.email
    assert not accounts.identity_for(None).authenticated


def test_sign_in_and_out(client: FlaskClient) -> None:
    make_user()
    response = sign_in(client, "Member@Example.org")  # addresses are case-insensitive
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Signed in as member@example.org." in page and "Sign out" in page
    post_form(client, "/logout", {}, page_url="/")
    page = client.get("/").get_data(as_text=True)
    assert "Sign in" in page and "member@example.org" not in page


def test_a_wrong_password_or_unknown_email_gets_the_same_answer(client: FlaskClient) -> None:
    make_user()
    wrong = sign_in(client, "member@example.org", "not the password")
    unknown = sign_in(client, "nobody@example.org")
    for response in (wrong, unknown):
        assert response.status_code == 401
        page = response.get_data(as_text=True)
        assert "Wrong email or password." in page
    assert 'value="nobody@example.org"' in unknown.get_data(as_text=True)  # kept, to fix
    assert PASSWORD not in unknown.get_data(as_text=True)  # a password is never echoed


def test_members_see_and_grow_the_member_list(client: FlaskClient) -> None:
    lab = make_lab()
    owner = make_user("owner@example.org")
    add_member(owner, lab.id)
    make_user("colleague@example.org")
    sign_in(client, "owner@example.org")
    url = f"/labs/{lab.slug}"
    assert "owner@example.org" in client.get(url).get_data(as_text=True)
    response = post_form(client, f"{url}/members", {"email": "colleague@example.org"}, page_url=url)
    assert response.status_code == 302 and response.headers["Location"] == f"{url}#members"
    page = client.get(url).get_data(as_text=True)
    assert "colleague@example.org is now a member" in page
    unknown = post_form(client, f"{url}/members", {"email": "ghost@example.org"}, page_url=url)
    assert "create it first" in client.get(unknown.headers["Location"]).get_data(as_text=True)


def test_outsiders_neither_see_nor_change_the_members(client: FlaskClient) -> None:
    lab = make_lab()
    add_member(make_user("owner@example.org"), lab.id)
    make_user("outsider@example.org")
    url = f"/labs/{lab.slug}"
    assert "owner@example.org" not in client.get(url).get_data(as_text=True)
    sign_in(client, "outsider@example.org")
    assert "owner@example.org" not in client.get(url).get_data(as_text=True)
    response = post_form(client, f"{url}/members", {"email": "outsider@example.org"}, page_url=url)
    assert response.status_code == 403
    assert len(db.session.scalars(select(LabMember)).all()) == 1
